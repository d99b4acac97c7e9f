/**
 * Learning benchmark: `pnpm bench:learning` (`--calls N`, `--seed S`, `--concurrency C`). Runs the
 * learning simulation (see `simulation.ts`) on the testkit on loopback in real time: 2% exploration,
 * true latencies 3× above and below the catalog priors, a model whose quality declines at 40% of the
 * run, an unrated model that is good at general tasks. Prints a table and writes
 * benchmarks/results/learning.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runLearning } from "./simulation";

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(here, "..", "results");
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const calls = Number(arg("calls") ?? 2_500);
const seed = Number(arg("seed") ?? 1);
const concurrency = Number(arg("concurrency") ?? 8);
const declineAt = Math.round(calls * 0.4);

const started = Date.now();
const r = await runLearning({ calls, declineAt, seed, concurrency });
const seconds = (Date.now() - started) / 1000;

const rows: [string, string][] = [
  ["calls (exploration rate)", `${r.calls} (${r.exploration_rate})`],
  ...Object.entries(r.latency_converge_calls).map(
    ([id, n]) => [`latency_converge_calls ${id}`, n === null ? "never" : String(n)] as [string, string],
  ),
  ...Object.entries(r.latency_estimates).map(
    ([id, e]) =>
      [
        `TTFT ${id}: estimate / truth / prior (obs)`,
        `${e.estimate_ms.toFixed(1)} / ${e.truth_ms} / ${e.prior_ms} ms (${e.observations})`,
      ] as [string, string],
  ),
  [
    "deadline_violations",
    `${(r.deadline_violations * 100).toFixed(2)}% (${r.deadline_misses}/${r.deadline_calls})`,
  ],
  ["no_candidate_calls", String(r.no_candidate_calls)],
  ["quality_switch_calls", r.quality_switch_calls === null ? "never" : String(r.quality_switch_calls)],
  ["unrated_enter_calls", r.unrated_enter_calls === null ? "never" : String(r.unrated_enter_calls)],
  ["exploratory_calls", String(r.exploratory_calls)],
  ["floor_misses", String(r.floor_misses)],
  [
    "regret_usd (spent − oracle)",
    `${r.regret_usd.toPrecision(4)} (${r.spent_usd.toPrecision(4)} − ${r.oracle_usd.toPrecision(4)})`,
  ],
  ...Object.entries(r.traffic).map(
    ([id, t]) => [`traffic ${id}: routed / explored`, `${t.routed} / ${t.explored}`] as [string, string],
  ),
  ["wall time", `${seconds.toFixed(1)} s`],
];
const width = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);

mkdirSync(RESULTS, { recursive: true });
writeFileSync(
  join(RESULTS, "learning.json"),
  `${JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      node: process.version,
      settings: { calls, seed, concurrency, declineAt, scale: 4, rate: r.exploration_rate },
      ...r,
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${join(RESULTS, "learning.json")}`);
