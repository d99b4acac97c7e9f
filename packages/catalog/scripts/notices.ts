/**
 * Dated price versions that are not in the copied price files, each from a public notice cited in
 * its `source`. Keyed by `provider/id`; the generator appends them to the versions read from the files.
 */

const APIYI_PEAK = "https://docs.apiyi.com/en/live/2026-08/deepseek-price-peak-tier.md";
const ALIAS_NOTICE =
  "https://winbuzzer.com/2026/07/03/deepseek-v4-may-add-peak-hour-pricing-to-its-api-xcxwbn/";

/**
 * DeepSeek from 2026-08-16 16:00 UTC: peak 01:00–04:00 and 06:00–10:00 UTC on weekdays, everything
 * else (and all weekend) off-peak at half the peak price. Written as the off-peak windows, multiplier 0.5.
 */
const DEEPSEEK_2026_OFF_PEAK = [
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

const SCHEME_2026_NOTE =
  "DeepSeek peak/off-peak scheme from 2026-08-16 16:00 UTC (third-party notice quoting " +
  "api-docs.deepseek.com/quick_start/pricing): base prices are the peak prices; off-peak is half.";

const flash2026 = {
  currency: "USD",
  effectiveFrom: "2026-08-16T16:00:00Z",
  input: "0.44",
  cacheRead: "0.014",
  output: "1.32",
  windows: DEEPSEEK_2026_OFF_PEAK,
};

export const NOTICE_VERSIONS: Record<string, Record<string, unknown>[]> = {
  "deepseek/deepseek-v4-flash": [
    { ...flash2026, source: { url: APIYI_PEAK, asOf: "2026-08-15", note: SCHEME_2026_NOTE } },
  ],
  "deepseek/deepseek-v4-pro": [
    {
      ...flash2026,
      input: "1.32",
      cacheRead: "0.044",
      output: "3.96",
      source: { url: APIYI_PEAK, asOf: "2026-08-15", note: SCHEME_2026_NOTE },
    },
  ],
  "deepseek/deepseek-chat": [
    {
      ...flash2026,
      source: {
        url: APIYI_PEAK,
        asOf: "2026-08-15",
        note: `${SCHEME_2026_NOTE} deepseek-chat is an alias of deepseek-v4-flash since 2026-07-24 (${ALIAS_NOTICE}) and is billed at its prices.`,
      },
    },
  ],
  "deepseek/deepseek-reasoner": [
    {
      ...flash2026,
      source: {
        url: APIYI_PEAK,
        asOf: "2026-08-15",
        note: `${SCHEME_2026_NOTE} deepseek-reasoner is an alias of deepseek-v4-flash (thinking) since 2026-07-24 (${ALIAS_NOTICE}) and is billed at its prices.`,
      },
    },
  ],
};

/** The 2025-02-26 DeepSeek off-peak scheme, named on the versions built from genai-prices' time constraints. */
export const DEEPSEEK_2025_NOTE =
  "DeepSeek off-peak scheme from 2025-02-26 16:30 UTC: 16:30–00:30 UTC at 50% (V3, deepseek-chat) / " +
  "25% (R1, deepseek-reasoner); standard and off-peak prices as recorded by genai-prices.";
