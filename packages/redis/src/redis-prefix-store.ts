import type { PrefixSighting, PrefixStore } from "@tokenwise/core";
import { redisKeys } from "./keys";
import type { RedisClient } from "./redis-client";

/**
 * A core {@link PrefixStore} on Redis: per prompt-prefix hash, a hash of model → `tokens|at|ttl`
 * that expires with its newest sighting, so a session that moves to another process finds which
 * model has its prefix cached.
 *
 * @example
 * createRouter({ catalog, prefixTracker: createPrefixTracker({ store: createRedisPrefixStore({ redis }) }) });
 */
export function createRedisPrefixStore({
  redis,
  prefix = "tw",
}: {
  redis: RedisClient;
  prefix?: string;
}): PrefixStore {
  return {
    async record(sightings, ttlMs) {
      if (sightings.length === 0) return;
      const pipe = redis.pipeline();
      for (const s of sightings) {
        const key = redisKeys.prefix(prefix, s.hash);
        pipe.hset(key, s.model, `${s.tokens}|${s.at}|${ttlMs}`);
        pipe.pexpire(key, Math.max(1, Math.ceil(ttlMs)));
      }
      const out = await pipe.exec();
      for (const [error] of out ?? []) if (error) throw error;
    },
    async find(hashes, at) {
      if (hashes.length === 0) return [];
      const pipe = redis.pipeline();
      for (const h of hashes) pipe.hgetall(redisKeys.prefix(prefix, h));
      const out = (await pipe.exec()) ?? [];
      const found: PrefixSighting[] = [];
      out.forEach(([error, value], i) => {
        if (error) throw error;
        for (const [model, raw] of Object.entries((value ?? {}) as Record<string, string>)) {
          const [tokens, seen, ttl] = raw.split("|").map(Number) as [number, number, number];
          if (at - seen <= ttl) found.push({ hash: hashes[i]!, model, tokens, at: seen });
        }
      });
      return found;
    },
  };
}
