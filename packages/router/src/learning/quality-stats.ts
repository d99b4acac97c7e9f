import {
  createMemoryKeyValueStore,
  type KeyValueStore,
  type MemoryKeyValueStoreOptions,
  type TaskKind,
  winRateOfGap,
} from "@tokenwise/core";

/**
 * What the user's own traffic taught about one model on one task kind: the feedback scores (each in
 * [0, 1]), discounted. The catalog prior is not stored: the posterior is rebuilt from the prior in
 * force and these sums, so a catalog update keeps the evidence.
 */
export interface QualityStat {
  /** Scores folded in, discounted: each new score multiplies the earlier ones' weight by `QUALITY_DISCOUNT`. */
  n: number;
  /** Their discounted sum. */
  sum: number;
  /** What is left of the prior's weight (1 before any score; × the discount per score). */
  priorWeight: number;
  /** Scores folded in, undiscounted. */
  count: number;
  /** Epoch ms of the last score. */
  updatedAt: number;
}

/** Where learned quality lives, keyed `provider/id#taskKind` (see {@link qualityKey}); shareable like the latency store. */
export type QualityStore = KeyValueStore<QualityStat>;

/** An in-memory {@link QualityStore}. */
export function createMemoryQualityStore(
  options: MemoryKeyValueStoreOptions = {},
): QualityStore & { readonly size: number } {
  return createMemoryKeyValueStore<QualityStat>(options);
}

/** The store key of a model's quality on a task kind. */
export function qualityKey(modelKey: string, taskKind: TaskKind | string): string {
  return `${modelKey}#${taskKind}`;
}

/**
 * Forgetting factor per score: what was learned (the prior included) keeps this share of its weight
 * at each new score, so the evidence is about the last ~1/(1 − γ) = 100 scores and a model whose
 * quality changes is re-learned (discounted Bayesian updating, as in discounted Thompson sampling).
 */
export const QUALITY_DISCOUNT = 0.99;

/** Folds one score into a stat, discounting what came before by `discount`. */
export function observeQuality(
  prev: QualityStat | undefined,
  score: number,
  atMs: number,
  discount = QUALITY_DISCOUNT,
): QualityStat {
  return {
    n: (prev?.n ?? 0) * discount + 1,
    sum: (prev?.sum ?? 0) * discount + score,
    priorWeight: (prev?.priorWeight ?? 1) * discount,
    count: (prev?.count ?? 0) + 1,
    updatedAt: atMs,
  };
}

/** Strength (α + β) of a weak prior: a flagged prior, or the uniform start of an unrated model. */
export const WEAK_PRIOR_STRENGTH = 2;
/** Strength of a rating without an interval (its uncertainty unknown: as strong as 50 scores). */
export const UNSPECIFIED_PRIOR_STRENGTH = 50;
/** Upper bound on a prior's strength, so that enough feedback always outweighs it. */
export const MAX_PRIOR_STRENGTH = 200;

/** A Beta posterior on the 0–1 quality scale. */
export interface QualityPosterior {
  /** Posterior mean. */
  mean: number;
  /** Posterior standard deviation. */
  sd: number;
  /** α + β: prior strength plus scores. */
  strength: number;
}

/**
 * The prior's Beta strength from a catalog score: its rating-scale standard error σ (from the 95%
 * interval) mapped to the 0–1 scale (half the width of ±σ), matched by moments (s = m(1 − m)/sd² − 1),
 * within [WEAK, MAX]. A flagged prior is weak; a rating without an interval counts as 50 scores.
 */
export function priorStrength(score: number, gap: number, sigma: number, flagged: boolean): number {
  if (flagged) return WEAK_PRIOR_STRENGTH;
  if (!(sigma > 0)) return UNSPECIFIED_PRIOR_STRENGTH;
  const sd = (winRateOfGap(gap + sigma) - winRateOfGap(gap - sigma)) / 2;
  const s = (score * (1 - score)) / (sd * sd) - 1;
  return Math.min(MAX_PRIOR_STRENGTH, Math.max(WEAK_PRIOR_STRENGTH, s));
}

/**
 * The Beta posterior of a prior (mean `priorMean`, strength `strength`; an unrated model starts at
 * 0.5 with the weak strength) after the scores in `stat` (fractional Beta update: α += score,
 * β += 1 − score; the prior's strength discounted like old scores).
 */
export function qualityPosterior(
  priorMean: number,
  strength: number,
  stat: QualityStat | undefined,
): QualityPosterior {
  const s = strength * (stat?.priorWeight ?? 1);
  const alpha = priorMean * s + (stat?.sum ?? 0);
  const total = s + (stat?.n ?? 0);
  const mean = alpha / total;
  return { mean, sd: Math.sqrt((mean * (1 - mean)) / (total + 1)), strength: total };
}
