import type { CuratedHistory, HistorySource } from "./types";

const src = (url: string, asOf: string, note?: string): HistorySource => ({
  url,
  asOf,
  ...(note ? { note } : {}),
});
const launch = (at: string, url: string, note: string, asOf = at): CuratedHistory["launch"] => ({
  at,
  source: src(url, asOf, note),
});

/**
 * xAI. Long-context pricing applies to the whole request once it is above the threshold; xAI states the
 * threshold on the request's tokens, the catalog's tier reads it on the prompt (input + cache) tokens.
 * The cache-read rate above 128K is not given for Grok 4 / 4 Fast / 4.1 Fast, so their tiers keep the
 * base cache-read rate.
 */
const LONG_CONTEXT_128K =
  "above 128K tokens a request is billed at the higher-context prices (xAI's model pages; OpenRouter: 'Pricing increases once the total tokens in a given request is greater than 128k tokens')";
const FAST_TIERS = {
  tiers: [{ aboveInputTokens: 128_000, input: "0.4", cacheRead: "0.05", output: "1" }],
  source: src(
    "https://archive.fo/j06YR",
    "2025-10-21",
    `xAI models page (archived 2025-10-21): Grok 4 Fast / 4.1 Fast $0.40 / $1.00 ${LONG_CONTEXT_128K}; genai-prices' OpenRouter row x-ai/grok-4-fast has the same 128K tiers`,
  ),
};

export const XAI_HISTORY: Record<string, CuratedHistory> = {
  "xai/grok-4-0709": {
    launch: launch(
      "2025-07-09",
      "https://docs.x.ai/docs/models?cluster=us-east-1",
      "xAI models page: 'Grok 4 now available' (grok-4-0709) at $3 / $15, cached $0.75",
      "2025-07-10",
    ),
    tiers: {
      tiers: [{ aboveInputTokens: 128_000, input: "6", cacheRead: "0.75", output: "30" }],
      source: src(
        "https://agentsapis.com/grok-4-api/token-limit",
        "2025-07-15",
        `Grok 4 at $6 / $30 ${LONG_CONTEXT_128K}`,
      ),
    },
  },
  "xai/grok-4-1-fast-reasoning": {
    launch: launch(
      "2025-11-19",
      "https://x.ai/news/grok-4-1-fast",
      "Grok 4.1 Fast at $0.20 / $0.50, cached $0.05",
    ),
    tiers: FAST_TIERS,
  },
  "xai/grok-4-1-fast-non-reasoning": {
    launch: launch(
      "2025-11-19",
      "https://x.ai/news/grok-4-1-fast",
      "Grok 4.1 Fast at $0.20 / $0.50, cached $0.05",
    ),
    tiers: FAST_TIERS,
  },
  "xai/grok-4-fast-reasoning": {
    launch: launch(
      "2025-09-19",
      "https://x.ai/news/grok-4-fast",
      "Grok 4 Fast at $0.20 / $0.50, cached $0.05",
    ),
    tiers: FAST_TIERS,
  },
  "xai/grok-4-fast-non-reasoning": {
    launch: launch(
      "2025-09-19",
      "https://x.ai/news/grok-4-fast",
      "Grok 4 Fast at $0.20 / $0.50, cached $0.05",
    ),
    tiers: FAST_TIERS,
  },
  "xai/grok-3-mini": {
    launch: launch(
      "2025-04-09",
      "https://techcrunch.com/2025/04/09/elon-musks-ai-company-xai-launches-an-api-for-grok-3/",
      "xAI's API for Grok 3 and Grok 3 mini launched 2025-04-09; grok-3-mini $0.30 / $0.50",
    ),
  },
  "xai/grok-code-fast-1": {
    launch: launch(
      "2025-08-28",
      "https://x.ai/news/grok-code-fast-1",
      "grok-code-fast-1 at $0.20 / $1.50, cached $0.02",
    ),
  },
  "xai/grok-4.3": {
    launch: launch(
      "2026-04-30",
      "https://ai-tldr.dev/releases/xai-grok-4-3/",
      "Grok 4.3 in the xAI API from 2026-04-30 at $1.25 / $2.50, 'tiered pricing kicking in beyond 200k tokens per request'",
    ),
    tiers: {
      tiers: [{ aboveInputTokens: 200_000, input: "2.5", cacheRead: "0.4", output: "5" }],
      source: src(
        "https://www.npmjs.com/package/model-bank/v/1.0.20260927202305",
        "2026-09-27",
        'npm model-bank@1.0.20260927202305 xai card "grok-4.3" (releasedAt 2026-05-01): above 200K $2.50 / $5, cached $0.40; genai-prices records only the base rates',
      ),
    },
  },
  "xai/grok-4.5": {
    launch: launch(
      "2026-07-08",
      "https://www.npmjs.com/package/model-bank/v/1.0.20260927202305",
      'npm model-bank@1.0.20260927202305 xai card "grok-4.5": releasedAt 2026-07-08, $2 / $6, cached $0.50, 500,000 context (the same price as genai-prices)',
      "2026-09-27",
    ),
  },
};
