import {
  type QualityOperatingPoint,
  type QualityTarget,
  TokenwiseError,
  ValidationError,
} from "@tokenwise/core";
import { normalQuantile } from "@tokenwise/core/internal";

/**
 * Held-back calibration data of a predictor: per model, its predictions and the realised scores on
 * prompts it was not trained on (`[m][i]`, models in `models` order).
 */
export interface CalibrationSet {
  models: readonly string[];
  predicted: readonly Float64Array[];
  scores: readonly Float64Array[];
}

/**
 * The floors tried, in the fixed order of the test sequence: from 1 (almost nothing qualifies, so each
 * prompt goes to its highest-predicted model) down to 0 (the cheapest model always qualifies), step 0.005.
 * Fixed a priori; never chosen on data.
 */
export const FLOOR_SEQUENCE: readonly number[] = Array.from({ length: 201 }, (_, i) => 1 - i * 0.005);

/**
 * Per prompt, the index (into `set.models`) of the model a floor router picks: the first model of `order`
 * (model indices, cheapest first) predicted ≥ `floor`, else the highest-predicted model of `order` (the
 * cheaper of equals) — what the router does with `quality: { … }` (its floor is min(floor, the best prediction)).
 *
 * @example
 * floorChoices(set, [0, 1], 0.8) // Int32Array [0, 1, …]: model 0 where it is predicted ≥ 0.8
 */
export function floorChoices(
  predicted: readonly Float64Array[],
  order: readonly number[],
  floor: number,
  rows?: readonly number[],
): Int32Array {
  const n = rows?.length ?? predicted[0]?.length ?? 0;
  const out = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const i = rows ? rows[r]! : r;
    let chosen = -1;
    let top = order[0]!;
    for (const m of order) {
      const p = predicted[m]![i]!;
      if (p > predicted[top]![i]!) top = m;
      if (chosen < 0 && p >= floor) chosen = m;
    }
    out[r] = chosen < 0 ? top : chosen;
  }
  return out;
}

/**
 * Maurer–Pontil empirical Bernstein lower confidence bound (Maurer & Pontil 2009, Theorem 4) on the
 * mean of i.i.d. values in an interval of width `range`: with probability ≥ 1 − `delta`,
 * E[X] ≥ mean − √(2·V·ln(2/δ)/n) − 7·range·ln(2/δ)/(3(n − 1)), V the unbiased sample variance.
 * Valid for any distribution on the interval (finite sample, no normal approximation).
 *
 * @example
 * empiricalBernsteinLowerBound([1, 1, 0, 1], 1, 0.1) // well below 0.75 with 4 values
 */
export function empiricalBernsteinLowerBound(
  values: ArrayLike<number>,
  range: number,
  delta: number,
): number {
  const n = values.length;
  if (n < 2) return Number.NEGATIVE_INFINITY;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i]! - mean) ** 2;
  v /= n - 1;
  const log = Math.log(2 / delta);
  return mean - Math.sqrt((2 * v * log) / n) - (7 * range * log) / (3 * (n - 1));
}

/**
 * Waudby-Smith–Ramdas betting test (arXiv 2010.09686, "hedged capital", one-sided) of H0: E[X] ≤ `m` for
 * i.i.d. X in [0, 1]: the capital K_t = Π(1 + λ_t(X_t − m)), with the predictable bet
 * λ_t = min(√(2·ln(1/δ) / (n·σ̂²_{t−1})), 0.75/m), is a non-negative supermartingale under H0, so
 * rejecting when max_t K_t ≥ 1/δ errs with probability ≤ δ (Ville's inequality). Finite-sample and
 * distribution-free like Hoeffding's bound, but it adapts to the variance. Values are read in `order`.
 */
export function bettingRejects(
  values: ArrayLike<number>,
  m: number,
  delta: number,
  order?: readonly number[],
): boolean {
  const n = values.length;
  if (n === 0) return false;
  if (m <= 0) return true;
  let capital = 1;
  let sum = 0;
  let sumSq = 0;
  const log = Math.log(1 / delta);
  for (let t = 0; t < n; t++) {
    const mu = (0.5 + sum) / (t + 1);
    const sigma2 = (0.25 + sumSq) / (t + 1);
    const lambda = Math.min(Math.sqrt((2 * log) / (n * sigma2)), 0.75 / m);
    const x = values[order ? order[t]! : t]!;
    capital *= 1 + lambda * (x - m);
    if (capital >= 1 / delta) return true;
    sum += x;
    sumSq += (x - mu) ** 2;
  }
  return false;
}

