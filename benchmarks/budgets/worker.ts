// One process of the budgets benchmark: reserve + settle cycles on one shared Redis budget, each
// cycle timed (closed or open loop, see load.ts). Prints one JSON line.
import { createRedisBudgetStore } from "@tokenwise/redis";
import { Redis } from "ioredis";
import { type CycleCounts, cycler, runClosed, runOpen, usd } from "./load";

interface Settings {
  url: string;
  prefix: string;
  budget: string;
  limitAtto: string;
  amountAtto: string;
  ops: number;
  mode: "closed" | "open";
  /** closed loop: cycles in flight. */
  concurrency: number;
  /** open loop: cycles offered per second by this process, and the schedule's granularity. */
  rate: number;
  tickMs: number;
  /** open loop: most cycles in flight at once; due cycles beyond it wait (their wait counts). */
  maxInFlight: number;
  /** Cycles run on a separate budget before the measured ones (JIT, connection), at the same pace. */
  warmup: number;
  autoPipelining: boolean;
  /** The store's group commit (`batch` option). */
  batch: boolean;
  worker: number;
}

const s = JSON.parse(process.env.TOKENWISE_BENCH ?? "{}") as Settings;
const redis = new Redis(s.url, { enableAutoPipelining: s.autoPipelining });
// No per-operation timeout: an overloaded run (the open loop's backlog) shows as latency, not as
// timed-out operations whose outcome the accounting check could not know.
const store = createRedisBudgetStore({ redis, prefix: s.prefix, timeoutMs: 0, batch: s.batch });
await redis.ping();
await store.status(s.budget); // loads the scripts

const counts: CycleCounts = { granted: 0, refused: 0, settledAtto: 0n, storeCalls: 0 };
const cycle = cycler(store, BigInt(s.amountAtto), counts);
const runMode = (ops: number, run: (i: number) => Promise<void>) =>
  s.mode === "open" ? runOpen(ops, s, run) : runClosed(ops, s.concurrency, run);
const limit = usd(BigInt(s.limitAtto));
if (s.warmup > 0) {
  const warm = `${s.budget}-warmup-${s.worker}`;
  await runMode(s.warmup, (i) => cycle(warm, usd(10n ** 30n), `warm${s.worker}-${i}`, i, false));
}
const cpu0 = process.cpuUsage();
const measured = await runMode(s.ops, (i) => cycle(s.budget, limit, `w${s.worker}-${i}`, i, true));
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${JSON.stringify({
    worker: s.worker,
    elapsedMs: measured.elapsedMs,
    granted: counts.granted,
    refused: counts.refused,
    settledAtto: counts.settledAtto.toString(),
    storeCalls: counts.storeCalls,
    cpuUs: cpu.user + cpu.system,
    latencies: Array.from(measured.latencies),
    lags: "lags" in measured ? Array.from(measured.lags) : [],
  })}\n`,
);
redis.disconnect();
