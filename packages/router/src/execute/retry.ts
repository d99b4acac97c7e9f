import { parseWith } from "@tokenwise/core";
import pRetry from "p-retry";
import { z } from "zod";
import type { ProviderError } from "../errors";
import { strictObject } from "../validate/strict-object";

/** Retry settings (the router's; SDK clients run with `maxRetries: 0`). */
export interface RetrySettings {
  /** Retries per candidate after the first attempt. Default 2. */
  maxRetries?: number;
  /** First backoff delay, ms (p-retry's `minTimeout`). Default 250. */
  initialDelayMs?: number;
  /** Cap on one backoff delay, ms (p-retry's `maxTimeout`). Default 8 000. */
  maxDelayMs?: number;
  /** Backoff growth factor. Default 2. */
  factor?: number;
  /** Multiply each backoff delay by a random factor in [1, 2) (p-retry's `randomize`). Default true. */
  jitter?: boolean;
  /**
   * Longest Retry-After (`retry-after-ms` / `retry-after`) honoured, ms. A provider asking for a longer
   * wait is not retried: the router fails over at once. Default 60 000 (as openai-node).
   */
  maxRetryAfterMs?: number;
}

const NonNegativeMs = z.number().finite().nonnegative("must be a non-negative number of milliseconds");

/**
 * zod schema of {@link RetrySettings}: the one both `createRouter`'s settings check and
 * {@link resolveRetrySettings} use. A misspelt field names the nearest known one.
 */
export const RetrySettingsSchema = strictObject({
  maxRetries: z.number().int("must be a whole number of retries").min(0).max(100).optional(),
  initialDelayMs: NonNegativeMs.optional(),
  maxDelayMs: NonNegativeMs.optional(),
  factor: z.number().finite().min(1, "must be at least 1").optional(),
  jitter: z.boolean().optional(),
  maxRetryAfterMs: NonNegativeMs.optional(),
});

// Every field of RetrySettings has a schema (tsc fails here when one is added without it).
type Unchecked = Exclude<keyof RetrySettings, keyof typeof RetrySettingsSchema.shape>;
const retryCovered: [Unchecked] extends [never] ? true : Unchecked = true;
void retryCovered;

export const DEFAULT_RETRY: Required<RetrySettings> = {
  maxRetries: 2,
  initialDelayMs: 250,
  maxDelayMs: 8_000,
  factor: 2,
  jitter: true,
  maxRetryAfterMs: 60_000,
};

/**
 * Validates retry settings and fills the defaults; bad values throw a `ValidationError` naming the
 * field (`retry.maxRetries`, …) and the value.
 */
export function resolveRetrySettings(settings: RetrySettings | undefined): Required<RetrySettings> {
  const parsed = parseWith(RetrySettingsSchema, settings ?? {}, "createRouter: retry");
  const out = { ...DEFAULT_RETRY };
  for (const [k, v] of Object.entries(parsed)) if (v !== undefined) Object.assign(out, { [k]: v });
  if (out.maxDelayMs < out.initialDelayMs) {
    parseWith(
      z.object({ maxDelayMs: z.number().min(out.initialDelayMs, "must be ≥ initialDelayMs") }),
      { maxDelayMs: out.maxDelayMs },
      "createRouter: retry",
    );
  }
  return out;
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

/** The shortest backoff p-retry waits before retry number `retry` (1-based), jitter aside. */
export function backoffFloor(retry: number, settings: Required<RetrySettings>): number {
  return Math.min(Math.round(settings.initialDelayMs * settings.factor ** (retry - 1)), settings.maxDelayMs);
}

/** Why a retryable failure is not retried on the same candidate, or undefined when it is. */
export function retryRefusal(
  error: ProviderError,
  retry: number,
  settings: Required<RetrySettings>,
  remainingMs: number,
): string | undefined {
  const wait = Math.max(error.retryAfterMs ?? 0, backoffFloor(retry, settings));
  if (error.retryAfterMs !== undefined && error.retryAfterMs > settings.maxRetryAfterMs) {
    return `Retry-After ${error.retryAfterMs} ms exceeds retry.maxRetryAfterMs=${settings.maxRetryAfterMs}`;
  }
  if (wait >= remainingMs) return `the ${wait} ms wait exceeds the ${Math.round(remainingMs)} ms left`;
  return undefined;
}

/**
 * Runs `attempt` with p-retry as designed: p-retry owns the exponential backoff (`minTimeout`,
 * `factor`, `maxTimeout`, `randomize`), the abort (`signal`) and the time budget (`maxRetryTime`, what
 * is left of the deadline). `shouldRetry` only decides: a retryable provider error, whose wait fits
 * the deadline and whose Retry-After is at most `maxRetryAfterMs`. A Retry-After longer than the
 * backoff is honoured in `onFailedAttempt` (p-retry awaits it), by waiting the difference: the retry
 * never comes before the server allows it.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  {
    settings,
    signal,
    deadline,
    now,
    toError,
    onRefused,
  }: {
    settings: Required<RetrySettings>;
    signal: AbortSignal;
    /** Deadline on the `now` clock (ms); Infinity for none. */
    deadline: number;
    now: () => number;
    toError: (error: unknown) => ProviderError | undefined;
    /** Told why a retryable failure was not retried (wait too long for the deadline or the cap). */
    onRefused?: (error: ProviderError, reason: string) => void;
  },
): Promise<T> {
  const remaining = () => deadline - now();
  const decide = (error: unknown, retriesConsumed: number, retriesLeft: number) => {
    const e = toError(error);
    if (!e?.retryable || signal.aborted || retriesLeft <= 0) return { retry: false as const, e };
    const refusal = retryRefusal(e, retriesConsumed + 1, settings, remaining());
    if (refusal) {
      onRefused?.(e, refusal);
      return { retry: false as const, e };
    }
    return { retry: true as const, e };
  };
  // The first attempt runs without p-retry: most calls succeed at once and pay nothing for its setup.
  // A failure worth retrying is handed to p-retry, which replays it as its own first attempt (the same
  // error at once, so its `onFailedAttempt`, backoff and time budget go on exactly as designed).
  signal.throwIfAborted();
  let first: unknown;
  try {
    const result = await attempt(1);
    signal.throwIfAborted(); // as p-retry: an attempt that ends after the abort is the abort
    return result;
  } catch (error) {
    first = error;
  }
  if (!decide(first, 0, settings.maxRetries).retry) {
    throw first instanceof Error
      ? first
      : new TypeError(`Non-error was thrown: "${String(first)}". You should only throw errors.`);
  }
  let replay = true;
  const decided = new WeakMap<object, boolean>();
  return pRetry(
    (attemptNumber: number): Promise<T> => {
      if (!replay) return attempt(attemptNumber);
      replay = false;
      return Promise.reject(first);
    },
    {
      retries: settings.maxRetries,
      minTimeout: settings.initialDelayMs,
      maxTimeout: settings.maxDelayMs,
      factor: settings.factor,
      randomize: settings.jitter,
      signal,
      ...(Number.isFinite(deadline) ? { maxRetryTime: Math.max(0, remaining()) } : {}),
      async onFailedAttempt({ error, retriesConsumed, retriesLeft }) {
        const d = decide(error, retriesConsumed, retriesLeft);
        decided.set(error, d.retry);
        if (!d.retry || d.e?.retryAfterMs === undefined) return;
        // p-retry then waits its backoff (≥ the floor): together at least the Retry-After.
        await sleep(d.e.retryAfterMs - backoffFloor(retriesConsumed + 1, settings), signal);
      },
      shouldRetry: ({ error }) => decided.get(error) ?? false,
    },
  );
}
