import { describe, expect, it } from "vitest";
import { kFoldSplits } from "./k-fold";

describe("kFoldSplits", () => {
  it("never shares a prompt between a fold's train and test, and tests every prompt exactly once", () => {
    const n = 103;
    const folds = kFoldSplits(n, 5, 42);
    const tested = new Map<number, number>();
    for (const fold of folds) {
      const train = new Set(fold.train);
      for (const i of fold.test) {
        expect(train.has(i)).toBe(false);
        tested.set(i, (tested.get(i) ?? 0) + 1);
      }
      expect(fold.train.length + fold.test.length).toBe(n);
    }
    expect(tested.size).toBe(n);
    expect([...tested.values()].every((c) => c === 1)).toBe(true);
    const sizes = folds.map((f) => f.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
  it("is reproducible for a seed and differs across seeds", () => {
    expect(kFoldSplits(50, 5, 1)).toEqual(kFoldSplits(50, 5, 1));
    expect(kFoldSplits(50, 5, 1)[0]!.test).not.toEqual(kFoldSplits(50, 5, 2)[0]!.test);
  });
  it("rejects impossible k", () => {
    expect(() => kFoldSplits(3, 5)).toThrow(/k must be an integer/);
  });
});
