// Builds every package with tsup, dependencies first (core → catalog → testkit → router → ai-sdk, otel, langchain, server, redis → predictors → bench → cli).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const order = [
  "core",
  "catalog",
  "testkit",
  "router",
  "ai-sdk",
  "otel",
  "langchain",
  "server",
  "redis",
  "predictors",
  "bench",
  "cli",
];
for (const name of order) {
  const dir = `${root}packages/${name}`;
  if (!existsSync(`${dir}/package.json`)) continue;
  console.log(`building @tokenwise/${name}`);
  const result = spawnSync(`${root}node_modules/.bin/tsup`, [], { cwd: dir, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
