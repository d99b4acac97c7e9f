import type { KeyValueStore } from "../stores/key-value-store";
import type { StoreErrorHandler } from "../stores/store-error";
import { createStoreMirror, type StoreMirror } from "../stores/store-mirror";

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
  /**
   * Where each route's recent observations live: share one store between forecasters (processes)
   * to learn output lengths together. Default: a private in-memory store.
   */
  store?: OutputForecastStore;
  /** How long the local view of the store is trusted before it is re-read, ms. Default 1,000. */
  refreshMs?: number;
  /** The clock for refreshes, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Receives store failures (the local view keeps working). */
  onStoreError?: StoreErrorHandler;
}

/** One route's bounded window of recent observations (a ring: `next` is the slot written next). */
export interface ForecastSeries {
  values: number[];
  next: number;
}

/** Where {@link OutputForecaster} series live, keyed by `out:ROUTE` / `reason:ROUTE:EFFORT`. */
export type OutputForecastStore = KeyValueStore<ForecastSeries>;

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
  private readonly series: StoreMirror<ForecastSeries>;
  /** Every key asked for or written: what a refresh re-reads (routes of other processes included). */
  private readonly keys = new Set<string>();
  /** The last quantile per key with the values array it was computed from, and those values sorted. */
  private readonly quantiles = new Map<string, QuantileMemo>();

  constructor(options: OutputForecasterOptions = {}) {
    this.quantile = options.quantile ?? 0.9;
    this.window = options.window ?? 256;
    this.minObservations = options.minObservations ?? 5;
    this.priorOutput = options.priorOutputTokens ?? 1_024;
    this.reasoningPriors = { ...REASONING_PRIORS, ...options.reasoningPriors };
    if (!(this.quantile > 0 && this.quantile < 1)) throw new RangeError("quantile must be in (0, 1)");
    this.series = createStoreMirror<ForecastSeries>(options.store, {
      name: "output-forecast",
      ...(options.refreshMs !== undefined ? { refreshMs: options.refreshMs } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.onStoreError ? { onStoreError: options.onStoreError } : {}),
    });
  }

  /** Re-reads every known route from the store now (e.g. at startup, to start from what others learned). */
  refresh(): Promise<void> {
    return this.series.refresh(this.keys);
  }

  /** Incremented when a refresh lands: figures memoized from this forecaster are stale after it. */
  get generation(): number {
    return this.series.generation;
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
    for (const k of this.keys) {
      const s = this.series.get(k);
      if (s !== undefined) out[k] = [...s.values];
    }
    return out;
  }

  /** Restores a {@link snapshot} (routes it does not name are cleared; the store is written too). */
  restore(snapshot: OutputForecasterSnapshot): void {
    for (const k of this.keys) if (!(k in snapshot)) this.series.update(k, () => undefined);
    for (const [k, values] of Object.entries(snapshot)) {
      const kept = values.slice(-this.window);
      this.keys.add(k);
      this.series.update(k, () => ({ values: kept, next: kept.length % this.window }));
    }
  }

  private push(key: string, value: number): void {
    if (!(value >= 0)) return;
    this.keys.add(key);
    const window = this.window;
    // A pure fold (a copy, not an in-place write): the store may run it on its own current value.
    this.series.update(key, (s) => {
      const values = s === undefined ? [] : s.values.slice(-window);
      let next = s === undefined ? 0 : s.next % window;
      if (values.length < window) {
        values.push(value);
        next = values.length % window;
      } else {
        values[next] = value;
        next = (next + 1) % window;
      }
      return { values, next };
    });
  }

  private quantileOf(key: string): number | undefined {
    this.keys.add(key);
    this.series.maybeRefresh(() => this.keys);
    const s = this.series.get(key);
    if (s === undefined || s.values.length < this.minObservations) return undefined;
    // Every write folds into a new values array, so the array's identity says whether the
    // quantile computed last time still holds (a selection asks once per candidate route).
    const memo = this.quantiles.get(key);
    if (memo !== undefined && memo.values === s.values) return memo.q;
    // A write changes one slot (or appends one value): the sorted copy is updated in O(n) instead of
    // sorted again; anything else (a restore, another process's series) is sorted afresh.
    const sorted =
      (memo !== undefined ? resorted(memo.sorted, memo.values, s.values) : undefined) ??
      Float64Array.from(s.values).sort();
    const q = sorted[Math.min(sorted.length - 1, Math.ceil(this.quantile * sorted.length) - 1)]!;
    this.quantiles.set(key, { values: s.values, sorted, q });
    return q;
  }
}

interface QuantileMemo {
  values: readonly number[];
  /** `values` sorted ascending (owned by the memo). */
  sorted: Float64Array;
  q: number;
}

/** Index of the first element of `sorted` not below `x`. */
function lowerBound(sorted: Float64Array, x: number, end: number): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `next` sorted, from `sorted` (= `prev` sorted) when `next` is `prev` with one slot replaced or one
 * value appended: one removal and one insertion, O(n). Undefined when `next` differs otherwise (or
 * holds a NaN), for the caller to sort it whole. Reuses `sorted` when the length is unchanged.
 */
function resorted(
  sorted: Float64Array,
  prev: readonly number[],
  next: readonly number[],
): Float64Array | undefined {
  const n = prev.length;
  let changed = -1;
  if (next.length === n) {
    for (let i = 0; i < n; i++) {
      if (prev[i] === next[i]) continue;
      if (changed >= 0) return undefined;
      changed = i;
    }
    if (changed < 0) return sorted;
  } else if (next.length === n + 1) {
    for (let i = 0; i < n; i++) if (prev[i] !== next[i]) return undefined;
    changed = n;
  } else {
    return undefined;
  }
  const added = next[changed]!;
  if (Number.isNaN(added)) return undefined;
  let out = sorted;
  let len = n;
  if (changed < n) {
    // Remove one occurrence of the replaced value (found by binary search: the array is sorted).
    const at = lowerBound(sorted, prev[changed]!, n);
    if (at >= n || sorted[at] !== prev[changed]) return undefined;
    sorted.copyWithin(at, at + 1, n);
    len = n - 1;
  } else {
    out = new Float64Array(n + 1);
    out.set(sorted);
  }
  const at = lowerBound(out, added, len);
  out.copyWithin(at + 1, at, len);
  out[at] = added;
  return out;
}
