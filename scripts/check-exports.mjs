// Checks every publishable package's `exports` map the way a consumer sees it:
// `publint --strict` on the package folder and `attw --pack` on the packed tarball; and that each
// package exposes exactly the entry points it should (`./internal` where internals live) and keeps
// its dependency hygiene (optional peers, no runtime dependency on what only tests use).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const packages = readdirSync(join(root, "packages"));

/** The entry points each package exports (besides `./package.json`). */
const ENTRY_POINTS = {
  core: [".", "./internal"],
  catalog: [".", "./internal"],
  testkit: [".", "./internal"],
  bench: [".", "./internal"],
  predictors: [".", "./internal"],
  router: [".", "./internal"],
  cli: ["."],
};

/** Dependencies a package must not have at run time, and peers that must stay optional. */
const HYGIENE = {
  router: {
    notDependencies: [
      "@tokenwise/catalog",
      "@tokenwise/testkit",
      "@tokenwise/bench",
      "@tokenwise/predictors",
    ],
    // Loaded lazily by `priceFeeds` (the feed importers).
    optionalPeers: ["@tokenwise/catalog"],
  },
  predictors: {
    notDependencies: ["@tokenwise/router", "@tokenwise/bench", "vega", "vega-lite", "@resvg/resvg-js"],
  },
  cli: {
    notDependencies: ["@tokenwise/testkit", "@tokenwise/bench", "vega", "vega-lite", "@resvg/resvg-js"],
    optionalPeers: ["@tokenwise/bench", "vega", "vega-lite", "@resvg/resvg-js"],
  },
  redis: { notDependencies: ["ioredis", "@tokenwise/router", "@tokenwise/testkit"] },
  bench: {
    notDependencies: ["vega", "vega-lite", "@resvg/resvg-js"],
    optionalPeers: ["vega", "vega-lite", "@resvg/resvg-js"],
  },
};

/** Problems with `manifest` against ENTRY_POINTS and HYGIENE. */
function manifestProblems(name, manifest) {
  const problems = [];
  const expected = [...(ENTRY_POINTS[name] ?? ["."]), "./package.json"].sort();
  const actual = Object.keys(manifest.exports ?? {}).sort();
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    problems.push(`exports ${actual.join(", ")}; expected ${expected.join(", ")}`);
  }
  const rules = HYGIENE[name] ?? {};
  for (const dep of rules.notDependencies ?? []) {
    if (manifest.dependencies?.[dep]) problems.push(`${dep} must not be a dependency`);
  }
  for (const peer of rules.optionalPeers ?? []) {
    if (!manifest.peerDependencies?.[peer] || manifest.peerDependenciesMeta?.[peer]?.optional !== true) {
      problems.push(`${peer} must be an optional peer dependency`);
    }
  }
  return problems;
}

let failed = 0;
for (const name of packages) {
  const dir = join(root, "packages", name);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (manifest.private) continue;
  const problems = manifestProblems(name, manifest);
  if (problems.length > 0) {
    failed++;
    console.error(`FAIL manifest ${manifest.name}\n  ${problems.join("\n  ")}`);
  } else console.log(`ok   manifest ${manifest.name}`);
  for (const [cmd, args] of [
    ["publint", ["--strict", "--pack", "npm", dir]],
    ["attw", ["--pack", dir, "--profile", "node16", "--format", "table-flipped"]],
  ]) {
    try {
      execFileSync(join(root, "node_modules", ".bin", cmd), args, { stdio: "pipe", cwd: dir });
      console.log(`ok   ${cmd} ${manifest.name}`);
    } catch (error) {
      failed++;
      console.error(`FAIL ${cmd} ${manifest.name}\n${error.stdout ?? ""}${error.stderr ?? ""}`);
    }
  }
}
if (failed > 0) {
  console.error(`${failed} export check(s) failed`);
  process.exit(1);
}
