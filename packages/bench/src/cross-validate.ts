import type { Fold, SparseVector } from "@tokenwise/predictors/internal";

/** Something trained on a set of training indices that predicts per-model quality of a featurised prompt. */
export interface TrainedScorer {
  predictVector(vector: SparseVector): Float64Array;
}

/**
 * Out-of-fold predictions: for each fold, `train(fold.train)` fits a scorer on the training indices only,
 * which then predicts the fold's test prompts. Every prompt's prediction comes from a scorer that never saw it.
 * Returns `predicted[m][i]` and the fold each prompt was tested in.
 *
 * @example
 * const { predicted } = crossValidatedPredictions(vectors, kFoldSplits(vectors.length, 5), 2, (idx) =>
 *   trainLogisticPredictor(idx.map((i) => examples[i]!), { vectors: idx.map((i) => vectors[i]!) }));
 */
export function crossValidatedPredictions(
  vectors: readonly SparseVector[],
  folds: readonly Fold[],
  modelCount: number,
  train: (trainIndices: readonly number[], fold: number) => TrainedScorer,
): { predicted: Float64Array[]; foldOf: Int32Array } {
  const n = vectors.length;
  const predicted = Array.from({ length: modelCount }, () => new Float64Array(n));
  const foldOf = new Int32Array(n).fill(-1);
  folds.forEach((fold, f) => {
    const scorer = train(fold.train, f);
    for (const i of fold.test) {
      const p = scorer.predictVector(vectors[i]!);
      for (let m = 0; m < modelCount; m++) predicted[m]![i] = p[m]!;
      foldOf[i] = f;
    }
  });
  return { predicted, foldOf };
}
