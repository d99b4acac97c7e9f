import { describe, expect, it } from "vitest";
import { simulateWeek } from "../../benchmarks/deferral/simulate-week";

describe("a simulated week (small; `pnpm bench:deferral` runs 10,000 jobs)", () => {
  it("defers jobs mixed with interactive traffic: cheaper than at arrival, 0 missed deadlines, ledger = billing log to the atto", async () => {
    const r = await simulateWeek({ jobs: 120, interactive: 20, lineFailureRate: 0.2 });
    expect(r.missed_deadlines).toBe(0);
    expect(r.failed_jobs).toBe(0);
    expect(r.ledger_equals_billing).toBe(true);
    expect(r.baseline_ledger_equals_billing).toBe(true);
    expect(r.deferred_usd).toBeLessThan(r.run_now_usd);
    expect(r.by_mechanism.window?.saving_usd).toBeGreaterThan(0);
    expect(r.by_mechanism.batch?.saving_usd).toBeGreaterThan(0);
    expect(r.failed_batch_lines).toBeGreaterThan(0);
    expect(Object.values(r.by_mechanism).reduce((n, m) => n + m.jobs, 0)).toBe(120);
  }, 240_000);
});
