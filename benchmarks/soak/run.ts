/**
 * Soak: `pnpm bench:soak` (= `node --expose-gc --import tsx benchmarks/soak/run.ts`; `--calls N` to
 * change the count). Runs 100,000 router calls (agent sessions with prefix reuse, generate and stream,
 * injected faults) against the testkit in a worker thread on loopback, forces a GC at checkpoints and
 * records the heap then; prints a table and writes benchmarks/results/soak.json. The goal: the heap
 * after GC plateaus, growing less than 5% from 50,000 to 100,000 calls.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCatalog } from "@tokenwise/catalog";
import { startTsxWorker } from "../support/tsx-worker";
import { runSoak, SOAK_MODELS, type SoakCheckpoint } from "./workload";

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(here, "..", "results");
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const calls = Number(arg("calls") ?? 100_000);
const FAULT_RATE = 0.02;
const TIME_SCALE = 0.002;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error("run with node --expose-gc (pnpm bench:soak does)");
  process.exit(1);
}

const checkpoints = [
  1_000, 5_000, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000,
].filter((n) => n < calls);
const catalog = createCatalog();
const models = SOAK_MODELS.map((k) => catalog.find(k));

const kit = await startTsxWorker<{ baseURLs: Record<string, string> }>(
  new URL("./testkit-worker.ts", import.meta.url),
  { keys: SOAK_MODELS, faultRate: FAULT_RATE, timeScale: TIME_SCALE },
);
const { worker } = kit;
const { baseURLs } = kit.ready;
const resetWorker = () =>
  new Promise<void>((resolve) => {
    worker.once("message", () => resolve());
    worker.postMessage("reset");
  });

/** Heap used after full collections (several passes: weak maps and finalizers settle over two). */
async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc!();
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage().heapUsed / 2 ** 20;
}

interface Point extends SoakCheckpoint {
  heap_mb: number;
  rss_mb: number;
  elapsed_s: number;
}
const points: Point[] = [];
const started = performance.now();
const f = (x: number, d = 1) => x.toFixed(d);
console.log(
  `soak: ${calls} calls over ${models.length} models, fault rate ${FAULT_RATE}, timeScale ${TIME_SCALE}`,
);
console.log(
  "   calls   heap MB (after GC)   rss MB   ok      failed   streamed   prefixes   latency keys   abort listeners   s",
);
await runSoak({
  models,
  baseURLs,
  calls,
  checkpoints,
  async onCheckpoint(p) {
    await resetWorker();
    const heap = await heapAfterGc();
    const point: Point = {
      ...p,
      heap_mb: heap,
      rss_mb: process.memoryUsage().rss / 2 ** 20,
      elapsed_s: (performance.now() - started) / 1000,
    };
    points.push(point);
    console.log(
      `${String(p.calls).padStart(8)}   ${f(heap, 2).padStart(18)}   ${f(point.rss_mb).padStart(6)}   ${String(p.ok).padStart(6)}   ${String(p.failed).padStart(6)}   ${String(p.streamed).padStart(8)}   ${String(p.sizes.prefixes).padStart(8)}   ${String(p.sizes.latencyKeys).padStart(12)}   ${String(p.sizes.abortListeners).padStart(15)}   ${f(point.elapsed_s, 0)}`,
    );
  },
});
await kit.close();

const at = (n: number) => points.find((p) => p.calls === n)?.heap_mb;
const heap_mb: Record<string, number> = {};
for (const n of [10_000, 50_000, 100_000]) {
  const h = at(n);
  if (h !== undefined) heap_mb[String(n)] = Number(h.toFixed(2));
}
const h50 = at(50_000);
const h100 = at(100_000);
const growth = h50 !== undefined && h100 !== undefined ? ((h100 - h50) / h50) * 100 : undefined;
if (growth !== undefined) {
  console.log(
    `\ngoal: heap after GC grows < 5% from 50,000 to 100,000 calls: ${f(growth, 2)}% (${growth < 5 ? "met" : "missed"})`,
  );
}
const last = points.at(-1)!;
mkdirSync(RESULTS, { recursive: true });
writeFileSync(
  join(RESULTS, "soak.json"),
  `${JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      node: process.version,
      calls: last.calls,
      models: SOAK_MODELS,
      fault_rate: FAULT_RATE,
      time_scale: TIME_SCALE,
      ok: last.ok,
      failed: last.failed,
      streamed: last.streamed,
      elapsed_s: Number(last.elapsed_s.toFixed(1)),
      heap_mb,
      growth_50k_to_100k_pct: growth === undefined ? null : Number(growth.toFixed(2)),
      points: points.map((p) => ({
        calls: p.calls,
        heap_mb: Number(p.heap_mb.toFixed(2)),
        rss_mb: Number(p.rss_mb.toFixed(1)),
        elapsed_s: Number(p.elapsed_s.toFixed(1)),
        ok: p.ok,
        failed: p.failed,
        sizes: p.sizes,
      })),
    },
    null,
    2,
  )}\n`,
);
console.log("wrote benchmarks/results/soak.json");
