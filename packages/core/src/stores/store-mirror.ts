import { z } from "zod";
import { functionSchema } from "../schema-primitives";
import { parseWith } from "../validate";
import type { KeyValueStore, StoreWriteOptions } from "./key-value-store";
import { background, StoreError, type StoreErrorHandler } from "./store-error";

/** Options of {@link createStoreMirror}. */
export interface StoreMirrorOptions {
  /** Name in {@link StoreError}s (`latency`, `breaker`, …). */
  name: string;
  /** How long the local view is trusted before it is re-read from the store, ms. Default 1,000. */
  refreshMs?: number;
  /** The clock, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Receives failed reads and writes (the local view stays as it was). */
  onStoreError?: StoreErrorHandler;
  /** Options of every write (e.g. a TTL so that abandoned keys expire from a shared store). */
  write?: StoreWriteOptions;
}

const OptionsSchema = z.object({
  name: z.string().min(1),
  refreshMs: z.number().nonnegative().optional(),
  now: functionSchema().optional(),
  onStoreError: functionSchema().optional(),
  write: z.object({ ttlMs: z.number().positive().optional() }).optional(),
});

/**
 * A synchronous local view of some keys of an asynchronous {@link KeyValueStore}: what the
 * selection hot loop reads. Writes apply to the view at once and to the store in the background
 * (failures go to `onStoreError`, never to the caller); reads are refreshed from the store at most
 * every `refreshMs`, in the background, so that observations of other processes arrive within about
 * one TTL without an `await` on the request path.
 *
 * @example
 * const view = createStoreMirror(store, { name: "latency", refreshMs: 1000 });
 * view.get("openai/gpt-4o"); // sync, possibly stale by up to refreshMs
 * view.update("openai/gpt-4o", (prev) => observeLatency(prev, obs));
 * view.maybeRefresh(() => modelKeys);
 */
export interface StoreMirror<T> {
  /** The local value of `key` (synchronous). */
  get(key: string): T | undefined;
  /**
   * Folds into the local value now and into the store in the background (atomically there, on the
   * store's own current value). Returns the new local value.
   */
  update(key: string, fold: (current: T | undefined) => T | undefined): T | undefined;
  /** Starts a background refresh of `keys()` when the view is older than `refreshMs`; never waits. */
  maybeRefresh(keys: () => Iterable<string>): void;
  /** Re-reads `keys` from the store now; resolves when the view holds them (rejects never). */
  refresh(keys: Iterable<string>): Promise<void>;
  /** Incremented each time a refresh lands: memoized figures derived from the view can check it. */
  readonly generation: number;
  /** Keys in the local view. */
  readonly size: number;
}

/** Creates a {@link StoreMirror} over `store`; without one, the local view alone (nothing to share or re-read). */
export function createStoreMirror<T>(
  store: KeyValueStore<T> | undefined,
  options: StoreMirrorOptions,
): StoreMirror<T> {
  const {
    name,
    refreshMs = 1_000,
    now = Date.now,
    onStoreError,
    write,
  } = parseWith(OptionsSchema, options, "createStoreMirror") as StoreMirrorOptions;
  const local = new Map<string, T>();
  let refreshedAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;
  let generation = 0;

  // Without a store the view is the state (a default in-process store would only hold a second copy
  // of it, written after every update): nothing to write through, nothing to re-read.
  const refresh = (keys: Iterable<string>): Promise<void> => {
    if (store === undefined) return Promise.resolve();
    const list = [...keys];
    refreshedAt = now();
    const run = (async () => {
      try {
        const values = await store.getMany(list);
        for (let i = 0; i < list.length; i++) {
          const v = values[i];
          if (v === undefined) local.delete(list[i]!);
          else local.set(list[i]!, v);
        }
        generation++;
      } catch (cause) {
        try {
          onStoreError?.(new StoreError({ store: name, operation: "refresh", cause }));
        } catch {
          // A failing error handler must not fail the caller either.
        }
      }
    })();
    inFlight = run;
    void run.finally(() => {
      if (inFlight === run) inFlight = undefined;
    });
    return run;
  };

  return {
    get: (key) => local.get(key),
    update(key, fold) {
      const next = fold(local.get(key));
      if (next === undefined) local.delete(key);
      else local.set(key, next);
      if (store !== undefined) {
        background(
          () => store.update(key, fold, write),
          { store: name, operation: "update", key },
          onStoreError,
        );
      }
      return next;
    },
    maybeRefresh(keys) {
      if (store === undefined || inFlight !== undefined || now() - refreshedAt < refreshMs) return;
      void refresh(keys());
    },
    refresh,
    get generation() {
      return generation;
    },
    get size() {
      return local.size;
    },
  };
}
