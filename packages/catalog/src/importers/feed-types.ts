import type { ModelEntry, PriceVersion } from "@tokenwise/core";

/** The price feeds tokenwise can import. */
export const FEED_FORMATS = ["litellm", "genai-prices", "openrouter"] as const;
/** A price feed format: LiteLLM's JSON map, pydantic's genai-prices `data.json`, OpenRouter's `/api/v1/models`. */
export type FeedFormat = (typeof FEED_FORMATS)[number];

/** Where a feed was read and the day its prices are as of (a version's `source`). */
export interface FeedSource {
  /** The feed URL (or file path) the prices were read from. */
  url: string;
  /** The day the feed was read (or its `Last-Modified` day): `YYYY-MM-DD`. */
  asOf: string;
}

/** Limits a feed states for a model, beside its prices. */
export interface FeedLimits {
  /** Whole context window (input + output), tokens. */
  contextWindow?: number;
  /** Longest prompt, tokens (LiteLLM `max_input_tokens`). */
  maxInputTokens?: number;
  /** Longest completion, tokens. */
  maxOutputTokens?: number;
}

/** One priced model of a feed: its feed name, the catalog model it maps to (if any), its dated versions. */
export interface ImportedModel {
  /** The model's name in the feed (LiteLLM key, `provider/id` for genai-prices and OpenRouter). */
  feedKey: string;
  /** The feed's provider name (LiteLLM `litellm_provider`, genai-prices provider id, OpenRouter id prefix). */
  feedProvider: string;
  /** Catalog provider and model id this entry maps to through the alias table. */
  provider: string;
  id: string;
  /** Validated price versions (core's `PriceVersion`), oldest first, each citing the feed and its as-of day. */
  prices: PriceVersion[];
  limits: FeedLimits;
}

/** Why a priced feed entry was not mapped onto a catalog model. */
export type UnmappedReason =
  /** The feed's provider is not in the alias table (or is listed as deliberately unmapped). */
  | "unknown-provider"
  /** The provider maps, the model id matches no catalog model of it. */
  | "unknown-model"
  /** The name could mean more than one catalog model, or several feed entries claim one model with different prices. */
  | "ambiguous";

/** A priced feed entry that maps onto no single catalog model: reported, never guessed. */
export interface UnmappedModel extends Omit<ImportedModel, "provider" | "id"> {
  reason: UnmappedReason;
  /** What was wrong, in words (the provider alias note, the candidate models). */
  detail: string;
  /** For `ambiguous`: the catalog models (`provider/id`) or feed keys in question. */
  candidates?: string[];
}

/** A feed entry that carries no text-token price tokenwise can use (image models, variable prices). */
export interface SkippedEntry {
  feedKey: string;
  reason: string;
}

/** What an import produced. */
export interface FeedImport {
  format: FeedFormat;
  source: FeedSource;
  /** Entries mapped onto catalog models, sorted by `provider/id`. */
  models: ImportedModel[];
  /** Priced entries that map onto no single catalog model, with the reason. */
  unmapped: UnmappedModel[];
  /** Entries without a usable text-token price. */
  skipped: SkippedEntry[];
}

/** Options of the importers. */
export interface ImportFeedOptions {
  /** Where the feed was read and as of which day (every version cites it). */
  source: FeedSource;
  /**
   * The models names are mapped onto (`provider` and `id`). Default: the built-in catalog. A router
   * passes its own models.
   */
  models?: readonly Pick<ModelEntry, "provider" | "id">[];
}

/** A feed entry before mapping: the feed's own names, its versions (validated) and limits. */
export interface RawFeedModel {
  feedKey: string;
  feedProvider: string;
  /** The model's id as the feed spells it, without the provider prefix. */
  feedModel: string;
  prices: PriceVersion[];
  limits: FeedLimits;
}
