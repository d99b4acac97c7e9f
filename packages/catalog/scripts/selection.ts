/**
 * The hand-curated part of the catalog: which models are in it, and the facts the price files lack
 * (API style, context window where the file has none, max output, capabilities, tokenizer family).
 * Quality and latency picks live in `./quality-picks.ts`. Prices never come from here: they come from the files in
 * `../data-sources/` (see SOURCE.md) or from the sourced, curated history in `./history/` (launch
 * dates, earlier prices, histories rebuilt from a provider's own pages).
 *
 * `caps` letters: t = tools, v = vision input, s = structured output (JSON schema), r = reasoning.
 * Streaming is true for every model here.
 *
 * `maxOutput`: the provider's documented maximum output where known; 8192 where no figure could be
 * confirmed (a conservative floor: routing rejects rather than truncates). Every pick names where its
 * limits come from in `limitsSource`; the ones still unconfirmed say so and are listed in docs/catalog.md.
 * The context window comes from the price file (genai-prices `context_window`, model-bank
 * `contextWindowTokens`) unless `contextWindow` overrides it here.
 */

/** Where a model's prices are read from (`curated`: only from `./history/`). */
export type PriceFrom =
  | { file: "genai"; provider: string; id: string }
  | { file: "bank"; provider: string; id: string }
  | { file: "curated" };

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
  /** Where `maxOutput` (and an overridden `contextWindow`) come from; "UNCONFIRMED: ..." when nothing could be. */
  limitsSource: string;
  caps: string;
}

/** model-bank model cards (npm `model-bank@1.0.20260927202305`, LobeHub, MIT: the same release as
 * `data-sources/cny-model-bank.jsonl`, whose reduced lines drop the cards' `maxOutput` field). */
const MB = (file: string, id: string, ctx: string, max: string) =>
  `npm model-bank@1.0.20260927202305 ${file} card "${id}": contextWindowTokens ${ctx}, maxOutput ${max}`;
/** Gemini API model pages ("Output token limit"). */
const GEMINI_DOC = (id: string) =>
  `Gemini API model page https://ai.google.dev/gemini-api/docs/models/${id} (stored copy, last updated 2025)`;
/** Claude model pages ("Context window · Max output"). */
const CLAUDE_DOC = (slug: string, ctx: string, max: string) =>
  `Claude docs model page https://platform.claude.com/docs/en/models/${slug}/overview: context window ${ctx}, max output ${max}`;
