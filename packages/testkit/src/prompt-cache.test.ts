import { describe, expect, it } from "vitest";
import { cacheSettingsFor, PromptCache } from "./prompt-cache";
import type { PromptUnit } from "./sim-request";
import type { TokenCounter } from "./tokenizer";

// One token per word, no overheads, so the arithmetic is visible.
const words: TokenCounter = {
  name: "words",
  text: (t) => (t.trim() ? t.trim().split(/\s+/).length : 0),
  perMessage: 0,
  perName: 0,
  perRequest: 0,
};

function unit(key: string, tokens: number, breakpoint?: "5m" | "1h"): PromptUnit {
  const u: PromptUnit = { key, text: "w ".repeat(tokens), startsMessage: true, named: false };
  if (breakpoint) u.breakpoint = breakpoint;
  return u;
}

const t0 = new Date("2026-01-01T00:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);

describe("PromptCache automatic (OpenAI)", () => {
  it("reads a repeated prefix rounded down to 1024 + k×128, and reports nothing below 1024", () => {
    const cache = new PromptCache({ mode: "automatic" });
    const first = [unit("sys", 1500), unit("u1", 100)];
    expect(cache.apply(first, words, t0, true)).toEqual({
      total: 1600,
      cacheRead: 0,
      cacheWrite5m: 0,
      cacheWrite1h: 0,
    });
    const second = [...first, unit("a1", 50), unit("u2", 20)];
    // longest seen prefix: 1600 tokens → 1024 + 4×128 = 1536
    expect(cache.apply(second, words, later(1000), true).cacheRead).toBe(1536);
    const small = new PromptCache({ mode: "automatic" });
    small.apply([unit("x", 500)], words, t0, true);
    expect(small.apply([unit("x", 500), unit("y", 10)], words, t0, true).cacheRead).toBe(0);
  });

  it("does not match a different first message, and expires after the ttl", () => {
    const cache = new PromptCache({ mode: "automatic", ttlMs: 60_000 });
    cache.apply([unit("sys", 2000)], words, t0, true);
    expect(cache.apply([unit("other", 2000)], words, t0, false).cacheRead).toBe(0);
    expect(cache.apply([unit("sys", 2000), unit("u", 1)], words, later(59_000), false).cacheRead).toBe(1920);
    expect(cache.apply([unit("sys", 2000), unit("u", 1)], words, later(61_000), false).cacheRead).toBe(0);
  });

  it("is partitioned by prompt_cache_key: another key (or none) misses what a key wrote", () => {
    const cache = new PromptCache({ mode: "automatic" });
    const first = [unit("sys", 2000)];
    const next = [...first, unit("u", 10)];
    cache.apply(first, words, t0, true, "session-1");
    expect(cache.apply(next, words, t0, false, "session-2").cacheRead).toBe(0);
    expect(cache.apply(next, words, t0, false).cacheRead).toBe(0);
    expect(cache.apply(next, words, t0, false, "session-1").cacheRead).toBe(1920);
  });

  it("does not write without commit", () => {
    const cache = new PromptCache({ mode: "automatic" });
    cache.apply([unit("sys", 2000)], words, t0, false);
    expect(cache.apply([unit("sys", 2000)], words, t0, false).cacheRead).toBe(0);
  });
});

describe("PromptCache breakpoints (Anthropic)", () => {
  it("writes up to the last breakpoint, then reads it; input excludes both", () => {
    const cache = new PromptCache({ mode: "breakpoints" });
    const req = [unit("sys", 3000, "5m"), unit("u1", 10)];
    expect(cache.apply(req, words, t0, true)).toEqual({
      total: 3010,
      cacheRead: 0,
      cacheWrite5m: 3000,
      cacheWrite1h: 0,
    });
    const next = [unit("sys", 3000), unit("u1", 10), unit("a1", 40), unit("u2", 5, "5m")];
    // reads the 3000 written before, writes the 55 tokens up to the new breakpoint
    expect(cache.apply(next, words, later(1000), true)).toEqual({
      total: 3055,
      cacheRead: 3000,
      cacheWrite5m: 55,
      cacheWrite1h: 0,
    });
  });

  it("splits writes by the ttl of each breakpoint and ignores prefixes below the minimum", () => {
    const cache = new PromptCache({ mode: "breakpoints", minTokens: 1024 });
    const req = [unit("tools", 2000, "1h"), unit("sys", 500, "5m"), unit("u", 10)];
    expect(cache.apply(req, words, t0, true)).toEqual({
      total: 2510,
      cacheRead: 0,
      cacheWrite5m: 500,
      cacheWrite1h: 2000,
    });
    const tiny = new PromptCache({ mode: "breakpoints" });
    expect(tiny.apply([unit("s", 100, "5m")], words, t0, true).cacheWrite5m).toBe(0);
  });

  it("expires 5-minute entries after 5 minutes but keeps 1-hour entries", () => {
    const cache = new PromptCache({ mode: "breakpoints" });
    cache.apply([unit("a", 2000, "1h"), unit("b", 2000, "5m")], words, t0, true);
    const again = [unit("a", 2000, "1h"), unit("b", 2000, "5m")];
    expect(cache.apply(again, words, later(6 * 60_000), false).cacheRead).toBe(2000);
  });

  it("never caches without breakpoints", () => {
    const cache = new PromptCache({ mode: "breakpoints" });
    cache.apply([unit("a", 5000)], words, t0, true);
    expect(cache.apply([unit("a", 5000)], words, t0, true)).toEqual({
      total: 5000,
      cacheRead: 0,
      cacheWrite5m: 0,
      cacheWrite1h: 0,
    });
  });
});

describe("cacheSettingsFor", () => {
  it("simulates a catalog promptCache policy: automatic, breakpoints or none", () => {
    expect(cacheSettingsFor({ mode: "automatic", minPrefixTokens: 64, ttls: [] })).toEqual({
      mode: "automatic",
      minTokens: 64,
      increment: 64,
    });
    expect(cacheSettingsFor({ mode: "explicit", minPrefixTokens: 4096, ttls: ["5m", "1h"] })).toEqual({
      mode: "breakpoints",
      minTokens: 4096,
    });
    expect(cacheSettingsFor(undefined)).toBe(false);
  });
});
