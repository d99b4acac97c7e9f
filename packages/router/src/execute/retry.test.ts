import { retryAfterMs, ValidationError } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { ProviderError } from "../errors";
import { createRouter } from "../router";
import { backoffFloor, DEFAULT_RETRY, resolveRetrySettings, retryRefusal, withRetries } from "./retry";

const err = (retryable: boolean, after?: number) =>
  new ProviderError({
    provider: "p",
    model: "m",
    message: "x",
    kind: "rate-limit",
    retryable,
    ...(after !== undefined ? { retryAfterMs: after } : {}),
  });

const fast = { ...DEFAULT_RETRY, initialDelayMs: 1, maxDelayMs: 4, jitter: false };

describe("retry", () => {
  it("reads retry-after-ms first, then retry-after seconds or date", () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(retryAfterMs(h({ "retry-after-ms": "150", "retry-after": "9" }))).toBe(150);
    expect(retryAfterMs(h({ "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(h({ "retry-after": new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(retryAfterMs(h({}))).toBeUndefined();
  });

  it("validates the settings with the field and the value, and fills the defaults", () => {
    expect(resolveRetrySettings(undefined)).toEqual(DEFAULT_RETRY);
    expect(DEFAULT_RETRY.maxRetryAfterMs).toBe(60_000);
    expect(resolveRetrySettings({ maxRetries: 0 }).maxRetries).toBe(0);
    const bad = (s: unknown) => {
      try {
        resolveRetrySettings(s as never);
      } catch (e) {
        return e;
      }
      throw new Error("accepted");
    };
    const e = bad({ maxRetries: -1 }) as ValidationError;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.issues[0]).toMatchObject({ path: ["maxRetries"], value: -1 });
    expect((bad({ factor: 0.5 }) as ValidationError).issues[0]?.path).toEqual(["factor"]);
    expect((bad({ maxRetryAfterMs: Number.NaN }) as ValidationError).issues[0]?.path).toEqual([
      "maxRetryAfterMs",
    ]);
    expect((bad({ retries: 3 }) as ValidationError).message).toMatch(/retries/);
    expect((bad({ initialDelayMs: 500, maxDelayMs: 100 }) as ValidationError).issues[0]).toMatchObject({
      path: ["maxDelayMs"],
      value: 100,
    });
  });

  it("createRouter accepts every retry setting and rejects the same bad ones as resolveRetrySettings", () => {
    const retry = {
      maxRetries: 3,
      initialDelayMs: 100,
      maxDelayMs: 2_000,
      factor: 3,
      jitter: false,
      maxRetryAfterMs: 30_000,
    };
    expect(() => createRouter({ models: [], retry })).not.toThrow();
    expect(() => createRouter({ models: [], retry: { maxRetryAfterMs: -1 } })).toThrow(
      /retry\.maxRetryAfterMs/,
    );
    expect(() => resolveRetrySettings({ maxRetryAfterMs: -1 })).toThrow(/maxRetryAfterMs/);
  });

  it("the backoff floor grows by the factor up to the cap", () => {
    expect(backoffFloor(1, DEFAULT_RETRY)).toBe(250);
    expect(backoffFloor(3, DEFAULT_RETRY)).toBe(1000);
    expect(backoffFloor(10, DEFAULT_RETRY)).toBe(8000);
  });

  it("refuses a Retry-After above the maximum and a wait beyond the deadline", () => {
    expect(retryRefusal(err(true, 30_000), 1, DEFAULT_RETRY, 100_000)).toBeUndefined();
    expect(retryRefusal(err(true, 61_000), 1, DEFAULT_RETRY, 100_000)).toMatch(/maxRetryAfterMs=60000/);
    expect(retryRefusal(err(true, 5_000), 1, DEFAULT_RETRY, 4_000)).toMatch(/exceeds the 4000 ms left/);
    expect(retryRefusal(err(true), 1, DEFAULT_RETRY, 100)).toMatch(/250 ms wait/);
  });

  it("retries retryable errors only, and honours Retry-After before retrying", async () => {
    const signal = new AbortController().signal;
    const opts = {
      settings: fast,
      signal,
      now: () => performance.now(),
      toError: (e: unknown) => e as ProviderError,
    };
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw err(false);
        },
        { ...opts, deadline: Number.POSITIVE_INFINITY },
      ),
    ).rejects.toThrow();
    expect(calls).toBe(1);

    const at: number[] = [];
    const out = await withRetries(
      async () => {
        at.push(performance.now());
        if (at.length < 3) throw err(true, 40);
        return "ok";
      },
      { ...opts, deadline: Number.POSITIVE_INFINITY },
    );
    expect(out).toBe("ok");
    // Each retry came no earlier than the 40 ms the server asked for (timers may fire ~1 ms early).
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(39);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(39);
  });

  it("fails over at once when the wait exceeds the deadline or the Retry-After maximum", async () => {
    const signal = new AbortController().signal;
    const refused: string[] = [];
    const opts = {
      settings: { ...fast, maxRetryAfterMs: 1000 },
      signal,
      now: () => performance.now(),
      toError: (e: unknown) => e as ProviderError,
      onRefused: (_e: ProviderError, why: string) => void refused.push(why),
    };
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw err(true, 5000);
        },
        { ...opts, deadline: performance.now() + 60_000 },
      ),
    ).rejects.toBeInstanceOf(ProviderError);
    expect(calls).toBe(1);
    expect(refused[0]).toMatch(/maxRetryAfterMs/);
    calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw err(true, 500);
        },
        { ...opts, deadline: performance.now() + 100 },
      ),
    ).rejects.toBeInstanceOf(ProviderError);
    expect(calls).toBe(1);
    expect(refused[1]).toMatch(/ms left/);
  });

  it("an abort stops a pending Retry-After wait", async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = withRetries(
      async () => {
        calls++;
        throw err(true, 10_000);
      },
      {
        settings: { ...fast, maxRetryAfterMs: 60_000 },
        signal: controller.signal,
        deadline: Number.POSITIVE_INFINITY,
        now: () => performance.now(),
        toError: (e) => e as ProviderError,
      },
    );
    setTimeout(() => controller.abort(new Error("stop")), 20);
    await expect(run).rejects.toThrow("stop");
    expect(calls).toBe(1);
  });
});
