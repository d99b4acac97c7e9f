import { createHash } from "node:crypto";
import type { PromptCachePolicy } from "@tokenwise/core";
import type { PromptUnit } from "./sim-request";
import type { TokenCounter } from "./tokenizer";

/**
 * How a simulated model caches prompts.
 * - `automatic` (OpenAI style): any prompt of at least `minTokens` is cached; a later request whose
 *   leading units (tools, then whole messages) equal an earlier request's reads the longest such
 *   prefix, rounded down to `minTokens + k × increment` tokens (OpenAI: 1024 then steps of 128).
 *   The cache is partitioned by the request's `prompt_cache_key` (none is a partition of its own):
 *   OpenAI routes a prefix and its key to one cache machine, so a request with another key misses.
 * - `breakpoints` (Anthropic style): only prefixes ending at a `cache_control` block are written; a
 *   later request reads the longest written prefix it starts with; the rest up to its last breakpoint
 *   is written (if that prefix is at least `minTokens`), split into 5-minute and 1-hour writes by the
 *   `ttl` of the breakpoint that closes each segment.
 * - `off`: nothing is ever cached.
 */
export interface PromptCacheSettings {
  mode: "automatic" | "breakpoints" | "off";
  /** Smallest cacheable prefix in tokens. Default 1024. */
  minTokens?: number;
  /** `automatic` only: cached counts grow in steps of this many tokens past `minTokens`. Default 128. */
  increment?: number;
  /** `automatic` only: an entry unused this long (server clock) is evicted. Default 10 minutes. */
  ttlMs?: number;
}

/** Prompt tokens of one request, split the way the providers report them. */
export interface PromptTokenSplit {
  /** Every prompt token, cached or not (OpenAI's `prompt_tokens`). */
  total: number;
  /** Tokens read from the cache. */
  cacheRead: number;
  /** Tokens written with a 5-minute lifetime (Anthropic). */
  cacheWrite5m: number;
  /** Tokens written with a 1-hour lifetime (Anthropic). */
  cacheWrite1h: number;
}

interface Entry {
  expiresAt: number;
  ttlMs: number;
}

const FIVE_MINUTES = 5 * 60_000;
const ONE_HOUR = 60 * 60_000;

/**
 * Per-model prompt cache keyed by content hashes of prompt prefixes. Lookup and write happen in one
 * synchronous call, so concurrent requests see a consistent cache.
 *
 * @example
 * const cache = new PromptCache({ mode: "automatic" });
 * cache.apply(request.units, counter, now, true); // { total: 2006, cacheRead: 1920, … }
 */
export class PromptCache {
  readonly mode: PromptCacheSettings["mode"];
  private readonly minTokens: number;
  private readonly increment: number;
  private readonly ttlMs: number;
  private readonly entries = new Map<string, Entry>();

  constructor(settings: PromptCacheSettings) {
    this.mode = settings.mode;
    this.minTokens = settings.minTokens ?? 1024;
    this.increment = settings.increment ?? 128;
    this.ttlMs = settings.ttlMs ?? 10 * 60_000;
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
  }

  /**
   * Counts the prompt and splits it into cache read / write / plain input. With `commit` the cache
   * is updated (hits refreshed, new prefixes written); without it the cache is only consulted.
   */
  apply(
    units: readonly PromptUnit[],
    counter: TokenCounter,
    now: Date,
    commit: boolean,
    partition?: string,
  ): PromptTokenSplit {
    const t = now.getTime();
    const cumulative: number[] = [];
    const hashes: string[] = [];
    let sum = 0;
    // Automatic caches are partitioned by `prompt_cache_key`; breakpoint caches ignore it.
    let chain = partition !== undefined && this.mode === "automatic" ? `key:${partition}` : "";
    for (const unit of units) {
      sum +=
        counter.text(unit.text) +
        (unit.startsMessage ? counter.perMessage : 0) +
        (unit.named ? counter.perName : 0);
      cumulative.push(sum);
      chain = createHash("sha1").update(chain).update("\u0000").update(unit.key).digest("hex");
      hashes.push(chain);
    }
    const total = sum + counter.perRequest;
    const split: PromptTokenSplit = { total, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 };
    switch (this.mode) {
      case "off":
        return split;
      case "automatic":
        return this.automatic(split, cumulative, hashes, t, commit);
      case "breakpoints":
        return this.breakpoints(split, units, cumulative, hashes, t, commit);
      default: {
        const never: never = this.mode;
        throw new Error(`unknown cache mode ${String(never)}`);
      }
    }
  }

  private live(hash: string, t: number): Entry | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAt <= t) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry;
  }

  private automatic(
    split: PromptTokenSplit,
    cumulative: number[],
    hashes: string[],
    t: number,
    commit: boolean,
  ) {
    if (split.total < this.minTokens) return split;
    let hit = -1;
    for (let i = hashes.length - 1; i >= 0; i--) {
      if (this.live(hashes[i]!, t)) {
        hit = i;
        break;
      }
    }
    if (hit >= 0) {
      const prefix = cumulative[hit]!;
      if (prefix >= this.minTokens) {
        split.cacheRead =
          this.minTokens + Math.floor((prefix - this.minTokens) / this.increment) * this.increment;
      }
    }
    if (commit) {
      for (const hash of hashes) this.entries.set(hash, { expiresAt: t + this.ttlMs, ttlMs: this.ttlMs });
    }
    return split;
  }

  private breakpoints(
    split: PromptTokenSplit,
    units: readonly PromptUnit[],
    cumulative: number[],
    hashes: string[],
    t: number,
    commit: boolean,
  ) {
    const marks: number[] = [];
    units.forEach((u, i) => {
      if (u.breakpoint) marks.push(i);
    });
    if (marks.length === 0) return split;
    const last = marks[marks.length - 1]!;
    let hit = -1;
    for (let i = last; i >= 0; i--) {
      const entry = this.live(hashes[i]!, t);
      if (entry) {
        hit = i;
        if (commit) entry.expiresAt = t + entry.ttlMs;
        break;
      }
    }
    const read = hit >= 0 ? cumulative[hit]! : 0;
    split.cacheRead = read;
    let covered = read;
    for (const i of marks) {
      const upTo = cumulative[i]!;
      if (upTo <= covered || upTo < this.minTokens) continue;
      const ttl = units[i]!.breakpoint === "1h" ? ONE_HOUR : FIVE_MINUTES;
      if (ttl === ONE_HOUR) split.cacheWrite1h += upTo - covered;
      else split.cacheWrite5m += upTo - covered;
      covered = upTo;
      if (commit) this.entries.set(hashes[i]!, { expiresAt: t + ttl, ttlMs: ttl });
    }
    return split;
  }
}

/**
 * The simulated cache of a model with the given catalog `promptCache` policy: `automatic` with the
 * model's minimum prefix (steps of 128 past it, as OpenAI documents; of the minimum when it is smaller,
 * as DeepSeek's 64-token units), `explicit` as Anthropic-style
 * breakpoints with its minimum, none as no cache at all, so that the testkit caches as the catalog
 * says the provider does.
 *
 * @example
 * simProvidersFor(models, (m) => ({ cache: cacheSettingsFor(m.promptCache) }))
 */
export function cacheSettingsFor(policy: PromptCachePolicy | undefined): PromptCacheSettings | false {
  if (policy === undefined) return false;
  return policy.mode === "automatic"
    ? {
        mode: "automatic",
        minTokens: policy.minPrefixTokens,
        increment: Math.min(128, policy.minPrefixTokens),
      }
    : { mode: "breakpoints", minTokens: policy.minPrefixTokens };
}
