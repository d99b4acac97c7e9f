// The whole test command: lint, typecheck, unit + end-to-end tests (vitest), build, and the
// package export checks. Each check step counts as one test; vitest's tests count one by one.
// Ends with the plain line `N passed, N failed` that CI reads.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => `${root}node_modules/.bin/${name}`;
let passed = 0;
let failed = 0;
const failures = [];

function step(name, cmd, args) {
  console.log(`\n▶ ${name}: ${[cmd, ...args].join(" ")}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: process.env });
  return result.status === 0;
}

function check(name, cmd, args) {
  if (step(name, cmd, args)) passed++;
  else {
    failed++;
    failures.push(name);
  }
}

check("lint (biome)", bin("biome"), ["check", "."]);
check("typecheck (tsc)", bin("tsc"), ["-p", "tsconfig.json", "--noEmit"]);

// Redis: the Redis suites need a real redis-server. CI (.ci/run) starts one and passes its URL in
// TOKENWISE_REDIS_URL with TOKENWISE_REQUIRE_REDIS=1; otherwise this script starts one on a free
// loopback port when `redis-server` is on PATH, and says loudly that the Redis suites are skipped
// when it is not (a failure when TOKENWISE_REQUIRE_REDIS=1).
const skipped = [];
let redisChild;
if (!process.env.TOKENWISE_REDIS_URL) {
  if (spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    redisChild = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    let up = false;
    for (let i = 0; i < 100 && !up; i++) {
      up =
        spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout?.trim() === "PONG";
      if (!up) spawnSync("sleep", ["0.1"]);
    }
    if (up) process.env.TOKENWISE_REDIS_URL = `redis://127.0.0.1:${port}`;
    else {
      redisChild.kill("SIGKILL");
      redisChild = undefined;
      console.log(`\nredis-server did not start on 127.0.0.1:${port}`);
    }
  }
  if (!process.env.TOKENWISE_REDIS_URL) {
    const why = "Redis suites (no redis-server on PATH; install it, e.g. apt-get install -y redis-server)";
    if (process.env.TOKENWISE_REQUIRE_REDIS === "1") {
      failed++;
      failures.push(why);
    } else skipped.push(why);
  }
}
if (process.env.TOKENWISE_REDIS_URL) console.log(`\nRedis for the tests: ${process.env.TOKENWISE_REDIS_URL}`);

const report = `${root}test-results.json`;
rmSync(report, { force: true });
const vitestOk = step("tests (vitest)", bin("vitest"), ["run"]);
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed += json.numPassedTests ?? 0;
  failed += json.numFailedTests ?? 0;
  if ((json.numFailedTests ?? 0) > 0) failures.push(`${json.numFailedTests} vitest test(s)`);
  if (!vitestOk && (json.numFailedTests ?? 0) === 0) {
    failed++;
    failures.push("vitest (suite error)");
  }
  if ((json.numTotalTests ?? 0) === 0) {
    failed++;
    failures.push("vitest ran no test");
  }
} else {
  failed++;
  failures.push("vitest (no report)");
}

redisChild?.kill("SIGTERM");

check("build (tsup)", "node", ["scripts/build-all.mjs"]);
check("exports (publint --strict, attw --pack)", "node", ["scripts/check-exports.mjs"]);

if (skipped.length > 0) console.log(`\nSKIPPED: ${skipped.join(", ")}`);
if (failures.length > 0) console.log(`\nFailed: ${failures.join(", ")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
