import { isDecimalString } from "@tokenwise/core/internal";
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

/** A per-token price as OpenRouter writes it: a decimal string, or `"-1"` for a price decided per request. */
const PerToken = z.string().refine((text) => text === "-1" || isDecimalString(text.trim()), {
  message: 'must be a non-negative decimal string like "0.0000025" (or "-1": variable)',
});

const OpenrouterModelSchema = z.looseObject({
  id: z.string().regex(/^[^/]+\/.+$/, "must be provider/model"),
  context_length: z.number().int().positive().nullable().optional(),
  pricing: z.looseObject({
    prompt: PerToken,
    completion: PerToken,
    input_cache_read: PerToken.optional(),
    input_cache_write: PerToken.optional(),
    internal_reasoning: PerToken.optional(),
    request: PerToken.optional(),
  }),
  top_provider: z
    .looseObject({
      context_length: z.number().int().positive().nullable().optional(),
      max_completion_tokens: z.number().int().positive().nullable().optional(),
    })
    .nullable()
    .optional(),
});

/** OpenRouter's `GET /api/v1/models` response: `{ data: [model, …] }`. */
export const OpenrouterFeedSchema = z.looseObject({ data: z.array(OpenrouterModelSchema) });

/**
 * Imports OpenRouter's `/api/v1/models` response. Prices are per-token decimal strings, moved to per
 * million exactly: `pricing.prompt` → `input`, `completion` → `output`, `input_cache_read` →
 * `cacheRead`, `input_cache_write` → `cacheWrite`, `internal_reasoning` → `reasoning`, `request` →
 * `perRequest` (USD per request). A `"-1"` price (decided per request, e.g. `openrouter/auto`) is
 * skipped. `context_length` is the context window, `top_provider.max_completion_tokens` the output
 * limit. The response has no dates: one version from the feed's as-of day. Only first-party models
 * map onto the catalog (see the alias table): OpenRouter's open-weight models are third-party hosts.
 *
 * @example
 * const result = importOpenrouter(await (await fetch(url)).json(), { source: { url, asOf: "2026-11-30" } });
 */
export function importOpenrouter(data: unknown, options: ImportFeedOptions): FeedImport {
  checkSource(options.source);
  const feed = parseFeed(OpenrouterFeedSchema, data, "openrouter", options.source);
  const raw: RawFeedModel[] = [];
  const skipped: SkippedEntry[] = [];
  for (const model of feed.data) {
    const p = model.pricing;
    const prices = [
      p.prompt,
      p.completion,
      p.input_cache_read,
      p.input_cache_write,
      p.internal_reasoning,
      p.request,
    ];
    if (prices.includes("-1")) {
      skipped.push({ feedKey: model.id, reason: 'a "-1" price: decided per request, not listed' });
      continue;
    }
    const slash = model.id.indexOf("/");
    const positive = (text: string | undefined) => text !== undefined && Number(text) > 0;
    const contextWindow = model.context_length ?? model.top_provider?.context_length ?? undefined;
    const maxOutput = model.top_provider?.max_completion_tokens ?? undefined;
    raw.push({
      feedKey: model.id,
      feedProvider: model.id.slice(0, slash),
      feedModel: model.id.slice(slash + 1),
      prices: [
        validVersion("openrouter", options.source, model.id, {
          currency: "USD",
          effectiveFrom: asOfInstant(options.source),
          input: perMillion(p.prompt),
          output: perMillion(p.completion),
          ...(p.input_cache_read !== undefined ? { cacheRead: perMillion(p.input_cache_read) } : {}),
          ...(p.input_cache_write !== undefined ? { cacheWrite: perMillion(p.input_cache_write) } : {}),
          ...(p.internal_reasoning !== undefined ? { reasoning: perMillion(p.internal_reasoning) } : {}),
          ...(positive(p.request) ? { perRequest: p.request!.trim() } : {}),
          source: versionSource(
            "openrouter",
            options.source,
            model.id,
            "undated: effectiveFrom is the feed's as-of day",
          ),
        }),
      ],
      limits: {
        ...(contextWindow ? { contextWindow } : {}),
        ...(maxOutput ? { maxOutputTokens: maxOutput } : {}),
      },
    });
  }
  return mapFeedModels("openrouter", raw, skipped, options);
}
