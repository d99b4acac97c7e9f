import { type ModelEntry, modelKey, type PriceVersion, priceInForce } from "@tokenwise/core";
import { z } from "zod";
import { invalidateTable, type ModelState } from "./candidate-table";
import { strictObject } from "./validate/strict-object";

/** Where a price comes from and the day it was read there (a version's `source`). */
type PriceSource = PriceVersion["source"];

/** The feed formats `priceFeeds` reads (the importers of `@tokenwise/catalog`). */
export type PriceFeedFormat = "litellm" | "genai-prices" | "openrouter";

/** One price feed the router refreshes in the background. */
export interface PriceFeedSettings {
  /** The feed's URL: LiteLLM's JSON map, genai-prices `data.json`, or OpenRouter's `/api/v1/models`. */
  url: string;
  /** The feed's format. */
  format: PriceFeedFormat;
  /** How often to re-read it, ms (a conditional GET: an unchanged feed costs a 304). Default 3,600,000 (1 h). */
  refreshEvery?: number;
  /**
   * Who wins when the feed disagrees with a model's own (sourced) price: `"catalog"` (default) keeps
   * the model's price and reports the disagreement; `"feed"` routes and bills on the feed's price from
   * the moment it is read, and reports the disagreement too. A feed price always fills an instant
   * where the model has no price of its own.
   */
  trust?: "catalog" | "feed";
  /**
   * Stale-feed policy: when the feed has not been confirmed (a 200 or a 304) for `afterDays` days,
   * `"warn"` reports it once and keeps routing; `"refuse"` also rejects every model whose price in
   * force comes from this feed (`stale-price`). Default: no policy.
   */
  stale?: { afterDays: number; action: "warn" | "refuse" };
  /** Extra request headers (an API key for a private mirror). */
  headers?: Record<string, string>;
}

/** Default refresh interval of a price feed: one hour. */
export const DEFAULT_FEED_REFRESH_MS = 3_600_000;

const MIN_REFRESH_MS = 1_000;

/** zod schema of one `priceFeeds` entry (used by the router's settings schema). */
export const PriceFeedSettingsSchema = strictObject({
  url: z.string().refine((url) => /^https?:\/\/[^/]/.test(url) && URL.canParse(url), {
    message: "must be an absolute http(s) URL of a price feed",
  }),
  format: z.enum(["litellm", "genai-prices", "openrouter"], {
    error: 'must be "litellm", "genai-prices" or "openrouter"',
  }),
  refreshEvery: z
    .number()
    .min(MIN_REFRESH_MS, `must be at least ${MIN_REFRESH_MS} ms (a feed is re-read in the background)`)
    .optional(),
  trust: z.enum(["catalog", "feed"], { error: 'must be "catalog" or "feed"' }).optional(),
  stale: strictObject({
    afterDays: z.number().positive("must be a positive number of days"),
    action: z.enum(["warn", "refuse"], { error: 'must be "warn" or "refuse"' }),
  }).optional(),
  headers: z.record(z.string(), z.string({ error: "header values must be strings" })).optional(),
});

/** What the router reports about its price feeds, through `onPriceFeedWarning`. */
export type PriceFeedWarning =
  | {
      /** A feed's price for a model differs from the model's own sourced price in one field. */
      code: "price-disagreement";
      message: string;
      url: string;
      /** `provider/id`. */
      model: string;
      /** `input`, `cacheRead`, `tiers[>200000].output`, `windows`, … */
      field: string;
      catalog: { value: string; source: PriceSource };
      feed: { value: string; source: PriceSource };
      /** Whose price the router uses: `"catalog"` unless the feed is trusted (`trust: "feed"`). */
      applied: "catalog" | "feed";
    }
  | { code: "feed-failed"; message: string; url: string; error: unknown }
  | {
      /** The feed has not been confirmed for longer than its `stale.afterDays`. */
      code: "feed-stale";
      message: string;
      url: string;
      confirmedAt: string | undefined;
      afterDays: number;
      action: "warn" | "refuse";
    };

