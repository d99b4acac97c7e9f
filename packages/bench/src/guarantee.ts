import { calibrateFloor, type FloorTest } from "@tokenwise/predictors";
import { floorChoices, seededRandom } from "@tokenwise/predictors/internal";
import type { OutcomeMatrix } from "./cost-matrix";

/** What a declared quality target achieved over many random calibration/test splits (`routing.json` `guarantee`). */
export interface GuaranteeResult {
  target: number;
  confidence: number;
  /** The reference model the target is relative to. */
  of: string;
  method: string;
  /** Where the predictions came from (out-of-fold, or a predictor trained on another set). */
  predictions: string;
  splits: number;
  /** Share of the groups calibrated on in each split. */
  calibrationShare: number;
  calibrationPrompts: number;
  testPrompts: number;
  /** Share of splits whose test half met the target (achieved ≥ target × the reference's quality on it). */
  coverage: number;
  /** Mean and lowest achieved ÷ reference quality on the test halves. */
  meanAchievedRatio: number;
  minAchievedRatio: number;
  /** Mean cost reduction vs the reference model alone on the test halves. */
  meanCostReduction: number;
  /** Share of splits where no floor was certified (everything to the reference). */
  noFloorShare: number;
  /**
   * The horizon the floor was certified for: the test part's size (the promise is about the mean over
   * that many future calls, which is what coverage checks), or absent for the population guarantee.
   */
  horizon?: number;
}

/**
 * Measures a declared target (`target` × the quality of model `of`, at `confidence`) the way a user
 * meets it: `splits` times, the prompts' groups are split at random (`calibrationShare` of them, default ½, to calibrate); `calibrateFloor` picks the
 * floor on one half (the calibration data), and the other half (new traffic) is routed with it. Coverage
 * is the share of splits whose test half reached the target. `predicted[m][i]` must come from predictors
 * that never saw prompt i. Models are ordered by mean decision cost (known before a call).
 */
export function measureGuarantee(
  matrix: OutcomeMatrix,
  predicted: readonly Float64Array[],
  groups: readonly number[],
  options: {
    target: number;
    confidence: number;
    of: string;
    splits: number;
    /** Share of the groups used for calibration (default ½); the rest is the test part. */
    calibrationShare?: number;
    seed: number;
    predictions: string;
    test?: FloorTest;
    /**
     * `"test"` (default): certify each split's floor for a horizon of its test part's size, the future
     * calls coverage is checked on; `"population"`: the long-run guarantee (no horizon).
     */
    horizon?: "test" | "population";
  },
): GuaranteeResult {
  const meanCost = matrix.decisionCost.map((c) => c.reduce((a, b) => a + b, 0) / Math.max(1, matrix.n));
  const order = matrix.models
    .map((_, m) => m)
    .sort((a, b) => meanCost[a]! - meanCost[b]!)
    .map((m) => matrix.models[m]!);
  const orderIdx = order.map((k) => matrix.models.indexOf(k));
  const ref = matrix.models.indexOf(options.of);
  const set = { models: matrix.models, predicted, scores: matrix.scores };
  const byGroup = new Map<number, number[]>();
  groups.forEach((g, i) => {
    const list = byGroup.get(g);
    if (list) list.push(i);
    else byGroup.set(g, [i]);
  });
  const ids = [...byGroup.keys()];
  const random = seededRandom(options.seed);
  let covered = 0;
  let noFloor = 0;
  let ratioSum = 0;
  let ratioMin = Number.POSITIVE_INFINITY;
  let reductionSum = 0;
  let calSize = 0;
  let testSize = 0;
  let method = "";
  const share = options.calibrationShare ?? 0.5;
  const horizon = options.horizon ?? "test";
  for (let s = 0; s < options.splits; s++) {
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    const cal: number[] = [];
    const test: number[] = [];
    ids.forEach((g, k) => {
      (k < ids.length * share ? cal : test).push(...byGroup.get(g)!);
    });
    const point = calibrateFloor(
      set,
      {
        target: options.target,
        of: options.of,
        confidence: options.confidence,
        ...(horizon === "test" ? { horizon: test.length } : {}),
      },
      order,
      cal,
      options.test,
    );
    method = point.method;
    const choice =
      point.minQuality === null
        ? new Int32Array(test.length).fill(ref)
        : floorChoices(predicted, orderIdx, point.minQuality, test);
    if (point.minQuality === null) noFloor++;
    let q = 0;
    let qRef = 0;
    let c = 0;
    let cRef = 0;
    test.forEach((i, r) => {
      q += matrix.scores[choice[r]!]![i]!;
      qRef += matrix.scores[ref]![i]!;
      c += matrix.cost[choice[r]!]![i]!;
      cRef += matrix.cost[ref]![i]!;
    });
    if (q >= options.target * qRef) covered++;
    const ratio = qRef > 0 ? q / qRef : 1;
    ratioSum += ratio;
    ratioMin = Math.min(ratioMin, ratio);
    reductionSum += cRef > 0 ? 1 - c / cRef : 0;
    calSize += cal.length;
    testSize += test.length;
  }
  const n = Math.max(1, options.splits);
  return {
    target: options.target,
    confidence: options.confidence,
    of: options.of,
    method,
    predictions: options.predictions,
    splits: options.splits,
    calibrationShare: share,
    calibrationPrompts: Math.round(calSize / n),
    testPrompts: Math.round(testSize / n),
    coverage: covered / n,
    meanAchievedRatio: ratioSum / n,
    minAchievedRatio: ratioMin,
    meanCostReduction: reductionSum / n,
    noFloorShare: noFloor / n,
    ...(horizon === "test" ? { horizon: Math.round(testSize / n) } : {}),
  };
}
