import {
  type FxTable,
  FxTableSchema,
  type ModelEntry,
  type ModelEntryInput,
  ModelTableSchema,
  modelKey,
  type PriceVersion,
  parseWith,
  priceInForce,
  TokenwiseError,
  UnknownModelError,
} from "@tokenwise/core";
import { builtinModels } from "./builtin-models";
import { defaultFx } from "./default-fx";
import { loadPriceTable, type PriceTable } from "./load-price-table";
import { type MergeMode, mergeModels } from "./merge-models";
import { type StaleEntry, staleEntries } from "./stale-entries";

/** Default staleness limit: a model whose newest price was read more than this many days ago is stale. */
export const DEFAULT_STALE_AFTER_DAYS = 180;

/** A table to layer over the catalog: already loaded, a file path (.json/.yaml/.yml) or an in-memory object. */
export type TableInput = PriceTable | string | { models: unknown; fx?: unknown } | readonly unknown[];

/** Settings for {@link createCatalog}. */
export interface CatalogOptions {
  /** The models to start from, validated with `ModelTableSchema`. Default: the built-in catalog. */
  models?: readonly ModelEntryInput[];
  /** User tables layered over `models`, in order (see `mode`). */
  tables?: readonly TableInput[];
  /** How `tables` meet existing entries with the same `provider/id`: `replace` (default) or `merge`. */
  mode?: MergeMode;
  /** FX rates for conversions. Default: {@link defaultFx}; rates from tables are added to it. */
  fx?: FxTable;
  /** The clock: "now" for prices in force and staleness. Default: `() => new Date()`. */
  now?: () => Date;
  /** Days after a model's newest price as-of date when it counts as stale. Default 180. */
  staleAfterDays?: number;
}

/** Options for {@link Catalog.extend}. */
export interface ExtendOptions {
  /** `replace` (default): same `provider/id` replaces the entry; `merge`: price versions are merged. */
  mode?: MergeMode;
}

/** A read-only set of models with dated prices, FX rates and a clock. */
export interface Catalog {
  /** Every model, in catalog order; `filter` narrows by provider and/or currency in force now. */
  list(filter?: { provider?: string; currency?: string }): readonly ModelEntry[];
  /** The model `id` of `provider`; throws `UnknownModelError`. */
  get(provider: string, id: string): ModelEntry;
  /** A model by `provider/id`, or by bare id when exactly one provider has it; throws `UnknownModelError`. */
  find(key: string): ModelEntry;
  /** True when {@link Catalog.find} would succeed. */
  has(key: string): boolean;
  /** Provider keys, sorted. */
  providers(): string[];
  /** The price version of `model` in force at `at` (default `now()`); throws `PriceUnavailableError`. */
  priceAt(model: string | ModelEntry, at?: Date): PriceVersion;
  /** Models whose newest price as-of date is more than `staleAfterDays` before `now()`. */
  stale(): StaleEntry[];
  /** A new catalog with `tables` layered over this one (this one is unchanged). */
  extend(tables: TableInput | readonly TableInput[], options?: ExtendOptions): Catalog;
  /** The FX table conversions use. */
  readonly fx: FxTable;
  /** The injected clock. */
  now(): Date;
  readonly staleAfterDays: number;
}

/**
 * Creates a catalog over the built-in models (or `options.models`), with user tables layered on top.
 * Time is injected: `now` decides which price is in force and what is stale.
 *
 * @example
 * const catalog = createCatalog({ now: () => new Date("2026-09-01T02:00:00Z") });
 * const model = catalog.find("deepseek/deepseek-chat");
 * const cost = costOf(makeUsage({ input: 20_000, output: 1_000 }), catalog.priceAt(model), { at: catalog.now() });
 */
