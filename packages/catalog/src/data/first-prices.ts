// Hand-maintained: the first public price date of every built-in model, with where it is stated.
// `price-history.test.ts` checks that each model's first price version starts on or before it, and
// that every model is either here or in FIRST_PRICE_EXCEPTIONS with a reason. Kept apart from the
// curated history (packages/catalog/scripts/history/) on purpose: this is the claim the data is tested against.

/** The first day a model's price was public (`date`, YYYY-MM-DD, or an ISO instant), and where it says so. */
export interface FirstPrice {
  date: string;
  source: string;
}

/** A model whose history does not reach back to its first public price, and why. */
export interface FirstPriceException {
  /** Where the catalog's history starts instead (the first version's `effectiveFrom`). */
  historyFrom: string;
  /** The first public date where one is recorded, though its price there is not sourced. */
  firstPublic?: string;
  reason: string;
}

const OPENAI_DEV = "https://openai.com/index/introducing-gpt-5-for-developers/";
const GPT_41 = "https://openai.com/index/gpt-4-1/";
const O3_O4 = "https://openai.com/index/introducing-o3-and-o4-mini/";
const GPT_54_SMALL =
  "https://community.openai.com/t/introducing-gpt-5-4-mini-and-nano-our-most-capable-small-models-yet/1377015";
const GPT_56 = "https://apimaster.ai/blog/gpt-56-sol-terra-luna-preview-2026";
const MODEL_BANK = "https://www.npmjs.com/package/model-bank/v/1.0.20260927202305 (card releasedAt)";
const GEMINI_25 = "https://developers.googleblog.com/en/gemini-2-5-thinking-model-updates/";
const DEEPSEEK_V4 = "https://api-docs.deepseek.com/updates (V4 preview, 2026-04-24)";
const GROK_41_FAST = "https://x.ai/news/grok-4-1-fast";
const GROK_4_FAST = "https://x.ai/news/grok-4-fast";
const KIMI_THINKING = "https://moonshotai.github.io/Kimi-K2/thinking.html";

