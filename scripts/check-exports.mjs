// Checks every publishable package's `exports` map the way a consumer sees it:
// `publint --strict` on the package folder and `attw --pack` on the packed tarball.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const packages = readdirSync(join(root, "packages"));
let failed = 0;
for (const name of packages) {
  const dir = join(root, "packages", name);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (manifest.private) continue;
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
