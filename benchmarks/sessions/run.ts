/**
 * Sessions benchmark: `pnpm bench:sessions` (`--trajectories N`, `--min-quality Q`, `--gap S`).
 * Replays the tau-bench airline trajectories through stateless routing and through one session per
 * trajectory (see `sessions.ts`), prints a table and writes benchmarks/results/sessions.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runSessionsBenchmark } from "./sessions";

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(here, "..", "results");
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const started = Date.now();
const r = await runSessionsBenchmark({
  trajectories: Number(arg("trajectories") ?? 50),
  minQuality: Number(arg("min-quality") ?? 0.6),
  turnGapSeconds: Number(arg("gap") ?? 5),
});
const seconds = (Date.now() - started) / 1000;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const models = (m: Record<string, number>) =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ×${n}`)
    .join(", ");
const rows: [string, string][] = [
  [
    "trajectories / calls",
    `${r.trajectories} / ${r.calls} (floor ${r.min_quality}, ${r.turn_gap_seconds} s per turn)`,
  ],
  ["models", `${r.models.length}${r.left_out.length ? ` (left out: ${r.left_out.join(", ")})` : ""}`],
  ["stateless_usd", `${r.stateless_usd.toFixed(6)} (hit rate ${pct(r.stateless_cache_hit_rate)})`],
  ["session_usd", `${r.session_usd.toFixed(6)} (hit rate ${pct(r.cache_hit_rate)})`],
  ["saving", `${pct(r.saving)} (${r.saving_usd.toFixed(6)} USD)`],
  ["cache_hit_rate (sessions)", pct(r.cache_hit_rate)],
  ["caching saved in sessions", `${r.session_cache_saved_usd.toFixed(6)} USD`],
  ["switches stateless / sessions", `${r.stateless.switches} / ${r.sessions.switches}`],
  ["stateless models", models(r.stateless.by_model)],
  ["session models", models(r.sessions.by_model)],
  [
    "ledgers = billing log",
    `stateless ${r.stateless.ledger_equals_billing}, sessions ${r.sessions.ledger_equals_billing}`,
  ],
  ["wall time", `${seconds.toFixed(1)} s`],
];
const width = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);

mkdirSync(RESULTS, { recursive: true });
writeFileSync(
  join(RESULTS, "sessions.json"),
  `${JSON.stringify({ ...r, measured_at: new Date().toISOString(), wall_seconds: seconds }, null, 2)}\n`,
);
console.log(`wrote ${join("benchmarks", "results", "sessions.json")}`);
