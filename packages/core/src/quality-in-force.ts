import type { ModelEntry, QualityScore, QualityVersion, TaskKind } from "./model";
import { isQualityPrior } from "./model";

/** A quality score as it applies to one task kind at one instant. */
export interface QualityInForce extends QualityScore {
  /** The task kind asked for. */
  taskKind: TaskKind;
  /** The task kind the score was read from: the one asked for, or `general` when the source has none for it. */
  fromKind: TaskKind;
  /** `effectiveFrom` of the quality version in force, or undefined for an undated `quality`. */
  versionFrom: string | undefined;
  /** True for a flagged prior (`source: "prior"`). */
  prior: boolean;
}

/**
 * The quality version in force at `at`: the newest whose `effectiveFrom` ≤ `at`; undefined when the
 * model has dated versions and none is in force yet, or has none at all.
 */
export function qualityVersionInForce(
  model: Pick<ModelEntry, "qualityVersions">,
  at: Date,
): QualityVersion | undefined {
  const t = at.getTime();
  let best: QualityVersion | undefined;
  let bestT = Number.NEGATIVE_INFINITY;
  for (const version of model.qualityVersions ?? []) {
    const from = Date.parse(version.effectiveFrom);
    if (from <= t && from > bestT) {
      best = version;
      bestT = from;
    }
  }
  return best;
}

/**
 * A model's quality for `taskKind` at `at`, like `priceInForce` for prices. With dated
 * `qualityVersions`, the newest version with `effectiveFrom` ≤ `at` answers (so an alias is scored as
 * the model it served then) and instants before the first version have no quality; without them, the
 * undated `quality` answers. A kind the source does not rate falls back to its `general` score
 * (`fromKind` says so). Undefined when nothing applies: never a made-up number.
 *
 * @example
 * qualityInForce(deepseekChat, new Date("2025-10-01T00:00:00Z"), "general")?.servedModel // "deepseek-v3.2-exp"
 */
export function qualityInForce(
  model: Pick<ModelEntry, "quality" | "qualityVersions">,
  at: Date,
  taskKind: TaskKind,
): QualityInForce | undefined {
  let scores: Partial<Record<TaskKind, QualityScore>>;
  let versionFrom: string | undefined;
  if (model.qualityVersions !== undefined && model.qualityVersions.length > 0) {
    const version = qualityVersionInForce(model, at);
    if (version === undefined) return undefined;
    scores = version.scores;
    versionFrom = version.effectiveFrom;
  } else scores = model.quality;
  const own = scores[taskKind];
  const score = own ?? scores.general;
  if (score === undefined) return undefined;
  return {
    ...score,
    taskKind,
    fromKind: own !== undefined ? taskKind : "general",
    versionFrom,
    prior: isQualityPrior(score),
  };
}

/** z of the two-sided 95% interval the sources publish (`low`/`high` are its ends). */
export const Z95 = 1.959963984540054;

/**
 * The Bradley–Terry rating gap (Elo points over the reference model) of a win rate against that
 * reference: `400 · log10(p / (1 − p))`. Inverse of {@link winRateOfGap}.
 */
export function gapOfWinRate(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  return 400 * Math.log10(p / (1 - p));
}

/** The expected win rate of a rating gap `d` (Elo points): `1 / (1 + 10^(−d/400))`. */
export function winRateOfGap(d: number): number {
  return 1 / (1 + 10 ** (-d / 400));
}

/**
 * The standard error of a score on the rating scale, from its 95% interval: the interval's width in
 * rating points / (2 · 1.96). Zero when the score has no interval.
 */
export function ratingSigma(score: Pick<QualityScore, "score" | "low" | "high">): number {
  if (score.low === undefined || score.high === undefined) return 0;
  return (gapOfWinRate(score.high) - gapOfWinRate(score.low)) / (2 * Z95);
}

/**
 * The score a quality floor is compared with at a confidence `c` in [0.5, 1), given `z = Φ⁻¹(c)`:
 * the one-sided lower confidence bound under a normal approximation on the rating scale,
 * `winRate(gap(score) − z · σ)` with σ from the 95% interval. z = 0 (c = 0.5) gives the point estimate;
 * z = 1.645 (c = 0.95) the one-sided 95% bound; z = 1.96 (c = 0.975) the low end of the 95% interval.
 *
 * @example
 * qualityLowerBound({ score: 0.7, low: 0.66, high: 0.74 }, 1.959963984540054) // ≈ 0.66
 */
export function qualityLowerBound(score: Pick<QualityScore, "score" | "low" | "high">, z: number): number {
  if (z === 0) return score.score;
  return winRateOfGap(gapOfWinRate(score.score) - z * ratingSigma(score));
}