/**
 * Lower confidence bound (level 1 − δ) of the mean of values in [`low`, `low` + `range`] from
 * {@link bettingRejects}: the largest m it rejects E[X] ≤ m for (bisection, 40 steps).
 */
export function bettingLowerBound(
  values: ArrayLike<number>,
  low: number,
  range: number,
  delta: number,
  order?: readonly number[],
): number {
  const scaled = Float64Array.from(values as ArrayLike<number>, (v) => (v - low) / range);
  let lo = 0;
  let hi = 1;
  if (!bettingRejects(scaled, 0, delta, order)) return low;
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (bettingRejects(scaled, mid, delta, order)) lo = mid;
    else hi = mid;
  }
  return low + lo * range;
}

/** The population test of each floor: the betting test (default) or the empirical Bernstein bound. */
export type FloorTest = "betting" | "bernstein";

/** What {@link calibrateFloor} found, besides the operating point. */
export interface FloorCalibration extends QualityOperatingPoint {
  /** Floors certified in the test sequence before the first failure (the last is the one chosen). */
  certified: number;
}

function checkTarget(target: QualityTarget, source: string): void {
  const issues = [];
  if (!(target.target > 0 && target.target <= 1))
    issues.push({ path: ["target"], message: "must be in (0, 1]", value: target.target });
  if (!(target.confidence > 0 && target.confidence < 1))
    issues.push({ path: ["confidence"], message: "must be in (0, 1)", value: target.confidence });
  if (
    target.horizon !== undefined &&
    !(typeof target.horizon === "number" && Number.isInteger(target.horizon) && target.horizon >= 1)
  )
    issues.push({ path: ["horizon"], message: "must be a whole number of calls ≥ 1", value: target.horizon });
  if (typeof target.of !== "string" || target.of.length === 0)
    issues.push({ path: ["of"], message: 'must be "best" or a model key', value: target.of });
  if (issues.length > 0) throw new ValidationError({ source, issues });
}

/**
 * Calibrates the floor on predicted quality for a declared target (`target` × the quality of `of`, with
 * probability `confidence`) on held-back data, by **Learn-then-Test with fixed-sequence testing**
 * (Angelopoulos et al. 2021, arXiv 2110.01052): for each floor of {@link FLOOR_SEQUENCE} in turn (most
 * conservative first), the null "on new traffic, E[quality − target × reference quality] ≤ 0" is
 * tested at level δ = 1 − confidence — by default with the Waudby-Smith–Ramdas betting test
 * ({@link bettingRejects}; `test: "bernstein"`: the Maurer–Pontil empirical Bernstein bound ≥ 0) on the
 * per-prompt values quality − target × reference quality (in [−target, 1]); the sequence stops at the
 * first floor not rejected, and the last rejected floor is chosen. Fixed-sequence testing keeps the
 * chance that the chosen floor misses the target ≤ δ with no multiplicity correction; both tests are
 * finite-sample and distribution-free for scores in [0, 1], assuming the calibration prompts and new
 * traffic are i.i.d. draws of one distribution. `rows` restricts calibration to those prompts.
 *
 * @example
 * const point = calibrateFloor(set, { target: 0.95, of: "best", confidence: 0.9 }, ["a/cheap", "b/strong"]);
 * point.minQuality // e.g. 0.62: route to the cheapest model predicted ≥ 0.62
 */
