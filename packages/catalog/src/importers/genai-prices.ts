import type { PriceTierSchema, PriceVersionInput, TimeWindowSchema } from "@tokenwise/core";
import { z } from "zod";
import type { FeedImport, ImportFeedOptions, RawFeedModel, SkippedEntry } from "./feed-types";
import {
  asOfInstant,
  checkSource,
  decimalOfNumber,
  mapFeedModels,
  parseFeed,
  validVersion,
  versionSource,
} from "./map-feed-models";

/** genai-prices price key (USD per million tokens) → tokenwise price field. */
const FIELDS = {
  input_mtok: "input",
  output_mtok: "output",
  cache_read_mtok: "cacheRead",
  cache_write_mtok: "cacheWrite",
  cache_write_1h_mtok: "cacheWrite1h",
  output_reasoning_mtok: "reasoning",
} as const;
type Field = (typeof FIELDS)[keyof typeof FIELDS];

const Price = z.number().nonnegative("a price must be a non-negative number");
/** A price: a number, or `{ base, tiers: [{ start, price }] }` (the whole request above `start` prompt tokens). */
const TieredPriceSchema = z.union([
  Price,
  z.object({
    base: Price,
    tiers: z.array(z.object({ start: z.number().int().nonnegative(), price: Price })),
  }),
]);
const PriceBlockSchema = z.looseObject({
  input_mtok: TieredPriceSchema.optional(),
  output_mtok: TieredPriceSchema.optional(),
  cache_read_mtok: TieredPriceSchema.optional(),
  cache_write_mtok: TieredPriceSchema.optional(),
  cache_write_1h_mtok: TieredPriceSchema.optional(),
  output_reasoning_mtok: TieredPriceSchema.optional(),
  requests_kcount: Price.optional(),
});
type PriceBlock = z.infer<typeof PriceBlockSchema>;

const Time = z.string().regex(/^\d{2}:\d{2}(:\d{2})?Z$/, "must be a UTC time HH:MM:SSZ");
const ConstraintSchema = z.looseObject({
  start_date: z.iso.date("must be a date YYYY-MM-DD").optional(),
  start_time: Time.optional(),
  end_time: Time.optional(),
});
const ConditionalPriceSchema = z.object({
  constraint: ConstraintSchema.optional(),
  prices: PriceBlockSchema,
});

const GenaiModelSchema = z.looseObject({
  id: z.string().min(1),
  context_window: z.number().int().positive().optional(),
  price_comments: z.string().optional(),
  prices: z.union([PriceBlockSchema, z.array(ConditionalPriceSchema).min(1)]),
});

/** pydantic genai-prices `data.json` (v2): a list of providers, each with its models and their prices. */
export const GenaiPricesFeedSchema = z.array(
  z.looseObject({
    id: z.string().min(1),
    pricing_urls: z.array(z.string()).optional(),
    models: z.array(GenaiModelSchema),
  }),
);

type TierInput = z.input<typeof PriceTierSchema>;
type WindowInput = z.input<typeof TimeWindowSchema>;
const ALL_DAYS: WindowInput["days"] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/**
 * Imports pydantic's genai-prices `data.json`. Prices are USD per million tokens: `input_mtok` →
 * `input`, `output_mtok` → `output`, `cache_read_mtok` → `cacheRead`, `cache_write_mtok` →
 * `cacheWrite`, `cache_write_1h_mtok` → `cacheWrite1h`, `output_reasoning_mtok` → `reasoning`,
 * `requests_kcount` → `perRequest` (÷ 1,000). `{ base, tiers: [{ start, price }] }` becomes base
 * prices plus one tier per `start` (fields without a tier there keep their price). Its dated
 * constraints are kept: a `start_date` price is a version from that day (00:00 UTC); the undated
 * price starts at the feed's as-of day, or is reported in `skipped` when a dated price already
 * replaced it by then. A `start_time`/`end_time` price is a daily UTC time-of-day window over the
 * unconstrained price. Audio, image and web-search prices are not carried (tokenwise prices text).
 *
 * @example
 * const result = importGenaiPrices(JSON.parse(text), { source: { url, asOf: "2026-08-21" } });
 */
