/**
 * The hand-curated part of quality and latency: which leaderboard entry each catalog model is, the
 * dated models an alias served, the sibling a prior is derived from, and which latency measurement
 * applies. No number lives here except the prior rules' margins (documented in docs/catalog.md):
 * ratings come from the LMArena copies in `../data-sources/`, latency from the cited measurements.
 *
 * `generate-quality.ts` turns this into `src/data/quality.ts` and `src/data/latency.ts`.
 */

/** How a catalog model's quality is found. */
export type QualityPick =
  /** The same model on the leaderboard under `arena` (a dated snapshot, a -latest target, a variant spelling). */
  | { arena: string; note?: string }
  /** An alias: the dated models it served, each from its day (`from`, UTC). */
  | { alias: { from: string; arena: string; note: string }[] }
  /** No rating exists: a flagged prior from a rated sibling (a leaderboard id) by a documented rule. */
  | { prior: { sibling: string; rule: PriorRule; why: string } };

/**
 * Prior rules: the sibling's rating minus a margin (Elo points on the leaderboard's scale), with a
 * 95% half-width of {@link PRIOR_HALF_WIDTH} points around it. Conservative by construction: a
 * successor is assumed worse than its predecessor, never better.
 */
export const PRIOR_RULES = {
  /** A newer version of the sibling's tier (glm-5.2 after glm-5.1). */
  successor: 50,
  /** The same generation and tier served or specialised differently (code, vision, non-reasoning, high-speed). */
  variant: 50,
  /** A smaller or cheaper tier of the family (flash, turbo, lite, mini, air), or an earlier generation. */
  "lower-tier": 100,
  /** An earlier generation and a lower tier at once. */
  "lower-tier-older": 150,
} as const;
export type PriorRule = keyof typeof PRIOR_RULES;

/** Half-width (Elo points) of a prior's 95% interval: wide on purpose. */
export const PRIOR_HALF_WIDTH = 150;

const DS_NEWS = (slug: string, date: string, what: string) =>
  `DeepSeek API news ${date} (https://api-docs.deepseek.com/news/${slug}): ${what}`;
const V4_ALIAS =
  "deepseek-chat/deepseek-reasoner map to DeepSeek-V4-Flash non-thinking/thinking from the V4 preview of 2026-04-24 until the aliases became inaccessible after 2026-07-24 15:59 UTC (DeepSeek change log https://api-docs.deepseek.com/updates and pricing page, as quoted by tokenmix.ai/blog/deepseek-api-pricing on 2026-04-30; the catalog's price history uses the same dates)";

