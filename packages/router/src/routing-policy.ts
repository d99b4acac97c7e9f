import type { ModelEntry, TaskKind } from "@tokenwise/core";

/** What a policy sees of a qualifying candidate (floats, for ranking). */
export interface CandidateScore {
  /** `provider/id`. */
  readonly key: string;
  readonly entry: ModelEntry;
  /** Expected cost of this call in the report currency (float). */
  readonly expectedCost: number;
  /** Quality used (predicted per prompt when a predictor knows the model, else the model's score), or null. */
  readonly quality: number | null;
  /** Predicted latency at the constraint percentile in ms; `Infinity` when unknown. */
  readonly latencyMs: number;
  /** Expected prompt-cache read tokens. */
  readonly cachedTokens: number;
  /**
   * In a session (`router.session()`): the expected cost of the session's next turns if this call goes
   * to this model (its cache then warm); 0 outside sessions. The built-in policies rank by
   * `expectedCost + outlookCost`, so a session stays on a warm cache, or moves, by the conversation's
   * expected cost rather than this call's alone.
   */
  readonly outlookCost?: number;
}

/** Context of one decision. */
export interface PolicyContext {
  readonly taskKind: TaskKind;
  /** The quality floor in force (0 when none). */
  readonly minQuality: number;
  readonly currency: string;
}

/**
 * Orders the candidates that passed the hard constraints. The router tries them in that order
 * (failover). Policies are pure and fast: selection calls `compare` about n times per request
 * (the full order is only sorted when a failover needs it, or for `plan()`). The candidate objects
 * passed to `admit` and `compare` during selection may be reused for the next candidate: read them
 * within the call, do not keep them.
 */
export interface RoutingPolicy {
  /** Name shown in plans and reports. */
  readonly name: string;
  /** Optional extra filter: return a reason to reject the candidate, or undefined to keep it. */
  admit?(candidate: CandidateScore, context: PolicyContext): string | undefined;
  /** Negative when `a` should be tried before `b`. */
  compare(a: CandidateScore, b: CandidateScore, context: PolicyContext): number;
}

const EPS = 1e-12;

function byQualityThenLatency(a: CandidateScore, b: CandidateScore): number {
  const qa = a.quality ?? -1;
  const qb = b.quality ?? -1;
  if (qa !== qb) return qb - qa;
  if (a.latencyMs !== b.latencyMs) return a.latencyMs < b.latencyMs ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The default objective: minimum expected cost; ties (within 1e-12 relative) broken by higher
 * quality, then lower latency, then the model key (deterministic).
 *
 * @example
 * createRouter({ models, policy: cheapestPolicy() })
 */
export function cheapestPolicy(): RoutingPolicy {
  return {
    name: "cheapest-qualifying",
    compare(a, b) {
      const ca = a.expectedCost + (a.outlookCost ?? 0);
      const cb = b.expectedCost + (b.outlookCost ?? 0);
      const d = ca - cb;
      if (Math.abs(d) > EPS * Math.max(Math.abs(ca), Math.abs(cb), 1e-300)) return d;
      return byQualityThenLatency(a, b);
    },
  };
}

/** Highest quality first (ties: cheaper, then faster): the "always the strongest model" baseline. */
export function strongestPolicy(): RoutingPolicy {
  return {
    name: "strongest",
    compare(a, b) {
      const qa = a.quality ?? -1;
      const qb = b.quality ?? -1;
      if (qa !== qb) return qb - qa;
      const ca = a.expectedCost + (a.outlookCost ?? 0);
      const cb = b.expectedCost + (b.outlookCost ?? 0);
      if (ca !== cb) return ca - cb;
      return a.latencyMs - b.latencyMs;
    },
  };
}

/**
 * Trades quality for cost: minimises `expectedCost − lambda × quality` (quality in 0–1, cost in the
 * report currency). `lambda` is what one full quality point is worth per call.
 */
export function tradeoffPolicy({ lambda }: { lambda: number }): RoutingPolicy {
  return {
    name: `tradeoff(lambda=${lambda})`,
    compare(a, b) {
      const sa = a.expectedCost + (a.outlookCost ?? 0) - lambda * (a.quality ?? 0);
      const sb = b.expectedCost + (b.outlookCost ?? 0) - lambda * (b.quality ?? 0);
      if (sa !== sb) return sa - sb;
      return byQualityThenLatency(a, b);
    },
  };
}