/** The state of one feed, from {@link PriceFeeds.status}. */
export interface PriceFeedStatus {
  url: string;
  format: PriceFeedFormat;
  trust: "catalog" | "feed";
  /** HTTP status of the last attempt (`304`: unchanged), or undefined before the first or on a network error. */
  lastStatus: number | undefined;
  /** When the feed was last read or confirmed unchanged (ISO), undefined before the first success. */
  confirmedAt: string | undefined;
  etag: string | undefined;
  lastModified: string | undefined;
  /** The router's models the feed prices. */
  priced: string[];
  /** The models routed and billed on the feed's price (trusted, or without a price of their own now). */
  applied: string[];
  /** Models whose feed price disagrees with their own. */
  disagreements: string[];
  /** The last error, if the last attempt failed. */
  error: string | undefined;
}

/** The router's price feeds: `router.priceFeeds`. */
export interface PriceFeeds {
  /** Re-reads every feed now (conditional GETs) and applies what changed; never throws. */
  refresh(): Promise<PriceFeedStatus[]>;
  status(): PriceFeedStatus[];
  /** Stops the background refreshes (they never keep the process alive either way). */
  stop(): void;
}

/** A model state's feed mark: which of its versions come from a feed and how fresh that feed is. */
export interface FeedPriceMark {
  readonly url: string;
  readonly versions: ReadonlySet<PriceVersion>;
  confirmedAt: number;
  readonly staleAfterMs: number;
  readonly action: "warn" | "refuse";
}

/** Why a model's feed price is refused at `at` (its feed is stale), or undefined. */
export function stalePriceReason(mark: FeedPriceMark, price: PriceVersion, at: number): string | undefined {
  if (mark.action !== "refuse" || !mark.versions.has(price) || at - mark.confirmedAt <= mark.staleAfterMs) {
    return undefined;
  }
  const days = (at - mark.confirmedAt) / 86_400_000;
  return `price from feed ${mark.url} last confirmed ${new Date(mark.confirmedAt).toISOString()} (${days.toFixed(1)} days ago; stale after ${mark.staleAfterMs / 86_400_000} days)`;
}

type CatalogModule = typeof import("@tokenwise/catalog");

interface FeedState {
  settings: PriceFeedSettings;
  trust: "catalog" | "feed";
  etag: string | undefined;
  lastModified: string | undefined;
  confirmedAt: number | undefined;
  lastStatus: number | undefined;
  error: string | undefined;
  /** The last import's versions per model key. */
  prices: Map<string, PriceVersion[]>;
  applied: string[];
  disagreements: string[];
  inFlight: Promise<void> | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  staleWarned: boolean;
}

/** Settings of {@link createPriceFeeds}. */
export interface PriceFeedsOptions {
  states: readonly ModelState[];
  now: () => Date;
  fetch?: typeof globalThis.fetch;
  onWarning?: (warning: PriceFeedWarning) => void;
  /** Loads the importers (default: `import("@tokenwise/catalog")`, an optional peer of the router). */
  loadCatalog?: () => Promise<Pick<CatalogModule, "importPriceFeed" | "comparePriceVersions">>;
}

function emitProcessWarning(warning: PriceFeedWarning): void {
  process.emitWarning(warning.message, {
    type: "TokenwisePriceFeedWarning",
    code: `TOKENWISE_${warning.code.toUpperCase().replaceAll("-", "_")}`,
  });
}

/**
 * The router's price feeds: each is re-read in the background every `refreshEvery` (conditional GET
 * with the last ETag / Last-Modified), imported with `@tokenwise/catalog`'s importers onto the
 * router's models, compared with each model's own price in force, and applied to the per-model
 * states the selection reads (never an `await` on the hot path). Precedence: a model's own sourced
 * price wins and a disagreement is reported; with `trust: "feed"` the feed's price is used from the
 * moment it is read (reported too); a feed price always fills an instant with no price of its own.
 */
