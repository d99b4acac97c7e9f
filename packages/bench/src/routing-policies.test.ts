import { describe, expect, it } from "vitest";
import type { OutcomeMatrix } from "./cost-matrix";
import {
  cascadeRouting,
  cheapestQualifyingRouting,
  gainRouting,
  oracleRouting,
  summarize,
  thresholdRouting,
  utilityRouting,
} from "./routing-policies";

const USD = 10n ** 18n;
/** 4 prompts × 2 models: cheap costs $1 a prompt, strong $10; scores hand-picked. */
function matrix(): OutcomeMatrix {
  const cost = [
    [1, 1, 1, 1],
    [10, 10, 10, 10],
  ];
  return {
    models: ["cheap", "strong"],
    n: 4,
    scores: [Float64Array.from([1, 0, 0, 1]), Float64Array.from([1, 1, 0, 0])],
    cost: cost.map((c) => Float64Array.from(c)),
    decisionCost: cost.map((c) => Float64Array.from(c)),
    costAtto: cost.map((c) => c.map((x) => BigInt(x) * USD)),
    tokenSources: {},
  };
}

describe("oracle", () => {
  it("picks the cheapest model that gets each prompt right, the cheapest when none does", () => {
    const m = matrix();
    const r = oracleRouting(m);
    expect([...r.answer]).toEqual([0, 1, 0, 0]);
    const s = summarize(m, r);
    expect(s.costAtto).toBe(13n * USD);
    expect(s.quality).toBe(0.75);
    expect(s.shares).toEqual({ cheap: 0.75, strong: 0.25 });
  });
});

describe("learned policies", () => {
  const predicted = [Float64Array.from([0.9, 0.2, 0.5, 0.8]), Float64Array.from([0.95, 0.9, 0.5, 0.7])];
  it("threshold: the cheapest model predicted ≥ threshold, else the best predicted", () => {
    expect([...thresholdRouting(matrix(), predicted, 0.85).answer]).toEqual([0, 1, 0, 0]);
  });
  it("utility: argmax of predicted quality − λ·cost/scale", () => {
    // λ=0 → best predicted; λ large → cheapest; λ=0.5 with scale 10: strong only where gain > 0.45.
    expect([...utilityRouting(matrix(), predicted, 0, 10).answer]).toEqual([1, 1, 0, 0]);
    expect([...utilityRouting(matrix(), predicted, 100, 10).answer]).toEqual([0, 0, 0, 0]);
    expect([...utilityRouting(matrix(), predicted, 0.5, 10).answer]).toEqual([0, 1, 0, 0]);
  });
  it("utility decides on the cost known before the call, not the realised one", () => {
    const m = matrix();
    // Prompt 1's strong answer turned out long (realised $100) — the router could not know that.
    m.cost[1]![1] = 100;
    m.costAtto[1]![1] = 100n * USD;
    expect([...utilityRouting(m, predicted, 0.5, 10).answer]).toEqual([0, 1, 0, 0]);
    expect(summarize(m, utilityRouting(m, predicted, 0.5, 10)).costAtto).toBe(103n * USD);
  });
  it("gain: one cost per model, so the pricier model goes where its predicted gain is largest", () => {
    const m = matrix();
    m.decisionCost[1]![2] = 1; // prompt 2 is cheap on the strong model: utility would take it, gain does not
    const costs = Float64Array.from([1, 10]);
    expect([...gainRouting(m, predicted, 0.5, costs, 10).answer]).toEqual([0, 1, 0, 0]);
    expect([...utilityRouting(m, predicted, 0.5, 10).answer]).toEqual([0, 1, 0, 0]);
    expect([...gainRouting(m, predicted, 0, costs, 10).answer]).toEqual([1, 1, 0, 0]);
  });
  it("cascade pays for every model it calls", () => {
    const m = matrix();
    const r = cascadeRouting(
      m,
      () => [0, 1],
      (model, i) => predicted[model]![i]!,
      0.85,
    );
    expect([...r.answer]).toEqual([0, 1, 1, 1]);
    expect(summarize(m, r).costAtto).toBe((1n + 11n * 3n) * USD);
  });
  it("cheapest-qualifying uses model-level scores only", () => {
    const q = Float64Array.from([0.5, 0.5]);
    expect([...cheapestQualifyingRouting(matrix(), () => q, 0.4).answer]).toEqual([0, 0, 0, 0]);
    const q2 = Float64Array.from([0.5, 0.6]);
    expect([...cheapestQualifyingRouting(matrix(), () => q2, 0.55).answer]).toEqual([1, 1, 1, 1]);
  });
});
