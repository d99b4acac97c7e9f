import { describe, expect, it } from "vitest";
import { retryAfterMs } from "./adapters";
import { ProviderError } from "./errors";
import { DEFAULT_RETRY, retryDelay, withRetries } from "./retry";

const err = (retryable: boolean, after?: number) =>
  new ProviderError({
    provider: "p",
    model: "m",
    message: "x",
    kind: "rate-limit",
    retryable,
    ...(after !== undefined ? { retryAfterMs: after } : {}),
  });

describe("retry", () => {
  it("reads retry-after-ms first, then retry-after seconds or date", () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(retryAfterMs(h({ "retry-after-ms": "150", "retry-after": "9" }))).toBe(150);
    expect(retryAfterMs(h({ "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(h({ "retry-after": new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(retryAfterMs(h({}))).toBeUndefined();
  });
  it("honours Retry-After and backs off otherwise", () => {
    expect(retryDelay(err(true, 1234), 1, DEFAULT_RETRY, () => 0)).toBe(1234);
    expect(retryDelay(err(true), 1, DEFAULT_RETRY, () => 1)).toBe(250);
    expect(retryDelay(err(true), 3, DEFAULT_RETRY, () => 1)).toBe(1000);
  });
  it("retries retryable errors only, within the deadline", async () => {
    let calls = 0;
    const settings = { ...DEFAULT_RETRY, initialDelayMs: 1 };
    const signal = new AbortController().signal;
    const opts = {
      settings,
      signal,
      now: Date.now,
      random: () => 0,
      toError: (e: unknown) => e as ProviderError,
    };
    await expect(
      withRetries(
        async () => {
          calls++;
          throw err(false);
        },
        { ...opts, deadline: Date.now() + 10_000 },
      ),
    ).rejects.toThrow();
    expect(calls).toBe(1);
    calls = 0;
    const out = await withRetries(
      async () => {
        calls++;
        if (calls < 3) throw err(true, 1);
        return "ok";
      },
      { ...opts, deadline: Date.now() + 10_000 },
    );
    expect(out).toBe("ok");
    calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw err(true, 5000);
        },
        { ...opts, deadline: Date.now() + 1000 },
      ),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });
});
