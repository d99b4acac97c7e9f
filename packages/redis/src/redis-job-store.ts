import { parseWith } from "@tokenwise/core";
import { z } from "zod";
import { decodeRecord, encodeRecord, toWire } from "./codec";
import { redisKeys } from "./keys";
import { luaScript, type RedisClient, runScript } from "./redis-client";
import type { StreamLedgerEntry } from "./redis-ledger-stream";

/**
 * What this store needs of a job record (`@tokenwise/router`'s `JobRecord`; restated here so this
 * package depends on core only). Every other field is stored as it is, Money exact and Dates as Dates.
 */
export interface StoredJob {
  id: string;
  status: string;
  createdAt: Date;
}

/** A router `JobStore` on Redis (every optional method included). */
export interface RedisJobStore<R extends StoredJob = StoredJob> {
  get(id: string): Promise<R | undefined>;
  /** Replaces a record, except that a job done or failed never goes back to an unfinished status. */
  put(record: R): Promise<void>;
  /** Every record, oldest first. */
  list(): Promise<R[]>;
  create(record: R): Promise<boolean>;
  claim(key: string): Promise<boolean>;
  settleLine(
    customId: string,
    record: R,
    entry: StreamLedgerEntry,
  ): Promise<"settled" | "settled-with-ledger" | "duplicate">;
}

/** Options of {@link createRedisJobStore}. */
export interface RedisJobStoreOptions {
  /** An ioredis client (single node, or Cluster when `ledgerKey` shares the `{jobs}` slot or is unset). */
  redis: RedisClient;
  /** Key prefix. Default `tw`. */
  prefix?: string;
  /**
   * The ledger stream of the routers (`createRedisLedgerSink({ key })`): a batch line's ledger entry
   * is appended in the same script that writes its job's record and marks the line settled, so a
   * process stopping between the two cannot record one without the other. Unset: the router records it.
   */
  ledgerKey?: string;
}

const TERMINAL = "if ARGV[3] ~= 'done' and ARGV[3] ~= 'failed' then";

// KEYS: records, status. ARGV: id, json, status. A done or failed job is never written back to an
// unfinished status (a process that lost a job cannot undo what the one holding it wrote).
const PUT = luaScript(
  `
local cur = redis.call('HGET', KEYS[2], ARGV[1])
if cur == 'done' or cur == 'failed' then
  ${TERMINAL} return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return 1
`,
  2,
);

// KEYS: records, status. ARGV: id, json, status.
const CREATE = luaScript(
  `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return 1
`,
  2,
);

// KEYS: records, status, lines[, ledger]. ARGV: custom id, job id, json, status, ledger entry JSON.
const settleSource = (ledger: boolean) => `
if redis.call('SADD', KEYS[3], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[4])
${ledger ? "redis.call('XADD', KEYS[4], '*', 'entry', ARGV[5])" : ""}
return 1
`;
const SETTLE = luaScript(settleSource(false), 3);
const SETTLE_WITH_LEDGER = luaScript(settleSource(true), 4);

const OptionsSchema = z.object({
  redis: z.custom<RedisClient>(
    (v) => typeof v === "object" && v !== null && typeof (v as { hget?: unknown }).hget === "function",
    "must be an ioredis client (new Redis(url))",
  ),
  prefix: z.string().min(1, "must not be empty").optional(),
  ledgerKey: z.string().min(1, "must not be empty").optional(),
});

/**
 * The scheduler's jobs on Redis (`createRouter({ deferral: { store } })`), shared by every process
 * with the same prefix: records survive a restart (status, plan, expected and realised cost as exact
 * decimal strings), `tokenwise jobs --redis URL` lists them, and the idempotency keys (`claim`) and
 * settled batch lines (`settleLine`) are sets every process sees.
 *
 * @example
 * const store = createRedisJobStore({ redis, ledgerKey: "tw:ledger" });
 * createRouter({ catalog, ledger: createRedisLedgerSink({ redis, key: "tw:ledger" }),
 *   deferral: { store, queue: createBullJobQueue({ connection: url }) } });
 */
export function createRedisJobStore<R extends StoredJob = StoredJob>(
  options: RedisJobStoreOptions,
): RedisJobStore<R> {
  const { redis, prefix = "tw", ledgerKey } = parseWith(OptionsSchema, options, "createRedisJobStore");
  const keys = redisKeys.jobs(prefix);
  const decode = (text: string) => decodeRecord<R>(text);
  return {
    async get(id) {
      const text = await redis.hget(keys.records, id);
      return text === null ? undefined : decode(text);
    },
    async put(record) {
      await runScript(
        redis,
        PUT,
        [keys.records, keys.status],
        [record.id, encodeRecord(record), record.status],
      );
    },
    async list() {
      const all = await redis.hvals(keys.records);
      return all
        .map(decode)
        .sort(
          (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
        );
    },
    async create(record) {
      const written = await runScript(
        redis,
        CREATE,
        [keys.records, keys.status],
        [record.id, encodeRecord(record), record.status],
      );
      return written === 1;
    },
    async claim(key) {
      return (await redis.sadd(keys.claims, key)) === 1;
    },
    async settleLine(customId, record, entry) {
      const args = [customId, record.id, encodeRecord(record), record.status, JSON.stringify(entry, toWire)];
      const written =
        ledgerKey === undefined
          ? await runScript(redis, SETTLE, [keys.records, keys.status, keys.lines], args)
          : await runScript(
              redis,
              SETTLE_WITH_LEDGER,
              [keys.records, keys.status, keys.lines, ledgerKey],
              args,
            );
      if (written !== 1) return "duplicate";
      return ledgerKey === undefined ? "settled" : "settled-with-ledger";
    },
  };
}
