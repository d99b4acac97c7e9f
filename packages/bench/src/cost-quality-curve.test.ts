import { describe, expect, it } from "vitest";
import { aiq, costAtQuality, nonDecreasingConvexHull, paretoFrontier } from "./cost-quality-curve";

describe("paretoFrontier", () => {
  it("keeps only points better than every cheaper one", () => {
    const f = paretoFrontier([
      { cost: 3, quality: 0.8 },
      { cost: 1, quality: 0.6 },
      { cost: 2, quality: 0.55 },
      { cost: 4, quality: 0.8 },
    ]);
    expect(f).toEqual([
      { cost: 1, quality: 0.6 },
      { cost: 3, quality: 0.8 },
    ]);
  });
});

describe("costAtQuality", () => {
  const curve = [
    { cost: 1, quality: 0.6, shares: { strong: 0 } },
    { cost: 3, quality: 0.8, shares: { strong: 0.5 } },
    { cost: 5, quality: 0.9, shares: { strong: 1 } },
  ];
  it("interpolates linearly between the bracketing frontier points (cost and call share)", () => {
    const at = costAtQuality(curve, 0.7)!;
    expect(at.cost).toBeCloseTo(2, 12);
    expect(at.shares.strong).toBeCloseTo(0.25, 12);
    expect(costAtQuality(curve, 0.85)!.cost).toBeCloseTo(4, 12);
  });
  it("returns the cheapest point when it already meets the target, undefined when none does", () => {
    expect(costAtQuality(curve, 0.5)!.cost).toBe(1);
    expect(costAtQuality(curve, 0.95)).toBeUndefined();
  });
  it("matches RouteLLM's 95% reading on a hand-computed two-model curve", () => {
    // weak 60% at $1, strong 80% at $11: 95% of 80% = 76%, i.e. 80% of the way → $9, 20% cost saved.
    const at = costAtQuality(
      [
        { cost: 1, quality: 0.6 },
        { cost: 11, quality: 0.8 },
      ],
      0.95 * 0.8,
    )!;
    expect(at.cost).toBeCloseTo(9, 10);
    expect(1 - at.cost / 11).toBeCloseTo(2 / 11, 10);
  });
});

describe("nonDecreasingConvexHull", () => {
  it("drops points under the upper envelope and the decreasing tail", () => {
    const hull = nonDecreasingConvexHull([
      { cost: 0, quality: 0 },
      { cost: 1, quality: 0.2 },
      { cost: 2, quality: 1 },
      { cost: 3, quality: 0.9 },
    ]);
    expect(hull).toEqual([
      { cost: 0, quality: 0 },
      { cost: 2, quality: 1 },
    ]);
  });
});

describe("aiq (RouterBench)", () => {
  it("integrates the hull over the range, normalised by its width", () => {
    // Hull (0,0.5)→(1,1): trapezoid area 0.75 over width 1.
    expect(
      aiq(
        [
          { cost: 0, quality: 0.5 },
          { cost: 1, quality: 1 },
        ],
        { min: 0, max: 1 },
      ),
    ).toBeCloseTo(0.75, 12);
  });
  it("holds the last quality flat to the right and counts 0 left of the first point", () => {
    // Single point (1, 0.6) on [0, 2]: 0 on [0,1), 0.6 on [1,2] → 0.6 / 2 = 0.3.
    expect(aiq([{ cost: 1, quality: 0.6 }], { min: 0, max: 2 })).toBeCloseTo(0.3, 12);
    // Two points (0,0.4), (2,0.8) on [0,4]: area 1.2 + 1.6 = 2.8 → 0.7.
    expect(
      aiq(
        [
          { cost: 0, quality: 0.4 },
          { cost: 2, quality: 0.8 },
        ],
        { min: 0, max: 4 },
      ),
    ).toBeCloseTo(0.7, 12);
  });
  it("uses the hull, not the raw points", () => {
    const raw = [
      { cost: 0, quality: 0.5 },
      { cost: 1, quality: 0.55 },
      { cost: 2, quality: 1 },
    ];
    // Hull (0,0.5)→(2,1): area = 1.5 over 2 → 0.75.
    expect(aiq(raw, { min: 0, max: 2 })).toBeCloseTo(0.75, 12);
  });
});
