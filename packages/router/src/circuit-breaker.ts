/** Per-provider circuit breaker: opens after consecutive failures, half-opens after a cooldown. */
export interface CircuitBreaker {
  /** True when calls to `provider` should be skipped at `at` (epoch ms). */
  isOpen(provider: string, at: number): boolean;
  /** Records a successful call. */
  success(provider: string): void;
  /** Records a failed (retryable, provider-side) call. */
  failure(provider: string, at: number): void;
  /** Current state, for reports and tests. */
  state(provider: string, at: number): "closed" | "open" | "half-open";
}

/** Settings of {@link createCircuitBreaker}. */
export interface CircuitBreakerSettings {
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long the circuit stays open before one trial call is let through, ms. Default 30 000. */
  cooldownMs?: number;
}

/**
 * Creates an in-memory breaker. Closed → open after `failureThreshold` consecutive failures; after
 * `cooldownMs` it is half-open (calls allowed); a success closes it, a failure re-opens it.
 */
export function createCircuitBreaker({
  failureThreshold = 5,
  cooldownMs = 30_000,
}: CircuitBreakerSettings = {}): CircuitBreaker {
  const states = new Map<string, { failures: number; openedAt: number | null }>();
  const stateOf = (provider: string, at: number): "closed" | "open" | "half-open" => {
    const s = states.get(provider);
    if (!s || s.openedAt === null) return "closed";
    return at - s.openedAt >= cooldownMs ? "half-open" : "open";
  };
  return {
    isOpen: (provider, at) => states.size > 0 && stateOf(provider, at) === "open",
    success(provider) {
      if (states.has(provider)) states.delete(provider);
    },
    failure(provider, at) {
      const s = states.get(provider) ?? { failures: 0, openedAt: null };
      s.failures++;
      if (s.failures >= failureThreshold || s.openedAt !== null) s.openedAt = at;
      states.set(provider, s);
    },
    state: stateOf,
  };
}
