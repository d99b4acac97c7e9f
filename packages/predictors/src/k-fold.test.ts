import { describe, expect, it } from "vitest";
import { groupedKFoldSplits, kFoldSplits } from "./k-fold";

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

describe("groupedKFoldSplits", () => {
  it("never splits a group between train and test, and keeps folds balanced", () => {
    // 80 questions × 2 turns plus 40 singletons.
    const groups = [
      ...Array.from({ length: 160 }, (_, i) => `q${i >> 1}`),
      ...Array.from({ length: 40 }, (_, i) => `s${i}`),
    ];
    for (const seed of [1, 2, 3]) {
      const folds = groupedKFoldSplits(groups, 5, seed);
      const foldOfGroup = new Map<string, number>();
      folds.forEach((fold, f) => {
        const train = new Set(fold.train.map((i) => groups[i]));
        for (const i of fold.test) {
          expect(train.has(groups[i]!)).toBe(false);
          expect(foldOfGroup.get(groups[i]!) ?? f).toBe(f);
          foldOfGroup.set(groups[i]!, f);
        }
      });
      const sizes = folds.map((f) => f.test.length);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(200);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(2);
    }
  });
  it("equals kFoldSplits when every item is its own group", () => {
    expect(
      groupedKFoldSplits(
        Array.from({ length: 37 }, (_, i) => `r${i}`),
        4,
        7,
      ),
    ).toEqual(kFoldSplits(37, 4, 7));
  });
  it("rejects more folds than groups", () => {
    expect(() => groupedKFoldSplits(["a", "a", "b", "b"], 3)).toThrow(/number of groups/);
  });
});
