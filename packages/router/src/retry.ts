import pRetry from "p-retry";
import type { ProviderError } from "./errors";

/** Retry settings (the router's; SDK clients run with `maxRetries: 0`). */
export interface RetrySettings {
  /** Retries per candidate after the first attempt. Default 2. */
  maxRetries?: number;
  /** First backoff delay, ms. Default 250. */
  initialDelayMs?: number;
  /** Cap on one backoff delay (and on an honoured Retry-After), ms. Default 8 000. */
  maxDelayMs?: number;
  /** Backoff growth factor. Default 2. */
  factor?: number;
}

/** Abortable sleep: resolves after `ms`, rejects with the signal's reason on abort. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * The delay before retry number `retry` (1-based): the provider's Retry-After when it sent one
 * (capped at `maxDelayMs`), else capped exponential backoff with full jitter in [50%, 100%].
 */
export function retryDelay(
  error: ProviderError,
  retry: number,
  settings: Required<RetrySettings>,
  random: () => number,
): number {
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, settings.maxDelayMs);
  const base = Math.min(settings.initialDelayMs * settings.factor ** (retry - 1), settings.maxDelayMs);
  return base * (0.5 + 0.5 * random());
}

export const DEFAULT_RETRY: Required<RetrySettings> = {
  maxRetries: 2,
  initialDelayMs: 250,
  maxDelayMs: 8_000,
  factor: 2,
};

/**
 * Runs `attempt` with p-retry: retries only retryable provider errors, waits the Retry-After or the
 * backoff (abortable), and gives up early when the wait would overrun `deadline` (epoch ms from
 * `now`) — the next candidate gets the remaining time instead.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  {
    settings,
    signal,
    deadline,
    now,
    random,
    toError,
  }: {
    settings: Required<RetrySettings>;
    signal: AbortSignal;
    deadline: number;
    now: () => number;
    random: () => number;
    toError: (error: unknown) => ProviderError | undefined;
  },
): Promise<T> {
  return pRetry(attempt, {
    retries: settings.maxRetries,
    minTimeout: 0,
    maxTimeout: 0,
    factor: 1,
    randomize: false,
    signal,
    shouldConsumeRetry: () => true,
    async shouldRetry({ error, retriesConsumed }) {
      const e = toError(error);
      if (!e?.retryable || signal.aborted) return false;
      const wait = retryDelay(e, retriesConsumed + 1, settings, random);
      if (now() + wait >= deadline) return false;
      await sleep(wait, signal);
      return true;
    },
  });
}
