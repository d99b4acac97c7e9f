/**
 * Provider-documented pricing cases, priced with core's costOf against the built-in catalog. Every
 * expected amount is computed by hand from the cited prices (per million tokens):
 *
 * Qwen qwen3-max (CNY, model-bank 2026-09-27, input-length bands): ≤32K in 2.5 / out 10;
 *   32K–128K in 4 / out 16; >128K in 7 / out 28 — the band of the whole prompt prices the whole request.
 * DeepSeek deepseek-chat (USD):
 *   2025-02-26 scheme (genai-prices): standard 00:30–16:30 UTC in 0.27 / cache 0.07 / out 1.1;
 *     off-peak 16:30–00:30 UTC in 0.135 / cache 0.035 / out 0.55 (50%). deepseek-reasoner standard
 *     0.55 / 0.14 / 2.19, off-peak 0.135 / 0.035 / 0.55 (25%).
 *   from 2026-08-16 16:00 UTC (APIYI notice): peak 01:00–04:00 and 06:00–10:00 UTC on weekdays
 *     in 0.44 / cache 0.014 / out 1.32; off-peak (other hours, weekends) half of that.
 */
import { createCatalog } from "@tokenwise/catalog";
import { costOf, makeUsage, moneyToDecimal, type Usage } from "@tokenwise/core";
import { describe, expect, it } from "vitest";

const catalog = createCatalog({ now: () => new Date("2026-11-27T12:00:00Z") });

function price(key: string, usage: Usage, iso: string) {
  const at = new Date(iso);
  const cost = costOf(usage, catalog.priceAt(key, at), { at });
  return { total: moneyToDecimal(cost.total), currency: cost.currency, tier: cost.tier, window: cost.window };
}

describe("Qwen qwen3-max input-length bands (CNY)", () => {
  const at = "2026-11-27T12:00:00Z";
  const out = 1_000;
  it.each([
    // input, band, hand-computed total
    [32_000, null, "0.09"], // 32000×2.5/1e6 + 1000×10/1e6 = 0.08 + 0.01
    [32_001, 32_000, "0.144004"], // 32001×4/1e6 + 1000×16/1e6 = 0.128004 + 0.016
    [128_000, 32_000, "0.528"], // 128000×4/1e6 + 0.016 = 0.512 + 0.016
    [128_001, 128_000, "0.924007"], // 128001×7/1e6 + 1000×28/1e6 = 0.896007 + 0.028
  ])("input %i tokens → band %s, %s CNY", (input, tier, total) => {
    expect(price("qwen/qwen3-max", makeUsage({ input, output: out }), at)).toEqual({
      total,
      currency: "CNY",
      tier,
      window: null,
    });
  });

  it("bands the cached part of the prompt too (cache reads count toward the band)", () => {
    // 20000 input + 20000 cache read = 40000 > 32K: 20000×4/1e6 + 20000×0.8/1e6 + 1000×16/1e6
    expect(
      price("qwen/qwen3-max", makeUsage({ input: 20_000, cacheRead: 20_000, output: 1_000 }), at).total,
    ).toBe("0.112");
  });
});

describe("DeepSeek time-of-day prices, before and after 2026-08-16 16:00 UTC (USD)", () => {
  // 20000 cache-miss input, 10000 cache-hit input, 1000 output
  const usage = makeUsage({ input: 20_000, cacheRead: 10_000, output: 1_000 });

  it.each<[string, string, string | null, string]>([
    // 2025 scheme: 20000×0.27 + 10000×0.07 + 1000×1.1 = 0.0054 + 0.0007 + 0.0011
    ["2026-03-03T12:00:00Z", "0.0072", null, "standard, Tuesday noon"],
    // 20000×0.135 + 10000×0.035 + 1000×0.55 = 0.0027 + 0.00035 + 0.00055
    ["2026-03-03T17:00:00Z", "0.0036", "off-peak", "off-peak from 16:30"],
    ["2026-03-04T00:15:00Z", "0.0036", "off-peak", "off-peak past midnight until 00:30"],
    ["2026-03-04T00:30:00Z", "0.0072", null, "standard again at 00:30"],
    ["2026-08-16T15:59:00Z", "0.0072", null, "last minute of the 2025 scheme (Sunday, standard hours)"],
    // 2026 scheme: off-peak = half of 20000×0.44 + 10000×0.014 + 1000×1.32 = 0.01026 / 2
    ["2026-08-16T16:00:00Z", "0.00513", "off-peak", "first minute of the 2026 scheme (Sunday: off-peak)"],
    // peak: 0.0088 + 0.00014 + 0.00132
    ["2026-09-01T02:00:00Z", "0.01026", null, "Tuesday 02:00, peak"],
    ["2026-09-01T05:00:00Z", "0.00513", "off-peak", "Tuesday 05:00, between the peaks"],
    ["2026-09-01T09:59:00Z", "0.01026", null, "Tuesday 09:59, peak"],
    ["2026-09-01T10:00:00Z", "0.00513", "off-peak", "Tuesday 10:00, off-peak"],
    ["2026-09-05T02:00:00Z", "0.00513", "off-peak", "Saturday 02:00, weekend off-peak"],
  ])("deepseek-chat at %s → %s USD (%s: %s)", (iso, total, window) => {
    expect(price("deepseek/deepseek-chat", usage, iso)).toMatchObject({ total, currency: "USD", window });
  });

  it("deepseek-reasoner: R1 at 25% off-peak under the 2025 scheme", () => {
    // standard: 20000×0.55 + 10000×0.14 + 1000×2.19 = 0.011 + 0.0014 + 0.00219
    expect(price("deepseek/deepseek-reasoner", usage, "2026-03-03T12:00:00Z").total).toBe("0.01459");
    expect(price("deepseek/deepseek-reasoner", usage, "2026-03-03T17:00:00Z").total).toBe("0.0036");
  });

  it("deepseek-v4-pro: the 2026-08-16 rise (0.435 → 1.32 peak input)", () => {
    // before: 20000×0.435 + 10000×0.003625 + 1000×0.87 = 0.0087 + 0.00003625 + 0.00087
    expect(price("deepseek/deepseek-v4-pro", usage, "2026-08-14T02:00:00Z").total).toBe("0.00960625");
    // after, peak: 20000×1.32 + 10000×0.044 + 1000×3.96 = 0.0264 + 0.00044 + 0.00396
    expect(price("deepseek/deepseek-v4-pro", usage, "2026-09-01T02:00:00Z").total).toBe("0.0308");
  });
});
