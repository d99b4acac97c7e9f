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
  type LoadPriceTableOptions,
  loadPriceTable,
  type PriceTable,
  PriceTableFileSchema,
} from "./load-price-table";
export type { MergeMode } from "./merge-models";
export type { StaleEntry } from "./stale-entries";
