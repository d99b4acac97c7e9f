import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const pkg = (name: string, entry = "index") =>
  fileURLToPath(new URL(`./packages/${name}/src/${entry}.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // `./internal` subpaths first: an alias also matches the paths below it.
    alias: {
      "@tokenwise/core/internal": pkg("core", "internal"),
      "@tokenwise/catalog/internal": pkg("catalog", "internal"),
      "@tokenwise/testkit/internal": pkg("testkit", "internal"),
      "@tokenwise/bench/internal": pkg("bench", "internal"),
      "@tokenwise/predictors/internal": pkg("predictors", "internal"),
      "@tokenwise/router/internal": pkg("router", "internal"),
      "@tokenwise/core": pkg("core"),
      "@tokenwise/catalog": pkg("catalog"),
      "@tokenwise/testkit": pkg("testkit"),
      "@tokenwise/router": pkg("router"),
      "@tokenwise/cli": pkg("cli"),
      "@tokenwise/bench": pkg("bench"),
      "@tokenwise/predictors": pkg("predictors"),
      "@tokenwise/ai-sdk": pkg("ai-sdk"),
      "@tokenwise/otel": pkg("otel"),
      "@tokenwise/langchain": pkg("langchain"),
      "@tokenwise/server": pkg("server"),
      "@tokenwise/redis": pkg("redis"),
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
