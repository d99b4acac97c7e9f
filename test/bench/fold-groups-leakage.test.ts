import { foldGroupsOf, groupedKFoldSplits, groupStats } from "@tokenwise/predictors/internal";
import { describe, expect, it } from "vitest";
import { dcRouterDataset, mtBenchDataset, routeLlmDataset } from "../../benchmarks/routing/datasets";

/** Asserts that, for every fold, no group has a row in train and another in test. */
function expectNoGroupSplit(groups: readonly number[], k: number, seed: number): void {
  const folds = groupedKFoldSplits(groups, k, seed);
  for (const fold of folds) {
    const trainGroups = new Set(fold.train.map((i) => groups[i]!));
    const leaked = fold.test.filter((i) => trainGroups.has(groups[i]!));
    expect(leaked).toEqual([]);
  }
}

describe("cross-validation groups of the public data sets", () => {
  it("MT-Bench: both turns of a question share a fold (the turn-2 prompt contains turn 1)", () => {
    const rows = mtBenchDataset().rows;
    const groups = foldGroupsOf(rows);
    expect(groupStats(groups)).toEqual({ groups: 80, rowsInSharedGroups: 160, largestGroup: 2 });
    rows.forEach((r, i) => {
      if (r.id?.endsWith("-t2")) {
        const t1 = rows.findIndex((x) => x.id === r.id!.replace(/-t2$/, "-t1"));
        expect(r.prompt.startsWith(rows[t1]!.prompt)).toBe(true);
        expect(groups[i]).toBe(groups[t1]);
      }
    });
    for (const seed of [1, 2, 3]) expectNoGroupSplit(groups, 5, seed);
  });

  it("MMLU, GSM8K, dcrouter: duplicate prompt texts share a fold", () => {
    for (const d of [routeLlmDataset("mmlu"), routeLlmDataset("gsm8k"), dcRouterDataset()]) {
      const groups = foldGroupsOf(d.rows);
      const byText = new Map<string, number>();
      d.rows.forEach((r, i) => {
        const key = r.prompt.toLowerCase().replace(/\s+/g, " ").trim();
        const first = byText.get(key);
        if (first === undefined) byText.set(key, i);
        else expect(groups[i]).toBe(groups[first]);
      });
      for (const seed of [1, 2, 3]) expectNoGroupSplit(groups, 5, seed);
    }
  });
});
