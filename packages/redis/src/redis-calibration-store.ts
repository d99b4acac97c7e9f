import type { CalibrationState, CalibrationStore } from "@tokenwise/core";
import { redisKeys } from "./keys";
import type { RedisClient } from "./redis-client";

const FIELDS = ["n", "sxx", "sxm", "smm", "sx", "sm", "sxy", "smy", "sy", "errSumSq"] as const;

/**
 * A core {@link CalibrationStore} on Redis: one hash of sums per tokenizer family; `merge` adds an
 * observation's contribution field by field with `HINCRBYFLOAT` in one transaction, so processes
 * calibrating the same family all count.
 *
 * @example
 * createTokenEstimator({ store: createRedisCalibrationStore({ redis }) });
 */
export function createRedisCalibrationStore({
  redis,
  prefix = "tw",
}: {
  redis: RedisClient;
  prefix?: string;
}): Required<CalibrationStore> {
  const k = (family: string) => redisKeys.calibration(prefix, family);
  const parse = (values: readonly (string | null)[]): CalibrationState | undefined => {
    if (values.every((v) => v === null)) return undefined;
    const state = { version: 1 } as CalibrationState;
    FIELDS.forEach((f, i) => {
      state[f] = Number(values[i] ?? 0);
    });
    return state;
  };
  return {
    get: async (family) => parse(await redis.hmget(k(family), ...FIELDS)),
    async put(family, state) {
      await redis
        .multi()
        .del(k(family))
        .hset(k(family), Object.fromEntries(FIELDS.map((f) => [f, String(state[f])])))
        .exec();
    },
    async merge(family, delta) {
      const tx = redis.multi();
      for (const f of FIELDS) tx.hincrbyfloat(k(family), f, delta[f]);
      const out = await tx.exec();
      if (!out) throw new Error(`calibration merge of "${family}" was aborted`);
      const values = out.map(([error, value]) => {
        if (error) throw error;
        return value as string;
      });
      return parse(values)!;
    },
  };
}
