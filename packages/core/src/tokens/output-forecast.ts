/** Reasoning effort levels of reasoning models. */
export type ReasoningEffort = "minimal" | "low" | "medium" | "high";

/** Options of {@link OutputForecaster}. */
export interface OutputForecasterOptions {
  /** Quantile forecast from realized usage. Default 0.9 (p90). */
  quantile?: number;
  /** Most recent observations kept per route (a bounded window: old behaviour ages out). Default 256. */
  window?: number;
  /** Observations needed before the learned quantile replaces the prior. Default 5. */
  minObservations?: number;
  /** Visible output forecast of a route with no history. Default 1,024. */
  priorOutputTokens?: number;
  /** Reasoning tokens by effort before any history (conservative priors, replaced by learned p90s). */
  reasoningPriors?: Partial<Record<ReasoningEffort, number>>;
}

/** What the output of a call is forecast to be. */
export interface OutputForecast {
  /** Visible output tokens. */
  outputTokens: number;
  /** Reasoning tokens (billed as output), 0 when not a reasoning call. */
  reasoningTokens: number;
  /** `outputTokens + reasoningTokens`, or the caller's max when given. */
  totalTokens: number;
  /** `max_tokens` (the caller's cap), `learned` (route quantile) or `prior`. */
  source: "max_tokens" | "learned" | "prior";
}

/** Serializable forecaster state (recent observations per key). */
export type OutputForecasterSnapshot = Record<string, number[]>;

/**
 * Conservative reasoning priors per effort (not published by providers; chosen high so
 * budgets are not under-reserved, then replaced by each route's learned p90).
 */
export const REASONING_PRIORS: Readonly<Record<ReasoningEffort, number>> = {
  minimal: 256,
  low: 1_024,
  medium: 4_096,
  high: 16_384,
};

/**
 * Forecasts output tokens per route: the caller's max when given, else a quantile
 * (p90, not a mean) of the route's recent realized outputs, plus reasoning tokens by
 * effort, learned the same way.
 *
 * @example
 * const f = new OutputForecaster();
 * f.observe({ route: "chat", outputTokens: 300 });
 * f.forecast({ route: "chat" }).source // "prior" until 5 observations
 */
export class OutputForecaster {
  private readonly quantile: number;
  private readonly window: number;
  private readonly minObservations: number;
  private readonly priorOutput: number;
  private readonly reasoningPriors: Record<ReasoningEffort, number>;
  private readonly series = new Map<string, { values: number[]; next: number }>();

  constructor(options: OutputForecasterOptions = {}) {
    this.quantile = options.quantile ?? 0.9;
    this.window = options.window ?? 256;
    this.minObservations = options.minObservations ?? 5;
    this.priorOutput = options.priorOutputTokens ?? 1_024;
    this.reasoningPriors = { ...REASONING_PRIORS, ...options.reasoningPriors };
    if (!(this.quantile > 0 && this.quantile < 1)) throw new RangeError("quantile must be in (0, 1)");
  }

  /**
   * Forecast for one call.
   *
   * @example
   * forecaster.forecast({ route: "support", maxTokens: 500 }) // { totalTokens: 500, source: "max_tokens", ... }
   */
  forecast(input: { route: string; maxTokens?: number; reasoningEffort?: ReasoningEffort }): OutputForecast {
    const learned = this.quantileOf(`out:${input.route}`);
    const outputTokens = learned ?? this.priorOutput;
    let reasoningTokens = 0;
    let reasoningLearned = true;
    if (input.reasoningEffort !== undefined) {
      const r = this.quantileOf(`reason:${input.route}:${input.reasoningEffort}`);
      reasoningLearned = r !== undefined;
      reasoningTokens = r ?? this.reasoningPriors[input.reasoningEffort];
    }
    if (input.maxTokens !== undefined) {
      const total = input.maxTokens;
      return {
        outputTokens: Math.min(outputTokens, total),
        reasoningTokens: Math.min(reasoningTokens, total),
        totalTokens: total,
        source: "max_tokens",
      };
    }
    return {
      outputTokens,
      reasoningTokens,
      totalTokens: outputTokens + reasoningTokens,
      source: learned !== undefined && reasoningLearned ? "learned" : "prior",
    };
  }

  /** Records a call's realized output (and reasoning) tokens. */
  observe(input: {
    route: string;
    outputTokens: number;
    reasoningTokens?: number;
    reasoningEffort?: ReasoningEffort;
  }): void {
    this.push(`out:${input.route}`, input.outputTokens);
    if (input.reasoningEffort !== undefined && input.reasoningTokens !== undefined) {
      this.push(`reason:${input.route}:${input.reasoningEffort}`, input.reasoningTokens);
    }
  }

  /** The state, for a store. */
  snapshot(): OutputForecasterSnapshot {
    const out: OutputForecasterSnapshot = {};
    for (const [k, s] of this.series) out[k] = [...s.values];
    return out;
  }

  /** Restores a {@link snapshot}. */
  restore(snapshot: OutputForecasterSnapshot): void {
    this.series.clear();
    for (const [k, values] of Object.entries(snapshot)) {
      const kept = values.slice(-this.window);
      this.series.set(k, { values: kept, next: kept.length % this.window });
    }
  }

  private push(key: string, value: number): void {
    if (!(value >= 0)) return;
    let s = this.series.get(key);
    if (s === undefined) {
      s = { values: [], next: 0 };
      this.series.set(key, s);
    }
    if (s.values.length < this.window) s.values.push(value);
    else s.values[s.next] = value;
    s.next = (s.next + 1) % this.window;
  }

  private quantileOf(key: string): number | undefined {
    const s = this.series.get(key);
    if (s === undefined || s.values.length < this.minObservations) return undefined;
    const sorted = [...s.values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(this.quantile * sorted.length) - 1)];
  }
}