const UNCONFIRMED = (what: string) => `UNCONFIRMED: ${what}; the conservative 8192 floor is kept`;
const DEEPSEEK_DOC =
  'DeepSeek pricing page https://api-docs.deepseek.com/quick_start/pricing ("CONTEXT LENGTH 1M, MAX OUTPUT MAXIMUM: 384K"), as quoted by factquire.com, accessed 2026-07-04; 384K read as 384,000 (model-bank says 393,216)';

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
    limitsSource:
      "UNCONFIRMED from a provider page in the stored copies (model-bank's openai card has no maxOutput for gpt-4o); 16,384 is the figure third-party catalogues give (models.wingman.actor/models/openai/gpt-4o)",
    caps: "tvs",
  }),
  openai("gpt-4o-mini", {
    maxOutput: 16_384,
    limitsSource: MB("openai", "gpt-4o-mini", "128000", "16384"),
    caps: "tvs",
  }),
  openai("gpt-4.1", {
    contextWindow: 1_047_576,
    maxOutput: 32_768,
    limitsSource: MB("openai", "gpt-4.1", "1047576", "32768"),
    caps: "tvs",
  }),
  openai("gpt-4.1-mini", {
    contextWindow: 1_047_576,
    maxOutput: 32_768,
    limitsSource: MB("openai", "gpt-4.1-mini", "1047576", "32768"),
    caps: "tvs",
  }),
  openai("gpt-4.1-nano", {
    contextWindow: 1_047_576,
    maxOutput: 32_768,
    limitsSource: MB("openai", "gpt-4.1-nano", "1047576", "32768"),
    caps: "tvs",
  }),
  openai("o3", {
    contextWindow: 200_000,
    maxOutput: 100_000,
    limitsSource: MB("openai", "o3", "200000", "100000"),
    caps: "tvsr",
  }),
  openai("o3-mini", {
    contextWindow: 200_000,
    maxOutput: 100_000,
    limitsSource: MB("openai", "o3-mini", "200000", "100000"),
    caps: "tsr",
  }),
  openai("o4-mini", {
    contextWindow: 200_000,
    maxOutput: 100_000,
    limitsSource: MB("openai", "o4-mini", "200000", "100000"),
    caps: "tvsr",
  }),
  openai("gpt-5", {
    maxOutput: 128_000,
    limitsSource: MB("openai", "gpt-5", "400000", "128000"),
    caps: "tvsr",
  }),
  openai("gpt-5-mini", {
    maxOutput: 128_000,
    limitsSource: MB("openai", "gpt-5-mini", "400000", "128000"),
    caps: "tvsr",
  }),
  openai("gpt-5-nano", {
    maxOutput: 128_000,
    limitsSource: MB("openai", "gpt-5-nano", "400000", "128000"),
    caps: "tvsr",
  }),
  openai("gpt-5.1", {
    maxOutput: 128_000,
    limitsSource: MB("openai", "gpt-5.1", "400000", "128000"),
    caps: "tvsr",
  }),
  openai("gpt-5.4", {
    maxOutput: 128_000,
    limitsSource: MB("openai", "gpt-5.4", "1050000", "128000"),
    caps: "tvsr",
  }),
  openai("gpt-5.2", {
    maxOutput: 128_000,
    limitsSource: MB("openai", "gpt-5.2", "400000", "128000"),
    caps: "tvsr",
  }),
  openai("gpt-5.4-mini", {
    maxOutput: 128_000,
    limitsSource: MB("openai", "gpt-5.4-mini", "400000", "128000"),
    caps: "tvsr",
  }),
  openai("gpt-5.4-nano", {
    maxOutput: 128_000,
    limitsSource: MB("openai", "gpt-5.4-nano", "400000", "128000"),
    caps: "tvsr",
  }),
  openai("gpt-5.5", {
    contextWindow: 1_050_000,
    maxOutput: 128_000,
    limitsSource: `${MB("openai", "gpt-5.5", "1050000", "128000")}; genai-prices rounds the window to 1,000,000`,
    caps: "tvsr",
  }),
  ...(["gpt-5.6-sol", "gpt-5.6-terra", "gpt-5.6-luna"] as const).map((id) =>
    openai(id, {
      maxOutput: 128_000,
      limitsSource: MB("openai", id, "1050000", "128000"),
      caps: "tvsr",
    }),
  ),
  openai("o1", {
    contextWindow: 200_000,
    maxOutput: 100_000,
    limitsSource: `${MB("openai", "o1", "200000", "100000")}; genai-prices' 128,000 is o1-preview's window`,
    caps: "tvsr",
  }),
  openai("gpt-4-turbo", {
    tokenizer: "cl100k_base",
    maxOutput: 4_096,
    limitsSource:
      "UNCONFIRMED for the current snapshot (model-bank's card has no maxOutput); OpenAI's model page gave \"a maximum of 4,096 output tokens\" for GPT-4 Turbo preview (platform.openai.com/docs/models, as quoted by newreleases.io, Dec 2023)",
    caps: "tvs",
  }),
  openai("gpt-3.5-turbo", {
    tokenizer: "cl100k_base",
    maxOutput: 4_096,
    limitsSource:
      'OpenAI model page https://platform.openai.com/docs/models/gpt-3-5: "Returns a maximum of 4,096 output tokens" (as quoted by newreleases.io, Dec 2023); context 16,385 from genai-prices',
    caps: "t",
  }),

  // ── Anthropic (USD) ───────────────────────────────────────────────────────────────────────────
  anthropic("claude-opus-4-5", {
    maxOutput: 64_000,
    limitsSource: CLAUDE_DOC("opus-4-5", "200K", "64K"),
    caps: "tvsr",
  }),
  anthropic("claude-sonnet-4-5", {
    maxOutput: 64_000,
    limitsSource: `${CLAUDE_DOC("sonnet-4-5", "200K", "64K")}; the 1M window of genai-prices is the long-context beta`,
    caps: "tvsr",
  }),
  anthropic("claude-haiku-4-5", {
    maxOutput: 64_000,
    limitsSource: CLAUDE_DOC("haiku-4-5", "200K", "64K"),
    caps: "tvsr",
  }),
  anthropic("claude-sonnet-4-0", {
    maxOutput: 64_000,
    limitsSource:
      "UNCONFIRMED from a provider page in the stored copies; 64,000 is Anthropic's table as reproduced by docs.aihubmix.com/en/api/Claude-Native",
    caps: "tvsr",
  }),
  anthropic("claude-opus-4-1", {
    maxOutput: 32_000,
    limitsSource:
      "UNCONFIRMED from a provider page in the stored copies; 32,000 is the Opus 4 figure of Anthropic's table as reproduced by docs.aihubmix.com/en/api/Claude-Native",
    caps: "tvsr",
  }),
  anthropic("claude-3-5-haiku-latest", {
    maxOutput: 8_192,
    limitsSource:
      "UNCONFIRMED from a provider page in the stored copies; 8,192 is Anthropic's table as reproduced by docs.aihubmix.com/en/api/Claude-Native",
    caps: "t",
  }),
  anthropic("claude-opus-4-6", {
    contextWindow: 1_000_000,
    maxOutput: 128_000,
    limitsSource: `${CLAUDE_DOC("opus-4-6", "1M", "128K")}; ${MB("anthropic", "claude-opus-4-6", "1000000", "128000")}`,
    caps: "tvsr",
  }),
  anthropic("claude-sonnet-5", {
    maxOutput: 128_000,
    limitsSource: `${CLAUDE_DOC("sonnet-5", "1M", "128K")}; ${MB("anthropic", "claude-sonnet-5", "1000000", "128000")}`,
    caps: "tvsr",
  }),

  anthropic("claude-sonnet-4-6", {
    contextWindow: 1_000_000,
    maxOutput: 64_000,
    limitsSource: MB("anthropic", "claude-sonnet-4-6", "1000000", "64000"),
    caps: "tvsr",
  }),
  ...(["claude-opus-4-7", "claude-opus-4-8", "claude-opus-5"] as const).map((id) =>
    anthropic(id, {
      contextWindow: 1_000_000,
      maxOutput: 128_000,
      limitsSource: MB("anthropic", id, "1000000", "128000"),
      caps: "tvsr",
    }),
  ),

  // ── Google Gemini (USD, OpenAI-compatible endpoint) ───────────────────────────────────────────
  google("gemini-2.5-pro", {
    contextWindow: 1_048_576,
    maxOutput: 65_536,
    limitsSource: MB("google", "gemini-2.5-pro", "1114112 (input 1,048,576 + output 65,536)", "65536"),
    caps: "tvsr",
  }),
  google("gemini-2.5-flash", {
    contextWindow: 1_048_576,
    maxOutput: 65_536,
    limitsSource: MB("google", "gemini-2.5-flash", "1114112 (input 1,048,576 + output 65,536)", "65536"),
    caps: "tvsr",
  }),
  google("gemini-2.5-flash-lite", {
    contextWindow: 1_048_576,
    maxOutput: 65_536,
    limitsSource: MB("google", "gemini-2.5-flash-lite", "1114112 (input 1,048,576 + output 65,536)", "65536"),
    caps: "tvsr",
  }),
  google("gemini-2.0-flash", {
    contextWindow: 1_048_576,
    maxOutput: 8_192,
    limitsSource: `${GEMINI_DOC("gemini-2.0-flash")}: input 1,048,576, output 8,192`,
    caps: "tvs",
  }),
  google("gemini-3-pro-preview", {
    contextWindow: 1_048_576,
    maxOutput: 65_536,
    limitsSource: `${GEMINI_DOC("gemini-3-pro-preview")}: input 1,048,576, output 65,536`,
    caps: "tvsr",
  }),
  google("gemini-3-flash-preview", {
    contextWindow: 1_048_576,
    maxOutput: 65_536,
    limitsSource: MB(
      "google",
      "gemini-3-flash-preview",
      "1114112 (input 1,048,576 + output 65,536)",
      "65536",
    ),
    caps: "tvsr",
  }),
  google("gemini-3.6-flash", {
    contextWindow: 1_048_576,
    maxOutput: 65_536,
    limitsSource: MB("google", "gemini-3.6-flash", "1114112 (input 1,048,576 + output 65,536)", "65536"),
    caps: "tvsr",
  }),
  ...(
    ["gemini-3.1-pro-preview", "gemini-3.1-flash-lite", "gemini-3.5-flash", "gemini-3.5-flash-lite"] as const
  ).map((id) =>
    google(id, {
      contextWindow: 1_048_576,
      maxOutput: 65_536,
      limitsSource: MB("google", id, "1114112 (input 1,048,576 + output 65,536)", "65536"),
      caps: "tvsr",
    }),
  ),

  // ── DeepSeek (USD). The whole price history is curated in ./history/deepseek.ts ─────────────────
  {
    provider: "deepseek",
    id: "deepseek-chat",
    from: g("deepseek", "deepseek-chat"),
    api: "openai",
    tokenizer: "deepseek",
    contextWindow: 1_048_576,
    maxOutput: 384_000,
    limitsSource: DEEPSEEK_DOC,
    caps: "ts",
  },
  {
    provider: "deepseek",
    id: "deepseek-reasoner",
    from: g("deepseek", "deepseek-reasoner"),
    api: "openai",
    tokenizer: "deepseek",
    contextWindow: 1_048_576,
    maxOutput: 384_000,
    limitsSource: DEEPSEEK_DOC,
    caps: "tsr",
  },
  {
    provider: "deepseek",
    id: "deepseek-v4-flash",
    from: g("deepseek", "deepseek-v4-flash"),
    api: "openai",
    tokenizer: "deepseek",
    contextWindow: 1_048_576,
    maxOutput: 384_000,
    limitsSource: DEEPSEEK_DOC,
    caps: "tsr",
  },
  {
    provider: "deepseek",
    id: "deepseek-v4-pro",
    from: g("deepseek", "deepseek-v4-pro"),
    api: "openai",
    tokenizer: "deepseek",
    contextWindow: 1_048_576,
    maxOutput: 384_000,
    limitsSource: DEEPSEEK_DOC,
    caps: "tsr",
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
    limitsSource: UNCONFIRMED(
      "Mistral publishes no separate maximum output; model-bank's mistral card has none",
    ),
    caps: "tvs",
  },
  {
    provider: "mistral",
    id: "mistral-medium-2505",
    from: g("mistral", "mistral-medium-3"),
    api: "openai",
    tokenizer: "mistral",
    contextWindow: 131_072,
    maxOutput: 8_192,
    limitsSource: UNCONFIRMED("Mistral publishes no separate maximum output (context window curated, 128K)"),
    caps: "tvs",
  },
  {
    provider: "mistral",
    id: "mistral-small-2506",
    displayName: "Mistral Small 3.2",
    from: { file: "curated" },
    api: "openai",
    tokenizer: "mistral",
    contextWindow: 131_072,
    maxOutput: 8_192,
    limitsSource: UNCONFIRMED("Mistral publishes no separate maximum output (context window curated, 128K)"),
    caps: "tvs",
  },
  {
    provider: "mistral",
    id: "codestral-2508",
    from: g("mistral", "codestral-2508"),
    api: "openai",
    tokenizer: "mistral",
    contextWindow: 262_144,
    maxOutput: 8_192,
    limitsSource: UNCONFIRMED("Mistral publishes no separate maximum output"),
    caps: "ts",
  },
  {
    provider: "mistral",
    id: "ministral-8b-2410",
    displayName: "Ministral 8B",
    from: { file: "curated" },
    api: "openai",
    tokenizer: "mistral",
    contextWindow: 131_072,
    maxOutput: 8_192,
    limitsSource: UNCONFIRMED("Mistral publishes no separate maximum output (context window curated, 128K)"),
    caps: "ts",
  },

  {
    provider: "mistral",
    id: "mistral-medium-3.5",
    displayName: "Mistral Medium 3.5",
    from: { file: "curated" },
    api: "openai",
    tokenizer: "mistral",
    contextWindow: 262_144,
    maxOutput: 8_192,
    limitsSource: UNCONFIRMED(
      `Mistral publishes no separate maximum output (context window ${MB("mistral", "mistral-medium-3.5", "262144", "none")})`,
    ),
    caps: "tvsr",
  },

  // ── xAI (USD) ─────────────────────────────────────────────────────────────────────────────────
  ...(
    [
      ["grok-4-0709", "tvsr"],
      ["grok-4-1-fast-reasoning", "tvsr"],
      ["grok-4-1-fast-non-reasoning", "tvs"],
      ["grok-3-mini", "tsr"],
      ["grok-code-fast-1", "tsr"],
      ["grok-4-fast-reasoning", "tvsr"],
      ["grok-4-fast-non-reasoning", "tvs"],
      ["grok-4.3", "tvsr"],
      ["grok-4.5", "tvsr"],
    ] as const
  ).map(
    ([id, caps]): Pick => ({
      provider: "xai",
      id,
      from: g("x-ai", id),
      api: "openai",
      tokenizer: "grok",
      maxOutput: 8_192,
      limitsSource: UNCONFIRMED(
        "xAI's model pages give the context window only; third-party figures disagree (8K, 16K, 30K, 66K)",
      ),
      caps,
    }),
  ),

  // ── Moonshot Kimi: international platform (USD) and China platform (CNY) ──────────────────────
  ...(
    [
      ["kimi-k2-0711-preview", "ts"],
      ["kimi-k2-0905-preview", "ts"],
      ["kimi-k2-thinking-turbo", "tsr"],
      ["kimi-k2-thinking", "tsr"],
      ["kimi-k2.5", "tvsr"],
    ] as const
  ).map(
    ([id, caps]): Pick => ({
      provider: "moonshot-intl",
      id,
      from: g("moonshotai", id),
      api: "openai",
      tokenizer: "kimi",
      maxOutput: 8_192,
      limitsSource: UNCONFIRMED(
        "Moonshot's international platform gives no maximum output for the K2 preview/thinking ids; third-party figures disagree (8K, 16K, 32K)",
      ),
      caps,
    }),
  ),
  bank("moonshot", "moonshot", "kimi", "kimi-k2.6", {
    maxOutput: 32_768,
    limitsSource: MB("moonshot", "kimi-k2.6", "262144", "32768"),
    caps: "tsr",
  }),
  bank("moonshot", "moonshot", "kimi", "kimi-k2.7-code", {
    maxOutput: 32_768,
    limitsSource: MB("moonshot", "kimi-k2.7-code", "262144", "32768"),
    caps: "tsr",
  }),
  bank("moonshot", "moonshot", "kimi", "kimi-k2.7-code-highspeed", {
    maxOutput: 32_768,
    limitsSource: MB("moonshot", "kimi-k2.7-code-highspeed", "262144", "32768"),
    caps: "tsr",
  }),

  // ── Qwen / DashScope (CNY) ────────────────────────────────────────────────────────────────────
  bank("qwen", "qwen", "qwen", "qwen3-max", {
    maxOutput: 65_536,
    limitsSource: MB("qwen", "qwen3-max", "262144", "65536"),
    caps: "ts",
  }),
  bank("qwen", "qwen", "qwen", "qwen-turbo", {
    maxOutput: 16_384,
    limitsSource: MB("qwen", "qwen-turbo", "1000000", "16384"),
    caps: "tsr",
  }),
  bank("qwen", "qwen", "qwen", "qwen-max", {
    maxOutput: 8_192,
    limitsSource: MB("qwen", "qwen-max", "131072", "8192"),
    caps: "ts",
  }),
  bank("qwen", "qwen", "qwen", "qwen-long", {
    maxOutput: 32_768,
    limitsSource: MB("qwen", "qwen-long", "10000000", "32768"),
    caps: "t",
  }),
  bank("qwen", "qwen", "qwen", "qwen3-vl-plus", {
    maxOutput: 32_768,
    limitsSource: MB("qwen", "qwen3-vl-plus", "262144", "32768"),
    caps: "tvs",
  }),
  bank("qwen", "qwen", "qwen", "qwen3-coder-plus", {
    maxOutput: 65_536,
    limitsSource: MB("qwen", "qwen3-coder-plus", "1000000", "65536"),
    caps: "ts",
  }),
  bank("qwen", "qwen", "qwen", "qwen3-235b-a22b-instruct-2507", {
    maxOutput: 32_768,
    limitsSource: MB("qwen", "qwen3-235b-a22b-instruct-2507", "131072", "32768"),
    caps: "ts",
  }),
  bank("qwen", "qwen", "qwen", "qwen3-235b-a22b-thinking-2507", {
    maxOutput: 32_768,
    limitsSource: MB("qwen", "qwen3-235b-a22b-thinking-2507", "131072", "32768"),
    caps: "tsr",
  }),
  bank("qwen", "qwen", "qwen", "qwen3-next-80b-a3b-instruct", {
    maxOutput: 32_768,
    limitsSource: MB("qwen", "qwen3-next-80b-a3b-instruct", "131072", "32768"),
    caps: "ts",
  }),
  bank("qwen", "qwen", "qwen", "qwen3-next-80b-a3b-thinking", {
    maxOutput: 32_768,
    limitsSource: MB("qwen", "qwen3-next-80b-a3b-thinking", "131072", "32768"),
    caps: "tsr",
  }),
  bank("qwen", "qwen", "qwen", "qwen3-30b-a3b-instruct-2507", {
    maxOutput: 32_768,
    limitsSource: MB("qwen", "qwen3-30b-a3b-instruct-2507", "131072", "32768"),
    caps: "ts",
  }),
  bank("qwen", "qwen", "qwen", "qwq-32b", {
    maxOutput: 8_192,
    limitsSource: MB("qwen", "qwq-32b", "131072", "8192"),
    caps: "tr",
  }),
  bank("qwen", "qwen", "qwen", "qwen3.7-plus", {
    maxOutput: 65_536,
    limitsSource: MB("qwen", "qwen3.7-plus", "1000000", "65536"),
    caps: "tsr",
  }),
  bank("qwen", "qwen", "qwen", "qwen3.8-max", {
    maxOutput: 131_072,
    limitsSource: MB("qwen", "qwen3.8-max", "1000000", "131072"),
    caps: "tsr",
  }),
  bank("qwen", "qwen", "qwen", "qwen3.8-flash", {
    maxOutput: 131_072,
    limitsSource: MB("qwen", "qwen3.8-flash", "1000000", "131072"),
    caps: "tsr",
  }),

  // ── Zhipu GLM (CNY) ───────────────────────────────────────────────────────────────────────────
  bank("zhipu", "zhipu", "glm", "glm-5.3", {
    maxOutput: 131_072,
    limitsSource: MB("zhipu", "glm-5.3", "1048576", "131072"),
    caps: "tsr",
  }),
  bank("zhipu", "zhipu", "glm", "glm-5.3-flash", {
    maxOutput: 131_072,
    limitsSource: MB("zhipu", "glm-5.3-flash", "1048576", "131072"),
    caps: "tsr",
  }),
  bank("zhipu", "zhipu", "glm", "glm-5.2", {
    maxOutput: 131_072,
    limitsSource: MB("zhipu", "glm-5.2", "1048576", "131072"),
    caps: "tsr",
  }),
  bank("zhipu", "zhipu", "glm", "glm-5.1", {
    maxOutput: 131_072,
    limitsSource: MB("zhipu", "glm-5.1", "200000", "131072"),
    caps: "tsr",
  }),
  bank("zhipu", "zhipu", "glm", "glm-5", {
    maxOutput: 131_072,
    limitsSource: MB("zhipu", "glm-5", "200000", "131072"),
    caps: "tsr",
  }),
  bank("zhipu", "zhipu", "glm", "glm-5-turbo", {
    maxOutput: 131_072,
    limitsSource: MB("zhipu", "glm-5-turbo", "200000", "131072"),
    caps: "tsr",
  }),
  bank("zhipu", "zhipu", "glm", "glm-4.7-flashx", {
    maxOutput: 131_072,
    limitsSource: MB("zhipu", "glm-4.7-flashx", "200000", "131072"),
    caps: "tsr",
  }),
  bank("zhipu", "zhipu", "glm", "glm-4.6v", {
    maxOutput: 32_768,
    limitsSource: MB("zhipu", "glm-4.6v", "131072", "32768"),
    caps: "tvsr",
  }),
  bank("zhipu", "zhipu", "glm", "glm-4-plus", {
    maxOutput: 4_095,
    limitsSource: MB("zhipu", "glm-4-plus", "131072", "4095"),
    caps: "ts",
  }),
  bank("zhipu", "zhipu", "glm", "glm-4-long", {
    maxOutput: 4_095,
    limitsSource: MB("zhipu", "glm-4-long", "1024000", "4095"),
    caps: "t",
  }),
  bank("zhipu", "zhipu", "glm", "glm-4-air-250414", {
    maxOutput: 16_384,
    limitsSource: MB("zhipu", "glm-4-air-250414", "131072", "16384"),
    caps: "ts",
  }),

  // ── Doubao / Volcengine Ark (CNY) ─────────────────────────────────────────────────────────────
  bank("doubao", "volcengine", "doubao", "doubao-seed-2.1-pro", {
    maxOutput: 128_000,
    limitsSource: MB("volcengine", "doubao-seed-2.1-pro", "256000", "128000"),
    caps: "tvsr",
  }),
  bank("doubao", "volcengine", "doubao", "doubao-seed-2.1-turbo", {
    maxOutput: 128_000,
    limitsSource: MB("volcengine", "doubao-seed-2.1-turbo", "256000", "128000"),
    caps: "tvsr",
  }),
  bank("doubao", "volcengine", "doubao", "doubao-seed-2.0-pro", {
    maxOutput: 128_000,
    limitsSource: MB("volcengine", "doubao-seed-2.0-pro", "256000", "128000"),
    caps: "tvsr",
  }),
  bank("doubao", "volcengine", "doubao", "doubao-seed-2.0-lite", {
    maxOutput: 128_000,
    limitsSource: MB("volcengine", "doubao-seed-2.0-lite", "256000", "128000"),
    caps: "tvsr",
  }),
  bank("doubao", "volcengine", "doubao", "doubao-seed-2.0-mini", {
    maxOutput: 128_000,
    limitsSource: MB("volcengine", "doubao-seed-2.0-mini", "256000", "128000"),
    caps: "tvsr",
  }),
  bank("doubao", "volcengine", "doubao", "doubao-seed-2.0-code", {
    maxOutput: 128_000,
    limitsSource: MB("volcengine", "doubao-seed-2.0-code", "256000", "128000"),
    caps: "tsr",
  }),
  bank("doubao", "volcengine", "doubao", "doubao-seed-code", {
    maxOutput: 32_000,
    limitsSource: MB("volcengine", "doubao-seed-code", "256000", "32000"),
    caps: "tsr",
  }),
  bank("doubao", "volcengine", "doubao", "doubao-1.5-pro-32k", {
    contextWindow: 32_768,
    maxOutput: 16_384,
    limitsSource: `${MB("volcengine", "doubao-1.5-pro-32k", "128000", "16384")}; the context window is UNCONFIRMED: the card's 128,000 is not taken, the curated 32,768 of the model's name is kept`,
    caps: "ts",
  }),
  bank("doubao", "volcengine", "doubao", "doubao-1.5-lite-32k", {
    maxOutput: 12_288,
    limitsSource: MB("volcengine", "doubao-1.5-lite-32k", "32768", "12288"),
    caps: "ts",
  }),
];
