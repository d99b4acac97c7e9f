export { type BullJobQueue, type BullJobQueueOptions, createBullJobQueue } from "./bull-job-queue";
export { redisKeys } from "./keys";
export { createRedisBudgetStore, type RedisBudgetStoreOptions } from "./redis-budget-store";
export { createRedisCalibrationStore } from "./redis-calibration-store";
export type { RedisClient } from "./redis-client";
export {
  createRedisJobStore,
  type RedisJobStore,
  type RedisJobStoreOptions,
  type StoredJob,
} from "./redis-job-store";
export { createRedisKeyValueStore, type RedisKeyValueStoreOptions } from "./redis-key-value-store";
export {
  createRedisLedgerSink,
  type RedisLedgerStreamOptions,
  readLedgerStream,
  type StreamLedgerEntry,
} from "./redis-ledger-stream";
export { createRedisPrefixStore } from "./redis-prefix-store";