export function createCatalog(options: CatalogOptions = {}): Catalog {
  const base = options.models
    ? parseWith(ModelTableSchema, options.models, "createCatalog options.models")
    : [...builtinModels()];
  const fx = options.fx ? parseWith(FxTableSchema, options.fx, "createCatalog options.fx") : defaultFx;
  const staleAfterDays = options.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS;
  if (!Number.isFinite(staleAfterDays) || staleAfterDays < 0) {
    throw new TokenwiseError({
      message: `createCatalog: staleAfterDays must be ≥ 0 (got ${staleAfterDays})`,
    });
  }
  const now = options.now ?? (() => new Date());
  const catalog = makeCatalog(base, fx, now, staleAfterDays);
  return options.tables && options.tables.length > 0
    ? catalog.extend(options.tables, options.mode ? { mode: options.mode } : {})
    : catalog;
}

function toTable(input: TableInput, index: number): PriceTable {
  if (isPriceTable(input)) return input;
  return loadPriceTable(input, { name: `price table #${index + 1}` });
}

function isPriceTable(input: TableInput): input is PriceTable {
  return (
    typeof input === "object" &&
    input !== null &&
    !Array.isArray(input) &&
    typeof (input as PriceTable).source === "string" &&
    Array.isArray((input as PriceTable).models)
  );
}

function makeCatalog(
  models: readonly ModelEntry[],
  fx: FxTable,
  now: () => Date,
  staleAfterDays: number,
): Catalog {
  const frozen = Object.freeze([...models]);
  const byKey = new Map(frozen.map((m) => [modelKey(m), m]));
  const byId = new Map<string, ModelEntry[]>();
  for (const m of frozen) byId.set(m.id, [...(byId.get(m.id) ?? []), m]);
  const known = () => [...byKey.keys()];

  const lookup = (key: string): ModelEntry | undefined => {
    const exact = byKey.get(key);
    if (exact) return exact;
    const bare = byId.get(key);
    return bare && bare.length === 1 ? bare[0] : undefined;
  };

  const catalog: Catalog = {
    list(filter) {
      if (!filter) return frozen;
      const at = now();
      return frozen.filter((m) => {
        if (filter.provider !== undefined && m.provider !== filter.provider) return false;
        if (filter.currency === undefined) return true;
        try {
          return priceInForce(m, at).currency === filter.currency;
        } catch {
          return false;
        }
      });
    },
    get(provider, id) {
      const model = byKey.get(`${provider}/${id}`);
      if (!model) throw new UnknownModelError({ modelId: `${provider}/${id}`, known: known() });
      return model;
    },
    find(key) {
      const model = lookup(key);
      if (model) return model;
      const candidates = byId.get(key);
      const hint = candidates && candidates.length > 1 ? candidates.map(modelKey) : known();
      throw new UnknownModelError({ modelId: key, known: hint });
    },
    has(key) {
      return lookup(key) !== undefined;
    },
    providers() {
      return [...new Set(frozen.map((m) => m.provider))].sort();
    },
    priceAt(model, at = now()) {
      return priceInForce(typeof model === "string" ? catalog.find(model) : model, at);
    },
    stale() {
      return staleEntries(frozen, now(), staleAfterDays);
    },
    extend(tables, extendOptions = {}) {
      const list = (Array.isArray(tables) && !isModelArray(tables) ? tables : [tables]) as TableInput[];
      let merged: ModelEntry[] = [...frozen];
      let rates = fx.rates;
      list.forEach((input, i) => {
        const table = toTable(input, i);
        merged = mergeModels(merged, table.models, extendOptions.mode ?? "replace");
        if (table.fx) rates = [...rates, ...table.fx.rates];
      });
      return makeCatalog(merged, { rates }, now, staleAfterDays);
    },
    fx,
    now,
    staleAfterDays,
  };
  return catalog;
}

/** A bare list of model entries (one table) rather than a list of tables. */
function isModelArray(value: readonly unknown[]): boolean {
  const first = value[0];
  return typeof first === "object" && first !== null && "provider" in first && "prices" in first;
}
