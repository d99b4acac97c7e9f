// The load of the budgets benchmark, shared by its worker processes (worker.ts) and the in-process
// A/B of store settings (ab.ts): reserve + settle cycles, run closed loop or open loop.
//
// closed loop: `concurrency` cycles in flight, each starting when one ends (saturation); a cycle's
//   latency runs from its reserve to its settle's answer.
// open loop: cycles offered at a fixed rate whatever the answers (like wrk2): every `tickMs` the
//   cycles scheduled in it start together; a cycle's latency runs from its *scheduled* start, so a
//   late timer, a busy event loop or a backlog counts against it (no coordinated omission).
import { performance } from "node:perf_hooks";
import type { BudgetStore, Money } from "@tokenwise/core";

export const usd = (atto: bigint): Money => ({ currency: "USD", atto });

/** Counts of one store's cycles: granted, refused, what was settled, and the store calls made. */
export interface CycleCounts {
  granted: number;
  refused: number;
  settledAtto: bigint;
  /** reserve and settle calls (to compare with the script calls Redis saw: the mean batch size). */
  storeCalls: number;
}

/**
 * One reserve and, when granted, one settle with a realized cost at most what was reserved (output
 * below the p90 bound). Counts into `counts` when `count`.
 */
export const cycler =
  (store: BudgetStore, amount: bigint, counts: CycleCounts) =>
  async (budget: string, limit: Money, leaseId: string, i: number, count: boolean) => {
    counts.storeCalls++;
    const out = await store.reserve({
      budget,
      leaseId,
      amount: usd(amount),
      limit,
      periodKey: "total",
      ttlMs: 60_000,
    });
    if (out.granted) {
      const actual = amount - BigInt(i % 997) * (amount / 2_000n);
      counts.storeCalls++;
      await store.settle(leaseId, usd(actual));
      if (count) {
        counts.settledAtto += actual;
        counts.granted++;
      }
    } else if (count) counts.refused++;
  };

/** Runs `ops` cycles, `concurrency` at once; returns each one's latency (ms) and the measured window. */
export const runClosed = async (ops: number, concurrency: number, run: (i: number) => Promise<void>) => {
  const latencies = new Float64Array(ops);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
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

/** Open-loop pacing: cycles per second, the schedule's granularity, the most in flight at once. */
export interface OpenLoop {
  rate: number;
  tickMs: number;
  /** Due cycles beyond it wait (their wait counts). */
  maxInFlight: number;
}

/** Runs `ops` cycles on a fixed schedule; latencies and start lags (ms) from each scheduled start. */
export const runOpen = (ops: number, pace: OpenLoop, run: (i: number) => Promise<void>) =>
  new Promise<{ latencies: Float64Array; lags: Float64Array; elapsedMs: number }>((resolve, reject) => {
    const latencies = new Float64Array(ops);
    // How late each cycle started after its scheduled start (timer granularity, a busy event loop,
    // all slots busy): part of its latency, reported apart so the generator's share is visible.
    const lags = new Float64Array(ops);
    const perTick = (pace.rate * pace.tickMs) / 1000;
    const start = performance.now();
    let sent = 0;
    let done = 0;
    let inFlight = 0;
    let timer: NodeJS.Timeout | undefined;
    const scheduled = (i: number) => start + Math.floor(i / perTick) * pace.tickMs;
    // Starts every cycle that is due, up to maxInFlight at once (like wrk2's connections: a cycle
    // due while all are busy waits, and its wait counts, since latency runs from its scheduled start).
    const pump = () => {
      const now = performance.now();
      while (sent < ops && inFlight < pace.maxInFlight && scheduled(sent) <= now) {
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
      if (sent < ops && inFlight < pace.maxInFlight && timer === undefined) {
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
