import { readFileSync } from "node:fs";
import { extname } from "node:path";
import {
  type FxTable,
  FxTableSchema,
  type ModelEntry,
  ModelTableSchema,
  parseWith,
  TokenwiseError,
  ValidationError,
} from "@tokenwise/core";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/** A validated price table: models (and optionally FX rates) with the name of where they came from. */
export interface PriceTable {
  /** The file path or the name given to an in-memory table; error messages name it. */
  source: string;
  models: ModelEntry[];
  fx?: FxTable;
}

/**
 * A table file as an object: `{ models, fx? }`. A file may also hold the bare list of models. Each
 * model entry is core's `ModelEntrySchema` (prices as decimal strings or numbers, dated versions,
 * tiers, windows); the list is core's `ModelTableSchema` (unique `provider/id`).
 */
export const PriceTableFileSchema = z
  .object({ models: ModelTableSchema, fx: FxTableSchema.optional() })
  .strict();

/** Options for {@link loadPriceTable}. */
export interface LoadPriceTableOptions {
  /** Name used in error messages for in-memory tables (default `"price table"`). */
  name?: string;
}

/**
 * Loads and validates a user price table: an object already in memory, or the path of a `.json`,
 * `.yaml` or `.yml` file. Invalid data throws core's `ValidationError`, whose message names the
 * file, each zod path and the offending value, e.g.
 * `prices.yaml: models.0.prices.0.input: must not be negative …`.
 *
 * @example
 * const table = loadPriceTable("./my-prices.yaml");
 * const catalog = createCatalog().extend(table);
 */
export function loadPriceTable(source: unknown, options: LoadPriceTableOptions = {}): PriceTable {
  const name = typeof source === "string" ? source : (options.name ?? "price table");
  const data = typeof source === "string" ? readTableFile(source) : source;
  // A bare list is parsed as the list so that issue paths start at the model index.
  if (Array.isArray(data)) return { source: name, models: parseWith(ModelTableSchema, data, name) };
  const parsed = parseWith(PriceTableFileSchema, data, name);
  return parsed.fx
    ? { source: name, models: parsed.models, fx: parsed.fx }
    : { source: name, models: parsed.models };
}

function readTableFile(path: string): unknown {
  const ext = extname(path).toLowerCase();
  if (ext !== ".json" && ext !== ".yaml" && ext !== ".yml") {
    throw new TokenwiseError({ message: `${path}: price tables must be .json, .yaml or .yml files` });
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new TokenwiseError({ message: `${path}: cannot read price table (${String(cause)})`, cause });
  }
  try {
    return ext === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new ValidationError({
      source: path,
      issues: [{ path: [], message: `not valid ${ext === ".json" ? "JSON" : "YAML"}: ${message}` }],
      cause,
    });
  }
}
