export { builtinModels } from "./builtin-models";
export {
  type CatalogSummary,
  catalogReport,
  type ProviderSummary,
  summarizeCatalog,
} from "./catalog-report";
export {
  type Catalog,
  type CatalogOptions,
  createCatalog,
  DEFAULT_STALE_AFTER_DAYS,
  type ExtendOptions,
  type TableInput,
} from "./create-catalog";
export { defaultFx } from "./default-fx";
export {
  type AliasResolution,
  comparePriceVersions,
  detectFeedFormat,
  diffPriceSnapshots,
  FEED_FORMATS,
  type FeedFormat,
  type FeedImport,
  type FeedLimits,
  type FeedSource,
  type FieldChange,
  GenaiPricesFeedSchema,
  type ImportedModel,
  type ImportFeedOptions,
  type ImportPriceFeedOptions,
  importGenaiPrices,
  importLitellm,
  importOpenrouter,
  importPriceFeed,
  LitellmFeedSchema,
  MODEL_ALIASES,
  type ModelAlias,
  OpenrouterFeedSchema,
  PROVIDER_ALIASES,
  type PriceDiff,
  type PriceSnapshot,
  type ProviderAlias,
  parseFeedText,
  perMillion,
  priceSnapshot,
  resolveAlias,
  type SkippedEntry,
  type SnapshotModel,
  type UnmappedModel,
  type UnmappedReason,
} from "./importers";
export {
  type LoadPriceTableOptions,
  loadPriceTable,
  type PriceTable,
  PriceTableFileSchema,
} from "./load-price-table";
export type { MergeMode } from "./merge-models";
export type { StaleEntry } from "./stale-entries";