export const FIRST_PRICES: Readonly<Record<string, FirstPrice>> = {
  "openai/gpt-4o": { date: "2024-05-13", source: "https://openai.com/index/hello-gpt-4o/" },
  "openai/gpt-4o-mini": {
    date: "2024-07-18",
    source: "https://openai.com/index/gpt-4o-mini-advancing-cost-efficient-intelligence/",
  },
  "openai/gpt-4.1": { date: "2025-04-14", source: GPT_41 },
  "openai/gpt-4.1-mini": { date: "2025-04-14", source: GPT_41 },
  "openai/gpt-4.1-nano": { date: "2025-04-14", source: GPT_41 },
  "openai/o3": { date: "2025-04-16", source: O3_O4 },
  "openai/o3-mini": { date: "2025-01-31", source: "https://openai.com/index/openai-o3-mini/" },
  "openai/o4-mini": { date: "2025-04-16", source: O3_O4 },
  "openai/o1": { date: "2024-12-17", source: "https://openai.com/index/o1-and-new-tools-for-developers/" },
  "openai/gpt-5": { date: "2025-08-07", source: OPENAI_DEV },
  "openai/gpt-5-mini": { date: "2025-08-07", source: OPENAI_DEV },
  "openai/gpt-5-nano": { date: "2025-08-07", source: OPENAI_DEV },
  "openai/gpt-5.1": { date: "2025-11-13", source: "https://openai.com/index/gpt-5-1-for-developers/" },
  "openai/gpt-5.2": { date: "2025-12-11", source: "https://openai.com/index/introducing-gpt-5-2/" },
  "openai/gpt-5.4": { date: "2026-03-05", source: "https://developers.openai.com/api/docs/models/gpt-5.4" },
  "openai/gpt-5.4-mini": { date: "2026-03-17", source: GPT_54_SMALL },
  "openai/gpt-5.4-nano": { date: "2026-03-17", source: GPT_54_SMALL },
  "openai/gpt-5.5": { date: "2026-04-23", source: "https://tokenmix.ai/blog/gpt-5-5-release-date-spud" },
  "openai/gpt-5.6-sol": { date: "2026-06-26", source: GPT_56 },
  "openai/gpt-5.6-terra": { date: "2026-06-26", source: GPT_56 },
  "openai/gpt-5.6-luna": { date: "2026-06-26", source: GPT_56 },
  "openai/gpt-4-turbo": {
    date: "2024-04-09",
    source: "https://platform.openai.com/docs/models/gpt-4-turbo-and-gpt-4",
  },

  "anthropic/claude-opus-4-5": {
    date: "2025-11-24",
    source: "https://www.anthropic.com/news/claude-opus-4-5",
  },
  "anthropic/claude-sonnet-4-5": {
    date: "2025-09-29",
    source: "https://www.anthropic.com/news/claude-sonnet-4-5",
  },
  "anthropic/claude-haiku-4-5": {
    date: "2025-10-15",
    source: "https://www.anthropic.com/news/claude-haiku-4-5",
  },
  "anthropic/claude-sonnet-4-0": { date: "2025-05-22", source: "https://www.anthropic.com/news/claude-4" },
  "anthropic/claude-opus-4-1": {
    date: "2025-08-05",
    source: "https://www.anthropic.com/news/claude-opus-4-1",
  },
  "anthropic/claude-opus-4-6": {
    date: "2026-02-05",
    source: "https://infocafe.site/article/the-rewritings-rules",
  },
  "anthropic/claude-sonnet-4-6": {
    date: "2026-02-17",
    source: "https://the-ledger.net/events/anthropic-claude-sonnet-4-6-release/",
  },
  "anthropic/claude-opus-4-7": {
    date: "2026-04-16",
    source: "https://allthings.how/claude-opus-4-7-system-card-key-findings-and-benchmarks/",
  },
  "anthropic/claude-opus-4-8": {
    date: "2026-05-28",
    source: "https://24-ai.news/en/news/2026-05-28/anthropic-claude-opus-4-8/",
  },
  "anthropic/claude-opus-5": { date: "2026-07-24", source: MODEL_BANK },
  "anthropic/claude-sonnet-5": {
    date: "2026-06-30",
    source: "https://platform.claude.com/docs/en/about-claude/models/whats-new-sonnet-5",
  },

  "google/gemini-2.0-flash": {
    date: "2025-02-05",
    source: "https://developers.googleblog.com/en/gemini-2-family-expands/",
  },
  "google/gemini-2.5-pro": { date: "2025-06-17", source: GEMINI_25 },
  "google/gemini-2.5-flash": { date: "2025-06-17", source: GEMINI_25 },
  "google/gemini-2.5-flash-lite": {
    date: "2025-07-22",
    source:
      "https://developers.googleblog.com/en/gemini-25-flash-lite-is-now-stable-and-generally-available/",
  },
  "google/gemini-3-pro-preview": {
    date: "2025-11-18",
    source: "https://blog.google/products/gemini/gemini-3/",
  },
  "google/gemini-3-flash-preview": {
    date: "2025-12-17",
    source: "https://www.aifreeapi.com/en/posts/gemini-3-flash-api-price",
  },
  "google/gemini-3.1-pro-preview": { date: "2026-02-19", source: MODEL_BANK },
  "google/gemini-3.1-flash-lite": {
    date: "2026-05-07",
    source: "https://www.ai-primer.com/engineer/stories/google-releases-gemini-3-1-flash-lite-ga",
  },
  "google/gemini-3.5-flash": {
    date: "2026-05-19",
    source: "https://tokenmix.ai/blog/gemini-3-5-pro-release-date-google-io-2026",
  },
  "google/gemini-3.5-flash-lite": { date: "2026-07-21", source: MODEL_BANK },
  "google/gemini-3.6-flash": { date: "2026-07-21", source: MODEL_BANK },

  "deepseek/deepseek-reasoner": {
    date: "2025-01-20",
    source: "https://api-docs.deepseek.com/news/news250120",
  },
  "deepseek/deepseek-v4-flash": { date: "2026-04-24", source: DEEPSEEK_V4 },
  "deepseek/deepseek-v4-pro": { date: "2026-04-24", source: DEEPSEEK_V4 },

  "mistral/ministral-8b-2410": { date: "2024-10-16", source: "https://mistral.ai/news/ministraux" },
  "mistral/mistral-medium-2505": { date: "2025-05-07", source: "https://mistral.ai/news/mistral-medium-3" },
  "mistral/mistral-small-2506": {
    date: "2025-06-20",
    source: "https://modelcompare.dev/zh-hans/models/mistral/small-2506",
  },
  "mistral/codestral-2508": { date: "2025-07-30", source: "https://mistral.ai/news/codestral-25-08" },
  "mistral/mistral-large-2512": { date: "2025-12-02", source: "https://mistral.ai/news/mistral-3" },
  "mistral/mistral-medium-3.5": {
    date: "2026-04-29",
    source: "https://dev.to/hassann/how-to-use-the-mistral-medium-35-api-2bh3",
  },

  "xai/grok-3-mini": {
    date: "2025-04-09",
    source: "https://techcrunch.com/2025/04/09/elon-musks-ai-company-xai-launches-an-api-for-grok-3/",
  },
  "xai/grok-4-0709": { date: "2025-07-09", source: "https://docs.x.ai/docs/models?cluster=us-east-1" },
  "xai/grok-code-fast-1": { date: "2025-08-28", source: "https://x.ai/news/grok-code-fast-1" },
  "xai/grok-4-fast-reasoning": { date: "2025-09-19", source: GROK_4_FAST },
  "xai/grok-4-fast-non-reasoning": { date: "2025-09-19", source: GROK_4_FAST },
  "xai/grok-4-1-fast-reasoning": { date: "2025-11-19", source: GROK_41_FAST },
  "xai/grok-4-1-fast-non-reasoning": { date: "2025-11-19", source: GROK_41_FAST },
  "xai/grok-4.3": { date: "2026-04-30", source: "https://ai-tldr.dev/releases/xai-grok-4-3/" },
  "xai/grok-4.5": { date: "2026-07-08", source: MODEL_BANK },

  "moonshot-intl/kimi-k2-0711-preview": {
    date: "2025-07-11",
    source: "https://moonshotai.github.io/Kimi-K2/",
  },
  "moonshot-intl/kimi-k2-0905-preview": {
    date: "2025-09-05",
    source: "https://platform.moonshot.ai/docs/pricing/chat",
  },
  "moonshot-intl/kimi-k2-thinking": { date: "2025-11-06", source: KIMI_THINKING },
  "moonshot-intl/kimi-k2-thinking-turbo": { date: "2025-11-06", source: KIMI_THINKING },
  "moonshot-intl/kimi-k2.5": { date: "2026-01-27", source: MODEL_BANK },
};

