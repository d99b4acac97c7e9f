// Hand-maintained: prompt-cache behaviour per model, with sources. Merged onto the generated
// per-provider entries by `withPromptCache` (see builtin-models.ts); the generated files stay untouched.
import type { ModelEntryInput, PromptCachePolicy } from "@tokenwise/core";

/** The prompt-cache policy of a list of models of one provider. */
export interface PromptCacheRule {
  provider: string;
  /** Model ids exactly as in the catalog; every id must exist (the catalog test checks it). */
  models: readonly string[];
  policy: PromptCachePolicy;
}

const OPENAI = {
  url: "https://developers.openai.com/docs/guides/prompt-caching",
  asOf: "2026-11-29",
  note: "Automatic on all requests for gpt-4o and newer, for prompts of 1024 tokens or more; no fee, no TTL to choose (cleared after minutes of inactivity).",
};
const ANTHROPIC = {
  url: "https://platform.claude.com/docs/en/build-with-claude/prompt-caching",
  asOf: "2026-11-29",
  note: "cache_control breakpoints; TTL 5m (default) or 1h; writes 1.25x input (5m) or 2x (1h), reads 0.1x. Minimum cacheable prefix per model from the docs' table: 4096 for Opus 4.6, Opus 4.5 and Haiku 4.5; 2048 for Haiku 3.5; 1024 for Sonnet 5, Sonnet 4.5, Sonnet 4, Opus 4.1.",
};
const ANTHROPIC_2026 = {
  url: "https://hivebook.wiki/wiki/claude-sonnet-4-6-anthropic-s-workhorse-model",
  asOf: "2026-05-02",
  note: "Third-party summary of Anthropic's prompt-caching table: minimum cacheable prefix 2048 tokens for Sonnet 4.6, 4096 for Opus 4.5/4.6/4.7 and Haiku 4.5; Opus 4.8 lowered it to 1024 (https://www.creeta.com/en/claude-opus-4-8-api-guide-2026/). Same 5m/1h TTLs and multipliers as the other Claude models.",
};
const DEEPSEEK = {
  url: "https://api-docs.deepseek.com/guides/kv_cache",
  asOf: "2026-11-29",
  note: "Context caching on disk, on by default for every request; prefixes are stored in 64-token units, so shorter prefixes are not cached; hits are billed at the cache-hit input price.",
};
const GEMINI = {
  url: "https://ai.google.dev/gemini-api/docs/caching",
  asOf: "2026-11-29",
  note: "Implicit caching on by default for Gemini 2.5 and newer (page last updated 2026-10-13): minimum 2048 tokens for 2.5 Flash and 2.5 Pro, 4096 for 3.x Flash and Pro; 3 Flash Preview 1024 and 3 Pro Preview 4096 from the 2026-05-07 revision. 2.0 Flash and 2.5 Flash-Lite are not listed.",
};

const anthropic = (
  minPrefixTokens: number,
  source: PromptCachePolicy["source"] = ANTHROPIC,
): PromptCachePolicy => ({
  mode: "explicit",
  minPrefixTokens,
  ttls: ["5m", "1h"],
  readMultiplier: 0.1,
  writeMultiplier: 1.25,
  source,
});

const automatic = (minPrefixTokens: number, source: PromptCachePolicy["source"]): PromptCachePolicy => ({
  mode: "automatic",
  minPrefixTokens,
  ttls: [],
  ...(source ? { source } : {}),
});

/**
 * Documented prompt-cache behaviour of the built-in models. Providers whose caching is not documented
 * per model here (Qwen's implicit cache covers a list of models not verified for these ids, Zhipu,
 * Moonshot, Doubao, Mistral, xAI) have no policy: the router then expects no cache reads for them.
 * Nor do models whose caching differs from their family's documented rule and is not sourced here: the
 * GPT-5.6 tiers (30-minute cache with billed writes), Claude Opus 5, Gemini 3.1 / 3.5 Flash-Lite.
 */
export const PROMPT_CACHE_RULES: readonly PromptCacheRule[] = [
  {
    provider: "openai",
    models: [
      "gpt-4o",
      "gpt-4o-mini",
      "gpt-4.1",
      "gpt-4.1-mini",
      "gpt-4.1-nano",
      "gpt-5",
      "gpt-5-mini",
      "gpt-5-nano",
      "gpt-5.1",
      "gpt-5.4",
      "gpt-5.2",
      "gpt-5.4-mini",
      "gpt-5.4-nano",
      "gpt-5.5",
      "o1",
      "o3",
      "o3-mini",
      "o4-mini",
    ],
    policy: automatic(1024, OPENAI),
  },
  {
    provider: "anthropic",
    models: ["claude-opus-4-5", "claude-opus-4-6", "claude-haiku-4-5"],
    policy: anthropic(4096),
  },
  { provider: "anthropic", models: ["claude-3-5-haiku-latest"], policy: anthropic(2048) },
  { provider: "anthropic", models: ["claude-sonnet-4-6"], policy: anthropic(2048, ANTHROPIC_2026) },
  { provider: "anthropic", models: ["claude-opus-4-7"], policy: anthropic(4096, ANTHROPIC_2026) },
  { provider: "anthropic", models: ["claude-opus-4-8"], policy: anthropic(1024, ANTHROPIC_2026) },
  {
    provider: "anthropic",
    models: ["claude-sonnet-5", "claude-sonnet-4-5", "claude-sonnet-4-0", "claude-opus-4-1"],
    policy: anthropic(1024),
  },
  {
    provider: "deepseek",
    models: ["deepseek-chat", "deepseek-reasoner", "deepseek-v4-flash", "deepseek-v4-pro"],
    policy: automatic(64, DEEPSEEK),
  },
  { provider: "google", models: ["gemini-2.5-flash", "gemini-2.5-pro"], policy: automatic(2048, GEMINI) },
  { provider: "google", models: ["gemini-3-flash-preview"], policy: automatic(1024, GEMINI) },
  {
    provider: "google",
    models: ["gemini-3-pro-preview", "gemini-3.6-flash", "gemini-3.1-pro-preview", "gemini-3.5-flash"],
    policy: automatic(4096, GEMINI),
  },
];

/**
 * Puts each model's documented `promptCache` on its entry (an entry that already has one keeps it).
 *
 * @example
 * withPromptCache(BUILTIN_MODELS).find((m) => m.id === "claude-sonnet-4-5")?.promptCache?.mode // "explicit"
 */
export function withPromptCache(
  models: readonly ModelEntryInput[],
  rules: readonly PromptCacheRule[] = PROMPT_CACHE_RULES,
): ModelEntryInput[] {
  const byKey = new Map<string, PromptCachePolicy>();
  for (const rule of rules) for (const id of rule.models) byKey.set(`${rule.provider}/${id}`, rule.policy);
  return models.map((m) => {
    if (m.promptCache !== undefined) return m;
    const policy = byKey.get(`${m.provider}/${m.id}`);
    return policy ? { ...m, promptCache: policy } : m;
  });
}
