/** Options of a write. */
export interface StoreWriteOptions {
  /** Time to live of the entry from this write, ms (refreshed by every write). Default: no expiry. */
  ttlMs?: number;
}

/**
 * The asynchronous seam behind every piece of state the router may share between processes:
 * latency statistics, breaker state, calibration, the output forecast. Keys are strings; values are
 * plain JSON-serializable data (a store may copy or serialize them: never mutate what `get` returned
 * expecting the store to see it).
 *
 * `update` is the one operation that must be atomic per key: a Redis implementation runs it as
 * WATCH/MULTI with retries (or a Lua script for a known fold), so that two processes folding
 * observations into the same key both count.
 *
 * @example
 * const store = createMemoryKeyValueStore<LatencyStat>();
 * await store.update("openai/gpt-4o", (prev) => observeLatency(prev, observation));
 */
export interface KeyValueStore<T> {
  /** The value of `key`, or `undefined` when absent or expired. */
  get(key: string): Promise<T | undefined>;
  /** Values of many keys in one round trip, in the order asked. */
  getMany(keys: readonly string[]): Promise<(T | undefined)[]>;
  /** Replaces the value of `key`. */
  set(key: string, value: T, options?: StoreWriteOptions): Promise<void>;
  /**
   * Atomically replaces the value of `key` with `fold(current)` and returns it; `fold` returning
   * `undefined` deletes the key. `fold` must be pure: it may run more than once under contention.
   */
  update(
    key: string,
    fold: (current: T | undefined) => T | undefined,
    options?: StoreWriteOptions,
  ): Promise<T | undefined>;
  /** Removes `key`. */
  delete(key: string): Promise<void>;
}