export const QUALITY_PICKS: Record<string, QualityPick> = {
  // ── OpenAI ──
  "openai/gpt-4o": { arena: "gpt-4o-2024-08-06", note: "gpt-4o points to the 2024-08-06 snapshot" },
  "openai/gpt-4o-mini": { arena: "gpt-4o-mini-2024-07-18" },
  "openai/gpt-4.1": { arena: "gpt-4.1-2025-04-14" },
  "openai/gpt-4.1-mini": { arena: "gpt-4.1-mini-2025-04-14" },
  "openai/gpt-4.1-nano": { arena: "gpt-4.1-nano-2025-04-14" },
  "openai/o3": { arena: "o3-2025-04-16" },
  "openai/o3-mini": { arena: "o3-mini" },
  "openai/o4-mini": { arena: "o4-mini-2025-04-16" },
  "openai/gpt-5": {
    arena: "gpt-5-high",
    note: "rated at reasoning effort high (the leaderboard has no default-effort entry; the API default is medium)",
  },
  "openai/gpt-5-mini": {
    arena: "gpt-5-mini-high",
    note: "rated at reasoning effort high (the API default is medium)",
  },
  "openai/gpt-5-nano": {
    arena: "gpt-5-nano-high",
    note: "rated at reasoning effort high (the API default is medium)",
  },
  "openai/gpt-5.1": { arena: "gpt-5.1" },
  "openai/gpt-5.4": { arena: "gpt-5.4" },
  "openai/gpt-5.2": {
    prior: {
      sibling: "gpt-5.1",
      rule: "successor",
      why: "no leaderboard entry for GPT-5.2; GPT-5.1 is the rated predecessor",
    },
  },
  "openai/gpt-5.4-mini": {
    prior: {
      sibling: "gpt-5.4",
      rule: "lower-tier",
      why: "no leaderboard entry for GPT-5.4 mini; the mini tier of the rated GPT-5.4",
    },
  },
  "openai/gpt-5.4-nano": {
    prior: {
      sibling: "gpt-5.4",
      rule: "lower-tier-older",
      why: "no leaderboard entry for GPT-5.4 nano; two tiers below the rated GPT-5.4",
    },
  },
  "openai/gpt-5.5": {
    prior: {
      sibling: "gpt-5.4",
      rule: "successor",
      why: "no leaderboard entry for GPT-5.5; GPT-5.4 is the rated predecessor",
    },
  },
  "openai/gpt-5.6-sol": {
    prior: {
      sibling: "gpt-5.4",
      rule: "successor",
      why: "no leaderboard entry for GPT-5.6 Sol; GPT-5.4 is the newest rated flagship",
    },
  },
  "openai/gpt-5.6-terra": {
    prior: {
      sibling: "gpt-5.4",
      rule: "lower-tier",
      why: "no leaderboard entry for GPT-5.6 Terra, the balanced tier below Sol",
    },
  },
  "openai/gpt-5.6-luna": {
    prior: {
      sibling: "gpt-5.4",
      rule: "lower-tier-older",
      why: "no leaderboard entry for GPT-5.6 Luna, the lowest-cost tier",
    },
  },
  "openai/o1": { arena: "o1-2024-12-17" },
  "openai/gpt-4-turbo": { arena: "gpt-4-turbo-2024-04-09" },
  "openai/gpt-3.5-turbo": { arena: "gpt-3.5-turbo-0125" },
  // ── Anthropic ──
  "anthropic/claude-opus-4-5": { arena: "claude-opus-4-5-20251101", note: "without extended thinking" },
  "anthropic/claude-sonnet-4-5": { arena: "claude-sonnet-4-5-20250929", note: "without extended thinking" },
  "anthropic/claude-haiku-4-5": { arena: "claude-haiku-4-5-20251001" },
  "anthropic/claude-sonnet-4-0": { arena: "claude-sonnet-4-20250514", note: "without extended thinking" },
  "anthropic/claude-opus-4-1": { arena: "claude-opus-4-1-20250805", note: "without extended thinking" },
  "anthropic/claude-3-5-haiku-latest": {
    arena: "claude-3-5-haiku-20241022",
    note: "claude-3-5-haiku-latest points to the 20241022 snapshot",
  },
  "anthropic/claude-opus-4-6": { arena: "claude-opus-4-6", note: "without extended thinking" },
  "anthropic/claude-sonnet-5": {
    prior: {
      sibling: "claude-sonnet-4-5-20250929",
      rule: "successor",
      why: "no leaderboard entry for Claude Sonnet 5; predecessor of the same tier",
    },
  },
  "anthropic/claude-sonnet-4-6": {
    prior: {
      sibling: "claude-sonnet-4-5-20250929",
      rule: "successor",
      why: "no leaderboard entry for Claude Sonnet 4.6; predecessor of the same tier",
    },
  },
  "anthropic/claude-opus-4-7": {
    prior: {
      sibling: "claude-opus-4-6",
      rule: "successor",
      why: "no leaderboard entry for Claude Opus 4.7; Opus 4.6 is the rated predecessor",
    },
  },
  "anthropic/claude-opus-4-8": {
    prior: {
      sibling: "claude-opus-4-6",
      rule: "successor",
      why: "no leaderboard entry for Claude Opus 4.8; Opus 4.6 is the newest rated Opus",
    },
  },
  "anthropic/claude-opus-5": {
    prior: {
      sibling: "claude-opus-4-6",
      rule: "successor",
      why: "no leaderboard entry for Claude Opus 5; Opus 4.6 is the newest rated Opus",
    },
  },
  // ── Google ──
  "google/gemini-2.5-pro": { arena: "gemini-2.5-pro" },
  "google/gemini-2.5-flash": { arena: "gemini-2.5-flash" },
  "google/gemini-2.5-flash-lite": {
    arena: "gemini-2.5-flash-lite-preview-06-17-thinking",
    note: "the GA model is the 06-17 preview; rated with thinking on (the API default is off)",
  },
  "google/gemini-2.0-flash": { arena: "gemini-2.0-flash-001" },
  "google/gemini-3-pro-preview": { arena: "gemini-3-pro" },
  "google/gemini-3-flash-preview": { arena: "gemini-3-flash", note: "default thinking level" },
  "google/gemini-3.6-flash": {
    prior: {
      sibling: "gemini-3-flash",
      rule: "successor",
      why: "no leaderboard entry for Gemini 3.6 Flash; Gemini 3 Flash is the rated predecessor of the tier",
    },
  },
  "google/gemini-3.1-pro-preview": {
    prior: {
      sibling: "gemini-3-pro",
      rule: "successor",
      why: "no leaderboard entry for Gemini 3.1 Pro; Gemini 3 Pro is the rated predecessor",
    },
  },
  "google/gemini-3.1-flash-lite": {
    prior: {
      sibling: "gemini-3-flash",
      rule: "lower-tier",
      why: "no leaderboard entry for Gemini 3.1 Flash-Lite; the lite tier below the rated Gemini 3 Flash",
    },
  },
  "google/gemini-3.5-flash": {
    prior: {
      sibling: "gemini-3-flash",
      rule: "successor",
      why: "no leaderboard entry for Gemini 3.5 Flash; Gemini 3 Flash is the rated predecessor of the tier",
    },
  },
  "google/gemini-3.5-flash-lite": {
    prior: {
      sibling: "gemini-3-flash",
      rule: "lower-tier",
      why: "no leaderboard entry for Gemini 3.5 Flash-Lite; the lite tier of the Flash line",
    },
  },
  // ── DeepSeek: the two aliases served a sequence of models ──
  "deepseek/deepseek-chat": {
    alias: [
      {
        from: "2024-12-26T00:00:00Z",
        arena: "deepseek-v3",
        note: DS_NEWS("news1226", "2024-12-26", "DeepSeek-V3 on the API as deepseek-chat"),
      },
      {
        from: "2025-03-25T00:00:00Z",
        arena: "deepseek-v3-0324",
        note: DS_NEWS("news250325", "2025-03-25", "deepseek-chat upgraded to DeepSeek-V3-0324"),
      },
      {
        from: "2025-08-21T00:00:00Z",
        arena: "deepseek-v3.1",
        note: DS_NEWS("news250821", "2025-08-21", "deepseek-chat is DeepSeek-V3.1 (non-thinking)"),
      },
      {
        from: "2025-09-22T00:00:00Z",
        arena: "deepseek-v3.1-terminus",
        note: DS_NEWS("news250922", "2025-09-22", "deepseek-chat is DeepSeek-V3.1-Terminus (non-thinking)"),
      },
      {
        from: "2025-09-29T00:00:00Z",
        arena: "deepseek-v3.2-exp",
        note: DS_NEWS("news250929", "2025-09-29", "deepseek-chat is DeepSeek-V3.2-Exp (non-thinking)"),
      },
      {
        from: "2025-12-01T00:00:00Z",
        arena: "deepseek-v3.2",
        note: DS_NEWS("news251201", "2025-12-01", "deepseek-chat is DeepSeek-V3.2 (non-thinking)"),
      },
      { from: "2026-04-24T00:00:00Z", arena: "deepseek-v4-flash", note: `${V4_ALIAS}, non-thinking` },
    ],
  },
  "deepseek/deepseek-reasoner": {
    alias: [
      {
        from: "2025-01-20T00:00:00Z",
        arena: "deepseek-r1",
        note: DS_NEWS("news250120", "2025-01-20", "DeepSeek-R1 on the API as deepseek-reasoner"),
      },
      {
        from: "2025-05-28T00:00:00Z",
        arena: "deepseek-r1-0528",
        note: DS_NEWS("news250528", "2025-05-28", "deepseek-reasoner upgraded to DeepSeek-R1-0528"),
      },
      {
        from: "2025-08-21T00:00:00Z",
        arena: "deepseek-v3.1-thinking",
        note: DS_NEWS("news250821", "2025-08-21", "deepseek-reasoner is DeepSeek-V3.1 (thinking)"),
      },
      {
        from: "2025-09-22T00:00:00Z",
        arena: "deepseek-v3.1-terminus-thinking",
        note: DS_NEWS("news250922", "2025-09-22", "deepseek-reasoner is DeepSeek-V3.1-Terminus (thinking)"),
      },
      {
        from: "2025-09-29T00:00:00Z",
        arena: "deepseek-v3.2-exp-thinking",
        note: DS_NEWS("news250929", "2025-09-29", "deepseek-reasoner is DeepSeek-V3.2-Exp (thinking)"),
      },
      {
        from: "2025-12-01T00:00:00Z",
        arena: "deepseek-v3.2-thinking",
        note: DS_NEWS("news251201", "2025-12-01", "deepseek-reasoner is DeepSeek-V3.2 (thinking)"),
      },
      { from: "2026-04-24T00:00:00Z", arena: "deepseek-v4-flash-thinking", note: `${V4_ALIAS}, thinking` },
    ],
  },
  "deepseek/deepseek-v4-flash": { arena: "deepseek-v4-flash", note: "non-thinking mode" },
  "deepseek/deepseek-v4-pro": { arena: "deepseek-v4-pro", note: "non-thinking mode" },
  // ── Mistral ──
  "mistral/mistral-large-2512": { arena: "mistral-large-3", note: "Mistral Large 3 is mistral-large-2512" },
  "mistral/mistral-medium-2505": { arena: "mistral-medium-2505" },
  "mistral/mistral-small-2506": { arena: "mistral-small-2506" },
  "mistral/codestral-2508": {
    prior: {
      sibling: "mistral-small-2506",
      rule: "variant",
      why: "no leaderboard entry for Codestral; Mistral Small 3.2 is Mistral's rated model of the same size class",
    },
  },
  "mistral/ministral-8b-2410": { arena: "ministral-8b-2410" },
  "mistral/mistral-medium-3.5": {
    prior: {
      sibling: "mistral-medium-2505",
      rule: "successor",
      why: "no leaderboard entry for Mistral Medium 3.5; Medium 3 (2505) is the rated predecessor",
    },
  },
  // ── xAI ──
  "xai/grok-4-0709": { arena: "grok-4-0709" },
  "xai/grok-4-1-fast-reasoning": { arena: "grok-4-1-fast-reasoning" },
  "xai/grok-4-1-fast-non-reasoning": {
    prior: {
      sibling: "grok-4-1-fast-reasoning",
      rule: "variant",
      why: "the leaderboard rates only the reasoning mode of Grok 4.1 Fast",
    },
  },
  "xai/grok-4-fast-reasoning": { arena: "grok-4-fast-reasoning" },
  "xai/grok-4-fast-non-reasoning": {
    arena: "grok-4-fast-chat",
    note: "grok-4-fast-chat is the leaderboard's entry for the non-reasoning mode of Grok 4 Fast",
  },
  "xai/grok-4.3": {
    prior: {
      sibling: "grok-4.1-thinking",
      rule: "successor",
      why: "no leaderboard entry for Grok 4.3 (always reasoning); Grok 4.1 Thinking is xAI's newest rated reasoning model",
    },
  },
  "xai/grok-4.5": {
    prior: {
      sibling: "grok-4.1-thinking",
      rule: "successor",
      why: "no leaderboard entry for Grok 4.5; Grok 4.1 Thinking is xAI's newest rated reasoning model",
    },
  },
  "xai/grok-3-mini": {
    arena: "grok-3-mini-beta",
    note: "grok-3-mini is the released grok-3-mini-beta (default effort)",
  },
  "xai/grok-code-fast-1": {
    prior: {
      sibling: "grok-4-1-fast-reasoning",
      rule: "lower-tier",
      why: "no leaderboard entry for Grok Code Fast 1; xAI's rated fast model",
    },
  },
  // ── Moonshot (international, USD) ──
  "moonshot-intl/kimi-k2-0711-preview": { arena: "kimi-k2-0711-preview" },
  "moonshot-intl/kimi-k2-0905-preview": { arena: "kimi-k2-0905-preview" },
  "moonshot-intl/kimi-k2-thinking-turbo": { arena: "kimi-k2-thinking-turbo" },
  "moonshot-intl/kimi-k2-thinking": {
    arena: "kimi-k2-thinking-turbo",
    note: "kimi-k2-thinking-turbo is the high-speed endpoint of the same K2 Thinking model",
  },
  "moonshot-intl/kimi-k2.5": {
    prior: {
      sibling: "kimi-k2-thinking-turbo",
      rule: "successor",
      why: "no leaderboard entry in the stored copies for Kimi K2.5; K2 Thinking is its rated predecessor",
    },
  },
  // ── Moonshot (China, CNY) ──
  "moonshot/kimi-k2.6": { arena: "kimi-k2.6" },
  "moonshot/kimi-k2.7-code": {
    prior: { sibling: "kimi-k2.6", rule: "successor", why: "no leaderboard entry for Kimi K2.7 Code" },
  },
  "moonshot/kimi-k2.7-code-highspeed": {
    prior: {
      sibling: "kimi-k2.6",
      rule: "successor",
      why: "no leaderboard entry for Kimi K2.7 Code (this is its high-speed endpoint)",
    },
  },
  // ── Qwen ──
  "qwen/qwen3-max": {
    arena: "qwen3-max-2025-09-23",
    note: "qwen3-max pointed to the qwen3-max-2025-09-23 snapshot at its release",
  },
  "qwen/qwen-turbo": {
    prior: {
      sibling: "qwen-plus-0125",
      rule: "lower-tier",
      why: "no leaderboard entry for Qwen-Turbo; Qwen-Plus is the next tier up",
    },
  },
  "qwen/qwen-max": {
    arena: "qwen2.5-max",
    note: "qwen-max points to qwen-max-2025-01-25, released as Qwen2.5-Max",
  },
  "qwen/qwen-long": {
    prior: {
      sibling: "qwen-plus-0125",
      rule: "variant",
      why: "no leaderboard entry for Qwen-Long, a long-context Qwen-Plus",
    },
  },
  "qwen/qwen3-vl-plus": {
    prior: {
      sibling: "qwen3-vl-235b-a22b-instruct",
      rule: "variant",
      why: "the hosted Qwen3-VL flagship; the leaderboard rates the open Qwen3-VL-235B-A22B",
    },
  },
  "qwen/qwen3-coder-plus": {
    prior: {
      sibling: "qwen3-coder-480b-a35b-instruct",
      rule: "variant",
      why: "the hosted Qwen3-Coder; the leaderboard rates the open Qwen3-Coder-480B-A35B",
    },
  },
  "qwen/qwen3-235b-a22b-instruct-2507": { arena: "qwen3-235b-a22b-instruct-2507" },
  "qwen/qwen3-235b-a22b-thinking-2507": { arena: "qwen3-235b-a22b-thinking-2507" },
  "qwen/qwen3-next-80b-a3b-instruct": { arena: "qwen3-next-80b-a3b-instruct" },
  "qwen/qwen3-next-80b-a3b-thinking": { arena: "qwen3-next-80b-a3b-thinking" },
  "qwen/qwen3-30b-a3b-instruct-2507": { arena: "qwen3-30b-a3b-instruct-2507" },
  "qwen/qwq-32b": { arena: "qwq-32b" },
  "qwen/qwen3.7-plus": {
    prior: {
      sibling: "qwen3-max-2025-09-23",
      rule: "lower-tier",
      why: "no leaderboard entry for Qwen3.7-Plus",
    },
  },
  "qwen/qwen3.8-max": {
    prior: {
      sibling: "qwen3-max-2025-09-23",
      rule: "successor",
      why: "no leaderboard entry for Qwen3.8-Max",
    },
  },
  "qwen/qwen-plus": {
    prior: {
      sibling: "qwen3-max-2025-09-23",
      rule: "lower-tier",
      why: "no leaderboard entry for the Qwen3-based qwen-plus (qwen-plus-0125 is the earlier Qwen2.5-Plus, not this model); Qwen3-Max is the tier above",
    },
  },
  "qwen/qwen3.8-flash": {
    prior: {
      sibling: "qwen3-max-2025-09-23",
      rule: "lower-tier",
      why: "no leaderboard entry for Qwen3.8-Flash",
    },
  },
  // ── Zhipu GLM ──
  "zhipu/glm-5.3": {
    prior: { sibling: "glm-5.1", rule: "successor", why: "no leaderboard entry for GLM-5.3" },
  },
  "zhipu/glm-5.3-flash": {
    prior: { sibling: "glm-5.1", rule: "lower-tier", why: "no leaderboard entry for GLM-5.3-Flash" },
  },
  "zhipu/glm-5.2": {
    prior: { sibling: "glm-5.1", rule: "successor", why: "no leaderboard entry for GLM-5.2" },
  },
  "zhipu/glm-5.1": { arena: "glm-5.1" },
  "zhipu/glm-5": { arena: "glm-5" },
  "zhipu/glm-5-turbo": {
    prior: { sibling: "glm-5", rule: "lower-tier", why: "no leaderboard entry for GLM-5-Turbo" },
  },
  "zhipu/glm-4.7-flashx": {
    prior: {
      sibling: "glm-4.6",
      rule: "lower-tier",
      why: "no leaderboard entry for GLM-4.7-FlashX (the paid GLM-4.7-Flash)",
    },
  },
  "zhipu/glm-4.6v": {
    prior: {
      sibling: "glm-4.6",
      rule: "variant",
      why: "the vision model of GLM-4.6; no leaderboard entry in the copies",
    },
  },
  "zhipu/glm-4-plus": { arena: "glm-4-plus" },
  "zhipu/glm-4-long": {
    prior: { sibling: "glm-4-plus", rule: "lower-tier", why: "no leaderboard entry for GLM-4-Long" },
  },
  "zhipu/glm-4-air-250414": {
    prior: { sibling: "glm-4-plus", rule: "lower-tier", why: "no leaderboard entry for GLM-4-Air" },
  },
  // ── Doubao (ByteDance Seed) ──
  "doubao/doubao-seed-2.1-pro": {
    prior: { sibling: "dola-seed-2.0-pro", rule: "successor", why: "no leaderboard entry for Seed 2.1 Pro" },
  },
  "doubao/doubao-seed-2.1-turbo": {
    prior: {
      sibling: "dola-seed-2.0-pro",
      rule: "lower-tier",
      why: "no leaderboard entry for Seed 2.1 Turbo",
    },
  },
  "doubao/doubao-seed-2.0-pro": {
    arena: "dola-seed-2.0-pro",
    note: "the leaderboard lists ByteDance's Seed 2.0 Pro under its Dola brand",
  },
  "doubao/doubao-seed-2.0-lite": {
    prior: {
      sibling: "dola-seed-2.0-pro",
      rule: "lower-tier",
      why: "no leaderboard entry for Seed 2.0 Lite",
    },
  },
  "doubao/doubao-seed-2.0-mini": {
    prior: {
      sibling: "dola-seed-2.0-pro",
      rule: "lower-tier",
      why: "no leaderboard entry for Seed 2.0 Mini",
    },
  },
  "doubao/doubao-seed-2.0-code": {
    prior: {
      sibling: "dola-seed-2.0-pro",
      rule: "variant",
      why: "the code model of Seed 2.0; no leaderboard entry",
    },
  },
  "doubao/doubao-seed-code": {
    prior: {
      sibling: "dola-seed-2.0-pro",
      rule: "lower-tier",
      why: "an earlier Seed code model; no leaderboard entry",
    },
  },
  "doubao/doubao-1.5-pro-32k": {
    prior: {
      sibling: "dola-seed-2.0-pro",
      rule: "lower-tier",
      why: "an earlier generation (Doubao 1.5); no leaderboard entry",
    },
  },
  "doubao/doubao-1.5-lite-32k": {
    prior: {
      sibling: "dola-seed-2.0-pro",
      rule: "lower-tier-older",
      why: "an earlier generation and lower tier (Doubao 1.5 Lite); no leaderboard entry",
    },
  },
};

