import { completionTokens, promptTokens, type Usage } from "@tokenwise/core";
import type { CircuitBreaker } from "../circuit-breaker";
import type { CallContext } from "../execute/call-context";
import type { PrefixTracker } from "../prefix-tracker";
import type { ScoredCandidate } from "../select-candidates";
import type { StatsSnapshot } from "../stats-snapshot";
import type { RequestEstimator } from "../token-estimator";

/** The stores a finished call teaches: calibration and forecasts, latency, prompt prefixes, the breaker. */
export interface FeedbackStores {
  estimator: RequestEstimator;
  /** Latency: the router's synchronous view of its latency store (written through in the background). */
  stats: Pick<StatsSnapshot, "latencyOf" | "observeLatency">;
  tracker: PrefixTracker;
  breaker: CircuitBreaker;
}

function scaled(values: readonly number[], factor: number): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.floor(values[i]! * factor);
  return out;
}

/**
 * Learns from a call the provider answered in full: the realized usage feeds the calibration and both
 * output forecasts, the latency statistics, the prefix tracker; the provider's breaker closes.
 */
export function feedback(
  stores: FeedbackStores,
  ctx: CallContext,
  c: ScoredCandidate,
  usage: Usage,
  timing: { ttftMs: number; totalMs: number; atMs: number },
): void {
  const { estimator, stats, tracker, breaker } = stores;
  const tokens = ctx.prepared.tokens(c.state.family);
  estimator.observe({
    family: c.state.family,
    modelKey: c.key,
    request: ctx.request,
    estimatedPrompt: tokens.total,
    actualPrompt: promptTokens(usage),
    actualOutput: usage.output,
    actualReasoning: usage.reasoning,
  });
  stats.observeLatency(c.state, {
    ttftMs: timing.ttftMs,
    outputTokens: completionTokens(usage),
    generationMs: Math.max(0, timing.totalMs - timing.ttftMs),
    atMs: timing.atMs,
  });
  // The real prompt scales the estimated cumulative counts: prefixes as the provider counts them.
  const scale = tokens.total > 0 ? promptTokens(usage) / tokens.total : 1;
  tracker.record(
    c.key,
    ctx.prepared.hashes,
    scale === 1 ? tokens.cumulative : scaled(tokens.cumulative, scale),
    timing.atMs,
  );
  breaker.success(c.state.provider);
}

/** TTFT of a non-streaming call: the total minus the output at the currently known speed. */
export function inferredTtft(
  stores: FeedbackStores,
  c: ScoredCandidate,
  usage: Usage,
  totalMs: number,
): number {
  const prior = stores.stats.latencyOf(c.state);
  const genMs = prior ? Math.min(totalMs, (completionTokens(usage) * 1000) / prior.tokensPerSec) : 0;
  return totalMs - genMs;
}