/** A CNY model priced only from the model-bank snapshot. */
const bankOnly = (firstPublic?: string): FirstPriceException => ({
  historyFrom: "2026-09-27",
  ...(firstPublic ? { firstPublic } : {}),
  reason: `Priced only from the model-bank snapshot of 2026-09-27 (npm model-bank@1.0.20260927202305)${
    firstPublic ? `; released ${firstPublic} (the card's releasedAt)` : "; no release date recorded"
  }. No dated copy of the provider's CNY price list from before the snapshot is in the stored copies, so the price in force from release to the snapshot is not sourced and no earlier version is added.`,
});

export const FIRST_PRICE_EXCEPTIONS: Readonly<Record<string, FirstPriceException>> = {
  "openai/gpt-3.5-turbo": {
    historyFrom: "2026-08-21",
    firstPublic: "2023-03-01",
    reason:
      "The gpt-3.5-turbo alias launched on 2023-03-01 and moved through the 0301, 0613, 1106 and 0125 snapshots at different prices; the dates the alias moved are not in the stored copies, so only the genai-prices snapshot price ($0.50 / $1.50, the 0125 price) is kept. The model is retired (2026-10-23), so the gap affects only replays of 2023-2026 traffic.",
  },
  "anthropic/claude-3-5-haiku-latest": {
    historyFrom: "2026-08-21",
    firstPublic: "2024-11-04",
    reason:
      "Claude 3.5 Haiku launched on 2024-11-04; the stored copies give its later $0.80 / $4 price (genai-prices) but not the launch price or the date it changed, so the history starts at the snapshot. Retired 2026-02-19.",
  },
  "deepseek/deepseek-chat": {
    historyFrom: "2024-12-26",
    reason:
      "The deepseek-chat id served DeepSeek-V2 and V2.5 before V3 (2024-12-26); DeepSeek's own price pages for that period are not in the stored copies. The history starts with the V3 launch promotion, which DeepSeek describes as the 'historical rate' ($0.14 / $0.28).",
  },
  "moonshot/kimi-k2.6": bankOnly("2026-04-20"),
  "moonshot/kimi-k2.7-code": bankOnly("2026-06-12"),
  "moonshot/kimi-k2.7-code-highspeed": bankOnly("2026-06-15"),
  "qwen/qwen3-max": bankOnly("2026-01-23"),
  "qwen/qwen-turbo": bankOnly("2025-07-15"),
  "qwen/qwen-max": bankOnly(),
  "qwen/qwen-plus": bankOnly(),
  "qwen/qwen-long": bankOnly(),
  "qwen/qwen3-vl-plus": bankOnly("2025-09-23"),
  "qwen/qwen3-coder-plus": bankOnly(),
  "qwen/qwen3-235b-a22b-instruct-2507": bankOnly("2025-07-22"),
  "qwen/qwen3-235b-a22b-thinking-2507": bankOnly("2025-07-25"),
  "qwen/qwen3-next-80b-a3b-instruct": bankOnly("2025-09-12"),
  "qwen/qwen3-next-80b-a3b-thinking": bankOnly("2025-09-12"),
  "qwen/qwen3-30b-a3b-instruct-2507": bankOnly("2025-07-29"),
  "qwen/qwq-32b": bankOnly("2025-03-06"),
  "qwen/qwen3.7-plus": bankOnly("2026-06-01"),
  "qwen/qwen3.8-max": bankOnly("2026-08-02"),
  "qwen/qwen3.8-flash": bankOnly("2026-08-26"),
  "zhipu/glm-5.3": bankOnly("2026-08-14"),
  "zhipu/glm-5.3-flash": bankOnly("2026-08-26"),
  "zhipu/glm-5.2": bankOnly("2026-06-17"),
  "zhipu/glm-5.1": bankOnly("2026-03-27"),
  "zhipu/glm-5": bankOnly("2026-02-12"),
  "zhipu/glm-5-turbo": bankOnly("2026-03-15"),
  "zhipu/glm-4.7-flashx": bankOnly("2026-01-19"),
  "zhipu/glm-4.6v": bankOnly("2025-12-08"),
  "zhipu/glm-4-plus": bankOnly(),
  "zhipu/glm-4-long": bankOnly(),
  "zhipu/glm-4-air-250414": bankOnly(),
  "doubao/doubao-seed-2.1-pro": bankOnly("2026-06-23"),
  "doubao/doubao-seed-2.1-turbo": bankOnly("2026-06-23"),
  "doubao/doubao-seed-2.0-pro": bankOnly("2026-02-15"),
  "doubao/doubao-seed-2.0-lite": bankOnly("2026-02-15"),
  "doubao/doubao-seed-2.0-mini": bankOnly("2026-02-15"),
  "doubao/doubao-seed-2.0-code": bankOnly("2026-02-15"),
  "doubao/doubao-seed-code": bankOnly(),
  "doubao/doubao-1.5-pro-32k": bankOnly(),
  "doubao/doubao-1.5-lite-32k": bankOnly(),
};
