import {
  type BudgetOperation,
  type BudgetStatus,
  type BudgetStore,
  BudgetStoreError,
  type Money,
  parseWith,
  ValidationError,
} from "@tokenwise/core";
import { BudgetReservationSchema, checkSettleAmount, functionSchema } from "@tokenwise/core/internal";
import { z } from "zod";
import { redisKeys } from "./keys";
import { BATCH_LUA, REAP_LUA, RELEASE_LUA, RESERVE_LUA, SETTLE_LUA, STATUS_LUA } from "./lua/budget-scripts";
import { type LuaScript, luaScript, type RedisClient, runScript, withTimeout } from "./redis-client";

const RESERVE = luaScript(RESERVE_LUA, 4);
const SETTLE = luaScript(SETTLE_LUA, 4);
const RELEASE = luaScript(RELEASE_LUA, 4);
const BATCH = luaScript(BATCH_LUA, 4);
const REAP = luaScript(REAP_LUA, 3);
const STATUS = luaScript(STATUS_LUA, 3);

/** Options of {@link createRedisBudgetStore}. */
export interface RedisBudgetStoreOptions {
  /** An ioredis client (single node or Cluster). The store never closes it. */
  redis: RedisClient;
  /** Key prefix. Default `tw`. */
  prefix?: string;
  /** The clock for leases, epoch ms. Default `Date.now` (processes sharing a budget need synchronized clocks). */
  now?: () => number;
  /** How long a settled lease id is remembered (settle idempotency), ms. Default 86,400,000 (a day). */
  settledRetentionMs?: number;
  /**
   * How long one operation may take before it fails with `BudgetStoreError`, ms (0: no limit, the
   * client's own retries decide). Default 5,000: a router fails closed within it when Redis is down.
   * A reserve that timed out may still land later: the router releases its lease at once (commands
   * run in order on the connection), and its TTL bounds it in any case.
   */
  timeoutMs?: number;
  /** Most lease ids remembered locally to find a lease's budget on settle and release. Default 200,000. */
  maxLocalLeases?: number;
  /**
   * Group commit (default on): the reserves, settles and releases this store is asked for on one
   * budget within one event-loop turn go to Redis as one script call that applies them in order,
   * each exactly as its own call would (a lone one goes as its own call). `false` sends one script
   * call per operation. `maxSize` bounds the operations per call (default 64), so one call never
   * holds Redis long; `flush` is when a turn's operations are sent: `"microtask"` (default, at the
   * end of the current microtask queue) or `"nextTick"` (after it). No timer: nothing waits.
   */
  batch?: boolean | { maxSize?: number; flush?: "microtask" | "nextTick" };
}

const OptionsSchema = z.object({
  redis: z.custom<RedisClient>(
    (v) => typeof v === "object" && v !== null && typeof (v as { evalsha?: unknown }).evalsha === "function",
    "must be an ioredis client (new Redis(url))",
  ),
  prefix: z.string().min(1).optional(),
  now: functionSchema().optional(),
  settledRetentionMs: z.number().positive().optional(),
  timeoutMs: z.number().nonnegative().optional(),
  maxLocalLeases: z.number().int().positive().optional(),
  batch: z
    .union([
      z.boolean(),
      z.strictObject({
        maxSize: z.number().int().min(1).max(1_000).optional(),
        flush: z.enum(["microtask", "nextTick"]).optional(),
      }),
    ])
    .optional(),
});

/** A batched operation: `r` reserve, `s` settle, `x` release (the batch script's item codes). */
type Op = "r" | "s" | "x";
const SCRIPT_OF: Record<Op, LuaScript> = { r: RESERVE, s: SETTLE, x: RELEASE };
/** An operation waiting for its turn's flush, with its single-op script's arguments. */
interface Pending {
  op: Op;
  args: (string | number)[];
  resolve: (reply: unknown) => void;
  reject: (cause: unknown) => void;
}
/** Fields of a reserve's or settle's reply (word and status), and of a per-item currency error. */
const STATUS_FIELDS = 7;
const CURRENCY_FIELDS = 2;

/**
 * A {@link BudgetStore} on Redis: reserve, settle, release and reap are Lua scripts, atomic per
 * budget; a budget's keys share one hash slot (`{budget-id}`), so Redis Cluster works. Amounts are
 * decimal strings of atto-units added and compared exactly inside the scripts (an int64 would
 * overflow at 9.22 currency units). Leases expire by their TTL: every reserve and status reaps the
 * budget's expired ones, `reap()` all budgets'. Group commit (`batch`, on by default): the
 * operations asked for on one budget within one event-loop turn go as one script call that applies
 * them in order, each with its single-op semantics and its own answer or typed error.
 *
 * @example
 * import Redis from "ioredis";
 * const budgetStore = createRedisBudgetStore({ redis: new Redis(process.env.REDIS_URL) });
 * const router = createRouter({ catalog, budgetStore, budgets: [{ id: "team-a", scope: { tag: "team-a" }, limit: "100", currency: "USD", period: "monthly", mode: "hard" }] });
 */
