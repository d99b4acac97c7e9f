import type { FeedFormat } from "./feed-types";

/**
 * How a feed's provider name maps onto a catalog provider: the catalog provider key, or
 * `{ unmapped }` with the reason the feed's prices for that provider must not be applied to the
 * catalog's models (another price list, another currency, a reseller).
 */
export type ProviderAlias = string | { unmapped: string };

/**
 * What a feed's model id means for one catalog provider: the catalog model id, or `{ ambiguous }` with
 * the catalog ids it could mean (reported, never guessed).
 */
export type ModelAlias = string | { ambiguous: readonly string[]; note: string };

const THIRD_PARTY =
  "open-weight models on OpenRouter are served by third-party hosts at their own prices, not by the first-party API the catalog prices";
const CNY_LIST = (provider: string) =>
  `the catalog's ${provider} prices are the mainland CNY list; this feed lists the international USD endpoint, a different price list`;

/**
 * Feed provider name → catalog provider, per feed. A provider missing here is reported as
 * `unknown-provider` ("not in the alias table"); one listed as `{ unmapped }` is reported with its note.
 * Resellers (Bedrock, Vertex, Azure, Fireworks, Together, …) are deliberately absent: their prices are
 * theirs, not the provider's the catalog prices.
 */
export const PROVIDER_ALIASES: Readonly<Record<FeedFormat, Readonly<Record<string, ProviderAlias>>>> = {
  litellm: {
    openai: "openai",
    anthropic: "anthropic",
    gemini: "google",
    deepseek: "deepseek",
    mistral: "mistral",
    xai: "xai",
    moonshot: "moonshot-intl",
    dashscope: { unmapped: CNY_LIST("qwen") },
    volcengine: { unmapped: CNY_LIST("doubao") },
    zai: { unmapped: CNY_LIST("zhipu") },
  },
  "genai-prices": {
    openai: "openai",
    anthropic: "anthropic",
    google: "google",
    deepseek: "deepseek",
    mistral: "mistral",
    "x-ai": "xai",
    moonshotai: "moonshot-intl",
    zai: { unmapped: CNY_LIST("zhipu") },
    zhipuai: { unmapped: CNY_LIST("zhipu") },
  },
  openrouter: {
    openai: "openai",
    anthropic: "anthropic",
    google: "google",
    mistralai: "mistral",
    "x-ai": "xai",
    deepseek: { unmapped: THIRD_PARTY },
    qwen: { unmapped: THIRD_PARTY },
    moonshotai: { unmapped: THIRD_PARTY },
    "z-ai": { unmapped: THIRD_PARTY },
    minimax: { unmapped: THIRD_PARTY },
  },
};

/**
 * Feed model id → catalog model id, per feed and catalog provider, where the two spell a model
 * differently. Any other id maps only onto the catalog model with exactly the same id.
 *
 * - OpenRouter writes Claude versions with dots (`claude-opus-4.6`), the Anthropic API with dashes.
 * - OpenRouter's `x-ai/grok-4` is the model xAI's API calls `grok-4-0709`; its `x-ai/grok-4.1-fast`
 *   toggles reasoning per request, which xAI's API sells as two models: ambiguous.
 * - genai-prices names Mistral's models by family (`mistral-medium-3`, `ministral-8b`); the catalog
 *   by the dated API id. `mistral-small-latest` is deliberately not mapped onto `mistral-small-2506`:
 *   the dated model was priced separately from the alias.
 */
export const MODEL_ALIASES: Readonly<
  Record<FeedFormat, Readonly<Record<string, Readonly<Record<string, ModelAlias>>>>>
> = {
  litellm: {},
  "genai-prices": {
    mistral: { "mistral-medium-3": "mistral-medium-2505", "ministral-8b": "ministral-8b-2410" },
  },
  openrouter: {
    anthropic: {
      "claude-opus-4.6": "claude-opus-4-6",
      "claude-opus-4.5": "claude-opus-4-5",
      "claude-opus-4.1": "claude-opus-4-1",
      "claude-sonnet-4.5": "claude-sonnet-4-5",
      "claude-sonnet-4": "claude-sonnet-4-0",
      "claude-haiku-4.5": "claude-haiku-4-5",
      "claude-3.5-haiku": "claude-3-5-haiku-latest",
    },
    xai: {
      "grok-4": "grok-4-0709",
      "grok-4.1-fast": {
        ambiguous: ["grok-4-1-fast-reasoning", "grok-4-1-fast-non-reasoning"],
        note: "one OpenRouter model with a reasoning toggle; xAI sells the two modes as two models",
      },
    },
    mistral: {
      "mistral-medium-3": "mistral-medium-2505",
      "ministral-8b": "ministral-8b-2410",
    },
  },
};

/** The result of looking a feed name up: a catalog model, or why not. */
export type AliasResolution =
  | { kind: "model"; provider: string; id: string }
  | { kind: "unknown-provider"; detail: string }
  | { kind: "unknown-model"; detail: string }
  | { kind: "ambiguous"; detail: string; candidates: string[] };

/**
 * Maps a feed's provider and model name onto a catalog model known in `known` (`provider/id` keys):
 * the provider through {@link PROVIDER_ALIASES}, the model through {@link MODEL_ALIASES} or the same
 * id. Never guesses: anything else is reported.
 */
export function resolveAlias(
  format: FeedFormat,
  feedProvider: string,
  feedModel: string,
  known: ReadonlySet<string>,
): AliasResolution {
  const alias = PROVIDER_ALIASES[format][feedProvider];
  if (alias === undefined) {
    return {
      kind: "unknown-provider",
      detail: `provider "${feedProvider}" is not in the ${format} alias table`,
    };
  }
  if (typeof alias !== "string") {
    return {
      kind: "unknown-provider",
      detail: `provider "${feedProvider}" is not mapped: ${alias.unmapped}`,
    };
  }
  const modelAlias = MODEL_ALIASES[format][alias]?.[feedModel];
  if (modelAlias !== undefined && typeof modelAlias !== "string") {
    return {
      kind: "ambiguous",
      detail: `"${feedModel}" could be ${modelAlias.ambiguous.map((id) => `${alias}/${id}`).join(" or ")}: ${modelAlias.note}`,
      candidates: modelAlias.ambiguous.map((id) => `${alias}/${id}`),
    };
  }
  const id = modelAlias ?? feedModel;
  if (!known.has(`${alias}/${id}`)) {
    return {
      kind: "unknown-model",
      detail:
        modelAlias === undefined
          ? `no catalog model ${alias}/${id}`
          : `alias ${feedModel} → ${alias}/${id}, which is not among the models`,
    };
  }
  return { kind: "model", provider: alias, id };
}
