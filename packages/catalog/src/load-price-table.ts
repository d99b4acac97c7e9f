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
 * What a table file holds: either a list of model entries, or `{ models, fx? }`. Each model entry is
 * core's `ModelEntrySchema` (prices as decimal strings or numbers, dated versions, tiers, windows).
 */
export const PriceTableFileSchema = z.union([
  ModelTableSchema,
  z.object({ models: ModelTableSchema, fx: FxTableSchema.optional() }).strict(),
]);

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
  if (typeof source === "string") {
    const data = readTableFile(source);
    return toTable(parseWith(PriceTableFileSchema, data, source), source);
  }
  const name = options.name ?? "price table";
  return toTable(parseWith(PriceTableFileSchema, source, name), name);
}

function toTable(parsed: z.output<typeof PriceTableFileSchema>, source: string): PriceTable {
  if (Array.isArray(parsed)) return { source, models: parsed };
  return parsed.fx ? { source, models: parsed.models, fx: parsed.fx } : { source, models: parsed.models };
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
