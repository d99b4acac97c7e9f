import { completionTokens, promptTokens, type Usage } from "@tokenwise/core";
import type { ModelState } from "../candidate-table";
import type { CircuitBreaker } from "../circuit-breaker";
import type { CallContext } from "../execute/call-context";
import { type LatencyStore, latencyPrior, observeLatency } from "../latency-stats";
import type { PrefixTracker } from "../prefix-tracker";
import type { ScoredCandidate } from "../select-candidates";
import type { RequestEstimator } from "../token-estimator";

/** The stores a finished call teaches: calibration and forecasts, latency, prompt prefixes, the breaker. */
export interface FeedbackStores {
  estimator: RequestEstimator;
  latency: LatencyStore;
  tracker: PrefixTracker;
  breaker: CircuitBreaker;
  stateByKey: Map<string, ModelState>;
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
  const { estimator, latency, tracker, breaker, stateByKey } = stores;
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
  const stat = observeLatency(latency.get(c.key) ?? latencyPrior(c.entry.latency), {
    ttftMs: timing.ttftMs,
    outputTokens: completionTokens(usage),
    generationMs: Math.max(0, timing.totalMs - timing.ttftMs),
  });
  latency.set(c.key, stat);
  const state = stateByKey.get(c.key);
  if (state) {
    state.latencyStat = stat;
    state.latencyLoaded = true;
  }
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
  const prior = stores.latency.get(c.key) ?? latencyPrior(c.entry.latency);
  const genMs = prior ? Math.min(totalMs, (completionTokens(usage) * 1000) / prior.tokensPerSec) : 0;
  return totalMs - genMs;
}
