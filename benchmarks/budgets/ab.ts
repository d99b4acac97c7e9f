// CPU per reserve + settle cycle of the Redis budget store's settings, A/B in one process at a fixed
// rate (issue 11): group commit off, on flushed at the end of the microtask queue (the default), and
// on flushed on process.nextTick. The arms run in interleaved rounds (their order rotating each
// round), so a noisy machine slows them alike; each arm has its own connection and store, each
// round a fresh budget funding about 60% of its cycles, the load of the budgets benchmark's workers
// (load.ts: open loop, 1 ms ticks, at most 32 in flight).
//
// Per arm and round: the client's CPU (process.cpuUsage, user and system), redis-server's (INFO cpu)
// and the scripts' time inside it (INFO commandstats, EVALSHA + EVAL) per cycle, the store
// operations per script call (the mean batch size) and the latency from the scheduled start.
// The medians over the rounds are printed and written to benchmarks/results/budgets-ab.json.
//
//   pnpm bench:budgets-ab              # a private redis-server on a free loopback port
//   BENCH_AB_RATE=2500 BENCH_AB_SECONDS=2 BENCH_AB_ROUNDS=6 pnpm bench:budgets-ab
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { createRedisBudgetStore, type RedisBudgetStoreOptions } from "@tokenwise/redis";
import { Redis } from "ioredis";
import { startRedisServer } from "../../test/support/redis";
import { type CycleCounts, cycler, type OpenLoop, runOpen, usd } from "./load";
import { redisServerStats } from "./redis-stats";

const RATE = Number(process.env.BENCH_AB_RATE ?? 2_500); // one benchmark worker's share of 10,000 ops/s
const SECONDS = Number(process.env.BENCH_AB_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 6);
const AMOUNT = 3n * 10n ** 15n + 123_456_789n;
const pace: OpenLoop = { rate: RATE, tickMs: 1, maxInFlight: 32 };

const arms: { name: string; batch: RedisBudgetStoreOptions["batch"] }[] = [
  { name: "unbatched", batch: false },
  { name: "batched (microtask)", batch: true },
  { name: "batched (nextTick)", batch: { flush: "nextTick" } },
];

const own = process.env.TOKENWISE_REDIS_URL ? undefined : await startRedisServer();
const url = process.env.TOKENWISE_REDIS_URL ?? own!.url;
const admin = new Redis(url);
const prefix = `ab${process.pid}x${Date.now().toString(36)}`;
const stores = arms.map((arm) => {
  const redis = new Redis(url);
  return { ...arm, redis, store: createRedisBudgetStore({ redis, prefix, timeoutMs: 0, batch: arm.batch }) };
});

const FIGURES = [
  "client_cpu_us_per_op",
  "client_user_us_per_op",
  "client_sys_us_per_op",
  "redis_cpu_us_per_op",
  "redis_script_us_per_op",
  "script_calls_per_op",
  "mean_batch_size",
  "p50_ms",
  "p99_ms",
] as const;
type Sample = Record<(typeof FIGURES)[number], number>;
const samples = new Map<string, Sample[]>(arms.map((a) => [a.name, []]));
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** One arm's round: `ops` cycles at RATE on a fresh budget; CPU and script figures per cycle. */
async function measure(arm: (typeof stores)[number], label: string, ops: number): Promise<Sample> {
  const budget = `${label}-${arm.name}`;
  const limit = usd((AMOUNT * BigInt(ops) * 6n) / 10n);
  const counts: CycleCounts = { granted: 0, refused: 0, settledAtto: 0n, storeCalls: 0 };
  const cycle = cycler(arm.store, AMOUNT, counts);
  await arm.store.status(budget);
  const before = await redisServerStats(admin);
  const cpu0 = process.cpuUsage();
  const { latencies } = await runOpen(ops, pace, (i) => cycle(budget, limit, `${budget}-${i}`, i, true));
  const cpu = process.cpuUsage(cpu0);
  const after = await redisServerStats(admin);
  const status = (await arm.store.status(budget))!;
  if (status.spent.atto !== counts.settledAtto) throw new Error(`${budget}: spent ≠ settled`);
  const calls = after.scriptCalls - before.scriptCalls;
  latencies.sort();
  return {
    client_cpu_us_per_op: cpu.user / ops + cpu.system / ops,
    client_user_us_per_op: cpu.user / ops,
    client_sys_us_per_op: cpu.system / ops,
    redis_cpu_us_per_op: (after.cpuUs - before.cpuUs) / ops,
    redis_script_us_per_op: (after.scriptUs - before.scriptUs) / ops,
    script_calls_per_op: calls / ops,
    mean_batch_size: counts.storeCalls / calls,
    p50_ms: latencies[Math.floor(0.5 * ops)]!,
    p99_ms: latencies[Math.floor(0.99 * ops)]!,
  };
}

const ops = Math.round(RATE * SECONDS);
for (const arm of stores) await measure(arm, "warmup", Math.round(ops / 4)); // JIT, scripts, connections
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < stores.length; k++) {
    const arm = stores[(r + k) % stores.length]!;
    samples.get(arm.name)!.push(await measure(arm, `r${r}`, ops));
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const result = {
  generatedAt: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
  method: `one process, ${RATE} reserve + settle cycles/s offered (open loop, 1 ms ticks, at most 32 in flight), ${SECONDS} s per arm and round, ${ROUNDS} rounds with the arms interleaved; medians over the rounds; a fresh budget per round funding ~60% of its cycles`,
  arms: Object.fromEntries(
    arms.map(({ name }) => {
      const list = samples.get(name)!;
      const medians = Object.fromEntries(
        FIGURES.map((k) => [k, round3(median(list.map((s) => s[k])))]),
      ) as Sample;
      return [
        name,
        { ...medians, client_cpu_us_per_op_rounds: list.map((s) => round3(s.client_cpu_us_per_op)) },
      ];
    }),
  ),
};
writeFileSync(new URL("../results/budgets-ab.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.table(
  Object.entries(result.arms).map(([name, a]) => ({
    arm: name,
    "client µs/op": a.client_cpu_us_per_op,
    "(user, sys)": `${a.client_user_us_per_op}, ${a.client_sys_us_per_op}`,
    "redis µs/op": a.redis_cpu_us_per_op,
    "script µs/op": a.redis_script_us_per_op,
    "ops/script call": a.mean_batch_size,
    "p50 ms": a.p50_ms,
    "p99 ms": a.p99_ms,
  })),
);
for (const s of stores) s.redis.disconnect();
admin.disconnect();
await own?.stop();
