import type { CuratedHistory, HistorySource } from "./types";

const src = (url: string, asOf: string, note?: string): HistorySource => ({
  url,
  asOf,
  ...(note ? { note } : {}),
});
const MODEL_BANK = (id: string, released: string) =>
  `npm model-bank@1.0.20260927202305 google card "${id}": releasedAt ${released}`;
const launch = (at: string, url: string, note: string, asOf = at): CuratedHistory => ({
  launch: { at, source: src(url, asOf, note) },
});

/** Google Gemini API (paid tier, standard rates). */
export const GOOGLE_HISTORY: Record<string, CuratedHistory> = {
  "google/gemini-2.5-pro": launch(
    "2025-06-17",
    "https://developers.googleblog.com/en/gemini-2-5-thinking-model-updates/",
    "gemini-2.5-pro GA on 2025-06-17 at the preview's $1.25 / $10 (above 200K: $2.50 / $15)",
  ),
  "google/gemini-2.5-flash": launch(
    "2025-06-17",
    "https://developers.googleblog.com/en/gemini-2-5-thinking-model-updates/",
    "gemini-2.5-flash GA on 2025-06-17 at $0.30 / $2.50 (one price for thinking and non-thinking; the preview ids were priced apart)",
  ),
  "google/gemini-2.5-flash-lite": launch(
    "2025-07-22",
    "https://developers.googleblog.com/en/gemini-25-flash-lite-is-now-stable-and-generally-available/",
    "gemini-2.5-flash-lite stable and GA on 2025-07-22 at $0.10 / $0.40",
  ),
  "google/gemini-2.0-flash": launch(
    "2025-02-05",
    "https://developers.googleblog.com/en/gemini-2-family-expands/",
    "gemini-2.0-flash GA on 2025-02-05 at $0.10 / $0.40",
  ),
  "google/gemini-3-pro-preview": launch(
    "2025-11-18",
    "https://blog.google/products/gemini/gemini-3/",
    "gemini-3-pro-preview on 2025-11-18 at $2 / $12 (above 200K: $4 / $18)",
  ),
  "google/gemini-3-flash-preview": launch(
    "2025-12-17",
    "https://www.aifreeapi.com/en/posts/gemini-3-flash-api-price",
    `Gemini 3 Flash released 2025-12-17 at $0.50 / $3 (third-party guide quoting Google's pricing page); ${MODEL_BANK("gemini-3-flash-preview", "2025-12-17")}`,
    "2025-12-18",
  ),
  "google/gemini-3.1-pro-preview": launch(
    "2026-02-19",
    "https://www.npmjs.com/package/model-bank/v/1.0.20260927202305",
    `${MODEL_BANK("gemini-3.1-pro-preview", "2026-02-19")}; $2 / $12 (above 200K: $4 / $18) as genai-prices records it; already priced so by 2026-03-03 (https://awesomeagents.ai/news/gemini-3-1-flash-lite-preview-launch)`,
    "2026-09-27",
  ),
  "google/gemini-3.1-flash-lite": launch(
    "2026-05-07",
    "https://www.ai-primer.com/engineer/stories/google-releases-gemini-3-1-flash-lite-ga",
    `gemini-3.1-flash-lite GA (the preview id launched 2026-03-03 at the same $0.25 / $1.50); GA date ${MODEL_BANK("gemini-3.1-flash-lite", "2026-05-07")}`,
  ),
  "google/gemini-3.5-flash": launch(
    "2026-05-19",
    "https://tokenmix.ai/blog/gemini-3-5-pro-release-date-google-io-2026",
    `gemini-3.5-flash launched at Google I/O on 2026-05-19 at $1.50 / $9 (citing Google's Gemini API pricing page); ${MODEL_BANK("gemini-3.5-flash", "2026-05-19")}`,
    "2026-05-20",
  ),
  "google/gemini-3.5-flash-lite": launch(
    "2026-07-21",
    "https://www.npmjs.com/package/model-bank/v/1.0.20260927202305",
    `${MODEL_BANK("gemini-3.5-flash-lite", "2026-07-21")}, card price $0.30 / $2.50, cache read $0.03 (the same as genai-prices)`,
    "2026-09-27",
  ),
  "google/gemini-3.6-flash": launch(
    "2026-07-21",
    "https://www.npmjs.com/package/model-bank/v/1.0.20260927202305",
    `${MODEL_BANK("gemini-3.6-flash", "2026-07-21")}, card price $0.75 / $3.75, cache read $0.075 (the same standard rate genai-prices gives; Google's own pricing page is not in the stored copies)`,
    "2026-09-27",
  ),
};
