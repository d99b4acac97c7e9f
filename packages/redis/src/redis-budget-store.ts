import {
  type BudgetOperation,
  type BudgetStatus,
  type BudgetStore,
  BudgetStoreError,
  type Money,
  parseWith,
  ValidationError,
} from "@tokenwise/core";
import { BudgetReservationSchema, checkSettleAmount } from "@tokenwise/core/internal";
import { z } from "zod";
import { redisKeys } from "./keys";
import { REAP_LUA, RELEASE_LUA, RESERVE_LUA, SETTLE_LUA, STATUS_LUA } from "./lua/budget-scripts";
import { luaScript, type RedisClient, runScript, withTimeout } from "./redis-client";

const RESERVE = luaScript(RESERVE_LUA, 4);
const SETTLE = luaScript(SETTLE_LUA, 4);
const RELEASE = luaScript(RELEASE_LUA, 3);
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
}

const OptionsSchema = z.object({
  redis: z.custom<RedisClient>(
    (v) => typeof v === "object" && v !== null && typeof (v as { evalsha?: unknown }).evalsha === "function",
    "must be an ioredis client (new Redis(url))",
  ),
  prefix: z.string().min(1).optional(),
  now: z.function().optional(),
  settledRetentionMs: z.number().positive().optional(),
  timeoutMs: z.number().nonnegative().optional(),
  maxLocalLeases: z.number().int().positive().optional(),
});

/**
 * A {@link BudgetStore} on Redis: reserve, settle, release and reap are Lua scripts, atomic per
 * budget; a budget's keys share one hash slot (`{budget-id}`), so Redis Cluster works. Amounts are
 * decimal strings of atto-units added and compared exactly inside the scripts (an int64 would
 * overflow at 9.22 currency units). Leases expire by their TTL: every reserve and status reaps the
 * budget's expired ones, `reap()` all budgets'.
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
  } = options;
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
        runScript(redis, RESERVE, keysOf(budget), [
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
        runScript(redis, SETTLE, keysOf(budget), [
          leaseId,
          actual.atto.toString(),
          actual.currency,
          at,
          settledRetentionMs,
        ]),
      )) as unknown[];
      return {
        outcome: reply[0] as "settled" | "late" | "duplicate",
        status: statusOf(budget, reply),
      };
    },

    async release(leaseId) {
      const budget = leases.get(leaseId);
      if (budget === undefined) return false;
      const held = await call(
        "release",
        budget,
        runScript(redis, RELEASE, keysOf(budget).slice(0, 3), [leaseId]),
      );
      leases.delete(leaseId);
      return held === 1;
    },

    async reap(at = now()) {
      const ids = await call("reap", undefined, redis.smembers(redisKeys.budgets(prefix)));
      let n = 0;
      for (const budget of ids) {
        n += Number(await call("reap", budget, runScript(redis, REAP, keysOf(budget).slice(0, 3), [at])));
      }
      return n;
    },

    async status(budget) {
      const reply = (await call(
        "status",
        budget,
        runScript(redis, STATUS, keysOf(budget).slice(0, 3), [now()]),
      )) as unknown[];
      return reply.length === 0 ? undefined : statusOf(budget, reply);
    },
  };
}
