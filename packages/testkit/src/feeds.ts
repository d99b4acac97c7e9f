import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { formatScaled, parseScaled } from "@tokenwise/core/internal";
import { TestkitConfigError } from "./errors";

/** The price feed formats the testkit serves, and where. */
export const FEED_PATHS = {
  litellm: "/feeds/litellm.json",
  "genai-prices": "/feeds/genai-prices.json",
  openrouter: "/api/v1/models",
} as const;
export type FeedPathFormat = keyof typeof FEED_PATHS;

/** One model's prices in the served feeds: USD per million tokens as decimal strings, tokenwise names. */
export interface FeedPrice {
  /** tokenwise provider key (`openai`, `anthropic`, `google`, `deepseek`, `mistral`, `xai`, `moonshot-intl`). */
  provider: string;
  /** tokenwise model id. */
  id: string;
  input: string;
  output: string;
  cacheRead?: string;
  cacheWrite?: string;
  contextWindow?: number;
  maxOutput?: number;
  /** The model's name in a feed when it differs from the default (`provider/id`, LiteLLM's bare OpenAI/Anthropic ids). */
  feedIds?: Partial<Record<FeedPathFormat, string>>;
}

/** One feed request the server answered. */
export interface FeedRequest {
  format: FeedPathFormat;
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
  status: number;
}

/** The feed endpoints of a running testkit: the three formats, conditional GETs, prices a test can change. */
export interface FeedServer {
  /** The URL of a feed on this server. */
  url(format: FeedPathFormat): string;
  /** Replaces every price; the feeds get a new ETag and a `Last-Modified` of the server clock. */
  setPrices(prices: readonly FeedPrice[]): void;
  /** Changes some fields of one model's price (a price rise, a new cache price). */
  updatePrice(provider: string, id: string, changes: Partial<Omit<FeedPrice, "provider" | "id">>): void;
  /** The prices served now. */
  prices(): FeedPrice[];
  /** Answer every feed request with this HTTP status (a feed outage), or serve again (`undefined`). */
  fail(status: number | undefined): void;
  /** The feed requests answered, in order. */
  requests(): FeedRequest[];
}

/** Feed provider names of the tokenwise providers (the inverse of the importers' alias table). */
const PROVIDERS: Record<FeedPathFormat, Record<string, string>> = {
  litellm: { google: "gemini", "moonshot-intl": "moonshot" },
  "genai-prices": { xai: "x-ai", "moonshot-intl": "moonshotai" },
  openrouter: { mistral: "mistralai", xai: "x-ai", "moonshot-intl": "moonshotai" },
};
const feedProvider = (format: FeedPathFormat, provider: string) => PROVIDERS[format][provider] ?? provider;

/** A per-million decimal as a per-token decimal string, exactly (the decimal point moves six places). */
export function perTokenString(perMillion: string): string {
  return formatScaled(parseScaled(perMillion, 30), 36);
}

/** The body of one feed for these prices. */
export function feedBody(format: FeedPathFormat, prices: readonly FeedPrice[]): unknown {
  switch (format) {
    case "litellm": {
      const out: Record<string, unknown> = {};
      for (const p of prices) {
        const provider = feedProvider(format, p.provider);
        const key =
          p.feedIds?.litellm ??
          (provider === "openai" || provider === "anthropic" ? p.id : `${provider}/${p.id}`);
        out[key] = {
          litellm_provider: provider,
          mode: "chat",
          input_cost_per_token: Number(perTokenString(p.input)),
          output_cost_per_token: Number(perTokenString(p.output)),
          ...(p.cacheRead ? { cache_read_input_token_cost: Number(perTokenString(p.cacheRead)) } : {}),
          ...(p.cacheWrite ? { cache_creation_input_token_cost: Number(perTokenString(p.cacheWrite)) } : {}),
          ...(p.contextWindow ? { max_input_tokens: p.contextWindow } : {}),
          ...(p.maxOutput ? { max_output_tokens: p.maxOutput } : {}),
        };
      }
      return out;
    }
    case "genai-prices": {
      const byProvider = new Map<string, unknown[]>();
      for (const p of prices) {
        const provider = feedProvider(format, p.provider);
        const list = byProvider.get(provider) ?? [];
        list.push({
          id: p.feedIds?.["genai-prices"] ?? p.id,
          match: { equals: p.id },
          ...(p.contextWindow ? { context_window: p.contextWindow } : {}),
          prices: {
            input_mtok: Number(p.input),
            output_mtok: Number(p.output),
            ...(p.cacheRead ? { cache_read_mtok: Number(p.cacheRead) } : {}),
            ...(p.cacheWrite ? { cache_write_mtok: Number(p.cacheWrite) } : {}),
          },
        });
        byProvider.set(provider, list);
      }
      return [...byProvider].map(([id, models]) => ({ id, name: id, pricing_urls: [], models }));
    }
    case "openrouter":
      return {
        data: prices.map((p) => ({
          id: p.feedIds?.openrouter ?? `${feedProvider(format, p.provider)}/${p.id}`,
          name: p.id,
          ...(p.contextWindow ? { context_length: p.contextWindow } : {}),
          pricing: {
            prompt: perTokenString(p.input),
            completion: perTokenString(p.output),
            ...(p.cacheRead ? { input_cache_read: perTokenString(p.cacheRead) } : {}),
            ...(p.cacheWrite ? { input_cache_write: perTokenString(p.cacheWrite) } : {}),
          },
          top_provider: { max_completion_tokens: p.maxOutput ?? null, is_moderated: false },
        })),
      };
    default: {
      const never: never = format;
      throw new TestkitConfigError({ message: `unknown feed format ${String(never)}` });
    }
  }
}

