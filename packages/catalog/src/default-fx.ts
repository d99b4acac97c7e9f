import type { FxTable } from "@tokenwise/core";

/**
 * The built-in FX table: dated official reference rates, each with its source. Rates are quoted as
 * 1 `base` = `rate` `quote`; core's `findFxRate` uses the newest rate dated on or before the instant
 * priced, in either direction.
 *
 * - USD/CNY: the CFETS (China Foreign Exchange Trade System, for the PBOC) central parity rate.
 * - EUR/USD and EUR/CNY: the ECB euro foreign exchange reference rates.
 */
export const defaultFx: FxTable = {
  rates: [
    {
      base: "USD",
      quote: "CNY",
      rate: "7.1286",
      date: "2024-10-24",
      source:
        "CFETS central parity rate, 2024-10-24 (reported by MENAFN: https://menafn.com/1108816106/Chinas-yuan-shows-weakening-against-US-dollar-on-Thursday)",
    },
    {
      base: "USD",
      quote: "CNY",
      rate: "7.0197",
      date: "2026-01-08",
      source:
        "CFETS central parity rate, 2026-01-08 (reported by MENAFN: https://menafn.com/1110571586/Chinese-Yuan-Edges-Down-Against-US-Dollar)",
    },
    {
      base: "EUR",
      quote: "USD",
      rate: "1.1761",
      date: "2026-05-08",
      source:
        "ECB euro reference rate, 2026-05-08 (https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml)",
    },
    {
      base: "EUR",
      quote: "CNY",
      rate: "7.9989",
      date: "2026-05-08",
      source:
        "ECB euro reference rate, 2026-05-08 (https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml)",
    },
  ],
};
