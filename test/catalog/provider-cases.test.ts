/**
 * Provider-documented pricing cases, priced with core's costOf against the built-in catalog. Every
 * expected amount is computed by hand from the cited prices (per million tokens):
 *
 * Qwen qwen3-max (CNY, model-bank 2026-09-27, input-length bands): ≤32K in 2.5 / out 10;
 *   32K–128K in 4 / out 16; >128K in 7 / out 28 — the band of the whole prompt prices the whole request.
 * DeepSeek (USD, rebuilt from DeepSeek's own pages: packages/catalog/scripts/history/deepseek.ts):
 *   deepseek-chat: V3 promotion until 2025-02-08 16:00 UTC in 0.14 / cache 0.014 / out 0.28; then
 *     in 0.27 / cache 0.07 / out 1.1; from 2025-02-26 16:30 UTC off-peak 16:30–00:30 UTC at 0.135 /
 *     0.035 / 0.55 (50%). deepseek-reasoner (R1) 0.55 / 0.14 / 2.19, the same off-peak prices (25%).
 *   both from 2025-09-05 16:00 UTC 0.56 / 0.07 / 1.68, no night discount; from 2025-09-29 (V3.2-Exp)
 *     0.28 / 0.028 / 0.42; from 2026-04-24 (aliases of V4-Flash) 0.14 / 0.028 / 0.28, cache 0.0028
 *     from 2026-04-26 12:15 UTC; retired 2026-07-24.
 *   deepseek-v4-flash from 2026-08-16 16:00 UTC (APIYI notice): peak 01:00–04:00 and 06:00–10:00 UTC
 *     on weekdays in 0.44 / cache 0.014 / out 1.32; off-peak (other hours, weekends) half of that;
 *     from 2026-09-10 04:00 UTC billed as V4.1-Flash (DeepSeek's pricing page): peak 0.30 / 0.006 / 1.20.
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

describe("DeepSeek prices through its history: promotion, night discount, unification, cuts, peak hours (USD)", () => {
  // 20000 cache-miss input, 10000 cache-hit input, 1000 output
  const usage = makeUsage({ input: 20_000, cacheRead: 10_000, output: 1_000 });

  it.each<[string, string, string | null, string]>([
    // V3 promotion: 20000×0.14 + 10000×0.014 + 1000×0.28 = 0.0028 + 0.00014 + 0.00028
    ["2025-01-15T12:00:00Z", "0.00322", null, "V3 launch promotion"],
    // after it: 20000×0.27 + 10000×0.07 + 1000×1.1 = 0.0054 + 0.0007 + 0.0011
    ["2025-02-08T16:00:00Z", "0.0072", null, "first minute after the promotion"],
    ["2025-03-04T12:00:00Z", "0.0072", null, "standard, Tuesday noon"],
    // night discount: 20000×0.135 + 10000×0.035 + 1000×0.55 = 0.0027 + 0.00035 + 0.00055
    ["2025-03-04T17:00:00Z", "0.0036", "off-peak", "off-peak from 16:30"],
    ["2025-03-05T00:15:00Z", "0.0036", "off-peak", "off-peak past midnight until 00:30"],
    ["2025-03-05T00:30:00Z", "0.0072", null, "standard again at 00:30"],
    ["2025-09-05T15:59:00Z", "0.0072", null, "last minute of the 2025-02 scheme"],
    // V3.1 unified price: 20000×0.56 + 10000×0.07 + 1000×1.68 = 0.0112 + 0.0007 + 0.00168
    ["2025-09-05T17:00:00Z", "0.01358", null, "the night discount is gone"],
    // V3.2-Exp cut: 20000×0.28 + 10000×0.028 + 1000×0.42 = 0.0056 + 0.00028 + 0.00042
    ["2025-10-01T12:00:00Z", "0.0063", null, "after the V3.2-Exp cut"],
    // alias of V4-Flash: 20000×0.14 + 10000×0.028 + 1000×0.28 = 0.0028 + 0.00028 + 0.00028
    ["2026-04-25T12:00:00Z", "0.00336", null, "V4-Flash launch price"],
    // cache hit cut to 1/10: 0.0028 + 10000×0.0028 (0.000028) + 0.00028
    ["2026-07-23T12:00:00Z", "0.003108", null, "the last full day before retirement"],
  ])("deepseek-chat at %s → %s USD (%s: %s)", (iso, total, window) => {
    expect(price("deepseek/deepseek-chat", usage, iso)).toMatchObject({ total, currency: "USD", window });
  });

  it("deepseek-reasoner: R1 at list price, then at 25% off-peak under the 2025-02 scheme", () => {
    // R1 had no promotion: 20000×0.55 + 10000×0.14 + 1000×2.19 = 0.011 + 0.0014 + 0.00219
    expect(price("deepseek/deepseek-reasoner", usage, "2025-02-01T12:00:00Z").total).toBe("0.01459");
    expect(price("deepseek/deepseek-reasoner", usage, "2025-03-04T12:00:00Z").total).toBe("0.01459");
    expect(price("deepseek/deepseek-reasoner", usage, "2025-03-04T17:00:00Z").total).toBe("0.0036");
  });

  it.each<[string, string, string | null, string]>([
    // before the scheme: 20000×0.14 + 10000×0.0028 + 1000×0.28
    ["2026-08-16T15:59:00Z", "0.003108", null, "last minute before the 2026 scheme"],
    // 2026 scheme: off-peak = half of 20000×0.44 + 10000×0.014 + 1000×1.32 = 0.01026 / 2
    ["2026-08-16T16:00:00Z", "0.00513", "off-peak", "first minute of the 2026 scheme (Sunday: off-peak)"],
    // peak: 0.0088 + 0.00014 + 0.00132
    ["2026-09-01T02:00:00Z", "0.01026", null, "Tuesday 02:00, peak"],
    ["2026-09-01T05:00:00Z", "0.00513", "off-peak", "Tuesday 05:00, between the peaks"],
    ["2026-09-01T09:59:00Z", "0.01026", null, "Tuesday 09:59, peak"],
    ["2026-09-01T10:00:00Z", "0.00513", "off-peak", "Tuesday 10:00, off-peak"],
    ["2026-09-05T02:00:00Z", "0.00513", "off-peak", "Saturday 02:00, weekend off-peak"],
    ["2026-09-10T03:59:00Z", "0.01026", null, "Thursday 03:59, the last peak minute at the V4-Flash rate"],
    // billed as V4.1-Flash: 20000×0.30 + 10000×0.006 + 1000×1.20 = 0.006 + 0.00006 + 0.0012
    ["2026-09-10T02:00:00Z", "0.01026", null, "Thursday 02:00, still the V4-Flash rate"],
    ["2026-09-14T02:00:00Z", "0.00726", null, "Monday 02:00, peak at the V4.1-Flash rate"],
    ["2026-09-14T05:00:00Z", "0.00363", "off-peak", "Monday 05:00, off-peak at the V4.1-Flash rate"],
  ])("deepseek-v4-flash at %s → %s USD (%s: %s)", (iso, total, window) => {
    expect(price("deepseek/deepseek-v4-flash", usage, iso)).toMatchObject({ total, currency: "USD", window });
  });

  it("deepseek-v4-pro: launch list price, the 75% discount, the 2026-08-16 rise", () => {
    // launch: 20000×1.74 + 10000×0.145 + 1000×3.48 = 0.0348 + 0.00145 + 0.00348
    expect(price("deepseek/deepseek-v4-pro", usage, "2026-04-25T12:00:00Z").total).toBe("0.03973");
    // discounted: 20000×0.435 + 10000×0.003625 + 1000×0.87 = 0.0087 + 0.00003625 + 0.00087
    expect(price("deepseek/deepseek-v4-pro", usage, "2026-08-14T02:00:00Z").total).toBe("0.00960625");
    // after, peak: 20000×1.32 + 10000×0.044 + 1000×3.96 = 0.0264 + 0.00044 + 0.00396
    expect(price("deepseek/deepseek-v4-pro", usage, "2026-09-01T02:00:00Z").total).toBe("0.0308");
  });
});
