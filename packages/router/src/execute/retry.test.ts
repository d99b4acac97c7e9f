import type { ProviderError } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { resolveRetrySettings, withRetries } from "./retry";

const settings = resolveRetrySettings({ maxRetries: 3, initialDelayMs: 1, maxDelayMs: 2, jitter: false });

class Failure extends Error {
  constructor(
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(retryable ? "retryable" : "fatal");
  }
}

function run(
  outcomes: (Failure | string)[],
  options: { signal?: AbortSignal; deadline?: number; onRefused?: (reason: string) => void } = {},
) {
  const attempts: number[] = [];
  const result = withRetries(
    async (n) => {
      attempts.push(n);
      const o = outcomes[Math.min(n - 1, outcomes.length - 1)]!;
      if (o instanceof Failure) throw o;
      return o;
    },
    {
      settings,
      signal: options.signal ?? new AbortController().signal,
      deadline: options.deadline ?? Number.POSITIVE_INFINITY,
      now: () => performance.now(),
      toError: (e) => (e instanceof Failure ? (e as unknown as ProviderError) : undefined),
      onRefused: (_e, reason) => options.onRefused?.(reason),
    },
  );
  return { attempts, result };
}

describe("withRetries (the first attempt outside p-retry, a retryable failure replayed into it)", () => {
  it("a first success is returned after one attempt", async () => {
    const { attempts, result } = run(["ok"]);
    await expect(result).resolves.toBe("ok");
    expect(attempts).toEqual([1]);
  });

  it("retryable failures are retried with consecutive attempt numbers until one succeeds", async () => {
    const { attempts, result } = run([new Failure(true), new Failure(true, 3), "third"]);
    await expect(result).resolves.toBe("third");
    expect(attempts).toEqual([1, 2, 3]);
  });

  it("gives up after maxRetries retries with the last error", async () => {
    const last = new Failure(true);
    const { attempts, result } = run([new Failure(true), new Failure(true), new Failure(true), last]);
    await expect(result).rejects.toBe(last);
    expect(attempts).toEqual([1, 2, 3, 4]);
  });

  it("a non-retryable first failure is thrown as it is, without a second attempt", async () => {
    const fatal = new Failure(false);
    const { attempts, result } = run([fatal, "never"]);
    await expect(result).rejects.toBe(fatal);
    expect(attempts).toEqual([1]);
  });

  it("a Retry-After over maxRetryAfterMs is refused and said why, first attempt or later", async () => {
    const reasons: string[] = [];
    const long = new Failure(true, settings.maxRetryAfterMs + 1);
    const first = run([long, "never"], { onRefused: (r) => reasons.push(r) });
    await expect(first.result).rejects.toBe(long);
    expect(first.attempts).toEqual([1]);
    const later = run([new Failure(true), long, "never"], { onRefused: (r) => reasons.push(r) });
    await expect(later.result).rejects.toBe(long);
    expect(later.attempts).toEqual([1, 2]);
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toMatch(/exceeds retry.maxRetryAfterMs/);
  });

  it("an attempt that ends after the abort is the abort, and an aborted signal runs nothing", async () => {
    const controller = new AbortController();
    const attempts: number[] = [];
    const result = withRetries(
      async (n) => {
        attempts.push(n);
        controller.abort(new Error("caller aborted"));
        return "late";
      },
      {
        settings,
        signal: controller.signal,
        deadline: Number.POSITIVE_INFINITY,
        now: () => performance.now(),
        toError: () => undefined,
      },
    );
    await expect(result).rejects.toThrow("caller aborted");
    expect(attempts).toEqual([1]);
    const again = run(["never"], { signal: controller.signal });
    await expect(again.result).rejects.toThrow("caller aborted");
    expect(again.attempts).toEqual([]);
  });
});
