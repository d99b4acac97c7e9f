import {
  background,
  type PrefixSighting,
  type PrefixStore,
  PrefixTable,
  type StoreErrorHandler,
} from "@tokenwise/core";

/**
 * Remembers which prompt prefixes (at most 64 per call, the longest always) were sent to which model, so selection can expect a prompt-cache
 * read where the same prefix (system + tools + the first k messages) went to that model recently.
 * Lookup walks the request's prefixes from the longest, once for all models.
 */
export interface PrefixTracker {
  /** Records that every prefix of a request (`hashes[i]` covers `tokens[i]` tokens) was sent to `model`. */
  record(model: string, hashes: readonly number[], tokens: readonly number[], at: number): void;
  /** For each model, the tokens of the longest prefix of `hashes` it saw within the TTL. Synchronous. */
  lookup(hashes: readonly number[], at: number): Map<string, number>;
  /**
   * Fetches the sightings of `hashes` from the shared store into the local table, in the background
   * (a no-op without a store). The router calls it when a lookup found nothing locally.
   */
  prefetch?(hashes: readonly number[], at: number): void;
  /** Prefixes held locally (bounded by `maxPrefixes`). Optional. */
  readonly size?: number;
}

/** Settings of {@link createPrefixTracker}. */
export interface PrefixTrackerSettings {
  /** How long a prefix stays cached at a provider (default 5 minutes: Anthropic's and OpenAI's minimum). */
  ttlMs?: number;
  /** Bound on prefixes remembered locally (the least recently recorded evicted). Default 50,000. */
  maxPrefixes?: number;
  /**
   * Where sightings are shared between routers and processes. Default: none (local only). Records
   * are written through in the background; a lookup that finds nothing locally prefetches.
   */
  store?: PrefixStore;
  /** Receives store failures (the local table keeps working). */
  onStoreError?: StoreErrorHandler;
}

/** The ~128 indices a lookup or a prefetch visits: the last 64 one by one, then a sample of the older ones. */
function visit(n: number, each: (i: number) => void): void {
  // An agent's next turn extends its previous prompt by a few messages: at most ~128 lookups however long the history.
  const stride = Math.max(1, Math.ceil((n - 64) / 64));
  for (let i = n - 1; i >= 0; i -= i >= n - 64 ? 1 : stride) each(i);
}

/** A {@link PrefixTracker} with a TTL over a bounded local table, optionally shared through a {@link PrefixStore}. */
export function createPrefixTracker(settings: PrefixTrackerSettings = {}): PrefixTracker {
  const { ttlMs = 5 * 60_000, maxPrefixes = 50_000, store, onStoreError } = settings;
  const table = new PrefixTable(maxPrefixes);
  const empty = new Map<string, number>();
  return {
    record(model, hashes, tokens, at) {
      // A long history records a bounded number of prefixes (the longest always): the next turn of an
      // agent extends the whole previous prompt, and a branch finds a slightly shorter cached prefix.
      const n = hashes.length;
      const stride = Math.max(1, Math.ceil(n / 64));
      const shared: PrefixSighting[] | undefined = store ? [] : undefined;
      for (let i = n - 1; i >= 0; i -= stride) {
        table.add(hashes[i]!, model, tokens[i]!, at);
        shared?.push({ hash: hashes[i]!, model, tokens: tokens[i]!, at });
      }
      if (store && shared && shared.length > 0) {
        background(() => store.record(shared, ttlMs), { store: "prefix", operation: "record" }, onStoreError);
      }
    },
    lookup(hashes, at) {
      if (table.size === 0) return empty;
      const out = new Map<string, number>();
      visit(hashes.length, (i) => {
        const per = table.get(hashes[i]!);
        if (!per) return;
        for (const [model, entry] of per) {
          if (!out.has(model) && at - entry.at <= ttlMs) out.set(model, entry.tokens);
        }
      });
      return out;
    },
    prefetch(hashes, at) {
      if (!store || hashes.length === 0) return;
      const asked: number[] = [];
      visit(hashes.length, (i) => void asked.push(hashes[i]!));
      background(
        async () => {
          for (const s of await store.find(asked, at)) table.add(s.hash, s.model, s.tokens, s.at);
        },
        { store: "prefix", operation: "get" },
        onStoreError,
      );
    },
    get size() {
      return table.size;
    },
  };
}

/** 53-bit FNV-1a-style hash of a string (two 32-bit lanes), chained from `seed`. */
export function hashText(text: string, seed = 0): number {
  let h1 = (0x811c9dc5 ^ seed) >>> 0;
  let h2 = (0x01000193 ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
}

/** Chains a prefix hash with the next piece's hash (53-bit, no string building). */
export function chainHash(prefix: number, next: number): number {
  const pl = (prefix % 4294967296) | 0;
  const ph = Math.floor(prefix / 4294967296) | 0;
  const nl = (next % 4294967296) | 0;
  const nh = Math.floor(next / 4294967296) | 0;
  let h1 = Math.imul(pl ^ 0x9e3779b9, 0x85ebca6b) ^ nl;
  h1 = Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35) ^ nh;
  h1 ^= h1 >>> 16;
  let h2 = Math.imul(ph ^ 0x7f4a7c15, 0x27d4eb2f) ^ Math.imul(nl, 0x165667b1);
  h2 = Math.imul(h2 ^ (h2 >>> 15), 0x85ebca77) ^ nh;
  h2 ^= h2 >>> 13;
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
}
