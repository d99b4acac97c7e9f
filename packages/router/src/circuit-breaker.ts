import {
  createStoreMirror,
  type KeyValueStore,
  type StoreErrorHandler,
  type StoreMirror,
  ValidationError,
} from "@tokenwise/core";

/** A provider's breaker state as stored (absent = closed with no failure). */
export interface BreakerState {
  /** Consecutive failures. */
  failures: number;
  /** When the circuit (re-)opened, epoch ms; `null` while closed. */
  openedAt: number | null;
}

/** Where breaker states live, keyed by provider: shareable between routers and processes. */
export type BreakerStore = KeyValueStore<BreakerState>;

/** Per-provider circuit breaker: opens after consecutive failures, half-opens after a cooldown. */
export interface CircuitBreaker {
  /** True when calls to `provider` should be skipped at `at` (epoch ms). Synchronous. */
  isOpen(provider: string, at: number): boolean;
  /** Records a successful call. */
  success(provider: string): void;
  /** Records a failed (retryable, provider-side) call. */
  failure(provider: string, at: number): void;
  /** Current state, for reports and tests. */
  state(provider: string, at: number): "closed" | "open" | "half-open";
  /** Starts a background re-read of these providers' states when the local view is stale. Optional. */
  maybeRefresh?(providers: () => Iterable<string>): void;
  /** Re-reads these providers' states from the store now. Optional. */
  refresh?(providers: Iterable<string>): Promise<void>;
}

/** Settings of {@link createCircuitBreaker}. */
export interface CircuitBreakerSettings {
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before one trial call is let through, ms. Default 30 000. */
  cooldownMs?: number;
  /**
   * Where the states live. Default: a private in-memory store. Pass a shared one (one in-memory
   * store for several routers, a Redis store for several processes) to open a provider's circuit
   * everywhere once enough failures were seen anywhere.
   */
  store?: BreakerStore;
  /** How long the local view is trusted before re-reading the store, ms. Default 1,000. */
  refreshMs?: number;
  /** The clock for refreshes, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Receives store failures (the local view keeps working). */
  onStoreError?: StoreErrorHandler;
}

function validated(settings: CircuitBreakerSettings): { failureThreshold: number; cooldownMs: number } {
  const { failureThreshold = 5, cooldownMs = 30_000 } = settings;
  const issues = [];
  if (!Number.isInteger(failureThreshold) || failureThreshold < 1)
    issues.push({ path: ["failureThreshold"], message: "must be an integer >= 1", value: failureThreshold });
  if (!(cooldownMs >= 0)) issues.push({ path: ["cooldownMs"], message: "must be >= 0", value: cooldownMs });
  if (issues.length > 0) throw new ValidationError({ source: "createCircuitBreaker", issues });
  return { failureThreshold, cooldownMs };
}

/**
 * Creates a breaker. Closed → open after `failureThreshold` consecutive failures; after
 * `cooldownMs` it is half-open (calls allowed); a success closes it, a failure re-opens it. Reads
 * are synchronous on a local view; writes fold into the store in the background, and the view is
 * re-read from the store at most every `refreshMs` (see {@link CircuitBreaker.maybeRefresh}).
 *
 * @example
 * const shared = createMemoryKeyValueStore<BreakerState>();
 * createRouter({ catalog, circuitBreaker: { failureThreshold: 3, store: shared } });
 */
export function createCircuitBreaker(settings: CircuitBreakerSettings = {}): CircuitBreaker {
  const { failureThreshold, cooldownMs } = validated(settings);
  const view: StoreMirror<BreakerState> = createStoreMirror(settings.store, {
    name: "breaker",
    ...(settings.refreshMs !== undefined ? { refreshMs: settings.refreshMs } : {}),
    ...(settings.now ? { now: settings.now } : {}),
    ...(settings.onStoreError ? { onStoreError: settings.onStoreError } : {}),
  });
  const stateOf = (provider: string, at: number): "closed" | "open" | "half-open" => {
    const s = view.get(provider);
    if (!s || s.openedAt === null) return "closed";
    return at - s.openedAt >= cooldownMs ? "half-open" : "open";
  };
  const fail =
    (at: number) =>
    (s: BreakerState | undefined): BreakerState => {
      const failures = (s?.failures ?? 0) + 1;
      const reopen = failures >= failureThreshold || (s !== undefined && s.openedAt !== null);
      return { failures, openedAt: reopen ? at : (s?.openedAt ?? null) };
    };
  const close = () => undefined;
  return {
    isOpen: (provider, at) => view.size > 0 && stateOf(provider, at) === "open",
    success(provider) {
      // Only a provider with a recorded failure has anything to clear: no write per healthy call.
      if (view.get(provider) !== undefined) view.update(provider, close);
    },
    failure(provider, at) {
      view.update(provider, fail(at));
    },
    state: stateOf,
    maybeRefresh: (providers) => view.maybeRefresh(providers),
    refresh: (providers) => view.refresh(providers),
  };
}
