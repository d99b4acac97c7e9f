import { createHash } from "node:crypto";
import type { Cluster, Redis } from "ioredis";

/** An ioredis client: a single node (`new Redis(url)`) or a Cluster (`new Redis.Cluster(nodes)`). */
export type RedisClient = Redis | Cluster;

/** A Lua script run by its SHA1 (`EVALSHA`), loaded on first use or after a server restart. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
  readonly keys: number;
}

/** A Lua script to be run with {@link runScript}. */
export function luaScript(source: string, keys: number): LuaScript {
  return { source, sha: createHash("sha1").update(source).digest("hex"), keys };
}

/**
 * Runs `script` with `EVALSHA`; when the server does not know it (first use, a restarted server, a
 * new Cluster node) with `EVAL`, which loads it.
 */
export async function runScript(
  redis: RedisClient,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    // ioredis flattens nested arrays (`args.flat()`), which its types do not declare: the keys and
    // arguments go as they are, without two spread copies per call.
    return await redis.evalsha(script.sha, script.keys, ...(nested(keys, args) as string[]));
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("NOSCRIPT")) {
      return redis.eval(script.source, script.keys, ...(nested(keys, args) as string[]));
    }
    throw error;
  }
}

const nested = (keys: readonly string[], args: readonly (string | number)[]): unknown[] => [keys, args];

/** Rejects with `onTimeout()` when `promise` has not settled within `ms` (0: no limit). */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  if (!(ms > 0)) return promise;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
