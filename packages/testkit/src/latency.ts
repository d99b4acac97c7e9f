import { TestkitConfigError } from "./errors";
import type { Prng } from "./prng";

/** How fast a simulated model answers. */
export interface LatencySettings {
  /** Time to first token in ms (before the first content chunk; the whole wait for non-streaming). */
  ttftMs: number;
  /** Output speed after the first token. `Infinity` for instant output. */
  tokensPerSecond: number;
  /** Relative jitter in [0, 1): each delay is multiplied by a factor drawn in [1 − j, 1 + j]. Default 0. */
  jitter?: number;
}

/** The delays of one response, already scaled by `timeScale` and jittered. */
export interface LatencyPlan {
  /** ms before the first content chunk. */
  ttftMs: number;
  /** ms to wait before a chunk of `tokens` output tokens. */
  chunkDelayMs(tokens: number): number;
}

/** Default profile: 250 ms to first token, 100 tokens/s, ±20%. */
export const DEFAULT_LATENCY: LatencySettings = Object.freeze({
  ttftMs: 250,
  tokensPerSecond: 100,
  jitter: 0.2,
});

/** Checks a latency profile, throwing a typed error naming the model. */
export function validateLatency(latency: LatencySettings, name: string): void {
  if (!(latency.ttftMs >= 0) || !(latency.tokensPerSecond > 0)) {
    throw new TestkitConfigError({
      message: `latency of ${name}: ttftMs must be ≥ 0 and tokensPerSecond > 0`,
    });
  }
  const j = latency.jitter ?? 0;
  if (!(j >= 0 && j < 1))
    throw new TestkitConfigError({ message: `latency of ${name}: jitter must be in [0, 1)` });
}

/**
 * Draws the delays of one response from a seeded PRNG. With `timeScale` 0 every delay is 0.
 *
 * @example
 * const plan = planLatency({ ttftMs: 400, tokensPerSecond: 50 }, 0.01, rng);
 * plan.ttftMs; // 4
 */
export function planLatency(latency: LatencySettings, timeScale: number, rng: Prng): LatencyPlan {
  const jitter = latency.jitter ?? 0;
  const factor = () => (jitter === 0 ? 1 : 1 + jitter * (2 * rng.next() - 1));
  const ttftMs = timeScale === 0 ? 0 : latency.ttftMs * timeScale * factor();
  return {
    ttftMs,
    chunkDelayMs: (tokens) =>
      timeScale === 0 || !Number.isFinite(latency.tokensPerSecond)
        ? 0
        : ((tokens * 1000) / latency.tokensPerSecond) * timeScale * factor(),
  };
}

/**
 * Waits `ms`, resolving early (with `false`) when `signal` aborts. Resolves at once for 0.
 *
 * @example
 * const completed = await sleep(100, controller.signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
