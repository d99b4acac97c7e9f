import type { CuratedHistory, CuratedVersion, HistorySource } from "./types";

/**
 * DeepSeek, rebuilt from DeepSeek's own pages where the stored copies have them (the pricing page
 * api-docs.deepseek.com/quick_start/pricing in its successive states, the change log
 * api-docs.deepseek.com/updates) and otherwise from the third-party copy named on the version.
 *
 * deepseek-chat and deepseek-reasoner are aliases: V2.5 → V3 (2024-12-26) → R1 (reasoner, 2025-01-20)
 * → V3.1 (2025-08-21) → V3.1-Terminus (2025-09-22) → V3.2-Exp (2025-09-29) → V3.2 (2025-12-01) →
 * DeepSeek-V4-Flash non-thinking / thinking (2026-04-24) until they became inaccessible after
 * 2026-07-24 15:59 UTC (see src/data/lifecycle.ts).
 */

const PRICING = "https://api-docs.deepseek.com/quick_start/pricing";
const src = (url: string, asOf: string, note: string): HistorySource => ({ url, asOf, note });

const ALL_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/** 2025-02-26 16:30 UTC – 2025-09-05 16:00 UTC: 16:30–00:30 UTC at the discount prices (V3 50%, R1 25%). */
const nightDiscount = (prices: { input: string; cacheRead: string; output: string }) => [
  { name: "off-peak", timezone: "UTC", days: ALL_DAYS, start: "16:30", end: "00:30", prices },
];
/**
 * From 2026-08-16 16:00 UTC: peak 01:00–04:00 and 06:00–10:00 UTC on weekdays, everything else (and all
 * weekend) off-peak at half the peak price. Written as off-peak windows with multiplier 0.5.
 */
const OFF_PEAK_2026 = [
  {
    name: "off-peak",
    timezone: "UTC",
    days: ["mon", "tue", "wed", "thu", "fri"],
    start: "00:00",
    end: "01:00",
    multiplier: "0.5",
  },
  {
    name: "off-peak",
    timezone: "UTC",
    days: ["mon", "tue", "wed", "thu", "fri"],
    start: "04:00",
    end: "06:00",
    multiplier: "0.5",
  },
  {
    name: "off-peak",
    timezone: "UTC",
    days: ["mon", "tue", "wed", "thu", "fri"],
    start: "10:00",
    end: "24:00",
    multiplier: "0.5",
  },
  {
    name: "off-peak",
    timezone: "UTC",
    days: ["sat", "sun"],
    start: "00:00",
    end: "24:00",
    multiplier: "0.5",
  },
];

const V3_PROMO = src(
  "https://share.apidog.com/apidoc/docs-site/747793/models-pricing-835236m0",
  "2025-02-06",
  "copy of DeepSeek's pricing page (modified 2025-02-06): 'From now until 2025-02-08 16:00 (UTC), all users can enjoy the discounted prices of DeepSeek API... DeepSeek-R1 is not included'; the discounted V3 prices $0.014 hit / $0.14 miss / $0.28 output (the V2.5 'historical rate') as quoted from that page by jlewsi.com/deepseek-v3; V3 released 2024-12-26 (DeepSeek news, LobeHub card releasedAt 2024-12-26)",
);
const STANDARD_2025 = src(
  "https://generator-hub.com/blog/6891",
  "2025-02-10",
  "copy of DeepSeek's pricing page after the V3 promotion: deepseek-chat $0.07 hit / $0.27 miss / $1.10 output; deepseek-reasoner $0.14 / $0.55 / $2.19",
);
const NIGHT_2025 = src(
  PRICING,
  "2025-08-21",
  "DeepSeek's pricing page (stored copy announcing the 2025-09-05 change): standard price UTC 00:30–16:30, discount price UTC 16:30–00:30 ($0.035 / $0.135 / $0.550 for both models), in force from 2025-02-26 16:30 UTC (DeepSeek's off-peak notice of 2025-02-26: 00:30–08:30 Beijing time, V3 at 50%, R1 at 25%)",
);
const UNIFIED_2025 = src(
  PRICING,
  "2025-08-21",
  "DeepSeek's pricing page: 'Starting from 16:00 UTC Time on Sept 5th, 2025, we will apply the following price list and cancel the nighttime discount': $0.07 hit / $0.56 miss / $1.68 output for deepseek-chat and deepseek-reasoner (DeepSeek-V3.1)",
);
const V32_EXP = src(
  "https://api-docs.deepseek.com/updates",
  "2025-12-01",
  "DeepSeek change log: 2025-09-29 both aliases upgraded to DeepSeek-V3.2-Exp, announced with 'API prices drop 50%+, effective immediately' (DeepSeek news 2025-09-29, as reported by skywork.ai); the new list $0.028 hit / $0.28 miss / $0.42 output as quoted by awesomeagents.ai/models/deepseek-v3-2; the hour of the change is not in the stored copies, so the version starts at 00:00 UTC that day",
);
const V4_LAUNCH = src(
  "https://tokenmix.ai/blog/deepseek-api-pricing",
  "2026-04-30",
  "V4 preview on 2026-04-24 (DeepSeek change log; deepseek-chat / deepseek-reasoner then map to DeepSeek-V4-Flash non-thinking / thinking); launch prices from DeepSeek's pricing page as quoted: V4-Flash $0.14 miss / $0.28 output, cache hit $0.028 (ten times the rate after the 2026-04-26 cut; tokenpricing.dev lists $0.028), V4-Pro list $1.74 / $3.48 / $0.145",
);
const CACHE_CUT = src(
  PRICING,
  "2026-05-22",
  "DeepSeek's pricing page (copy cached 2026-05-22 by bittide.aicompass.dev; quoted by tokenmix.ai and nerova.ai): cache-hit input prices of all models reduced to one-tenth of launch price from 2026-04-26 12:15 UTC; V4-Pro at a 75% discount (made permanent after 2026-05-31 15:59 UTC): $0.435 miss / $0.87 output / $0.003625 hit; V4-Flash $0.14 / $0.28 / $0.0028",
);
const SCHEME_2026 = src(
  "https://docs.apiyi.com/en/live/2026-08/deepseek-price-peak-tier.md",
  "2026-08-15",
  "third-party notice (APIYI, 2026-08-15) quoting api-docs.deepseek.com/quick_start/pricing: from 2026-08-16 16:00 UTC peak 01:00–04:00 and 06:00–10:00 UTC on weekdays, off-peak (all other hours, weekends) at half the peak price; peak V4-Flash $0.014 / $0.44 / $1.32, V4-Pro $0.044 / $1.32 / $3.96. DeepSeek's own page for this scheme is not in the stored copies",
);

