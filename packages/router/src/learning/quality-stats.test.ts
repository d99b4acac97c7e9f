import { gapOfWinRate, winRateOfGap } from "@tokenwise/core";
import { seededRandom } from "@tokenwise/core/internal";
import { describe, expect, it } from "vitest";
import { normalDraw, resolveExploration } from "./exploration";
import {
  MAX_PRIOR_STRENGTH,
  observeQuality,
  priorStrength,
  QUALITY_DISCOUNT,
  qualityPosterior,
  UNSPECIFIED_PRIOR_STRENGTH,
  WEAK_PRIOR_STRENGTH,
} from "./quality-stats";

describe("learned quality", () => {
  it("derives the prior's strength from its interval: narrow is strong, flagged is weak", () => {
    const gap = gapOfWinRate(0.8);
    const narrow = priorStrength(0.8, gap, 5, false);
    const wide = priorStrength(0.8, gap, 40, false);
    expect(narrow).toBeGreaterThan(wide);
    expect(narrow).toBeLessThanOrEqual(MAX_PRIOR_STRENGTH);
    // Moment match: the Beta's sd equals half the width of ±σ on the 0–1 scale.
    const sd = (winRateOfGap(gap + 40) - winRateOfGap(gap - 40)) / 2;
    expect(Math.sqrt((0.8 * 0.2) / (wide + 1))).toBeCloseTo(sd, 6);
    expect(priorStrength(0.8, gap, 5, true)).toBe(WEAK_PRIOR_STRENGTH);
    expect(priorStrength(0.8, gap, 0, false)).toBe(UNSPECIFIED_PRIOR_STRENGTH);
  });

  it("moves from the prior toward the scores, and forgets old scores at the discount", () => {
    expect(qualityPosterior(0.8, 50, undefined).mean).toBeCloseTo(0.8, 12);
    let stat = observeQuality(undefined, 0, 1);
    expect(stat).toEqual({ n: 1, sum: 0, priorWeight: QUALITY_DISCOUNT, count: 1, updatedAt: 1 });
    for (let i = 0; i < 300; i++) stat = observeQuality(stat, 0.3, 2 + i);
    const post = qualityPosterior(0.8, 50, stat);
    // After many scores the prior has faded: the posterior mean is close to the scores' mean.
    expect(post.mean).toBeCloseTo(0.3, 1);
    expect(stat.n).toBeLessThan(1 / (1 - QUALITY_DISCOUNT) + 1e-9);
    expect(stat.count).toBe(301);
  });

  it("lets an unrated model start uniform and rise with positive scores", () => {
    expect(qualityPosterior(0.5, WEAK_PRIOR_STRENGTH, undefined).mean).toBe(0.5);
    let stat = observeQuality(undefined, 1, 0);
    stat = observeQuality(stat, 1, 0);
    expect(qualityPosterior(0.5, WEAK_PRIOR_STRENGTH, stat).mean).toBeGreaterThan(0.7);
  });
});

describe("exploration settings", () => {
  it("is off at rate 0 or without settings, seeded when asked", () => {
    expect(resolveExploration(undefined, Math.random)).toBeUndefined();
    expect(resolveExploration({ rate: 0 }, Math.random)).toBeUndefined();
    const a = resolveExploration({ rate: 0.02, seed: 3 }, Math.random)!;
    const b = resolveExploration({ rate: 0.02, seed: 3 }, Math.random)!;
    expect([a.random(), a.random()]).toEqual([b.random(), b.random()]);
    expect(a).toMatchObject({ rate: 0.02, staleAfterMs: 86_400_000, minObservations: 20 });
  });

  it("draws standard normals", () => {
    const random = seededRandom(11);
    let sum = 0;
    let sq = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const x = normalDraw(random);
      sum += x;
      sq += x * x;
    }
    expect(sum / n).toBeCloseTo(0, 1);
    expect(sq / n).toBeCloseTo(1, 1);
  });
});
