import { makeUsage } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { atFullInputPrice, cacheTtlMs, observeSessionCall, sessionTotals } from "./session-record";

const usd = (atto: bigint) => ({ currency: "USD", atto });
const call = (model: string, prompt: number, cacheRead: number, cost: bigint, full: bigint) => ({
  model,
  prefixHash: 1,
  prefixMessages: 2,
  at: 0,
  cacheTtlMs: 300_000,
  usage: makeUsage({ input: prompt - cacheRead, cacheRead, output: 10 }),
  cost: usd(cost),
  fullPrice: usd(full),
});

describe("session record", () => {
  it("sums exactly, counts switches, and learns the growth per turn on one model only", () => {
    let r = observeSessionCall(
      undefined,
      call("a/x", 3000, 0, 3_000_000_000_000_000n, 3_000_000_000_000_000n),
      "USD",
    );
    r = observeSessionCall(r, call("a/x", 3200, 3000, 500_000_000_000_001n, 3_200_000_000_000_000n), "USD");
    r = observeSessionCall(r, call("a/x", 3300, 3200, 420_000_000_000_000n, 3_300_000_000_000_000n), "USD");
    expect(r.growth).toBe(150);
    expect(r.growthSamples).toBe(2);
    r = observeSessionCall(r, call("b/y", 2900, 0, 2_000_000_000_000_000n, 2_000_000_000_000_000n), "USD");
    expect(r.growthSamples).toBe(2);
    expect(r.switches).toBe(1);
    const t = sessionTotals(r);
    expect(t.calls).toBe(4);
    expect(t.cost.atto).toBe(5_920_000_000_000_001n);
    expect(t.saved.atto).toBe(11_500_000_000_000_000n - 5_920_000_000_000_001n);
    expect(t.cacheHitRate).toBe(6200 / 12400);
    // JSON-safe, as a Redis store would keep it.
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("prices every prompt token as input at full price", () => {
    const u = makeUsage({ input: 10, cacheRead: 100, cacheWrite: 5, cacheWrite1h: 7, output: 3 });
    expect(atFullInputPrice(u)).toMatchObject({
      input: 122,
      cacheRead: 0,
      cacheWrite: 0,
      cacheWrite1h: 0,
      output: 3,
    });
  });

  it("takes the TTL from the model's cache policy", () => {
    expect(cacheTtlMs({ mode: "explicit", minPrefixTokens: 1024, ttls: ["1h", "5m"] }, true, 1)).toBe(
      3_600_000,
    );
    expect(cacheTtlMs({ mode: "explicit", minPrefixTokens: 1024, ttls: ["5m"] }, true, 1)).toBe(300_000);
    expect(cacheTtlMs({ mode: "explicit", minPrefixTokens: 1024, ttls: ["5m"] }, false, 1)).toBe(0);
    expect(cacheTtlMs({ mode: "automatic", minPrefixTokens: 1024, ttls: [] }, false, 42)).toBe(42);
    expect(cacheTtlMs(undefined, true, 42)).toBe(0);
  });
});
