import { z } from "zod";
import { functionSchema } from "../schema-primitives";
import { parseWith } from "../validate";
import type { KeyValueStore, StoreWriteOptions } from "./key-value-store";

/** Options of {@link createMemoryKeyValueStore}. */
export interface MemoryKeyValueStoreOptions {
  /** Most entries kept; the least recently written is evicted past it. Default 100,000. */
  maxEntries?: number;
  /** The clock for TTLs, epoch ms. Default `Date.now`. */
  now?: () => number;
}

const OptionsSchema = z.object({
  maxEntries: z.number().int().positive().optional(),
  now: functionSchema().optional(),
});
const WriteSchema = z.object({ ttlMs: z.number().positive().optional() }).optional();

/**
 * A deep copy of plain data (what a remote store would serialize): arrays, typed arrays and plain
 * objects are copied, primitives returned as they are, anything else through `structuredClone`.
 * Much cheaper than `structuredClone` for the small records the router keeps (Node 20 clones through
 * a MessageChannel).
 */
function copyOf<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    // Arrays of numbers and strings (a forecast's window): one slice, not a call per element.
    let flat = true;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === "object" && v !== null) {
        flat = false;
        break;
      }
    }
    if (flat) return value.slice() as T;
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyOf(value[i]);
    return out as T;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return (value as unknown as { slice(): unknown }).slice() as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
    for (const key of Object.keys(value)) out[key] = copyOf((value as Record<string, unknown>)[key]);
    return out as T;
  }
  return structuredClone(value);
}

interface Slot<T> {
  value: T;
  expiresAt: number;
}

/**
 * A {@link KeyValueStore} in process memory: bounded (`maxEntries`, least recently written
 * evicted), with per-entry TTLs, copying values in and out (a deep copy of plain data) as a remote store
 * would serialize them. Share one instance between routers of a process; use a Redis store
 * between processes.
 *
 * @example
 * const stats = createMemoryKeyValueStore<LatencyStat>({ maxEntries: 10_000 });
 * const a = createRouter({ catalog, latencyStore: stats });
 * const b = createRouter({ catalog, latencyStore: stats }); // sees a's observations after the TTL
 */
export function createMemoryKeyValueStore<T>(options: MemoryKeyValueStoreOptions = {}): KeyValueStore<T> & {
  /** Entries held now (expired ones included until touched). */
  readonly size: number;
} {
  const { maxEntries = 100_000, now = Date.now } = parseWith(
    OptionsSchema,
    options,
    "createMemoryKeyValueStore",
  ) as MemoryKeyValueStoreOptions;
  const map = new Map<string, Slot<T>>();
  const read = (key: string): T | undefined => {
    const slot = map.get(key);
    if (slot === undefined) return undefined;
    if (slot.expiresAt <= now()) {
      map.delete(key);
      return undefined;
    }
    return copyOf(slot.value);
  };
  // Write options are usually one object passed on every write (a mirror's `write`): checked again
  // only when its TTL changes.
  const checked = new WeakMap<object, number | undefined>();
  const ttlOf = (options: StoreWriteOptions | undefined): number | undefined => {
    if (options === undefined) return undefined;
    if (typeof options === "object" && options !== null && checked.has(options)) {
      const ttlMs = options.ttlMs;
      if (checked.get(options) === ttlMs) return ttlMs;
    }
    const ttlMs = parseWith(WriteSchema, options, "KeyValueStore write options")?.ttlMs;
    checked.set(options, ttlMs);
    return ttlMs;
  };
  const write = (key: string, value: T | undefined, options: StoreWriteOptions | undefined) => {
    const ttlMs = ttlOf(options);
    map.delete(key);
    if (value === undefined) return;
    map.set(key, {
      value: copyOf(value),
      expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : now() + ttlMs,
    });
    while (map.size > maxEntries) {
      const oldest = map.keys().next();
      if (oldest.done) break;
      map.delete(oldest.value);
    }
  };
  // Async functions: a throwing fold or a bad option becomes a rejection, as from a remote store.
  return {
    get: async (key) => read(key),
    getMany: async (keys) => keys.map(read),
    set: async (key, value, options) => write(key, value, options),
    async update(key, fold, options) {
      const next = fold(read(key));
      write(key, next, options);
      return next === undefined ? undefined : copyOf(next);
    },
    delete: async (key) => void map.delete(key),
    get size() {
      return map.size;
    },
  };
}
