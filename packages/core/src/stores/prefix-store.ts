import { ValidationError } from "../errors";

/** One prompt prefix (`hash`, covering `tokens` tokens) sent to a model (`provider/id`) at `at` (epoch ms). */
export interface PrefixSighting {
  hash: number;
  model: string;
  tokens: number;
  at: number;
}

/**
 * Where prompt-prefix sightings are shared between processes (which model has which prefix in its
 * prompt cache). Reads happen off the request path: the router's tracker looks up its local table
 * synchronously and fetches from here in the background (a session that moved from another process
 * finds its prefixes from its next turn on).
 */
export interface PrefixStore {
  /** Records sightings; each is forgotten `ttlMs` after its `at`. */
  record(sightings: readonly PrefixSighting[], ttlMs: number): Promise<void>;
  /** The sightings of any of `hashes` still within their TTL at `at`. */
  find(hashes: readonly number[], at: number): Promise<PrefixSighting[]>;
}

/**
 * A bounded synchronous table of prefix sightings: per hash, the latest sighting per model, the
 * least recently written hash evicted past `maxPrefixes`. The router's tracker keeps its local view
 * in one; {@link createMemoryPrefixStore} shares one between routers of a process.
 */
export class PrefixTable {
  private readonly seen = new Map<number, Map<string, { tokens: number; at: number }>>();
  readonly maxPrefixes: number;

  constructor(maxPrefixes = 50_000) {
    if (!Number.isInteger(maxPrefixes) || maxPrefixes < 1) {
      throw new ValidationError({
        source: "PrefixTable",
        issues: [{ path: ["maxPrefixes"], message: "must be an integer >= 1", value: maxPrefixes }],
      });
    }
    this.maxPrefixes = maxPrefixes;
  }

  /** Hashes held. */
  get size(): number {
    return this.seen.size;
  }

  /** Records one sighting (a newer one of the same hash and model replaces it). */
  add(hash: number, model: string, tokens: number, at: number): void {
    let per = this.seen.get(hash);
    if (per === undefined) {
      per = new Map();
      this.seen.set(hash, per);
      if (this.seen.size > this.maxPrefixes) {
        const oldest = this.seen.keys().next();
        if (!oldest.done) this.seen.delete(oldest.value);
      }
    }
    const prev = per.get(model);
    if (prev === undefined || prev.at <= at) per.set(model, { tokens, at });
  }

  /** The sightings of `hash` per model (do not mutate). */
  get(hash: number): ReadonlyMap<string, { readonly tokens: number; readonly at: number }> | undefined {
    return this.seen.get(hash);
  }
}

/**
 * An in-memory {@link PrefixStore} over a bounded {@link PrefixTable}.
 *
 * @example
 * const prefixes = createMemoryPrefixStore();
 * createRouter({ catalog, prefixTracker: createPrefixTracker({ store: prefixes }) });
 */
export function createMemoryPrefixStore({
  maxPrefixes = 200_000,
}: {
  maxPrefixes?: number;
} = {}): PrefixStore {
  const table = new PrefixTable(maxPrefixes);
  const ttls = new Map<string, number>();
  return {
    async record(sightings, ttlMs) {
      for (const s of sightings) {
        table.add(s.hash, s.model, s.tokens, s.at);
        ttls.set(s.model, ttlMs);
      }
    },
    async find(hashes, at) {
      const out: PrefixSighting[] = [];
      for (const hash of hashes) {
        const per = table.get(hash);
        if (per === undefined) continue;
        for (const [model, e] of per) {
          if (at - e.at <= (ttls.get(model) ?? Number.POSITIVE_INFINITY)) out.push({ hash, model, ...e });
        }
      }
      return out;
    },
  };
}
