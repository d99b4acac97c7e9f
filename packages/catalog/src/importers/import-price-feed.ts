import { ValidationError } from "@tokenwise/core";
import { FEED_FORMATS, type FeedFormat, type FeedImport, type ImportFeedOptions } from "./feed-types";
import { importGenaiPrices } from "./genai-prices";
import { importLitellm } from "./litellm";
import { importOpenrouter } from "./openrouter";

const IMPORTERS: Record<FeedFormat, (data: unknown, options: ImportFeedOptions) => FeedImport> = {
  litellm: importLitellm,
  "genai-prices": importGenaiPrices,
  openrouter: importOpenrouter,
};

/** Options of {@link importPriceFeed}. */
export interface ImportPriceFeedOptions extends ImportFeedOptions {
  /** The feed's format. Default: recognised from the data's shape ({@link detectFeedFormat}). */
  format?: FeedFormat;
}

/**
 * Recognises a feed by its shape: `{ data: [...] }` is OpenRouter, a list of providers with `models`
 * is genai-prices, an object of entries with `litellm_provider` is LiteLLM. Undefined when none fits.
 */
export function detectFeedFormat(data: unknown): FeedFormat | undefined {
  if (Array.isArray(data)) {
    return data.length > 0 && data.every((p) => typeof p === "object" && p !== null && "models" in p)
      ? "genai-prices"
      : undefined;
  }
  if (typeof data !== "object" || data === null) return undefined;
  if (Array.isArray((data as { data?: unknown }).data)) return "openrouter";
  const values = Object.values(data as Record<string, unknown>);
  return values.some((v) => typeof v === "object" && v !== null && "litellm_provider" in v)
    ? "litellm"
    : undefined;
}

/**
 * Turns a price feed (parsed JSON) into validated, dated tokenwise price versions mapped onto the
 * catalog's models: LiteLLM's `model_prices_and_context_window.json`, pydantic's genai-prices
 * `data.json`, or OpenRouter's `/api/v1/models` response. Names the alias table cannot map onto
 * exactly one model are listed in `unmapped` (never guessed); entries without a text-token price in
 * `skipped`. A malformed feed throws `ValidationError` with the zod path and value of each problem.
 *
 * @example
 * const feed = importPriceFeed(JSON.parse(readFileSync("prices.json", "utf8")), {
 *   format: "litellm",
 *   source: { url: "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json", asOf: "2026-11-30" },
 * });
 * for (const m of feed.models) console.log(m.provider, m.id, m.prices.at(-1)?.input);
 */
export function importPriceFeed(data: unknown, options: ImportPriceFeedOptions): FeedImport {
  if (options.format !== undefined && !FEED_FORMATS.includes(options.format)) {
    throw new ValidationError({
      source: "importPriceFeed options",
      issues: [
        { path: ["format"], message: `must be one of ${FEED_FORMATS.join(", ")}`, value: options.format },
      ],
    });
  }
  const format = options.format ?? detectFeedFormat(data);
  if (format === undefined) {
    throw new ValidationError({
      source: options.source?.url ?? "price feed",
      issues: [
        {
          path: [],
          message: `not a recognised price feed (${FEED_FORMATS.join(", ")}): pass the format explicitly`,
        },
      ],
    });
  }
  const { format: _f, ...rest } = options;
  return IMPORTERS[format](data, rest);
}

/** Parses a feed's text as JSON; bad JSON is a `ValidationError` naming the feed. */
export function parseFeedText(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ValidationError({
      source: name,
      issues: [
        { path: [], message: `not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}` },
      ],
      cause,
    });
  }
}
