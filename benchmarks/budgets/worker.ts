// One process of the budgets benchmark: reserve + settle cycles on one shared Redis budget, each
// cycle timed. Prints one JSON line.
//
// closed loop: `concurrency` cycles in flight, each starting when one ends (saturation); a cycle's
//   latency runs from its reserve to its settle's answer.
// open loop: cycles offered at a fixed rate whatever the answers (like wrk2): every `tickMs` the
//   cycles scheduled in it start together; a cycle's latency runs from its *scheduled* start, so a
//   late timer, a busy event loop or a backlog counts against it (no coordinated omission).
import { performance } from "node:perf_hooks";
import type { Money } from "@tokenwise/core";
import { createRedisBudgetStore } from "@tokenwise/redis";
import { Redis } from "ioredis";

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
  worker: number;
}

const s = JSON.parse(process.env.TOKENWISE_BENCH ?? "{}") as Settings;
const redis = new Redis(s.url, { enableAutoPipelining: s.autoPipelining });
// No per-operation timeout: an overloaded run (the open loop's backlog) shows as latency, not as
// timed-out operations whose outcome the accounting check could not know.
const store = createRedisBudgetStore({ redis, prefix: s.prefix, timeoutMs: 0 });
const usd = (atto: bigint): Money => ({ currency: "USD", atto });
const amount = BigInt(s.amountAtto);
await redis.ping();
await store.status(s.budget); // loads the scripts

let granted = 0;
let refused = 0;
let settledAtto = 0n;
/** One reserve and, when granted, one settle with a realized cost at most what was reserved. */
const cycle = async (budget: string, limit: Money, leaseId: string, i: number, count: boolean) => {
  const out = await store.reserve({
    budget,
    leaseId,
    amount: usd(amount),
    limit,
    periodKey: "total",
    ttlMs: 60_000,
  });
  if (out.granted) {
    // The realized cost: at most what was reserved (output below the p90 bound).
    const actual = amount - BigInt(i % 997) * (amount / 2_000n);
    await store.settle(leaseId, usd(actual));
    if (count) {
      settledAtto += actual;
      granted++;
    }
  } else if (count) refused++;
};

/** Runs `ops` cycles; returns each one's latency (ms) and the measured window. */
const runClosed = async (ops: number, run: (i: number) => Promise<void>) => {
  const latencies = new Float64Array(ops);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: s.concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= ops) return;
        const t0 = performance.now();
        await run(i);
        latencies[i] = performance.now() - t0;
      }
    }),
  );
  return { latencies, elapsedMs: performance.now() - start };
};

const runOpen = (ops: number, run: (i: number) => Promise<void>) =>
  new Promise<{ latencies: Float64Array; lags: Float64Array; elapsedMs: number }>((resolve, reject) => {
    const latencies = new Float64Array(ops);
    // How late each cycle started after its scheduled start (timer granularity, a busy event loop,
    // all slots busy): part of its latency, reported apart so the generator's share is visible.
    const lags = new Float64Array(ops);
    const perTick = (s.rate * s.tickMs) / 1000;
    const start = performance.now();
    let sent = 0;
    let done = 0;
    let inFlight = 0;
    let timer: NodeJS.Timeout | undefined;
    const scheduled = (i: number) => start + Math.floor(i / perTick) * s.tickMs;
    // Starts every cycle that is due, up to maxInFlight at once (like wrk2's connections: a cycle
    // due while all are busy waits, and its wait counts, since latency runs from its scheduled start).
    const pump = () => {
      const now = performance.now();
      while (sent < ops && inFlight < s.maxInFlight && scheduled(sent) <= now) {
        const i = sent++;
        const at = scheduled(i);
        lags[i] = now - at;
        inFlight++;
        run(i).then(() => {
          latencies[i] = performance.now() - at;
          inFlight--;
          if (++done === ops) resolve({ latencies, lags, elapsedMs: performance.now() - start });
          else pump();
        }, reject);
      }
      if (sent < ops && inFlight < s.maxInFlight && timer === undefined) {
        timer = setTimeout(
          () => {
            timer = undefined;
            pump();
          },
          Math.max(0, scheduled(sent) - performance.now()),
        );
      }
    };
    pump();
  });

const runMode = s.mode === "open" ? runOpen : runClosed;
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
    granted,
    refused,
    settledAtto: settledAtto.toString(),
    cpuUs: cpu.user + cpu.system,
    latencies: Array.from(measured.latencies),
    lags: "lags" in measured ? Array.from(measured.lags) : [],
  })}\n`,
);
redis.disconnect();