export function createRedisBudgetStore(options: RedisBudgetStoreOptions): BudgetStore {
  parseWith(OptionsSchema, options, "createRedisBudgetStore");
  const {
    redis,
    prefix = "tw",
    now = Date.now,
    settledRetentionMs = 86_400_000,
    timeoutMs = 5_000,
    maxLocalLeases = 200_000,
    batch = true,
  } = options;
  const maxBatch = (typeof batch === "object" && batch.maxSize) || 64;
  const flushOnTick = typeof batch === "object" && batch.flush === "nextTick";
  /** Lease id → budget id (settle and release name the lease only). */
  const leases = new Map<string, string>();
  const registered = new Set<string>();

  /** Each budget's four keys, built once (the hot path reuses them; bounded like the lease map). */
  const keysByBudget = new Map<string, readonly string[]>();
  const keysOf = (budget: string): readonly string[] => {
    let keys = keysByBudget.get(budget);
    if (keys === undefined) {
      if (keysByBudget.size >= maxLocalLeases) keysByBudget.clear();
      keys = redisKeys.budget(prefix, budget);
      keysByBudget.set(budget, keys);
    }
    return keys;
  };
  const fail = (operation: BudgetOperation, budget: string | undefined, cause: unknown): never => {
    if (cause instanceof Error && cause.message.startsWith("CURRENCY")) {
      throw new ValidationError({
        source: `BudgetStore.${operation}`,
        issues: [{ path: ["currency"], message: `${cause.message.slice(9)} (budget "${budget}")` }],
      });
    }
    throw new BudgetStoreError({ operation, ...(budget !== undefined ? { budget } : {}), cause });
  };
  const timedOut = () => new Error(`no answer from Redis within ${timeoutMs} ms (timeoutMs)`);
  /** Awaits one Redis operation (already sent) within `timeoutMs`; maps its failure to a typed error. */
  const call = async <T>(operation: BudgetOperation, budget: string | undefined, pending: Promise<T>) => {
    try {
      return await withTimeout(pending, timeoutMs, timedOut);
    } catch (cause) {
      return fail(operation, budget, cause);
    }
  };
  /** The status in a script's reply: `[word, period, currency, limit, spent, reserved, leases]`. */
  const statusOf = (budget: string, reply: unknown[]): BudgetStatus => {
    const periodKey = reply[1] as string;
    const currency = reply[2] as string;
    const limit = reply[3] as string;
    const spent = reply[4] as string;
    const reserved = reply[5] as string;
    const count = reply[6] as number;
    const m = (atto: bigint): Money => ({ currency, atto });
    const l = BigInt(limit);
    const s = BigInt(spent);
    const r = BigInt(reserved);
    return {
      budget,
      periodKey,
      limit: m(l),
      spent: m(s),
      reserved: m(r),
      left: m(l - s - r),
      leases: Number(count),
    };
  };
  const remember = (leaseId: string, budget: string) => {
    leases.delete(leaseId);
    leases.set(leaseId, budget);
    if (leases.size > maxLocalLeases) leases.delete(leases.keys().next().value!);
  };
  const budgetOf = (leaseId: string, source: string) => {
    const budget = leases.get(leaseId);
    if (budget === undefined) {
      throw new ValidationError({
        source,
        issues: [
          { path: ["leaseId"], message: "no reservation with this lease id in this process", value: leaseId },
        ],
      });
    }
    return budget;
  };

  /** Operations of this turn not sent yet, per budget, in the order they were asked for. */
  const waiting = new Map<string, Pending[]>();
  let flushQueued = false;
  const flushAll = () => {
    flushQueued = false;
    for (const [budget, items] of waiting) send(budget, items);
    waiting.clear();
  };
  /** Sends a budget's waiting operations now (before a status, so commands keep their order). */
  const flushBudget = (budget: string) => {
    const items = waiting.get(budget);
    if (items === undefined) return;
    waiting.delete(budget);
    send(budget, items);
  };
  /** One script call per `maxBatch` operations; a lone operation goes with its own script. */
  const send = (budget: string, items: Pending[]) => {
    const keys = keysOf(budget);
    for (let start = 0; start < items.length; start += maxBatch) {
      const end = Math.min(items.length, start + maxBatch);
      if (end - start === 1) {
        const item = items[start]!;
        runScript(redis, SCRIPT_OF[item.op], keys, item.args).then(item.resolve, item.reject);
        continue;
      }
      const argv: (string | number)[] = [settledRetentionMs];
      for (let i = start; i < end; i++) {
        const { op, args } = items[i]!;
        argv.push(op);
        // A settle's last argument (the retention) is given once for the whole call.
        const n = op === "s" ? args.length - 1 : args.length;
        for (let j = 0; j < n; j++) argv.push(args[j]!);
      }
      runScript(redis, BATCH, keys, argv).then(
        (reply) => answer(items, start, end, reply as unknown[]),
        (cause) => {
          for (let i = start; i < end; i++) items[i]!.reject(cause);
        },
      );
    }
  };
  /** Hands each operation of a batch its own reply, or its own currency error. */
  const answer = (items: Pending[], start: number, end: number, reply: unknown[]) => {
    let k = 0;
    for (let i = start; i < end; i++) {
      const item = items[i]!;
      const word = reply[k];
      if (word === "CURRENCY") {
        item.reject(new Error(`CURRENCY budget is kept in ${reply[k + 1]}`));
        k += CURRENCY_FIELDS;
      } else if (item.op === "x") {
        item.resolve(word);
        k += 1;
      } else {
        item.resolve(reply.slice(k, k + STATUS_FIELDS));
        k += STATUS_FIELDS;
      }
    }
  };
  /** Sends one operation: queued for this turn's batch, or at once when batching is off. */
  const dispatch = (budget: string, op: Op, args: (string | number)[]): Promise<unknown> => {
    if (batch === false) return runScript(redis, SCRIPT_OF[op], keysOf(budget), args);
    return new Promise((resolve, reject) => {
      const item: Pending = { op, args, resolve, reject };
      const items = waiting.get(budget);
      if (items === undefined) waiting.set(budget, [item]);
      else items.push(item);
      if (!flushQueued) {
        flushQueued = true;
        if (flushOnTick) process.nextTick(flushAll);
        else queueMicrotask(flushAll);
      }
    });
  };

  return {
    async reserve(reservation) {
      const { budget, leaseId, amount, limit, periodKey, ttlMs, allowOver } = parseWith(
        BudgetReservationSchema,
        reservation,
        "BudgetStore.reserve",
      );
      const at = now();
      remember(leaseId, budget); // before sending: a reserve that times out can still be released
      if (!registered.has(budget)) {
        await call("reserve", budget, redis.sadd(redisKeys.budgets(prefix), budget));
        registered.add(budget);
      }
      const reply = (await call(
        "reserve",
        budget,
        dispatch(budget, "r", [
          leaseId,
          amount.atto.toString(),
          limit.atto.toString(),
          limit.currency,
          periodKey,
          at + ttlMs,
          at,
          allowOver ? "1" : "0",
        ]),
      )) as unknown[];
      const word = reply[0] as string;
      const status = statusOf(budget, reply);
      return {
        granted: word === "granted" || word === "held",
        left: status.left,
        duplicate: word === "held" || word === "settled",
        status,
      };
    },

    async settle(leaseId, actual) {
      checkSettleAmount(leaseId, actual, "BudgetStore.settle");
      const budget = budgetOf(leaseId, "BudgetStore.settle");
      const at = now();
      const reply = (await call(
        "settle",
        budget,
        dispatch(budget, "s", [leaseId, actual.atto.toString(), actual.currency, at, settledRetentionMs]),
      )) as unknown[];
      return {
        outcome: reply[0] as "settled" | "late" | "duplicate",
        status: statusOf(budget, reply),
      };
    },

    async release(leaseId) {
      const budget = leases.get(leaseId);
      if (budget === undefined) return false;
      const held = await call("release", budget, dispatch(budget, "x", [leaseId]));
      leases.delete(leaseId);
      return held === 1;
    },

    async reap(at = now()) {
      flushAll(); // what this turn asked for first, as separate calls would be
      const ids = await call("reap", undefined, redis.smembers(redisKeys.budgets(prefix)));
      let n = 0;
      for (const budget of ids) {
        n += Number(await call("reap", budget, runScript(redis, REAP, keysOf(budget).slice(0, 3), [at])));
      }
      return n;
    },

    async status(budget) {
      flushBudget(budget);
      const reply = (await call(
        "status",
        budget,
        runScript(redis, STATUS, keysOf(budget).slice(0, 3), [now()]),
      )) as unknown[];
      return reply.length === 0 ? undefined : statusOf(budget, reply);
    },
  };
}
