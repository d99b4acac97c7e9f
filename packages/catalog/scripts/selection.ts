/**
 * The hand-curated part of the catalog: which models are in it, and the facts the price files lack
 * (API style, context window where the file has none, max output, capabilities, tokenizer family,
 * the LMArena id of the same model). Prices never come from here: they come from the files in
 * `../data-sources/` (see SOURCE.md) or from the dated notices in `./notices.ts`.
 *
 * `caps` letters: t = tools, v = vision input, s = structured output (JSON schema), r = reasoning.
 * Streaming is true for every model here.
 *
 * `maxOutput`: the provider's documented maximum output where known; 8192 where the provider does not
 * publish one we could confirm (a conservative floor: routing rejects rather than truncates).
 */

/** Where a model's prices are read from. */
export type PriceFrom =
  | { file: "genai"; provider: string; id: string }
  | { file: "bank"; provider: string; id: string };

export interface Pick {
  /** Catalog provider key. */
  provider: string;
  /** The id the provider's API takes. */
  id: string;
  displayName?: string;
  from: PriceFrom;
  api: "openai" | "anthropic";
  tokenizer: string;
  /** Overrides or fills the source's context window. */
  contextWindow?: number;
  maxOutput: number;
  caps: string;
  /** Exact LMArena model id of the same model (never a sibling or another reasoning effort). */
  arena?: string;
  /**
   * Start of the source's undated (first) price, when known: the day the model launched at that price.
   * Without it the undated price starts at the source snapshot's date.
   */
  since?: string;
  /** Published latency measurement, only where one can be cited. */
  latency?: { ttftMs: number; outputTokensPerSec: number; source: string };
}

/** Artificial Analysis medians as cited (with the date they were verified) by this page. */
const AA_VIA_INDUWARA =
  "Artificial Analysis median, verified 2026-06-24, as cited by https://induwara.lk/tools/ai-llm-speed-comparison";

const g = (provider: string, id: string): PriceFrom => ({ file: "genai", provider, id });
const b = (provider: string, id: string): PriceFrom => ({ file: "bank", provider, id });

const openai = (
  id: string,
  rest: Omit<Pick, "provider" | "id" | "from" | "api" | "tokenizer"> & { tokenizer?: string },
): Pick => ({
  provider: "openai",
  id,
  from: g("openai", id),
  api: "openai",
  tokenizer: "o200k_base",
  ...rest,
});

const anthropic = (id: string, rest: Omit<Pick, "provider" | "id" | "from" | "api" | "tokenizer">): Pick => ({
  provider: "anthropic",
  id,
  from: g("anthropic", id),
  api: "anthropic",
  tokenizer: "claude",
  ...rest,
});

const google = (id: string, rest: Omit<Pick, "provider" | "id" | "from" | "api" | "tokenizer">): Pick => ({
  provider: "google",
  id,
  from: g("google", id),
  api: "openai",
  tokenizer: "gemini",
  ...rest,
});

const bank = (
  provider: string,
  bankProvider: string,
  tokenizer: string,
  id: string,
  rest: Omit<Pick, "provider" | "id" | "from" | "api" | "tokenizer">,
): Pick => ({ provider, id, from: b(bankProvider, id), api: "openai", tokenizer, ...rest });

