// Budgets benchmark (issue 11): reserve + settle cycles on one Redis budget from 4 OS processes.
// Reports cycles per second over all processes, the p50/p99 latency of one cycle (reserve, then
// settle when granted), and the overspend (settled past the limit: must be 0). The budget funds
// about 60% of the cycles, so refusals are part of the load.
//
//   pnpm bench:budgets                 # a private redis-server on a free loopback port
//   TOKENWISE_REDIS_URL=redis://… pnpm bench:budgets
//   BENCH_OPS=20000 BENCH_CONCURRENCY=32 pnpm bench:budgets
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { createRedisBudgetStore } from "@tokenwise/redis";
import { Redis } from "ioredis";
import { startRedisServer } from "../../test/support/redis";

const PROCESSES = 4;
const OPS = Number(process.env.BENCH_OPS ?? 25_000); // per process
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 3); // per process: 12 in flight over 4 processes (more only queues on 2 cores: 8 gave 12,842 ops/s at p99 11.6 ms)
const AMOUNT = 3n * 10n ** 15n + 123_456_789n; // 0.003000000123456789 USD per reservation

const own = process.env.TOKENWISE_REDIS_URL ? undefined : await startRedisServer();
const url = process.env.TOKENWISE_REDIS_URL ?? own!.url;
const prefix = `bench${process.pid}x${Date.now().toString(36)}`;
const limitAtto = (AMOUNT * BigInt(PROCESSES * OPS) * 6n) / 10n;

interface WorkerOut {
  elapsedMs: number;
  granted: number;
  refused: number;
  settledAtto: string;
  latencies: number[];
}

const runWorker = (worker: number) =>
  new Promise<WorkerOut>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "benchmarks/budgets/worker.ts"], {
      env: {
        ...process.env,
        TOKENWISE_BENCH: JSON.stringify({
          url,
          prefix,
          budget: "bench",
          limitAtto: limitAtto.toString(),
          amountAtto: AMOUNT.toString(),
          ops: OPS,
          concurrency: CONCURRENCY,
          worker,
        }),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim()) as WorkerOut)
        : reject(new Error(`worker ${worker} exited ${code}`)),
    );
  });

const wall = performance.now();
const outs = await Promise.all(Array.from({ length: PROCESSES }, (_, w) => runWorker(w)));
const wallMs = performance.now() - wall;
const all = Float64Array.from(outs.flatMap((o) => o.latencies)).sort();
const pct = (p: number) => all[Math.min(all.length - 1, Math.floor(p * all.length))]!;
const cycles = PROCESSES * OPS;
// Throughput over the slowest worker's measured window (process start-up excluded).
const window = Math.max(...outs.map((o) => o.elapsedMs));
const redis = new Redis(url);
const status = (await createRedisBudgetStore({ redis, prefix }).status("bench"))!;
redis.disconnect();
const settled = outs.reduce((s, o) => s + BigInt(o.settledAtto), 0n);
const overspend = status.spent.atto > limitAtto ? status.spent.atto - limitAtto : 0n;
const result = {
  generatedAt: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
  redis: own ? "private redis-server (loopback, --save '')" : url.replace(/\/\/.*@/, "//"),
  processes: PROCESSES,
  concurrency_per_process: CONCURRENCY,
  cycles,
  ops_per_s: Math.round(cycles / (window / 1000)),
  p50_ms: Math.round(pct(0.5) * 1000) / 1000,
  p99_ms: Math.round(pct(0.99) * 1000) / 1000,
  overspend: overspend.toString(),
  granted: outs.reduce((s, o) => s + o.granted, 0),
  refused: outs.reduce((s, o) => s + o.refused, 0),
  limit_atto: limitAtto.toString(),
  spent_atto: status.spent.atto.toString(),
  settled_by_workers_atto: settled.toString(),
  reserved_left_atto: status.reserved.atto.toString(),
  wall_s: Math.round(wallMs) / 1000,
  goal: { ops_per_s: 10_000, p99_ms: 2, overspend: "0" },
  note: "one op = one reserve (Lua) plus, when granted, one settle (Lua); latency per op; ops/s over the workers' measured window",
};
if (status.spent.atto !== settled) throw new Error(`store spent ${status.spent.atto} != settled ${settled}`);
writeFileSync(new URL("../results/budgets.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.table([
  {
    "ops/s": result.ops_per_s,
    "p50 ms": result.p50_ms,
    "p99 ms": result.p99_ms,
    overspend: result.overspend,
    granted: result.granted,
    refused: result.refused,
  },
]);
await own?.stop();
