// Must-show of issue 15 on Redis: scheduler processes (forked, `node --import tsx`) share the deferred
// jobs of one Redis store through one BullMQ queue, on a simulated week against the testkit (a
// discrete clock moved by this process). One is SIGKILLed mid-week and restarted; two share the queue.
// The promise checked: no job lost, every deadline met, each batch line billed at most once, and
// the ledger (one Redis Stream) equal to the testkit's billing log to the atto — except a provider call
// whose process died between the answer and its ledger entry, which the job's events name as an
// unknown outcome (no chat API takes an idempotency key): such calls are counted and bounded.
import { describe, expect, it } from "vitest";
import { simulateQueueWeek } from "../../benchmarks/deferral/queue-week";
import { sharedRedisUrl } from "../support/redis";

const url = sharedRedisUrl();

describe.skipIf(!url)("the week on the Redis queue (BullMQ), scheduler processes", () => {
  it("SIGKILL a scheduler mid-week and restart it: no job lost, none billed twice, the week completes, every deadline met", async () => {
    const r = await simulateQueueWeek({
      jobs: 100,
      interactive: 10,
      redisUrl: url!,
      schedulers: 1,
      crashAt: 0.5,
      baseline: false,
      lineFailureRate: 0.2,
      timeoutMs: 150_000,
    });
    expect(r.crash).toBeDefined();
    expect(r.crash!.held).toBeGreaterThanOrEqual(3);
    expect(r.taken["s0-restarted"]).toBeGreaterThan(0);
    expect(r.lost_jobs).toBe(0);
    expect(r.failed_jobs).toBe(0);
    expect(r.missed_deadlines).toBe(0);
    expect(r.lines_billed_twice).toBe(0);
    expect(r.failed_batch_lines).toBeGreaterThan(0);
    // Every billed request is in the ledger, but for calls whose outcome the crash left unknown.
    expect(r.billed_not_in_ledger).toBeLessThanOrEqual(r.unknown_outcome_runs);
    if (r.unknown_outcome_runs === 0) {
      expect(r.ledger_equals_billing).toBe(true);
      expect(r.ledger_usd).toBe(r.billing_usd);
    }
    expect(Object.values(r.by_mechanism).reduce((n, m) => n + m.jobs, 0)).toBe(100);
  }, 180_000);

  it("two schedulers share one queue: each job runs exactly once, ledger = billing log to the atto", async () => {
    const r = await simulateQueueWeek({
      jobs: 100,
      interactive: 10,
      redisUrl: url!,
      schedulers: 2,
      baseline: false,
      lineFailureRate: 0.2,
      timeoutMs: 150_000,
    });
    expect(r.taken.s0).toBeGreaterThan(0);
    expect(r.taken.s1).toBeGreaterThan(0);
    // Each job handed over once (no crash: nothing to take back) and run once.
    expect(r.taken.s0! + r.taken.s1!).toBe(100);
    expect(r.lost_jobs).toBe(0);
    expect(r.missed_deadlines).toBe(0);
    expect(r.unknown_outcome_runs).toBe(0);
    expect(r.billed_not_in_ledger).toBe(0);
    expect(r.lines_billed_twice).toBe(0);
    expect(r.ledger_equals_billing).toBe(true);
    // One billed request per interactive run and per succeeded line: nothing ran twice.
    expect(r.stream_entries).toBe(
      r.interactive_runs + r.interactive_calls + (r.batch_lines - r.failed_batch_lines),
    );
  }, 180_000);
});