interface Served {
  body: string;
  etag: string;
}

/**
 * The testkit's feed endpoints (`GET /feeds/litellm.json`, `/feeds/genai-prices.json`,
 * `/api/v1/models`): each body carries a strong `ETag` (SHA-256 of the body) and a `Last-Modified`
 * (when the prices were last set); `If-None-Match` (or, without it, `If-Modified-Since`) answers 304.
 */
export function createFeedServer(
  initial: readonly FeedPrice[],
  now: () => Date,
  baseUrl: () => string,
): FeedServer & { handle(req: IncomingMessage, res: ServerResponse, pathname: string): boolean } {
  let prices: FeedPrice[] = initial.map((p) => ({ ...p }));
  let lastModified = now();
  let served = new Map<FeedPathFormat, Served>();
  let failure: number | undefined;
  const log: FeedRequest[] = [];
  const render = (format: FeedPathFormat): Served => {
    let s = served.get(format);
    if (!s) {
      const body = JSON.stringify(feedBody(format, prices));
      s = { body, etag: `"${createHash("sha256").update(body).digest("hex").slice(0, 32)}"` };
      served.set(format, s);
    }
    return s;
  };
  const changed = () => {
    served = new Map();
    lastModified = now();
  };
  const formats = Object.entries(FEED_PATHS) as [FeedPathFormat, string][];
  return {
    url: (format) => `${baseUrl()}${FEED_PATHS[format]}`,
    setPrices(next) {
      prices = next.map((p) => ({ ...p }));
      changed();
    },
    updatePrice(provider, id, changes) {
      const p = prices.find((x) => x.provider === provider && x.id === id);
      if (!p) throw new TestkitConfigError({ message: `no feed price for ${provider}/${id}` });
      Object.assign(p, changes);
      changed();
    },
    prices: () => prices.map((p) => ({ ...p })),
    fail(status) {
      failure = status;
    },
    requests: () => log.map((r) => ({ ...r })),
    handle(req, res, pathname) {
      const format = formats.find(([, path]) => path === pathname)?.[0];
      if (format === undefined) return false;
      const ifNoneMatch = req.headers["if-none-match"];
      const ifModifiedSince = req.headers["if-modified-since"];
      const answer = (status: number, headers: Record<string, string>, body?: string) => {
        log.push({ format, ifNoneMatch, ifModifiedSince, status });
        res.writeHead(status, headers);
        res.end(body);
      };
      if (req.method !== "GET" && req.method !== "HEAD") {
        answer(
          405,
          { allow: "GET, HEAD", "content-type": "application/json" },
          '{"error":"method not allowed"}',
        );
        return true;
      }
      if (failure !== undefined) {
        answer(failure, { "content-type": "application/json" }, '{"error":"feed unavailable"}');
        return true;
      }
      const s = render(format);
      const modified = new Date(Math.floor(lastModified.getTime() / 1000) * 1000);
      const headers = { etag: s.etag, "last-modified": modified.toUTCString(), "cache-control": "no-cache" };
      const notModified =
        ifNoneMatch !== undefined
          ? ifNoneMatch.split(",").some((tag) => tag.trim() === s.etag || tag.trim() === "*")
          : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= modified.getTime();
      if (notModified) answer(304, headers);
      else
        answer(
          200,
          { ...headers, "content-type": "application/json" },
          req.method === "HEAD" ? undefined : s.body,
        );
      return true;
    },
  };
}
