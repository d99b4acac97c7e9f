import { describe, expect, it } from "vitest";
import { runLearning } from "../../benchmarks/learning/simulation";

// The learning simulation (see benchmarks/learning): exploration, true latencies 3× above and
// below the priors, a model whose quality declines mid-run and an unrated one, on loopback in real
// time. A smaller run than `pnpm bench:learning`; asserts behaviour, never wall time.
describe("learning simulation (small run)", () => {
  it("learns latency within 10%, keeps deadline misses under 1%, moves traffic off a declined model and lets an unrated one in", async () => {
    // Staleness by wall-clock time is left out of this small run (a loaded machine would make every model
    // "stale" sooner and spread the few exploratory calls thin); models with too few observations are
    // still explored, which is what the assertions below are about.
    const r = await runLearning({
      calls: 1300,
      declineAt: 500,
      concurrency: 8,
      seed: 7,
      // 5% here (the benchmark runs the 2% of the issue over 2,500 calls): a small run's few exploratory
      // calls must still reach the unrated model whatever the machine's load does to the call order.
      rate: 0.05,
      staleAfterMs: 3_600_000,
    });
    for (const id of ["sim-slow", "sim-fast"]) {
      const e = r.latency_estimates[id]!;
      expect(Math.abs(e.estimate_ms - e.truth_ms) / e.truth_ms, id).toBeLessThanOrEqual(0.1);
      expect(r.latency_converge_calls[id], id).not.toBeNull();
    }
    expect(r.deadline_violations).toBeLessThan(0.01);
    // Traffic left the declined model well before the end of the run.
    expect(r.quality_switch_calls).not.toBeNull();
    expect(r.quality_switch_calls!).toBeLessThan((r.calls - 500) / 2);
    expect(r.no_candidate_calls).toBe(0);
    // The unrated model got regular (non-exploratory) traffic after positive feedback.
    expect(r.unrated_enter_calls).not.toBeNull();
    expect(r.traffic["sim-unrated"]!.routed).toBeGreaterThan(100);
    // Exploration stayed a small share, and every exploratory call was marked in its report.
    expect(r.exploratory_calls).toBeGreaterThan(0);
    expect(r.exploratory_calls / r.calls).toBeLessThan(0.1);
    expect(Number.isFinite(r.regret_usd)).toBe(true);
  }, 180_000);
});
