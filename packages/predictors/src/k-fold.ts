import { TokenwiseError } from "@tokenwise/core";
import { seededRandom } from "@tokenwise/core/internal";

/** One fold: indices to train on and the disjoint indices to evaluate on. */
export interface Fold {
  train: number[];
  test: number[];
}

/**
 * Splits `n` items into `k` folds after a seeded shuffle. Every index is in exactly one `test` set, and a
 * fold's `train` is every index not in its `test`: no prompt is ever evaluated by a model trained on it.
 * Each item is its own group; see {@link groupedKFoldSplits} when items come in groups.
 *
 * @example
 * kFoldSplits(10, 5, 1).map((f) => f.test.length) // [2, 2, 2, 2, 2]
 */
export function kFoldSplits(n: number, k: number, seed = 1): Fold[] {
  return groupedKFoldSplits(
    Array.from({ length: n }, (_, i) => i),
    k,
    seed,
  );
}

/**
 * Group-aware k-fold: items with the same `groups[i]` always land in the same fold, so no group is ever
 * split between a fold's train and test (e.g. the two turns of one MT-Bench question, or two copies of a
 * prompt). Groups are shuffled (seeded), then placed largest first, each into the fold with the fewest
 * items so far (ties to the lowest fold), which keeps folds within one group's size of each other.
 * With every item its own group this is exactly {@link kFoldSplits}.
 *
 * @example
 * groupedKFoldSplits(["q1", "q1", "q2", "q2", "q3", "q3"], 3, 1) // each fold tests one question's two rows
 */
export function groupedKFoldSplits(groups: readonly (string | number)[], k: number, seed = 1): Fold[] {
  const n = groups.length;
  const ids = new Map<string | number, number[]>();
  groups.forEach((g, i) => {
    const members = ids.get(g);
    if (members) members.push(i);
    else ids.set(g, [i]);
  });
  const distinct = ids.size;
  if (!Number.isInteger(k) || k < 2 || k > distinct) {
    throw new TokenwiseError({
      message: `kFoldSplits: k must be an integer in 2..${distinct} (the number of groups; got ${k})`,
    });
  }
  const order = [...ids.values()];
  const random = seededRandom(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  // Stable: equal-size groups keep their shuffled order.
  order.sort((a, b) => b.length - a.length);
  const size = new Array<number>(k).fill(0);
  const foldOf = new Int32Array(n);
  for (const members of order) {
    let f = 0;
    for (let c = 1; c < k; c++) if (size[c]! < size[f]!) f = c;
    for (const i of members) foldOf[i] = f;
    size[f] = size[f]! + members.length;
  }
  return Array.from({ length: k }, (_, f) => {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === f ? test : train).push(i);
    return { train, test };
  });
}
