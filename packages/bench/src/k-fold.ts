import { TokenwiseError } from "@tokenwise/core";
import { seededRandom } from "./logistic-predictor";

/** One fold: indices to train on and the disjoint indices to evaluate on. */
export interface Fold {
  train: number[];
  test: number[];
}

/**
 * Splits `n` items into `k` folds after a seeded shuffle. Every index is in exactly one `test` set, and a
 * fold's `train` is every index not in its `test`: no prompt is ever evaluated by a model trained on it.
 *
 * @example
 * kFoldSplits(10, 5, 1).map((f) => f.test.length) // [2, 2, 2, 2, 2]
 */
export function kFoldSplits(n: number, k: number, seed = 1): Fold[] {
  if (!Number.isInteger(k) || k < 2 || k > n) {
    throw new TokenwiseError({ message: `kFoldSplits: k must be an integer in 2..${n} (got ${k})` });
  }
  const order = Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const foldOf = new Int32Array(n);
  order.forEach((item, pos) => {
    foldOf[item] = pos % k;
  });
  return Array.from({ length: k }, (_, f) => {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === f ? test : train).push(i);
    return { train, test };
  });
}
