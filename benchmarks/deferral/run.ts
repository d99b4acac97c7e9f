// pnpm bench:deferral [--jobs 10000] [--interactive 2000]: the simulated week, written to
// benchmarks/results/deferral.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RISE_AT, simulateWeek, WEEK_START } from "./simulate-week";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

const jobs = arg("jobs", 10_000);
const interactive = arg("interactive", 2_000);
console.log(
  `deferral week: ${jobs} deferrable jobs (deadlines 1–48 h), ${interactive} interactive calls, week of ${WEEK_START.toISOString()}, hypothetical DeepSeek ×2 from ${RISE_AT}, 5% failing batch lines`,
);
const result = await simulateWeek({ jobs, interactive });
const rows = Object.entries(result.by_mechanism).map(([m, v]) => ({ mechanism: m, ...v }));
console.table(rows);
console.log(
  `run now $${result.run_now_usd} → deferred $${result.deferred_usd}: saving ${(result.saving * 100).toFixed(1)}% ($${result.saving_usd}); missed deadlines ${result.missed_deadlines}; rescued ${result.rescued}; batches ${JSON.stringify(result.batches)} (${result.batch_lines} lines, ${result.failed_batch_lines} failed); ahead of the rise ${result.ahead_of_rise.jobs} jobs avoided $${result.ahead_of_rise.avoided_usd}; ledger ${result.ledger_usd} = billing ${result.billing_usd}: ${result.ledger_equals_billing}; ${result.wall_seconds} s`,
);
const out = join(dirname(fileURLToPath(import.meta.url)), "..", "results", "deferral.json");
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ benchmark: "deferral", date: new Date().toISOString().slice(0, 10), week_start: WEEK_START.toISOString(), hypothetical_rise_at: RISE_AT, ...result }, null, 2)}\n`,
);
console.log(`wrote ${out}`);