export const SELECTION: Pick[] = [
  // ── OpenAI (USD) ──────────────────────────────────────────────────────────────────────────────
  openai("gpt-4o", {
    maxOutput: 16_384,
    caps: "tvs",
    arena: "gpt-4o-2024-08-06",
    latency: { ttftMs: 450, outputTokensPerSec: 131, source: `${AA_VIA_INDUWARA} (GPT-4o, OpenAI API)` },
  }),
  openai("gpt-4o-mini", { maxOutput: 16_384, caps: "tvs", arena: "gpt-4o-mini-2024-07-18" }),
  openai("gpt-4.1", { maxOutput: 32_768, caps: "tvs", arena: "gpt-4.1-2025-04-14" }),
  openai("gpt-4.1-mini", { maxOutput: 32_768, caps: "tvs", arena: "gpt-4.1-mini-2025-04-14" }),
  openai("gpt-4.1-nano", { maxOutput: 32_768, caps: "tvs", arena: "gpt-4.1-nano-2025-04-14" }),
  openai("o3", {
    contextWindow: 200_000,
    maxOutput: 100_000,
    caps: "tvsr",
    arena: "o3-2025-04-16",
    since: "2025-04-16",
  }),
  openai("o3-mini", { contextWindow: 200_000, maxOutput: 100_000, caps: "tsr", arena: "o3-mini" }),
  openai("o4-mini", {
    contextWindow: 200_000,
    maxOutput: 100_000,
    caps: "tvsr",
    arena: "o4-mini-2025-04-16",
  }),
  openai("gpt-5", { maxOutput: 128_000, caps: "tvsr" }),
  openai("gpt-5-mini", { maxOutput: 128_000, caps: "tvsr" }),
  openai("gpt-5-nano", { maxOutput: 128_000, caps: "tvsr" }),
  openai("gpt-5.1", { maxOutput: 128_000, caps: "tvsr", arena: "gpt-5.1" }),
  openai("gpt-5.4", { maxOutput: 128_000, caps: "tvsr" }),
  openai("gpt-4-turbo", {
    tokenizer: "cl100k_base",
    maxOutput: 4_096,
    caps: "tvs",
    arena: "gpt-4-turbo-2024-04-09",
  }),
  openai("gpt-3.5-turbo", {
    tokenizer: "cl100k_base",
    maxOutput: 4_096,
    caps: "t",
    arena: "gpt-3.5-turbo-0125",
  }),

  // ── Anthropic (USD) ───────────────────────────────────────────────────────────────────────────
  anthropic("claude-opus-4-5", { maxOutput: 64_000, caps: "tvsr", arena: "claude-opus-4-5-20251101" }),
  anthropic("claude-sonnet-4-5", { maxOutput: 64_000, caps: "tvsr", arena: "claude-sonnet-4-5-20250929" }),
  anthropic("claude-haiku-4-5", { maxOutput: 64_000, caps: "tvsr", arena: "claude-haiku-4-5-20251001" }),
  anthropic("claude-sonnet-4-0", { maxOutput: 64_000, caps: "tvsr", arena: "claude-sonnet-4-20250514" }),
  anthropic("claude-opus-4-1", { maxOutput: 32_000, caps: "tvsr", arena: "claude-opus-4-1-20250805" }),
  anthropic("claude-3-5-haiku-latest", { maxOutput: 8_192, caps: "t", arena: "claude-3-5-haiku-20241022" }),
  anthropic("claude-opus-4-6", { maxOutput: 64_000, caps: "tvsr" }),
  anthropic("claude-sonnet-5", { maxOutput: 64_000, caps: "tvsr" }),

  // ── Google Gemini (USD, OpenAI-compatible endpoint) ───────────────────────────────────────────
  google("gemini-2.5-pro", {
    contextWindow: 1_048_576,
    maxOutput: 65_536,
    caps: "tvsr",
    arena: "gemini-2.5-pro",
  }),
  google("gemini-2.5-flash", {
    contextWindow: 1_048_576,
    maxOutput: 65_536,
    caps: "tvsr",
    arena: "gemini-2.5-flash",
  }),
  google("gemini-2.5-flash-lite", { maxOutput: 65_536, caps: "tvsr" }),
  google("gemini-2.0-flash", { maxOutput: 8_192, caps: "tvs", arena: "gemini-2.0-flash-001" }),
  google("gemini-3-pro-preview", {
    contextWindow: 1_048_576,
    maxOutput: 65_536,
    caps: "tvsr",
    arena: "gemini-3-pro",
  }),
  google("gemini-3-flash-preview", {
    maxOutput: 65_536,
    caps: "tvsr",
    latency: {
      ttftMs: 500,
      outputTokensPerSec: 200,
      source: `${AA_VIA_INDUWARA} (Gemini 3 Flash, Google AI Studio)`,
    },
  }),
  google("gemini-3.6-flash", { maxOutput: 65_536, caps: "tvsr" }),

  // ── DeepSeek (USD). Later versions come from ./notices.ts ──────────────────────────────────────
  {
    provider: "deepseek",
    id: "deepseek-chat",
    from: g("deepseek", "deepseek-chat"),
    api: "openai",
    tokenizer: "deepseek",
    contextWindow: 1_048_576,
    maxOutput: 384_000,
    caps: "ts",
    since: "2025-02-26T16:30:00Z",
  },
  {
    provider: "deepseek",
    id: "deepseek-reasoner",
    from: g("deepseek", "deepseek-reasoner"),
    api: "openai",
    tokenizer: "deepseek",
    contextWindow: 1_048_576,
    maxOutput: 384_000,
    caps: "tsr",
    since: "2025-02-26T16:30:00Z",
  },
  {
    provider: "deepseek",
    id: "deepseek-v4-flash",
    from: g("deepseek", "deepseek-v4-flash"),
    api: "openai",
    tokenizer: "deepseek",
    contextWindow: 1_048_576,
    maxOutput: 384_000,
    caps: "tsr",
    since: "2026-07-31",
  },
  {
    provider: "deepseek",
    id: "deepseek-v4-pro",
    from: g("deepseek", "deepseek-v4-pro"),
    api: "openai",
    tokenizer: "deepseek",
    contextWindow: 1_048_576,
    maxOutput: 384_000,
    caps: "tsr",
    since: "2026-08-13",
  },

  // ── Mistral (USD) ─────────────────────────────────────────────────────────────────────────────
  {
    provider: "mistral",
    id: "mistral-large-2512",
    from: g("mistral", "mistral-large-2512"),
    api: "openai",
    tokenizer: "mistral",
    contextWindow: 262_144,
    maxOutput: 8_192,
    caps: "tvs",
    arena: "mistral-large-3",
  },
  {
    provider: "mistral",
    id: "mistral-medium-2505",
    from: g("mistral", "mistral-medium-3"),
    api: "openai",
    tokenizer: "mistral",
    contextWindow: 131_072,
    maxOutput: 8_192,
    caps: "tvs",
    arena: "mistral-medium-2505",
  },
  {
    provider: "mistral",
    id: "mistral-small-2506",
    displayName: "Mistral Small 3.2",
    from: g("mistral", "mistral-small-latest"),
    api: "openai",
    tokenizer: "mistral",
    contextWindow: 131_072,
    maxOutput: 8_192,
    caps: "tvs",
    arena: "mistral-small-2506",
  },
  {
    provider: "mistral",
    id: "codestral-2508",
    from: g("mistral", "codestral-2508"),
    api: "openai",
    tokenizer: "mistral",
    contextWindow: 262_144,
    maxOutput: 8_192,
    caps: "ts",
  },
  {
    provider: "mistral",
    id: "ministral-8b-2410",
    from: g("mistral", "ministral-8b"),
    api: "openai",
    tokenizer: "mistral",
    contextWindow: 131_072,
    maxOutput: 8_192,
    caps: "ts",
    arena: "ministral-8b-2410",
  },

  // ── xAI (USD) ─────────────────────────────────────────────────────────────────────────────────
  ...(
    [
      ["grok-4-0709", "tvsr", "grok-4-0709"],
      ["grok-4-1-fast-reasoning", "tvsr", "grok-4-1-fast-reasoning"],
      ["grok-4-1-fast-non-reasoning", "tvs", undefined],
      ["grok-3-mini", "tsr", undefined],
      ["grok-code-fast-1", "tsr", undefined],
    ] as const
  ).map(
    ([id, caps, arena]): Pick => ({
      provider: "xai",
      id,
      from: g("x-ai", id),
      api: "openai",
      tokenizer: "grok",
      maxOutput: 8_192,
      caps,
      ...(arena ? { arena } : {}),
    }),
  ),

  // ── Moonshot Kimi: international platform (USD) and China platform (CNY) ──────────────────────
  ...(
    [
      ["kimi-k2-0711-preview", "ts", "kimi-k2-0711-preview"],
      ["kimi-k2-0905-preview", "ts", "kimi-k2-0905-preview"],
      ["kimi-k2-thinking-turbo", "tsr", "kimi-k2-thinking-turbo"],
      ["kimi-k2-thinking", "tsr", undefined],
    ] as const
  ).map(
    ([id, caps, arena]): Pick => ({
      provider: "moonshot-intl",
      id,
      from: g("moonshotai", id),
      api: "openai",
      tokenizer: "kimi",
      maxOutput: 8_192,
      caps,
      ...(arena ? { arena } : {}),
    }),
  ),
  bank("moonshot", "moonshot", "kimi", "kimi-k2.6", { maxOutput: 8_192, caps: "tsr" }),
  bank("moonshot", "moonshot", "kimi", "kimi-k2.7-code", { maxOutput: 8_192, caps: "tsr" }),
  bank("moonshot", "moonshot", "kimi", "kimi-k2.7-code-highspeed", { maxOutput: 8_192, caps: "tsr" }),

  // ── Qwen / DashScope (CNY) ────────────────────────────────────────────────────────────────────
  bank("qwen", "qwen", "qwen", "qwen3-max", { maxOutput: 65_536, caps: "ts" }),
  bank("qwen", "qwen", "qwen", "qwen-turbo", { maxOutput: 16_384, caps: "tsr" }),
  bank("qwen", "qwen", "qwen", "qwen-max", { maxOutput: 8_192, caps: "ts" }),
  bank("qwen", "qwen", "qwen", "qwen-long", { maxOutput: 8_192, caps: "t" }),
  bank("qwen", "qwen", "qwen", "qwen3-vl-plus", { maxOutput: 32_768, caps: "tvs" }),
  bank("qwen", "qwen", "qwen", "qwen3-coder-plus", { maxOutput: 65_536, caps: "ts" }),
  bank("qwen", "qwen", "qwen", "qwen3-235b-a22b-instruct-2507", {
    maxOutput: 32_768,
    caps: "ts",
    arena: "qwen3-235b-a22b-instruct-2507",
  }),
  bank("qwen", "qwen", "qwen", "qwen3-235b-a22b-thinking-2507", {
    maxOutput: 32_768,
    caps: "tsr",
    arena: "qwen3-235b-a22b-thinking-2507",
  }),
  bank("qwen", "qwen", "qwen", "qwen3-next-80b-a3b-instruct", {
    maxOutput: 32_768,
    caps: "ts",
    arena: "qwen3-next-80b-a3b-instruct",
  }),
  bank("qwen", "qwen", "qwen", "qwen3-next-80b-a3b-thinking", {
    maxOutput: 32_768,
    caps: "tsr",
    arena: "qwen3-next-80b-a3b-thinking",
  }),
  bank("qwen", "qwen", "qwen", "qwen3-30b-a3b-instruct-2507", {
    maxOutput: 32_768,
    caps: "ts",
    arena: "qwen3-30b-a3b-instruct-2507",
  }),
  bank("qwen", "qwen", "qwen", "qwq-32b", { maxOutput: 8_192, caps: "tr", arena: "qwq-32b" }),
  bank("qwen", "qwen", "qwen", "qwen3.7-plus", { maxOutput: 32_768, caps: "tsr" }),
  bank("qwen", "qwen", "qwen", "qwen3.8-max", { maxOutput: 32_768, caps: "tsr" }),
  bank("qwen", "qwen", "qwen", "qwen3.8-flash", { maxOutput: 32_768, caps: "tsr" }),

  // ── Zhipu GLM (CNY) ───────────────────────────────────────────────────────────────────────────
  bank("zhipu", "zhipu", "glm", "glm-5.3", { maxOutput: 8_192, caps: "tsr" }),
  bank("zhipu", "zhipu", "glm", "glm-5.3-flash", { maxOutput: 8_192, caps: "tsr" }),
  bank("zhipu", "zhipu", "glm", "glm-5.2", { maxOutput: 8_192, caps: "tsr" }),
  bank("zhipu", "zhipu", "glm", "glm-5.1", { maxOutput: 8_192, caps: "tsr" }),
  bank("zhipu", "zhipu", "glm", "glm-5", { maxOutput: 8_192, caps: "tsr" }),
  bank("zhipu", "zhipu", "glm", "glm-5-turbo", { maxOutput: 8_192, caps: "tsr" }),
  bank("zhipu", "zhipu", "glm", "glm-4.7-flashx", { maxOutput: 8_192, caps: "tsr" }),
  bank("zhipu", "zhipu", "glm", "glm-4.6v", { maxOutput: 8_192, caps: "tvsr" }),
  bank("zhipu", "zhipu", "glm", "glm-4-plus", { maxOutput: 4_096, caps: "ts", arena: "glm-4-plus" }),
  bank("zhipu", "zhipu", "glm", "glm-4-long", { maxOutput: 4_096, caps: "t" }),
  bank("zhipu", "zhipu", "glm", "glm-4-air-250414", { maxOutput: 4_096, caps: "ts" }),

  // ── Doubao / Volcengine Ark (CNY) ─────────────────────────────────────────────────────────────
  bank("doubao", "volcengine", "doubao", "doubao-seed-2.1-pro", { maxOutput: 8_192, caps: "tvsr" }),
  bank("doubao", "volcengine", "doubao", "doubao-seed-2.1-turbo", { maxOutput: 8_192, caps: "tvsr" }),
  bank("doubao", "volcengine", "doubao", "doubao-seed-2.0-pro", { maxOutput: 8_192, caps: "tvsr" }),
  bank("doubao", "volcengine", "doubao", "doubao-seed-2.0-lite", { maxOutput: 8_192, caps: "tvsr" }),
  bank("doubao", "volcengine", "doubao", "doubao-seed-2.0-mini", { maxOutput: 8_192, caps: "tvsr" }),
  bank("doubao", "volcengine", "doubao", "doubao-seed-2.0-code", { maxOutput: 8_192, caps: "tsr" }),
  bank("doubao", "volcengine", "doubao", "doubao-seed-code", { maxOutput: 8_192, caps: "tsr" }),
  bank("doubao", "volcengine", "doubao", "doubao-1.5-pro-32k", {
    contextWindow: 32_768,
    maxOutput: 8_192,
    caps: "ts",
  }),
  bank("doubao", "volcengine", "doubao", "doubao-1.5-lite-32k", { maxOutput: 8_192, caps: "ts" }),
];
