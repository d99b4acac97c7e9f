import {
  type ModelEntry,
  modelKey,
  type PriceVersion,
  type PriceVersionInput,
  PriceVersionSchema,
  parseWith,
  ValidationError,
} from "@tokenwise/core";
import { formatScaled, isDecimalString, parseScaled } from "@tokenwise/core/internal";
import type { z } from "zod";
import { builtinModels } from "../builtin-models";
import { resolveAlias } from "./aliases";
import type {
  FeedFormat,
  FeedImport,
  FeedSource,
  ImportedModel,
  ImportFeedOptions,
  RawFeedModel,
  SkippedEntry,
  UnmappedModel,
} from "./feed-types";

/** The feeds' names in messages and version notes. */
export const FEED_NAMES: Record<FeedFormat, string> = {
  litellm: "LiteLLM model_prices_and_context_window.json",
  "genai-prices": "pydantic genai-prices data.json",
  openrouter: "OpenRouter /api/v1/models",
};

/** Validates a feed's shape with its zod schema: a `ValidationError` names the feed, each zod path and value. */
export function parseFeed<S extends z.ZodType>(
  schema: S,
  data: unknown,
  format: FeedFormat,
  source: FeedSource,
): z.output<S> {
  return parseWith(schema, data, `${FEED_NAMES[format]} (${source.url})`);
}

/** A float read from JSON without binary noise (12 significant digits), as a plain decimal string. */
export function decimalOfNumber(value: number): string {
  const clean = Number(value.toPrecision(12));
  const text = String(clean);
  return /e/i.test(text) ? clean.toFixed(20).replace(/\.?0+$/, "") : text;
}

const SHIFT = 40;

/**
 * A per-token price (LiteLLM's float, OpenRouter's decimal string) as a price per million tokens,
 * exactly: the decimal point moves six places, no float arithmetic.
 *
 * @example
 * perMillion(2.5e-7) // "0.25"
 * perMillion("0.00000375") // "3.75"
 */
export function perMillion(perToken: number | string): string {
  const text = typeof perToken === "number" ? decimalOfNumber(perToken) : perToken.trim();
  if (!isDecimalString(text)) throw new Error(`not a non-negative decimal: ${String(perToken)}`);
  return formatScaled(parseScaled(text, SHIFT), SHIFT - 6);
}

/** A version's `source`: the feed URL and its as-of day, with which entry of the feed it is. */
export function versionSource(format: FeedFormat, source: FeedSource, feedKey: string, note?: string) {
  return {
    url: source.url,
    asOf: source.asOf,
    note: [`${FEED_NAMES[format]} entry "${feedKey}"`, note].filter(Boolean).join("; "),
  };
}

/** Validates one version with core's `PriceVersionSchema`; the error names the feed entry. */
export function validVersion(
  format: FeedFormat,
  source: FeedSource,
  feedKey: string,
  version: PriceVersionInput,
): PriceVersion {
  return parseWith(PriceVersionSchema, version, `${FEED_NAMES[format]} (${source.url}) entry "${feedKey}"`);
}

/** The as-of day as the instant an undated feed price starts. */
export function asOfInstant(source: FeedSource): string {
  return `${source.asOf}T00:00:00Z`;
}

/** Checks the import options before any work: the as-of day must be a date. */
export function checkSource(source: FeedSource): void {
  const issues = [];
  if (typeof source?.url !== "string" || source.url === "") {
    issues.push({ path: ["source", "url"], message: "must name the feed URL or file", value: source?.url });
  }
  if (
    typeof source?.asOf !== "string" ||
    !/^\d{4}-\d{2}-\d{2}$/.test(source.asOf) ||
    Number.isNaN(Date.parse(`${source.asOf}T00:00:00Z`))
  ) {
    issues.push({ path: ["source", "asOf"], message: "must be a date YYYY-MM-DD", value: source?.asOf });
  }
  if (issues.length > 0) throw new ValidationError({ source: "importPriceFeed options", issues });
}

/**
 * Maps raw feed entries onto the models (default: the built-in catalog) through the alias table.
 * Entries that map onto no single model are reported in `unmapped`; two entries that claim one model
 * with different prices are both reported `ambiguous` (never one picked).
 */
export function mapFeedModels(
  format: FeedFormat,
  raw: readonly RawFeedModel[],
  skipped: SkippedEntry[],
  options: ImportFeedOptions,
): FeedImport {
  const known = new Set((options.models ?? (builtinModels() as readonly ModelEntry[])).map(modelKey));
  const unmapped: UnmappedModel[] = [];
  const claims = new Map<string, ImportedModel[]>();
  for (const entry of raw) {
    const { feedModel: _feedModel, ...rest } = entry;
    const hit = resolveAlias(format, entry.feedProvider, entry.feedModel, known);
    if (hit.kind === "model") {
      const model: ImportedModel = { ...rest, provider: hit.provider, id: hit.id };
      const key = modelKey(model);
      claims.set(key, [...(claims.get(key) ?? []), model]);
    } else {
      unmapped.push({
        ...rest,
        reason: hit.kind,
        detail: hit.detail,
        ...(hit.kind === "ambiguous" ? { candidates: hit.candidates } : {}),
      });
    }
  }
  const models: ImportedModel[] = [];
  for (const [key, list] of claims) {
    const first = list[0]!;
    const same = list.every((m) => samePrices(m.prices, first.prices));
    if (same) {
      models.push(first);
      continue;
    }
    const feedKeys = list.map((m) => m.feedKey);
    for (const m of list) {
      const { provider: _p, id: _i, ...rest } = m;
      unmapped.push({
        ...rest,
        reason: "ambiguous",
        detail: `${feedKeys.join(", ")} all map onto ${key} with different prices`,
        candidates: feedKeys,
      });
    }
  }
  models.sort((a, b) => modelKey(a).localeCompare(modelKey(b)));
  unmapped.sort((a, b) => a.feedKey.localeCompare(b.feedKey));
  return { format, source: { ...options.source }, models, unmapped, skipped };
}

function samePrices(a: readonly PriceVersion[], b: readonly PriceVersion[]): boolean {
  const strip = (list: readonly PriceVersion[]) => JSON.stringify(list.map(({ source: _s, ...v }) => v));
  return strip(a) === strip(b);
}