export function importGenaiPrices(data: unknown, options: ImportFeedOptions): FeedImport {
  checkSource(options.source);
  const feed = parseFeed(GenaiPricesFeedSchema, data, "genai-prices", options.source);
  const raw: RawFeedModel[] = [];
  const skipped: SkippedEntry[] = [];
  const asOf = Date.parse(asOfInstant(options.source));
  for (const provider of feed) {
    for (const model of provider.models) {
      const feedKey = `${provider.id}/${model.id}`;
      const list = Array.isArray(model.prices) ? model.prices : [{ prices: model.prices }];
      const note = (extra?: string) =>
        [
          provider.pricing_urls?.[0] ? `provider pricing page ${provider.pricing_urls[0]}` : undefined,
          extra,
          model.price_comments?.trim(),
        ]
          .filter(Boolean)
          .join("; ");
      const unusable = list.find(
        (p) => p.prices.input_mtok === undefined || p.prices.output_mtok === undefined,
      );
      if (unusable) {
        skipped.push({ feedKey, reason: "a price without input_mtok and output_mtok" });
        continue;
      }
      const other = list
        .flatMap((p) => Object.keys(p.constraint ?? {}))
        .find((k) => k !== "start_date" && k !== "start_time" && k !== "end_time");
      if (other !== undefined) {
        skipped.push({ feedKey, reason: `constraint "${other}" has no tokenwise equivalent` });
        continue;
      }
      const versions: PriceVersionInput[] = [];
      const timed = list.filter((p) => p.constraint?.start_time !== undefined || p.constraint?.end_time);
      const plain = list.filter((p) => !timed.includes(p));
      if (timed.length > 0) {
        const base = plain.find((p) => p.constraint?.start_date === undefined);
        if (timed.length !== 1 || plain.length !== 1 || base === undefined) {
          skipped.push({ feedKey, reason: "time-of-day prices combined with dates or several windows" });
          continue;
        }
        const window = timed[0]!;
        const start = window.constraint!.start_time!.slice(0, 5);
        const end = window.constraint!.end_time!.slice(0, 5);
        versions.push({
          currency: "USD",
          effectiveFrom: asOfInstant(options.source),
          ...block(base.prices).base,
          windows: [
            {
              name: `${start}-${end} UTC`,
              timezone: "UTC",
              days: ALL_DAYS,
              start,
              end,
              prices: block(window.prices).base,
            },
          ],
          source: versionSource(
            "genai-prices",
            options.source,
            feedKey,
            note(
              `the ${start}–${end} UTC price is a daily window; start unknown: effectiveFrom is the feed's as-of day`,
            ),
          ),
        } as PriceVersionInput);
      } else {
        const dated = plain
          .filter((p) => p.constraint?.start_date !== undefined)
          .sort((a, b) => a.constraint!.start_date!.localeCompare(b.constraint!.start_date!));
        const undated = plain.filter((p) => p.constraint?.start_date === undefined);
        if (undated.length > 1) {
          skipped.push({ feedKey, reason: "several undated prices" });
          continue;
        }
        const firstDated = dated[0] ? Date.parse(`${dated[0].constraint!.start_date}T00:00:00Z`) : Infinity;
        if (undated[0] && firstDated > asOf) {
          versions.push(
            tokenVersion(
              undated[0].prices,
              asOfInstant(options.source),
              note("start unknown: effectiveFrom is the feed's as-of day"),
            ),
          );
        } else if (undated[0]) {
          skipped.push({
            feedKey: `${feedKey} (undated price)`,
            reason: `replaced by the ${dated[0]!.constraint!.start_date} price before the feed's as-of day; its start is unknown`,
          });
        }
        for (const p of dated) {
          versions.push(tokenVersion(p.prices, `${p.constraint!.start_date}T00:00:00Z`, note()));
        }
      }
      raw.push({
        feedKey,
        feedProvider: provider.id,
        feedModel: model.id,
        prices: versions.map((v) =>
          validVersion("genai-prices", options.source, feedKey, {
            ...v,
            source: versionSource(
              "genai-prices",
              options.source,
              feedKey,
              (v.source as { note?: string }).note,
            ),
          }),
        ),
        limits: model.context_window !== undefined ? { contextWindow: model.context_window } : {},
      });
    }
  }
  return mapFeedModels("genai-prices", raw, skipped, options);
}

/** One dated version from a price block (the `source` note is completed by the caller). */
function tokenVersion(prices: PriceBlock, effectiveFrom: string, note: string): PriceVersionInput {
  const { base, tiers } = block(prices);
  return {
    currency: "USD",
    effectiveFrom,
    ...base,
    ...(tiers.length > 0 ? { tiers } : {}),
    ...(prices.requests_kcount !== undefined && prices.requests_kcount > 0
      ? { perRequest: decimalOfNumber(prices.requests_kcount / 1000) }
      : {}),
    source: { url: "", asOf: "", note },
  } as PriceVersionInput;
}

/** A price block as base prices plus one tier per distinct `start` (a tier reprices the whole request). */
function block(prices: PriceBlock): { base: Record<Field, string>; tiers: TierInput[] } {
  const base = {} as Record<Field, string>;
  const starts = new Set<number>();
  const fields: [Field, z.infer<typeof TieredPriceSchema>][] = [];
  for (const [key, field] of Object.entries(FIELDS) as [keyof typeof FIELDS, Field][]) {
    const value = prices[key];
    if (value === undefined) continue;
    fields.push([field, value]);
    if (typeof value === "number") base[field] = decimalOfNumber(value);
    else {
      base[field] = decimalOfNumber(value.base);
      for (const t of value.tiers) starts.add(t.start);
    }
  }
  const tiers = [...starts]
    .sort((a, b) => a - b)
    .map((start) => {
      const tier: Record<string, string | number> = { aboveInputTokens: start };
      for (const [field, value] of fields) {
        if (typeof value === "number") tier[field] = decimalOfNumber(value);
        else {
          const hit = value.tiers.filter((t) => t.start <= start).sort((a, b) => b.start - a.start)[0];
          tier[field] = decimalOfNumber(hit ? hit.price : value.base);
        }
      }
      return tier as unknown as TierInput;
    });
  return { base, tiers };
}
