import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@tokenwise/core": pkg("core"),
      "@tokenwise/catalog": pkg("catalog"),
      "@tokenwise/testkit": pkg("testkit"),
      "@tokenwise/router": pkg("router"),
      "@tokenwise/cli": pkg("cli"),
      "@tokenwise/bench": pkg("bench"),
      "@tokenwise/server": pkg("server"),
    },
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts", "examples/**/*.test.ts"],
    typecheck: { enabled: false },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
  },
});
