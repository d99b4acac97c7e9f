import { describe, expect, it } from "vitest";
import { latencyPrior, normalQuantile, observeLatency, predictLatency } from "./latency-stats";

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
});
