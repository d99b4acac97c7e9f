// The whole test command: lint, typecheck, unit + end-to-end tests (vitest), build, and the
// package export checks. Each check step counts as one test; vitest's tests count one by one.
// Ends with the plain line `N passed, N failed` that CI reads.
import { spawnSync } from "node:child_process";
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

check("build (tsup)", "node", ["scripts/build-all.mjs"]);
check("exports (publint --strict, attw --pack)", "node", ["scripts/check-exports.mjs"]);

if (failures.length > 0) console.log(`\nFailed: ${failures.join(", ")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
