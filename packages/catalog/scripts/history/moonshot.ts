import type { CuratedHistory, HistorySource } from "./types";

const src = (url: string, asOf: string, note?: string): HistorySource => ({
  url,
  asOf,
  ...(note ? { note } : {}),
});

/** Moonshot AI, international platform (USD). */
export const MOONSHOT_HISTORY: Record<string, CuratedHistory> = {
  "moonshot-intl/kimi-k2-0711-preview": {
    launch: {
      at: "2025-07-11",
      source: src(
        "https://moonshotai.github.io/Kimi-K2/",
        "2025-07-11",
        "Kimi K2 release (kimi-k2-0711-preview): $0.15 cache hit / $0.60 cache miss / $2.50 output per million tokens",
      ),
    },
  },
  "moonshot-intl/kimi-k2-0905-preview": {
    launch: {
      at: "2025-09-05",
      source: src(
        "https://platform.moonshot.ai/docs/pricing/chat",
        "2025-09-05",
        "kimi-k2-0905-preview released 2025-09-05 at kimi-k2-0711-preview's price",
      ),
    },
  },
  "moonshot-intl/kimi-k2-thinking": {
    launch: {
      at: "2025-11-06",
      source: src(
        "https://moonshotai.github.io/Kimi-K2/thinking.html",
        "2025-11-06",
        "Kimi K2 Thinking released 2025-11-06; kimi-k2-thinking at K2's $0.60 / $2.50, cached $0.15",
      ),
    },
  },
  "moonshot-intl/kimi-k2-thinking-turbo": {
    launch: {
      at: "2025-11-06",
      source: src(
        "https://moonshotai.github.io/Kimi-K2/thinking.html",
        "2025-11-06",
        "released with kimi-k2-thinking; the turbo id at $1.15 / $8, cached $0.15",
      ),
    },
  },
  "moonshot-intl/kimi-k2.5": {
    launch: {
      at: "2026-01-27",
      source: src(
        "https://www.npmjs.com/package/model-bank/v/1.0.20260927202305",
        "2026-09-27",
        'npm model-bank@1.0.20260927202305 hunyuan card "kimi-k2.5": releasedAt 2026-01-27 (Moonshot\'s own release date); price $0.60 / $3, cached $0.10 as genai-prices records it for the international platform',
      ),
    },
  },
};