/** Artificial Analysis medians as cited (with the date they were verified) by induwara.lk. */
const AA_VIA_INDUWARA =
  "Artificial Analysis median, verified 2026-06-24, as cited by https://induwara.lk/tools/ai-llm-speed-comparison";

/** Published latency measurements of one model, where one can be cited. Every other model gets a prior. */
export const LATENCY_MEASURED: Record<
  string,
  { ttftMs: number; outputTokensPerSec: number; source: string }
> = {
  "openai/gpt-4o": {
    ttftMs: 450,
    outputTokensPerSec: 131,
    source: `${AA_VIA_INDUWARA} (GPT-4o, OpenAI API)`,
  },
  "openai/gpt-4.1-mini": {
    ttftMs: 930,
    outputTokensPerSec: 77.2,
    source:
      "Artificial Analysis median, GPT-4.1 mini on the OpenAI API: output speed 77.2 t/s, time to first token 0.93 s (https://artificialanalysis.ai/models/gpt-4-1-mini/providers, stored copy; the page states its default workload is 10k input tokens and does not date the figures)",
  },
  "google/gemini-3-flash-preview": {
    ttftMs: 500,
    outputTokensPerSec: 200,
    source: `${AA_VIA_INDUWARA} (Gemini 3 Flash, Google AI Studio)`,
  },
};

/**
 * The Artificial Analysis provider (as named in `aa-provider-speed-2026-04-07.json`) whose averages a
 * catalog provider's latency prior is derived from; absent: no average published for it.
 */
export const LATENCY_PROVIDER: Record<string, string | undefined> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  google: "Google",
  xai: "xAI",
  mistral: "Mistral",
  deepseek: "DeepSeek",
  "moonshot-intl": "Moonshot AI",
  moonshot: "Moonshot AI",
  zhipu: "Z.AI",
  qwen: undefined,
  doubao: undefined,
};
