import { type KeyValueStore, parseWith, type StoreWriteOptions } from "@tokenwise/core";
import { z } from "zod";
import { redisKeys } from "./keys";
import { luaScript, type RedisClient, runScript } from "./redis-client";

// Compare-and-set: writes ARGV[4] (or deletes) only if the key still holds what the fold read.
// ARGV: "1" if a value was read else "0", the value read, "set" | "del", the new value, TTL ms ("0": none).
const CAS = luaScript(
  `
local cur = redis.call('GET', KEYS[1])
if (ARGV[1] == '0' and cur) or (ARGV[1] == '1' and cur ~= ARGV[2]) then
  if cur then return { 0, cur } end
  return { 0 }
end
if ARGV[3] == 'del' then redis.call('DEL', KEYS[1])
elseif ARGV[5] ~= '0' then redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5])
else redis.call('SET', KEYS[1], ARGV[4]) end
return { 1 }
`,
  1,
);

/** Options of {@link createRedisKeyValueStore}. */
export interface RedisKeyValueStoreOptions {
  /** An ioredis client (single node or Cluster). The store never closes it. */
  redis: RedisClient;
  /** Key prefix, e.g. `tw:breaker`, `tw:latency` (one per store). */
  prefix: string;
  /** Most compare-and-set rounds of one `update` under contention before it fails. Default 50. */
  maxUpdateAttempts?: number;
}

const OptionsSchema = z.object({
  redis: z.custom<RedisClient>(
    (v) => typeof v === "object" && v !== null && typeof (v as { get?: unknown }).get === "function",
    "must be an ioredis client (new Redis(url))",
  ),
  prefix: z.string().min(1, "must not be empty"),
  maxUpdateAttempts: z.number().int().positive().optional(),
});

/**
 * A core {@link KeyValueStore} on Redis: values as JSON strings, TTL per write (`PX`), and `update`
 * as an optimistic compare-and-set in Lua (read, fold in the process, write only if unchanged, else
 * fold again): atomic per key without WATCH, so it shares one connection with everything else and
 * works on Redis Cluster. Updates of one key from this store run one after the other, so only other
 * processes contend. Serves the router's latency, learned-quality and breaker stores, the
 * output forecast and sessions.
 *
 * @example
 * const breakers = createRedisKeyValueStore<BreakerState>({ redis, prefix: "tw:breaker" });
 * createRouter({ catalog, circuitBreaker: { store: breakers, failureThreshold: 3 } });
 */
export function createRedisKeyValueStore<T>(options: RedisKeyValueStoreOptions): KeyValueStore<T> {
  parseWith(OptionsSchema, options, "createRedisKeyValueStore");
  const { redis, prefix, maxUpdateAttempts = 50 } = options;
  /** The last update queued per key (this process's updates of a key never race each other). */
  const queues = new Map<string, Promise<unknown>>();
  const k = (key: string) => redisKeys.value(prefix, key);
  const decode = (raw: string | null | undefined): T | undefined =>
    raw === null || raw === undefined ? undefined : (JSON.parse(raw) as T);
  const ttlOf = (o: StoreWriteOptions | undefined) =>
    parseWith(
      z.object({ ttlMs: z.number().positive().optional() }).optional(),
      o,
      "KeyValueStore write options",
    )?.ttlMs;
  return {
    get: async (key) => decode(await redis.get(k(key))),
    async getMany(keys) {
      if (keys.length === 0) return [];
      // MGET needs one hash slot on a Cluster: there, one GET per key (ioredis pipelines them).
      const raw = redis.isCluster
        ? await Promise.all(keys.map((key) => redis.get(k(key))))
        : await redis.mget(...keys.map(k));
      return raw.map(decode);
    },
    async set(key, value, o) {
      const ttlMs = ttlOf(o);
      const json = JSON.stringify(value);
      if (ttlMs === undefined) await redis.set(k(key), json);
      else await redis.set(k(key), json, "PX", Math.ceil(ttlMs));
    },
    update(key, fold, o) {
      let ttlMs: number | undefined;
      try {
        ttlMs = ttlOf(o);
      } catch (error) {
        return Promise.reject(error);
      }
      const previous = queues.get(key) ?? Promise.resolve();
      const next = previous.then(
        () => casUpdate(key, fold, ttlMs),
        () => casUpdate(key, fold, ttlMs),
      );
      queues.set(key, next);
      void next.then(
        () => queues.get(key) === next && queues.delete(key),
        () => queues.get(key) === next && queues.delete(key),
      );
      return next;
    },
    delete: async (key) => void (await redis.del(k(key))),
  };

  async function casUpdate(
    key: string,
    fold: (current: T | undefined) => T | undefined,
    ttlMs: number | undefined,
  ): Promise<T | undefined> {
    let raw = await redis.get(k(key));
    for (let i = 0; i < maxUpdateAttempts; i++) {
      const next = fold(decode(raw));
      const json = next === undefined ? "" : JSON.stringify(next);
      const reply = (await runScript(
        redis,
        CAS,
        [k(key)],
        [
          raw === null ? "0" : "1",
          raw ?? "",
          next === undefined ? "del" : "set",
          json,
          ttlMs === undefined ? "0" : String(Math.ceil(ttlMs)),
        ],
      )) as [number, string?];
      if (reply[0] === 1) return next;
      raw = reply[1] ?? null;
    }
    throw new Error(
      `update of "${key}" lost ${maxUpdateAttempts} compare-and-set rounds to concurrent writers (maxUpdateAttempts)`,
    );
  }
}
