import { TASK_KINDS, type TaskKind } from "@tokenwise/core";
import type { ModelState } from "../candidate-table";
import { type LatencyStat, MAD_TO_SD } from "../latency-stats";
import type { ScoredCandidate } from "../select-candidates";
import type { LatencyEstimate, QualityReport } from "../types";
import { priorStrength, qualityPosterior, WEAK_PRIOR_STRENGTH } from "./quality-stats";

/** z of the 90th percentile. */
const Z90 = 1.2815515655446004;

/**
 * The quality a candidate was chosen with and, when feedback was learned for the task kind, the
 * catalog prior and the learned posterior side by side.
 */
export function qualityReport(c: ScoredCandidate, taskKind: TaskKind): QualityReport {
  const out: QualityReport = { score: c.quality, source: c.qualitySource };
  const k = TASK_KINDS.indexOf(taskKind);
  const s = c.state;
  const learned = s.learned[k];
  if (learned === undefined || learned.count === 0) return out;
  const q = s.quality[k]!;
  const rated = !Number.isNaN(q);
  const flagged = s.qualityPrior[k] === 1;
  const strength = rated
    ? priorStrength(q, s.qualityGap[k]!, s.qualitySigma[k]!, flagged)
    : WEAK_PRIOR_STRENGTH;
  const post = qualityPosterior(rated ? q : 0.5, strength, learned);
  out.prior = rated
    ? { score: q, source: s.qualitySource[k]!, strength, flagged }
    : { score: null, source: "none", strength, flagged: false };
  out.learned = {
    mean: post.mean,
    sd: post.sd,
    observations: learned.count,
    effectiveObservations: learned.n,
    updatedAt: new Date(learned.updatedAt),
  };
  return out;
}

/** A model's latency estimate now: p50 and p90 TTFT, speed, and the catalog prior beside what was observed. */
export function latencyEstimate(state: ModelState): LatencyEstimate | undefined {
  return describeLatency(state.latencyStat ?? state.latencyPrior, state.latencyPrior);
}

/**
 * A latency stat as reports show it: p50 and p90 TTFT (normal approximation), speed, observations,
 * and, once observed, the prior beside it.
 */
export function describeLatency(
  stat: LatencyStat | undefined,
  prior: LatencyStat | undefined,
): LatencyEstimate | undefined {
  if (!stat) return undefined;
  const out: LatencyEstimate = {
    source: stat.count > 0 ? "observed" : "prior",
    observations: stat.count,
    ttftP50Ms: stat.ttftMean,
    ttftP90Ms: Math.max(0, stat.ttftMean + Z90 * MAD_TO_SD * stat.ttftDev),
    tokensPerSec: stat.tokensPerSec,
  };
  if (stat.updatedAt !== undefined) out.updatedAt = new Date(stat.updatedAt);
  if (prior && stat.count > 0) {
    out.prior = { ttftMs: prior.ttftMean, tokensPerSec: prior.tokensPerSec, source: prior.source };
  }
  return out;
}
