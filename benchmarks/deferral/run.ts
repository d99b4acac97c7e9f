// pnpm bench:deferral [--jobs 10000] [--interactive 2000]: the simulated week, written to
// benchmarks/results/deferral.json.
// pnpm bench:deferral --redis [URL] [--schedulers 2] [--crash 0.5]: the same week with the jobs on
// Redis (createRedisJobStore + a BullMQ queue) run by scheduler processes, optionally one SIGKILLed
// at that share of the week and restarted; written to benchmarks/results/deferral-redis.json.
// URL defaults to TOKENWISE_REDIS_URL.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { simulateQueueWeek } from "./queue-week";
import { RISE_AT, simulateWeek, WEEK_START, type WeekResult } from "./simulate-week";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const redisAt = process.argv.indexOf("--redis");
const redisUrl =
  redisAt < 0
    ? undefined
    : process.argv[redisAt + 1]?.startsWith("redis")
      ? process.argv[redisAt + 1]
      : process.env.TOKENWISE_REDIS_URL;
if (redisAt >= 0 && !redisUrl) {
  console.error("--redis needs a URL (--redis redis://127.0.0.1:6379) or TOKENWISE_REDIS_URL");
  process.exit(2);
}

const jobs = arg("jobs", 10_000);
const interactive = arg("interactive", 2_000);
const schedulers = arg("schedulers", 2);
const crashAt = process.argv.includes("--crash") ? arg("crash", 0.5) : undefined;
console.log(
  `deferral week: ${jobs} deferrable jobs (deadlines 1–48 h), ${interactive} interactive calls, week of ${WEEK_START.toISOString()}, hypothetical DeepSeek ×2 from ${RISE_AT}, 5% failing batch lines${redisUrl ? `; on Redis: ${schedulers} scheduler processes sharing one BullMQ queue${crashAt === undefined ? "" : `, scheduler 0 SIGKILLed at ${crashAt} of the week and restarted`}` : ""}`,
);
const result: WeekResult = redisUrl
  ? await simulateQueueWeek({
      jobs,
      interactive,
      redisUrl,
      schedulers,
      ...(crashAt === undefined ? {} : { crashAt }),
      timeoutMs: 4 * 3600_000,
      log: console.log,
    })
  : await simulateWeek({ jobs, interactive });
const rows = Object.entries(result.by_mechanism).map(([m, v]) => ({ mechanism: m, ...v }));
console.table(rows);
console.log(
  `run now $${result.run_now_usd} → deferred $${result.deferred_usd}: saving ${(result.saving * 100).toFixed(1)}% ($${result.saving_usd}); missed deadlines ${result.missed_deadlines}; rescued ${result.rescued}; batches ${JSON.stringify(result.batches)} (${result.batch_lines} lines, ${result.failed_batch_lines} failed); ahead of the rise ${result.ahead_of_rise.jobs} jobs avoided $${result.ahead_of_rise.avoided_usd}; ledger ${result.ledger_usd} = billing ${result.billing_usd}: ${result.ledger_equals_billing}; ${result.wall_seconds} s`,
);
if ("taken" in result) {
  const q = result as Awaited<ReturnType<typeof simulateQueueWeek>>;
  console.log(
    `queue: taken ${JSON.stringify(q.taken)}; lost ${q.lost_jobs}; lines billed twice ${q.lines_billed_twice}; unknown-outcome runs ${q.unknown_outcome_runs}; billed not in ledger ${q.billed_not_in_ledger}${q.crash ? `; crash at ${q.crash.killed_at} holding ${q.crash.held} jobs, all handed over again in ${q.crash.recovery_ms} ms` : ""}`,
  );
}
const name = redisUrl ? "deferral-redis.json" : "deferral.json";
const out = join(dirname(fileURLToPath(import.meta.url)), "..", "results", name);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ benchmark: redisUrl ? "deferral-redis" : "deferral", date: new Date().toISOString().slice(0, 10), week_start: WEEK_START.toISOString(), hypothetical_rise_at: RISE_AT, ...result }, null, 2)}\n`,
);
console.log(`wrote ${out}`);
process.exit(0);
