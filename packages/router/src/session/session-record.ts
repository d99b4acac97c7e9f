import { type Money, type PromptCachePolicy, promptTokens, type Usage } from "@tokenwise/core";

/**
 * A session's state as kept in its {@link KeyValueStore} (JSON-safe: money as decimal atto-unit
 * strings, times as epoch ms), so that a session continued by another process routes the same way.
 */
export interface SessionRecord {
  /** `provider/id` of the model whose prompt cache the session keeps warm; absent before the first call. */
  model?: string;
  /** Prefix hash of the last prompt (system + tools + its messages) and how many messages it covered. */
  prefixHash?: number;
  prefixMessages?: number;
  /** When the model's cache was last written or read (the router's clock, epoch ms). */
  cacheAt?: number;
  /** How long that cache stays warm unused, ms (0: the model caches nothing). */
  cacheTtlMs?: number;
  /** Calls answered. */
  calls: number;
  /** Calls that failed or were aborted after a provider may have billed them (counted in the sums). */
  failedCalls: number;
  /** Times the session moved to another model. */
  switches: number;
  /** Prompt tokens of the last call (the provider's count). */
  lastPrompt?: number;
  /** Mean prompt growth per turn on the same model, tokens, and how many turns it is the mean of. */
  growth?: number;
  growthSamples: number;
  /** Sums over the answered calls: prompt tokens, of which read from and written to the cache. */
  promptTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  /** The currency of the sums below. */
  currency: string;
  /** Exact sums, decimal atto-units: what the calls cost, and what they would have cost at full input price. */
  costAtto: string;
  fullPriceAtto: string;
}

/** One answered call of a session, as it reports it. */
export interface SessionCall {
  /** The call's report id (`report.id`). */
  callId: string;
  provider: string;
  model: string;
  at: Date;
  /** Every billed attempt of the call (`report.total`). */
  cost: Money;
  /** The same call with its cache reads and writes priced as plain input (failed attempts as billed). */
  fullPrice: Money;
  /** `fullPrice − cost`: what caching saved on this call (negative when a cache write cost more than it read). */
  saved: Money;
  /** Prompt tokens (input + cache reads + cache writes), as the provider counted them. */
  promptTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  /** `cachedTokens / promptTokens`. */
  cacheHitRate: number;
  /** True when this call moved the session to another model. */
  switched: boolean;
}

/** The session's totals (across processes sharing its store). */
export interface SessionTotals {
  calls: number;
  /**
   * Calls that failed or were aborted but billed (a stream cut or cancelled after it started, failed
   * attempts): their cost is in `cost` and, unsplit, in `fullPrice`.
   */
  failedCalls: number;
  switches: number;
  cost: Money;
  fullPrice: Money;
  /** `fullPrice − cost`, exact. */
  saved: Money;
  promptTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  /** Cached input tokens / prompt tokens over every call (0 before the first). */
  cacheHitRate: number;
}

/** An empty record in a currency. */
export function emptySessionRecord(currency: string): SessionRecord {
  return {
    calls: 0,
    failedCalls: 0,
    switches: 0,
    growthSamples: 0,
    promptTokens: 0,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    currency,
    costAtto: "0",
    fullPriceAtto: "0",
  };
}

/** The usage with every prompt token billed as plain input (what the call would cost without a cache). */
export function atFullInputPrice(usage: Usage): Usage {
  return { ...usage, input: promptTokens(usage), cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0 };
}

/**
 * How long a model's prompt cache stays warm unused, ms: an explicit cache's first TTL (what the
 * adapter asks for; every read refreshes it), `automaticTtlMs` for a cache the provider manages
 * (OpenAI documents 5 to 10 minutes of inactivity), 0 for a model without a cache or an explicit
 * one while `promptCaching` is off.
 */
export function cacheTtlMs(
  policy: PromptCachePolicy | undefined,
  promptCaching: boolean,
  automaticTtlMs: number,
): number {
  if (policy === undefined) return 0;
  if (policy.mode === "automatic") return automaticTtlMs;
  if (!promptCaching) return 0;
  return policy.ttls[0] === "1h" ? 3_600_000 : 300_000;
}

/** What one answered call adds to the record. */
export interface SessionObservation {
  model: string;
  prefixHash: number;
  prefixMessages: number;
  at: number;
  cacheTtlMs: number;
  usage: Usage;
  cost: Money;
  fullPrice: Money;
}

/**
 * Folds an answered call into the record (pure: a store's atomic `update` may run it more than once).
 * The cache's clock restarts at the call (a read refreshes it, a write starts it).
 */
export function observeSessionCall(
  record: SessionRecord | undefined,
  o: SessionObservation,
  currency: string,
): SessionRecord {
  const r = record ?? emptySessionRecord(currency);
  const prompt = promptTokens(o.usage);
  const sameModel = r.model === o.model;
  const out: SessionRecord = {
    ...r,
    model: o.model,
    prefixHash: o.prefixHash,
    prefixMessages: o.prefixMessages,
    cacheAt: o.at,
    cacheTtlMs: o.cacheTtlMs,
    calls: r.calls + 1,
    switches: r.switches + (r.model !== undefined && !sameModel ? 1 : 0),
    lastPrompt: prompt,
    promptTokens: r.promptTokens + prompt,
    cachedTokens: r.cachedTokens + o.usage.cacheRead,
    cacheWriteTokens: r.cacheWriteTokens + o.usage.cacheWrite + o.usage.cacheWrite1h,
    costAtto: (BigInt(r.costAtto) + o.cost.atto).toString(),
    fullPriceAtto: (BigInt(r.fullPriceAtto) + o.fullPrice.atto).toString(),
  };
  // Growth per turn is learned on one model (token counts of two tokenizers do not subtract).
  if (sameModel && r.lastPrompt !== undefined && prompt >= r.lastPrompt) {
    const n = r.growthSamples + 1;
    out.growth = (r.growth ?? 0) + (prompt - r.lastPrompt - (r.growth ?? 0)) / n;
    out.growthSamples = n;
  }
  return out;
}

/**
 * Folds what a failed or aborted call was billed (its attempts' costs, exact or estimated as the
 * ledger has them) into the sums; the cache state is left as it was.
 */
export function observeSessionFailure(
  record: SessionRecord | undefined,
  billed: Money,
  currency: string,
): SessionRecord {
  const r = record ?? emptySessionRecord(currency);
  return {
    ...r,
    failedCalls: (r.failedCalls ?? 0) + 1,
    costAtto: (BigInt(r.costAtto) + billed.atto).toString(),
    fullPriceAtto: (BigInt(r.fullPriceAtto) + billed.atto).toString(),
  };
}

/** The totals of a record, exact. */
export function sessionTotals(record: SessionRecord): SessionTotals {
  const cost = BigInt(record.costAtto);
  const full = BigInt(record.fullPriceAtto);
  const currency = record.currency;
  return {
    calls: record.calls,
    failedCalls: record.failedCalls ?? 0,
    switches: record.switches,
    cost: { currency, atto: cost },
    fullPrice: { currency, atto: full },
    saved: { currency, atto: full - cost },
    promptTokens: record.promptTokens,
    cachedTokens: record.cachedTokens,
    cacheWriteTokens: record.cacheWriteTokens,
    cacheHitRate: record.promptTokens > 0 ? record.cachedTokens / record.promptTokens : 0,
  };
}
