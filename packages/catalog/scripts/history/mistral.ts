import type { CuratedHistory, HistorySource } from "./types";

const src = (url: string, asOf: string, note?: string): HistorySource => ({
  url,
  asOf,
  ...(note ? { note } : {}),
});
const MODEL_BANK = (id: string, released: string) =>
  `npm model-bank@1.0.20260927202305 mistral card "${id}": releasedAt ${released}`;

/** Mistral (La Plateforme, USD). */
export const MISTRAL_HISTORY: Record<string, CuratedHistory> = {
  "mistral/mistral-large-2512": {
    launch: {
      at: "2025-12-02",
      source: src(
        "https://mistral.ai/news/mistral-3",
        "2025-12-02",
        `Mistral Large 3 (mistral-large-2512) at $0.50 / $1.50; ${MODEL_BANK("mistral-large-2512", "2025-12-02")}`,
      ),
    },
  },
  "mistral/mistral-medium-2505": {
    launch: {
      at: "2025-05-07",
      source: src("https://mistral.ai/news/mistral-medium-3", "2025-05-07", "Mistral Medium 3 at $0.40 / $2"),
    },
  },
  "mistral/mistral-small-2506": {
    // The dated model's own price, not mistral-small-latest's (which moved on to mistral-small-2603).
    versions: [
      {
        currency: "USD",
        effectiveFrom: "2025-06-20",
        input: "0.1",
        output: "0.3",
        source: src(
          "https://modelcompare.dev/zh-hans/models/mistral/small-2506",
          "2026-11-29",
          "mistral/small-2506 (Mistral Small 3.2), released 2025-06-20, $0.10 / $0.30 per million tokens; the same in aicoach.pw/marketplace/llm/mistral-small. genai-prices' separate 'mistral-small-3.2-24b-instruct' row ($0.075 / $0.20) sits among other hosts' figures in its Mistral list and no Mistral notice of a cut was found, so it is not used",
        ),
      },
    ],
  },
  "mistral/codestral-2508": {
    launch: {
      at: "2025-07-30",
      source: src(
        "https://mistral.ai/news/codestral-25-08",
        "2025-07-30",
        "Codestral 25.08 at $0.30 / $0.90 (genai-prices: released end of July 2025)",
      ),
    },
  },
  "mistral/ministral-8b-2410": {
    // genai-prices' 'ministral-8b' row has output $1, ten times the announced price: not used.
    versions: [
      {
        currency: "USD",
        effectiveFrom: "2024-10-16",
        input: "0.1",
        output: "0.1",
        source: src(
          "https://mistral.ai/news/ministraux",
          "2024-10-16",
          "Ministral 8B (ministral-8b-2410) at $0.10 per million tokens, input and output; genai-prices' 'ministral-8b' row ($0.10 / $1) disagrees on output and is not used",
        ),
      },
    ],
  },
  "mistral/mistral-medium-3.5": {
    versions: [
      {
        currency: "USD",
        effectiveFrom: "2026-04-29",
        input: "1.5",
        output: "7.5",
        source: src(
          "https://www.npmjs.com/package/model-bank/v/1.0.20260927202305",
          "2026-09-27",
          `${MODEL_BANK("mistral-medium-3.5", "2026-04-30")}: $1.50 / $7.50. Mistral released Medium 3.5 (API id mistral-medium-3.5) on 2026-04-29 at that price (https://dev.to/hassann/how-to-use-the-mistral-medium-35-api-2bh3, 2026-05-01); OpenRouter lists it as mistralai/mistral-medium-3-5 at $1.50 / $7.50 (genai-prices 2026-08-21). No cache-read price is sourced for Mistral's own API`,
        ),
      },
    ],
  },
};
