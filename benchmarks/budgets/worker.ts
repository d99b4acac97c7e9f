// One process of the budgets benchmark: `ops` reserve + settle cycles on one shared Redis budget,
// `concurrency` in flight, each cycle timed. Prints one JSON line.
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
  concurrency: number;
  worker: number;
}

const s = JSON.parse(process.env.TOKENWISE_BENCH ?? "{}") as Settings;
const redis = new Redis(s.url);
const store = createRedisBudgetStore({ redis, prefix: s.prefix });
const usd = (atto: bigint): Money => ({ currency: "USD", atto });
const limit = usd(BigInt(s.limitAtto));
const amount = BigInt(s.amountAtto);
await redis.ping();
// Warm up: load the scripts and the connection.
await store.status(s.budget);

const latencies = new Float64Array(s.ops);
let next = 0;
let granted = 0;
let refused = 0;
let settledAtto = 0n;
const start = performance.now();
await Promise.all(
  Array.from({ length: s.concurrency }, async () => {
    for (;;) {
      const i = next++;
      if (i >= s.ops) return;
      const t0 = performance.now();
      const leaseId = `w${s.worker}-${i}`;
      const out = await store.reserve({
        budget: s.budget,
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
        settledAtto += actual;
        granted++;
      } else refused++;
      latencies[i] = performance.now() - t0;
    }
  }),
);
const elapsedMs = performance.now() - start;
process.stdout.write(
  `${JSON.stringify({ worker: s.worker, elapsedMs, granted, refused, settledAtto: settledAtto.toString(), latencies: Array.from(latencies) })}\n`,
);
redis.disconnect();
