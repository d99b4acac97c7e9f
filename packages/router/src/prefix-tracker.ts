/**
 * Remembers which prompt prefixes (at most 64 per call, the longest always) were sent to which model, so selection can expect a prompt-cache
 * read where the same prefix (system + tools + the first k messages) went to that model recently.
 * Lookup walks the request's prefixes from the longest, once for all models.
 */
export interface PrefixTracker {
  /** Records that every prefix of a request (`hashes[i]` covers `tokens[i]` tokens) was sent to `model`. */
  record(model: string, hashes: readonly number[], tokens: readonly number[], at: number): void;
  /** For each model, the tokens of the longest prefix of `hashes` it saw within the TTL. */
  lookup(hashes: readonly number[], at: number): Map<string, number>;
}

/** In-memory {@link PrefixTracker} with a TTL and a bounded number of prefixes (oldest evicted). */
export function createPrefixTracker({
  ttlMs = 5 * 60_000,
  maxPrefixes = 50_000,
}: {
  /** How long a prefix stays cached at a provider (default 5 minutes: Anthropic's and OpenAI's minimum). */
  ttlMs?: number;
  /** Bound on remembered prefixes. */
  maxPrefixes?: number;
} = {}): PrefixTracker {
  const seen = new Map<number, Map<string, { tokens: number; at: number }>>();
  const empty = new Map<string, number>();
  return {
    record(model, hashes, tokens, at) {
      // A long history records a bounded number of prefixes (the longest always): the next turn of an
      // agent extends the whole previous prompt, and a branch finds a slightly shorter cached prefix.
      const n = hashes.length;
      const stride = Math.max(1, Math.ceil(n / 64));
      for (let i = n - 1; i >= 0; i -= stride) {
        const h = hashes[i]!;
        let per = seen.get(h);
        if (!per) {
          per = new Map();
          seen.set(h, per);
        }
        per.set(model, { tokens: tokens[i]!, at });
      }
      while (seen.size > maxPrefixes) {
        const oldest = seen.keys().next().value;
        if (oldest === undefined) break;
        seen.delete(oldest);
      }
    },
    lookup(hashes, at) {
      if (seen.size === 0) return empty;
      const out = new Map<string, number>();
      // The last 64 prefixes one by one (an agent's next turn extends its previous prompt by a few
      // messages), then a sample of the older ones: at most ~128 lookups however long the history.
      const n = hashes.length;
      const stride = Math.max(1, Math.ceil((n - 64) / 64));
      for (let i = n - 1; i >= 0; i -= i >= n - 64 ? 1 : stride) {
        const per = seen.get(hashes[i]!);
        if (!per) continue;
        for (const [model, entry] of per) {
          if (!out.has(model) && at - entry.at <= ttlMs) out.set(model, entry.tokens);
        }
      }
      return out;
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