export function calibrateFloor(
  set: CalibrationSet,
  target: QualityTarget,
  costOrder: readonly string[],
  rows?: readonly number[],
  test: FloorTest = "betting",
): FloorCalibration {
  checkTarget(target, "quality target");
  const order = costOrder.map((k) => set.models.indexOf(k)).filter((m) => m >= 0);
  if (order.length === 0) {
    throw new TokenwiseError({
      message: `quality target: none of the router's models (${costOrder.join(", ")}) is in the calibration data (${set.models.join(", ")})`,
    });
  }
  const idx = rows ?? Array.from({ length: set.scores[0]?.length ?? 0 }, (_, i) => i);
  const n = idx.length;
  const mean = (m: number) => idx.reduce((a, i) => a + set.scores[m]![i]!, 0) / Math.max(1, n);
  let ref: number;
  if (target.of === "best") {
    ref = order[0]!;
    for (const m of order) if (mean(m) > mean(ref)) ref = m;
  } else {
    ref = set.models.indexOf(target.of);
    if (ref < 0 || !order.includes(ref)) {
      throw new ValidationError({
        source: "quality target",
        issues: [
          {
            path: ["of"],
            message: `not a model of both the calibration data and the router (${order.map((m) => set.models[m]).join(", ")})`,
            value: target.of,
          },
        ],
      });
    }
  }
  const delta = 1 - target.confidence;
  const tau = target.target;
  const refQuality = mean(ref);
  const diff = new Float64Array(n);
  const method = `Learn-then-Test, fixed-sequence over floors 1 → 0 (step 0.005); per floor, ${
    test === "betting" ? "a Waudby-Smith–Ramdas betting test" : "the Maurer–Pontil empirical Bernstein bound"
  } of E[quality − target × reference quality] > 0 at δ = 1 − confidence${
    target.horizon === undefined
      ? " (a population guarantee: the long-run mean over new traffic)"
      : `, and the two-sample normal prediction bound of the mean over the next ${target.horizon} calls (calibration mean − z(1 − δ)·s·√(1/n + 1/${target.horizon}) ≥ 0)`
  }`;
  // A fixed permutation (independent of the data) so a file sorted by topic reads as exchangeable.
  const shuffle = Array.from({ length: n }, (_, r) => r);
  let seed = 0x9e3779b9;
  for (let r = n - 1; r > 0; r--) {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    const j = seed % (r + 1);
    [shuffle[r], shuffle[j]] = [shuffle[j]!, shuffle[r]!];
  }
  const range = 1 + tau;
  const horizon = target.horizon;
  const z = normalQuantile(1 - delta);
  /**
   * With a horizon h: the two-sample normal prediction bound on the mean of the next h calls,
   * mean − z(1 − δ)·s·√(1/n + 1/h) (the calibration mean and the future mean differ by a mean-zero
   * amount of variance σ²(1/n + 1/h) under i.i.d. traffic); +∞ without a horizon (no such condition).
   */
  const horizonBound = (values: Float64Array): number => {
    if (horizon === undefined) return Number.POSITIVE_INFINITY;
    const k = values.length;
    if (k < 2) return Number.NEGATIVE_INFINITY;
    let mean = 0;
    for (const v of values) mean += v;
    mean /= k;
    let variance = 0;
    for (const v of values) variance += (v - mean) ** 2;
    variance /= k - 1;
    return mean - z * Math.sqrt(variance * (1 / k + 1 / horizon));
  };
  const rejects = (values: Float64Array): boolean =>
    horizonBound(values) >= 0 &&
    (test === "betting"
      ? bettingRejects(
          Float64Array.from(values, (v) => (v + tau) / range),
          tau / range,
          delta,
          shuffle,
        )
      : empiricalBernsteinLowerBound(values, range, delta) >= 0);
  const lowerBound = (values: Float64Array): number =>
    Math.min(
      horizonBound(values),
      test === "betting"
        ? bettingLowerBound(values, -tau, range, delta, shuffle)
        : empiricalBernsteinLowerBound(values, range, delta),
    );
  const point = (floor: number | null, choice: Int32Array | null, lowerBound: number, certified: number) => {
    const counts = new Float64Array(set.models.length);
    let quality = 0;
    for (let r = 0; r < n; r++) {
      const m = choice ? choice[r]! : ref;
      counts[m]!++;
      quality += set.scores[m]![idx[r]!]!;
    }
    const shares: Record<string, number> = {};
    for (const m of order) shares[set.models[m]!] = n === 0 ? 0 : counts[m]! / n;
    const out: FloorCalibration = {
      minQuality: floor,
      reference: set.models[ref]!,
      target: tau,
      confidence: target.confidence,
      method,
      calibration: {
        prompts: n,
        quality: quality / Math.max(1, n),
        referenceQuality: refQuality,
        lowerBound,
        shares,
      },
      certified,
    };
    return out;
  };
  let chosen: { floor: number; choice: Int32Array; diff: Float64Array } | undefined;
  let certified = 0;
  for (const floor of FLOOR_SEQUENCE) {
    const choice = floorChoices(set.predicted, order, floor, idx);
    for (let r = 0; r < n; r++) {
      const i = idx[r]!;
      diff[r] = set.scores[choice[r]!]![i]! - tau * set.scores[ref]![i]!;
    }
    if (!rejects(diff)) break;
    chosen = { floor, choice, diff: Float64Array.from(diff) };
    certified++;
  }
  if (!chosen) {
    for (let r = 0; r < n; r++) diff[r] = (1 - tau) * set.scores[ref]![idx[r]!]!;
    return point(null, null, lowerBound(diff), 0);
  }
  return point(chosen.floor, chosen.choice, lowerBound(chosen.diff), certified);
}