const V41_FLASH = src(
  "https://apidog.com/jp/blog/deepseek-v4-1-flash-pricing",
  "2026-09-10",
  "DeepSeek-V4.1-Flash GA on 2026-09-10; rates 'from DeepSeek's pricing page, checked on 2026-09-10', effective 2026-09-10 04:00 UTC: peak $0.006 hit / $0.30 miss / $1.20 output, off-peak half, peak hours unchanged. DeepSeek's own Chinese pricing page (api-docs.deepseek.com/zh-cn/quick_start/pricing, stored copy, undated, naming DeepSeek-V4.1-Flash-1017) says the legacy id deepseek-v4-flash is still callable, its requests served by DeepSeek-V4.1-Flash and billed at the Flash price",
);

const usd = (
  effectiveFrom: string,
  input: string,
  cacheRead: string,
  output: string,
  source: HistorySource,
  windows?: Record<string, unknown>[],
): CuratedVersion => ({
  currency: "USD",
  effectiveFrom,
  input,
  cacheRead,
  output,
  ...(windows ? { windows } : {}),
  source,
});

/** V3.1 unification → V3.2-Exp cut → V4-Flash alias, shared by both aliases. */
const unifiedAfter2025 = (): CuratedVersion[] => [
  usd("2025-09-05T16:00:00Z", "0.56", "0.07", "1.68", UNIFIED_2025),
  usd("2025-09-29T00:00:00Z", "0.28", "0.028", "0.42", V32_EXP),
  usd("2026-04-24T00:00:00Z", "0.14", "0.028", "0.28", V4_LAUNCH),
  usd("2026-04-26T12:15:00Z", "0.14", "0.0028", "0.28", CACHE_CUT),
];
const NIGHT = { input: "0.135", cacheRead: "0.035", output: "0.55" };

export const DEEPSEEK_HISTORY: Record<string, CuratedHistory> = {
  "deepseek/deepseek-chat": {
    versions: [
      usd("2024-12-26T00:00:00Z", "0.14", "0.014", "0.28", V3_PROMO),
      usd("2025-02-08T16:00:00Z", "0.27", "0.07", "1.1", STANDARD_2025),
      usd("2025-02-26T16:30:00Z", "0.27", "0.07", "1.1", NIGHT_2025, nightDiscount(NIGHT)),
      ...unifiedAfter2025(),
    ],
  },
  "deepseek/deepseek-reasoner": {
    versions: [
      usd(
        "2025-01-20T00:00:00Z",
        "0.55",
        "0.14",
        "2.19",
        src(
          "https://api-docs.deepseek.com/news/news250120",
          "2025-01-20",
          "DeepSeek-R1 release (deepseek-reasoner) at $0.14 hit / $0.55 miss / $2.19 output, not part of the V3 promotion (pricing-page copy at share.apidog.com, modified 2025-02-06)",
        ),
      ),
      usd("2025-02-26T16:30:00Z", "0.55", "0.14", "2.19", NIGHT_2025, nightDiscount(NIGHT)),
      ...unifiedAfter2025(),
    ],
  },
  "deepseek/deepseek-v4-flash": {
    versions: [
      usd("2026-04-24T00:00:00Z", "0.14", "0.028", "0.28", V4_LAUNCH),
      usd("2026-04-26T12:15:00Z", "0.14", "0.0028", "0.28", CACHE_CUT),
      usd("2026-08-16T16:00:00Z", "0.44", "0.014", "1.32", SCHEME_2026, OFF_PEAK_2026),
      usd("2026-09-10T04:00:00Z", "0.3", "0.006", "1.2", V41_FLASH, OFF_PEAK_2026),
    ],
  },
  "deepseek/deepseek-v4-pro": {
    versions: [
      usd("2026-04-24T00:00:00Z", "1.74", "0.145", "3.48", V4_LAUNCH),
      usd("2026-04-26T12:15:00Z", "0.435", "0.003625", "0.87", {
        ...CACHE_CUT,
        note: `${CACHE_CUT.note}. The start of the 75% V4-Pro discount is not dated on the page copy (tokenmix.ai: applied since 2026-04-26); it is modelled from the cache cut`,
      }),
      usd("2026-08-16T16:00:00Z", "1.32", "0.044", "3.96", SCHEME_2026, OFF_PEAK_2026),
    ],
  },
};
