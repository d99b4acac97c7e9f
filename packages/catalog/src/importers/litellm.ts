import type { PriceTierSchema, PriceVersionInput } from "@tokenwise/core";
import { z } from "zod";
import type { FeedImport, ImportFeedOptions, RawFeedModel, SkippedEntry } from "./feed-types";
import {
  asOfInstant,
  checkSource,
  mapFeedModels,
  parseFeed,
  perMillion,
  validVersion,
  versionSource,
} from "./map-feed-models";

/** LiteLLM price key → tokenwise price field (per token in the feed, per million in tokenwise). */
const FIELDS = {
  input_cost_per_token: "input",
  output_cost_per_token: "output",
  cache_read_input_token_cost: "cacheRead",
  cache_creation_input_token_cost: "cacheWrite",
  cache_creation_input_token_cost_above_1hr: "cacheWrite1h",
  output_cost_per_reasoning_token: "reasoning",
} as const;
type Field = (typeof FIELDS)[keyof typeof FIELDS];

/** `<price key>_above_<N>k_tokens`: the price of a request whose prompt is above N thousand tokens. */
const TIER_KEY = /^(.+)_above_(\d+)k_tokens$/;
/** Modes whose entries are priced per text token. */
const TEXT_MODES = new Set(["chat", "completion", "responses"]);

const Price = z.number().nonnegative("a price must be a non-negative number");
const Tokens = z.number().int("must be a whole number of tokens").positive("must be a positive token count");

/** One entry of the map: the fields tokenwise reads are checked, the others passed through. */
const LitellmEntrySchema = z
  .looseObject({
    litellm_provider: z.string().min(1).optional(),
    mode: z.string().optional(),
    input_cost_per_token: Price.optional(),
    output_cost_per_token: Price.optional(),
    cache_read_input_token_cost: Price.optional(),
    cache_creation_input_token_cost: Price.optional(),
    cache_creation_input_token_cost_above_1hr: Price.optional(),
    output_cost_per_reasoning_token: Price.optional(),
    max_input_tokens: Tokens.optional(),
    max_output_tokens: Tokens.optional(),
  })
  .superRefine((entry, ctx) => {
    for (const [key, value] of Object.entries(entry)) {
      const tier = TIER_KEY.exec(key);
      if (tier && tier[1]! in FIELDS && (typeof value !== "number" || !(value >= 0))) {
        ctx.addIssue({ code: "custom", path: [key], message: "a tier price must be a non-negative number" });
      }
    }
  });

/** LiteLLM's `model_prices_and_context_window.json`: model key → entry; `sample_spec` documents the fields. */
export const LitellmFeedSchema = z.record(z.string(), LitellmEntrySchema);

/**
 * Imports LiteLLM's `model_prices_and_context_window.json`: per-token prices become prices per
 * million tokens (exact decimals); `cache_read_input_token_cost` → `cacheRead`,
 * `cache_creation_input_token_cost` → `cacheWrite` (a `0.0` there means "no separate cache-write
 * charge" and is left out, so writes bill at input, never at $0), `…_above_1hr` → `cacheWrite1h`,
 * `output_cost_per_reasoning_token` → `reasoning`; every `<key>_above_<N>k_tokens` becomes a tier
 * above N×1,000 prompt tokens (fields the tier does not name keep the base price). The map has no
 * dates: each model gets one version from the feed's as-of day. `max_input_tokens` and
 * `max_output_tokens` are kept as limits. Non-text modes (images, audio, embeddings) are skipped.
 *
 * @example
 * const result = importLitellm(JSON.parse(text), { source: { url, asOf: "2026-11-30" } });
 * result.models[0] // { provider: "anthropic", id: "claude-haiku-4-5", prices: [{ input: "1", … }] }
 */
export function importLitellm(data: unknown, options: ImportFeedOptions): FeedImport {
  checkSource(options.source);
  // `sample_spec` documents the fields with strings where the numbers go: not a model.
  const isMap = typeof data === "object" && data !== null && !Array.isArray(data);
  const { sample_spec: spec, ...entries } = isMap ? (data as Record<string, unknown>) : {};
  const feed = parseFeed(LitellmFeedSchema, isMap ? entries : data, "litellm", options.source);
  const raw: RawFeedModel[] = [];
  const skipped: SkippedEntry[] = [];
  if (spec !== undefined) skipped.push({ feedKey: "sample_spec", reason: "the map's field documentation" });
  for (const [key, entry] of Object.entries(feed)) {
    if (entry.mode !== undefined && !TEXT_MODES.has(entry.mode)) {
      skipped.push({ feedKey: key, reason: `mode "${entry.mode}": not priced per text token` });
      continue;
    }
    if (entry.input_cost_per_token === undefined || entry.output_cost_per_token === undefined) {
      skipped.push({ feedKey: key, reason: "no per-token input and output price" });
      continue;
    }
    const provider = entry.litellm_provider ?? "";
    const version = litellmVersion(entry as Record<string, unknown>);
    raw.push({
      feedKey: key,
      feedProvider: provider,
      feedModel: provider && key.startsWith(`${provider}/`) ? key.slice(provider.length + 1) : key,
      prices: [
        validVersion("litellm", options.source, key, {
          currency: "USD",
          effectiveFrom: asOfInstant(options.source),
          ...version,
          source: versionSource(
            "litellm",
            options.source,
            key,
            "undated: effectiveFrom is the feed's as-of day",
          ),
        }),
      ],
      limits: {
        ...(entry.max_input_tokens !== undefined ? { maxInputTokens: entry.max_input_tokens } : {}),
        ...(entry.max_output_tokens !== undefined ? { maxOutputTokens: entry.max_output_tokens } : {}),
      },
    });
  }
  return mapFeedModels("litellm", raw, skipped, options);
}

type Prices = Partial<Record<Field, string>>;
type TierInput = z.input<typeof PriceTierSchema>;

/** Base prices and tiers of one entry (per million tokens). */
function litellmVersion(
  entry: Record<string, unknown>,
): Pick<PriceVersionInput, "input" | "output" | "tiers"> {
  const base: Prices = {};
  for (const [feedKey, field] of Object.entries(FIELDS) as [keyof typeof FIELDS, Field][]) {
    const value = entry[feedKey];
    if (typeof value !== "number") continue;
    if (field === "cacheWrite" && value === 0) continue;
    base[field] = perMillion(value);
  }
  const tiers = new Map<number, Prices>();
  for (const [feedKey, value] of Object.entries(entry)) {
    const match = TIER_KEY.exec(feedKey);
    if (!match || typeof value !== "number") continue;
    const field = FIELDS[match[1]! as keyof typeof FIELDS];
    if (field === undefined) continue;
    const above = Number(match[2]) * 1000;
    const tier = tiers.get(above) ?? {};
    tier[field] = perMillion(value);
    tiers.set(above, tier);
  }
  const list: TierInput[] = [...tiers.entries()]
    .sort(([a], [b]) => a - b)
    .map(([above, prices]) => ({ ...base, ...prices, aboveInputTokens: above }) as TierInput);
  return { ...(base as { input: string; output: string }), ...(list.length > 0 ? { tiers: list } : {}) };
}
