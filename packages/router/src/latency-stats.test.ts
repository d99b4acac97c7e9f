import { describe, expect, it } from "vitest";
import {
  LATENCY_ALPHA,
  LATENCY_PRIOR_WEIGHT,
  latencyFreshness,
  latencyPrior,
  normalQuantile,
  observeLatency,
  predictLatency,
} from "./latency-stats";

describe("latency stats", () => {
  it("normal quantile", () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655, 6);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326347874, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874, 6);
  });
  it("starts from the catalog prior and learns from observations", () => {
    const prior = latencyPrior({ ttftMs: 400, outputTokensPerSec: 100, source: "catalog" });
    expect(prior?.count).toBe(0);
    let stat = prior!;
    for (let i = 0; i < 50; i++)
      stat = observeLatency(stat, { ttftMs: 100, outputTokens: 200, generationMs: 1000 });
    expect(stat.ttftMean).toBeCloseTo(100, 0);
    expect(stat.tokensPerSec).toBeCloseTo(200, 0);
    expect(stat.source).toBe("observed");
    const p = predictLatency(stat, 0, 200);
    expect(p.totalMs).toBeCloseTo(1100, -1);
  });
  it("has no prior without a profile", () => {
    expect(latencyPrior(undefined)).toBeUndefined();
  });
  it("counts the prior as n0 pseudo-observations, then hands over to the EWMA", () => {
    const prior = latencyPrior({ ttftMs: 300, outputTokensPerSec: 100, source: "catalog" })!;
    const obs = { ttftMs: 900, outputTokens: 0, generationMs: 0, atMs: 1_000 };
    let stat = observeLatency(prior, obs);
    // Running mean of n0 = 2 prior observations and one real one.
    expect(stat.ttftMean).toBeCloseTo((LATENCY_PRIOR_WEIGHT * 300 + 900) / (LATENCY_PRIOR_WEIGHT + 1), 9);
    expect(stat).toMatchObject({
      count: 1,
      priorWeight: LATENCY_PRIOR_WEIGHT,
      updatedAt: 1_000,
      source: "observed",
    });
    stat = observeLatency(stat, obs);
    expect(stat.ttftMean).toBeCloseTo((2 * 300 + 2 * 900) / 4, 9);
    // From 1/(n0 + k) ≤ α on, each observation has weight α.
    for (let i = 0; i < 10; i++) stat = observeLatency(stat, obs);
    const before = stat.ttftMean;
    stat = observeLatency(stat, { ...obs, ttftMs: 0 });
    expect(stat.ttftMean).toBeCloseTo(before * (1 - LATENCY_ALPHA), 9);
    // Observed from scratch (no prior): the first observation is taken as is.
    expect(observeLatency(undefined, obs).ttftMean).toBe(900);
  });
  it("flags young and stale stats", () => {
    const prior = latencyPrior({ ttftMs: 300, outputTokensPerSec: 100, source: "catalog" })!;
    expect(latencyFreshness(undefined, 0, 20, 1_000)).toBe("unknown");
    expect(latencyFreshness(prior, 0, 20, 1_000)).toBe("unknown");
    let stat = prior;
    for (let i = 0; i < 20; i++)
      stat = observeLatency(stat, { ttftMs: 300, outputTokens: 0, generationMs: 0, atMs: 5_000 });
    expect(latencyFreshness(stat, 5_500, 20, 1_000)).toBe("fresh");
    expect(latencyFreshness(stat, 6_001, 20, 1_000)).toBe("stale");
  });
});