export function createPriceFeeds(
  feeds: readonly PriceFeedSettings[],
  options: PriceFeedsOptions,
): PriceFeeds {
  const { states, now } = options;
  const onWarning = options.onWarning ?? emitProcessWarning;
  const originals = new Map(states.map((s) => [s, s.entry]));
  const feedStates: FeedState[] = feeds.map((settings) => ({
    settings,
    trust: settings.trust ?? "catalog",
    etag: undefined,
    lastModified: undefined,
    confirmedAt: undefined,
    lastStatus: undefined,
    error: undefined,
    prices: new Map(),
    applied: [],
    disagreements: [],
    inFlight: undefined,
    timer: undefined,
    staleWarned: false,
  }));
  const warned = new Set<string>();
  /** A feed never confirmed is as old as the router. */
  const startedAt = now().getTime();
  let stopped = false;
  let catalog: Promise<Pick<CatalogModule, "importPriceFeed" | "comparePriceVersions">> | undefined;
  const loadCatalog = () => {
    catalog ??= (options.loadCatalog ?? (() => import("@tokenwise/catalog")))().catch((cause: unknown) => {
      catalog = undefined;
      throw new Error(
        `priceFeeds needs @tokenwise/catalog for its importers (npm i @tokenwise/catalog): ${cause instanceof Error ? cause.message : String(cause)}`,
      );
    });
    return catalog;
  };
  const routerModels = states.map((s) => ({ provider: s.provider, id: s.entry.id }));

  const readFeed = async (feed: FeedState): Promise<void> => {
    const { url, format } = feed.settings;
    const at = now();
    const headers: Record<string, string> = { accept: "application/json", ...feed.settings.headers };
    if (feed.etag) headers["if-none-match"] = feed.etag;
    if (feed.lastModified) headers["if-modified-since"] = feed.lastModified;
    try {
      const response = await (options.fetch ?? globalThis.fetch)(url, { headers });
      feed.lastStatus = response.status;
      if (response.status === 304 && feed.confirmedAt !== undefined) {
        await response.body?.cancel();
        confirm(feed, at);
        return;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`${url} answered ${response.status}`);
      }
      const data: unknown = await response.json();
      const { importPriceFeed, comparePriceVersions } = await loadCatalog();
      const imported = importPriceFeed(data, {
        format,
        source: { url, asOf: at.toISOString().slice(0, 10) },
        models: routerModels,
      });
      feed.prices = new Map(imported.models.map((m) => [modelKey(m), m.prices]));
      feed.etag = response.headers.get("etag") ?? undefined;
      feed.lastModified = response.headers.get("last-modified") ?? undefined;
      confirm(feed, at);
      apply(at, comparePriceVersions);
    } catch (error) {
      feed.error = error instanceof Error ? error.message : String(error);
      onWarning({ code: "feed-failed", message: `price feed ${url}: ${feed.error}`, url, error });
    }
  };

  const confirm = (feed: FeedState, at: Date) => {
    feed.confirmedAt = at.getTime();
    feed.error = undefined;
    feed.staleWarned = false;
    for (const s of states) if (s.feed?.url === feed.settings.url) s.feed.confirmedAt = feed.confirmedAt;
  };

  /** Feed-derived versions the last `apply` added per model: kept one more round for calls in flight. */
  const previous = new Map<ModelState, PriceVersion[]>();

  /**
   * Rebuilds every model's prices from its own versions and the feeds' (first feed listed wins). The
   * versions applied by the previous round stay in the history (a call that started before this
   * refresh is billed at the price in force when it started); a model that stops using a feed gets
   * its own price back from `at`.
   */
  const apply = (at: Date, compare: CatalogModule["comparePriceVersions"]) => {
    for (const feed of feedStates) {
      feed.applied = [];
      feed.disagreements = [];
    }
    for (const state of states) {
      const own = originals.get(state)!;
      const key = state.key;
      const before = (previous.get(state) ?? []).filter((v) => Date.parse(v.effectiveFrom) <= at.getTime());
      let mark: ModelState["feed"];
      let added: PriceVersion[] = [];
      for (const feed of feedStates) {
        const versions = feed.prices.get(key);
        if (!versions || versions.length === 0) continue;
        const feedNow = inForce(own, versions, at);
        const ownNow = inForce(own, own.prices, at);
        let use = ownNow === undefined;
        if (feedNow && ownNow) {
          const changes = compare(ownNow, feedNow);
          if (changes.length > 0) {
            feed.disagreements.push(key);
            use = feed.trust === "feed";
            for (const change of changes) {
              const once = `${feed.settings.url}|${key}|${change.field}|${change.new}|${feed.trust}`;
              if (warned.has(once)) continue;
              warned.add(once);
              onWarning({
                code: "price-disagreement",
                message: `${key} ${change.field}: catalog ${change.old} (${ownNow.source.url}, as of ${ownNow.source.asOf}) ≠ feed ${change.new} (${feed.settings.url}, as of ${feedNow.source.asOf}); using the ${feed.trust === "feed" ? 'feed\'s (trust: "feed")' : "catalog's"} price`,
                url: feed.settings.url,
                model: key,
                field: change.field,
                catalog: { value: change.old, source: ownNow.source },
                feed: { value: change.new, source: feedNow.source },
                applied: feed.trust,
              });
            }
          }
        }
        if (!use || mark !== undefined) continue;
        // The feed's price in force applies from the moment it is read, keeping the model's batch
        // rate (no feed carries one); its later-dated versions keep their dates.
        added = versions.filter((v) => Date.parse(v.effectiveFrom) > at.getTime());
        if (feedNow) {
          added.push({
            ...(ownNow?.batchMultiplier !== undefined ? { batchMultiplier: ownNow.batchMultiplier } : {}),
            ...feedNow,
            effectiveFrom: at.toISOString(),
          });
        }
        mark = {
          url: feed.settings.url,
          versions: new Set(added),
          confirmedAt: feed.confirmedAt ?? at.getTime(),
          staleAfterMs: (feed.settings.stale?.afterDays ?? Number.POSITIVE_INFINITY) * 86_400_000,
          action: feed.settings.stale?.action ?? "warn",
        };
        feed.applied.push(key);
      }
      if (mark === undefined && before.length > 0) {
        const ownNow = inForce(own, own.prices, at);
        if (ownNow) added = [{ ...ownNow, effectiveFrom: at.toISOString() }];
        else before.length = 0; // no price of its own to return to: none in force from now
      }
      previous.set(state, mark === undefined ? [] : added);
      const entry: ModelEntry =
        before.length === 0 && added.length === 0
          ? own
          : { ...own, prices: [...own.prices, ...before, ...added] };
      if (state.entry !== entry || state.feed !== mark) {
        state.entry = entry;
        state.feed = mark;
        state.validUntil = Number.NEGATIVE_INFINITY;
      }
    }
    invalidateTable(states);
  };

  const checkStale = () => {
    const at = now().getTime();
    for (const feed of feedStates) {
      const policy = feed.settings.stale;
      if (!policy || feed.staleWarned) continue;
      const since = feed.confirmedAt;
      if (at - (since ?? startedAt) <= policy.afterDays * 86_400_000) continue;
      feed.staleWarned = true;
      const confirmedAt = since === undefined ? undefined : new Date(since).toISOString();
      onWarning({
        code: "feed-stale",
        message: `price feed ${feed.settings.url} not confirmed ${confirmedAt ? `since ${confirmedAt}` : "since the router started"} (stale after ${policy.afterDays} days): ${policy.action === "refuse" ? "models priced from it are refused" : "its prices are still used"}`,
        url: feed.settings.url,
        confirmedAt,
        afterDays: policy.afterDays,
        action: policy.action,
      });
    }
  };

  const refreshOne = (feed: FeedState): Promise<void> => {
    feed.inFlight ??= readFeed(feed).finally(() => {
      feed.inFlight = undefined;
      checkStale();
    });
    return feed.inFlight;
  };

  const schedule = (feed: FeedState) => {
    if (stopped) return;
    feed.timer = setTimeout(() => {
      void refreshOne(feed).finally(() => schedule(feed));
    }, feed.settings.refreshEvery ?? DEFAULT_FEED_REFRESH_MS);
    feed.timer.unref?.();
  };

  const status = (): PriceFeedStatus[] =>
    feedStates.map((f) => ({
      url: f.settings.url,
      format: f.settings.format,
      trust: f.trust,
      lastStatus: f.lastStatus,
      confirmedAt: f.confirmedAt === undefined ? undefined : new Date(f.confirmedAt).toISOString(),
      etag: f.etag,
      lastModified: f.lastModified,
      priced: [...f.prices.keys()].sort(),
      applied: [...f.applied].sort(),
      disagreements: [...f.disagreements].sort(),
      error: f.error,
    }));

  // The first read starts at once, in the background; then every `refreshEvery`.
  for (const feed of feedStates) void refreshOne(feed).finally(() => schedule(feed));

  return {
    async refresh() {
      await Promise.all(feedStates.map(refreshOne));
      return status();
    },
    status,
    stop() {
      stopped = true;
      for (const feed of feedStates) if (feed.timer) clearTimeout(feed.timer);
    },
  };
}

function inForce(own: ModelEntry, prices: PriceVersion[], at: Date): PriceVersion | undefined {
  try {
    return priceInForce({ provider: own.provider, id: own.id, prices }, at);
  } catch {
    return undefined; // nothing in force at `at`
  }
}
