import {
  createMemoryKeyValueStore,
  type KeyValueStore,
  type LatencyProfile,
  type MemoryKeyValueStoreOptions,
} from "@tokenwise/core";

/** Online latency statistics of one provider+model. */
export interface LatencyStat {
  /** EWMA of time to first token, ms. */
  ttftMean: number;
  /** EWMA of the absolute deviation of TTFT from its mean, ms. */
  ttftDev: number;
  /** EWMA of output speed, tokens per second (after the first token). */
  tokensPerSec: number;
  /** Observations folded in (0 = the catalog prior only). */
  count: number;
  /** Where the numbers come from: `observed` once a call was seen, else the prior's source. */
  source: string;
  /** Pseudo-observations the prior counted as when the stat was seeded by one (0 or absent: none). */
  priorWeight?: number;
  /** Epoch ms of the last observation folded in (absent for a prior; stats written before it existed). */
  updatedAt?: number;
}

/**
 * Where latency statistics live: an asynchronous key-value store keyed by model key
 * (`provider/id`), shareable between routers and processes. The router folds each observation in
 * with `update` (atomic per key, so concurrent processes all count) and reads through a local view
 * refreshed every `storeRefreshMs`.
 */
export type LatencyStore = KeyValueStore<LatencyStat>;

/** An in-memory {@link LatencyStore} (share one between the routers of a process). */
export function createMemoryLatencyStore(
  options: MemoryKeyValueStoreOptions = {},
): LatencyStore & { readonly size: number } {
  return createMemoryKeyValueStore<LatencyStat>(options);
}

/**
 * The prior from a catalog latency profile: its TTFT as the mean, half of it as the deviation.
 * Models without a profile have no prior: their latency is unknown until observed (and a request
 * with a latency cap rejects them with `latency-unknown`).
 */
export function latencyPrior(profile: LatencyProfile | undefined): LatencyStat | undefined {
  if (!profile) return undefined;
  return {
    ttftMean: profile.ttftMs,
    ttftDev: profile.ttftMs / 2,
    tokensPerSec: profile.outputTokensPerSec,
    count: 0,
    source: profile.source,
  };
}

/** Weight of a new observation in the EWMAs once the running mean has handed over to them (decay). */
export const LATENCY_ALPHA = 0.2;

/** How many pseudo-observations the catalog prior counts as. */
export const LATENCY_PRIOR_WEIGHT = 2;

/** One observed call: TTFT, and the output speed from `outputTokens` over `generationMs` (after the first token). */
export interface LatencyObservation {
  ttftMs: number;
  outputTokens: number;
  generationMs: number;
  /** Epoch ms of the observation (stamped as `updatedAt`). */
  atMs?: number;
}

/**
 * Folds one observed call into a stat. The prior counts as `priorWeight` pseudo-observations: the
 * k-th observation gets weight max(α, 1/(n0 + k)), a running mean over prior and data that hands over
 * to an EWMA with weight α (the decay: old observations fade with factor 1 − α per call). Without a
 * prior the first observation is taken as is. `outputTokens` and `generationMs` update the speed when
 * both are positive.
 */
export function observeLatency(
  prev: LatencyStat | undefined,
  { ttftMs, outputTokens, generationMs, atMs }: LatencyObservation,
  {
    alpha = LATENCY_ALPHA,
    priorWeight = LATENCY_PRIOR_WEIGHT,
  }: { alpha?: number; priorWeight?: number } = {},
): LatencyStat {
  const speed = outputTokens > 1 && generationMs > 0 ? (outputTokens * 1000) / generationMs : undefined;
  const stamp = atMs === undefined ? {} : { updatedAt: atMs };
  if (!prev) {
    return {
      ttftMean: ttftMs,
      ttftDev: ttftMs / 2,
      tokensPerSec: speed ?? 50,
      count: 1,
      source: "observed",
      ...stamp,
    };
  }
  // A stat observed from scratch has no pseudo-observations; one seeded by a prior keeps its n0.
  const n0 = prev.count === 0 ? priorWeight : (prev.priorWeight ?? 0);
  const a = Math.max(alpha, 1 / (n0 + prev.count + 1));
  const dev = Math.abs(ttftMs - prev.ttftMean);
  return {
    ttftMean: prev.ttftMean + a * (ttftMs - prev.ttftMean),
    ttftDev: prev.ttftDev + a * (dev - prev.ttftDev),
    tokensPerSec:
      speed === undefined ? prev.tokensPerSec : prev.tokensPerSec + a * (speed - prev.tokensPerSec),
    count: prev.count + 1,
    source: "observed",
    ...(n0 > 0 ? { priorWeight: n0 } : {}),
    ...stamp,
  };
}

/** Whether a stat is too young or too old to trust: fewer than `minObservations` or older than `staleAfterMs`. */
export function latencyFreshness(
  stat: LatencyStat | undefined,
  at: number,
  minObservations: number,
  staleAfterMs: number,
): "fresh" | "unknown" | "stale" {
  if (!stat || stat.count < minObservations) return "unknown";
  if (stat.updatedAt !== undefined && at - stat.updatedAt > staleAfterMs) return "stale";
  return "fresh";
}

/** Standard normal quantile: core's (`@tokenwise/core/internal`), re-exported where the router has always had it. */
export { normalQuantile } from "@tokenwise/core/internal";

/** sqrt(pi/2): mean absolute deviation → standard deviation for a normal. */
export const MAD_TO_SD = 1.2533141373155;

/**
 * Predicted TTFT at a percentile (normal approximation around the EWMA, never below 0), and total
 * latency = TTFT + output tokens / speed.
 */
export function predictLatency(
  stat: LatencyStat,
  z: number,
  outputTokens: number,
): { ttftMs: number; totalMs: number } {
  const ttftMs = Math.max(0, stat.ttftMean + z * MAD_TO_SD * stat.ttftDev);
  return { ttftMs, totalMs: ttftMs + (outputTokens * 1000) / stat.tokensPerSec };
}
