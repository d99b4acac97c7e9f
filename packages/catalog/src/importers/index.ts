export {
  type AliasResolution,
  MODEL_ALIASES,
  type ModelAlias,
  PROVIDER_ALIASES,
  type ProviderAlias,
  resolveAlias,
} from "./aliases";
export {
  comparePriceVersions,
  diffPriceSnapshots,
  type FieldChange,
  type PriceDiff,
  type PriceSnapshot,
  priceSnapshot,
  type SnapshotModel,
} from "./compare-prices";
export {
  FEED_FORMATS,
  type FeedFormat,
  type FeedImport,
  type FeedLimits,
  type FeedSource,
  type ImportedModel,
  type ImportFeedOptions,
  type SkippedEntry,
  type UnmappedModel,
  type UnmappedReason,
} from "./feed-types";
export { GenaiPricesFeedSchema, importGenaiPrices } from "./genai-prices";
export {
  detectFeedFormat,
  type ImportPriceFeedOptions,
  importPriceFeed,
  parseFeedText,
} from "./import-price-feed";
export { importLitellm, LitellmFeedSchema } from "./litellm";
export { perMillion } from "./map-feed-models";
export { importOpenrouter, OpenrouterFeedSchema } from "./openrouter";
