import { z } from "zod";
import { TokenwiseError, ValidationError } from "../errors";
import { type Money, moneyToDecimal } from "../money";
import { functionSchema } from "../schema-primitives";
import { parseWith } from "../validate";

/**
 * One reservation: hold `amount` of `budget` for an attempt (`leaseId`) until it is settled with the
 * attempt's real cost, released, or its lease expires (`ttlMs`).
 */
export interface BudgetReservation {
  /** The budget's id. */
  budget: string;
  /** Unique per attempt (the router uses `callId#attempt`): reserve, settle and release are idempotent by it. */
  leaseId: string;
  /** What to hold: the attempt's cost at the forecast bound, in the budget's currency, ≥ 0. */
  amount: Money;
  /** The budget's limit for the period (same currency as `amount`). */
  limit: Money;
  /**
   * The period the reservation falls in (see {@link periodKeyOf}): `total`, `2026-11-30`, `2026-11`.
   * A key greater than the stored one starts a new period (spent back to 0; live leases stay held).
   */
  periodKey: string;
  /** The lease's time to live, ms: unsettled, it is reaped after this (a crashed process frees its holds). */
  ttlMs: number;
  /** Grant even past the limit (soft budgets that found nothing that fits). Default false. */
  allowOver?: boolean;
}

/** A budget as the store holds it, in its currency. */
export interface BudgetStatus {
  budget: string;
  /** The period in force (the greatest key reserved against). */
  periodKey: string;
  limit: Money;
  /** Settled in the period: the exact realized costs. */
  spent: Money;
  /** Held by live leases. */
  reserved: Money;
  /** `limit − spent − reserved` (negative after a soft budget's overrun or a settle above its hold). */
  left: Money;
  /** Live leases. */
  leases: number;
}

/** The answer to a reservation. */
export interface ReserveOutcome {
  granted: boolean;
  /** What is left after this reservation (granted) or without it (refused). */
  left: Money;
  /** The lease was already held (a repeated reserve) or already settled: nothing changed. */
  duplicate: boolean;
  status: BudgetStatus;
}

/** The answer to a settle. */
export interface SettleOutcome {
  /**
   * `settled`: the lease was held and is replaced by the real cost; `late`: the lease was gone
   * (reaped, released, or lost with a store restart), the real cost is counted all the same;
   * `duplicate`: this lease was settled already, nothing changed.
   */
  outcome: "settled" | "late" | "duplicate";
  status: BudgetStatus;
}

/**
 * Where budgets live: an atomic reserve → settle/release cycle with leases that expire, so that
 * concurrent callers (routers, processes) never spend past a limit together, and a crashed caller's
 * holds come back after their TTL. In memory: {@link createMemoryBudgetStore}; across processes:
 * `@tokenwise/redis` (Lua scripts, one hash slot per budget).
 *
 * Amounts are exact (bigint atto-units); a store keeps them exact at any size.
 */
export interface BudgetStore {
  /** Holds `amount` if `spent + reserved + amount ≤ limit` (or `allowOver`); reaps the budget's expired leases first. */
  reserve(reservation: BudgetReservation): Promise<ReserveOutcome>;
  /** Replaces the lease's hold by the attempt's exact cost. Idempotent by lease id. */
  settle(leaseId: string, actual: Money): Promise<SettleOutcome>;
  /** Drops the lease's hold (the attempt was not billed). Returns false when it was not held. */
  release(leaseId: string): Promise<boolean>;
  /** Drops every lease expired at `now` (epoch ms, default the store's clock); returns how many. */
  reap(now?: number): Promise<number>;
  /** The budget's state in its current period (expired leases reaped first), or undefined if never reserved against. */
  status(budget: string): Promise<BudgetStatus | undefined>;
}

/** A budget operation the store could not do (unreachable, timed out, a script error). */
export type BudgetOperation = "reserve" | "settle" | "release" | "reap" | "status";

/**
 * The budget store failed (e.g. Redis unreachable). With the router's default `onBudgetStoreDown:
 * "fail-closed"` the call fails with this error before any provider request.
 */
export class BudgetStoreError extends TokenwiseError {
  readonly operation: BudgetOperation;
  /** The budget involved, when known. */
  readonly budget: string | undefined;
  constructor({
    operation,
    budget,
    cause,
  }: { operation: BudgetOperation; budget?: string; cause?: unknown }) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super({
      message: `budget store: ${operation}${budget === undefined ? "" : ` of budget "${budget}"`} failed: ${why}`,
      cause,
      retryable: true,
    });
    this.name = "BudgetStoreError";
    this.operation = operation;
    this.budget = budget;
  }
}

/**
 * A hard budget cannot fund the call: thrown before any provider request. Names the budget, what is
 * left of it and the estimate (the cost reserved at the forecast bound) that did not fit.
 */
export class BudgetExceededError extends TokenwiseError {
  readonly budget: string;
  readonly left: Money;
  readonly estimate: Money;
  /** The provider/model whose reservation was refused, when one was tried. */
  readonly model: string | undefined;
  constructor({
    budget,
    left,
    estimate,
    model,
  }: {
    budget: string;
    left: Money;
    estimate: Money;
    model?: string;
  }) {
    super({
      message: `Budget "${budget}" exceeded: ${moneyToDecimal(left)} ${left.currency} left, the call needs ${moneyToDecimal(estimate)} ${estimate.currency}${model ? ` (${model})` : ""}`,
      retryable: false,
    });
    this.name = "BudgetExceededError";
    this.budget = budget;
    this.left = left;
    this.estimate = estimate;
    this.model = model;
  }
}

/** A budget's period. */
export type BudgetPeriod = "total" | "daily" | "monthly";

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The key of the period containing `at` in `timeZone` (IANA, default `UTC`): `total`, `2026-11-30`
 * (daily) or `2026-11` (monthly). Keys of one kind sort in time order.
 *
 * @example
 * periodKeyOf("daily", new Date("2026-11-30T23:30:00Z"), "Asia/Tokyo") // "2026-12-01"
 */
export function periodKeyOf(period: BudgetPeriod, at: Date, timeZone = "UTC"): string {
  if (period === "total") return "total";
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormats.set(timeZone, format);
  }
  let year = "";
  let month = "";
  let day = "";
  for (const part of format.formatToParts(at)) {
    if (part.type === "year") year = part.value;
    else if (part.type === "month") month = part.value;
    else if (part.type === "day") day = part.value;
  }
  return period === "daily" ? `${year}-${month}-${day}` : `${year}-${month}`;
}

const MoneySchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD"),
  atto: z.bigint().nonnegative("must be ≥ 0"),
});

/** zod schema of a {@link BudgetReservation}; both stores check their input with it. */
export const BudgetReservationSchema = z
  .object({
    budget: z.string().min(1, "must not be empty"),
    leaseId: z.string().min(1, "must not be empty"),
    amount: MoneySchema,
    limit: MoneySchema,
    periodKey: z.string().min(1, "must not be empty"),
    ttlMs: z.number().int("must be a whole number of ms").positive("must be > 0"),
    allowOver: z.boolean().optional(),
  })
  .refine((r) => r.amount.currency === r.limit.currency, {
    message: "amount and limit must be in the same currency",
    path: ["amount", "currency"],
  });

const SettleSchema = z.object({ leaseId: z.string().min(1, "must not be empty"), actual: MoneySchema });

/** Checks a settle's lease id and amount (exact, non-negative). */
export function checkSettleAmount(leaseId: unknown, actual: unknown, source: string): void {
  parseWith(SettleSchema, { leaseId, actual }, source);
}

/** Options of {@link createMemoryBudgetStore}. */
export interface MemoryBudgetStoreOptions {
  /** The clock for leases, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** How long a settled lease id is remembered (settle idempotency), ms. Default 86,400,000 (a day). */
  settledRetentionMs?: number;
}

interface BudgetSlot {
  periodKey: string;
  currency: string;
  limit: bigint;
  spent: bigint;
  reserved: bigint;
  leases: Map<string, { amount: bigint; expiresAt: number }>;
}

/**
 * A {@link BudgetStore} in process memory: one process's routers share it. Same semantics as the
 * Redis store (the property tests run both against one model).
 *
 * @example
 * const budgets = createMemoryBudgetStore();
 * const router = createRouter({ catalog, budgetStore: budgets, budgets: [{ id: "acme", scope: { tenant: "acme" }, limit: "50", currency: "USD", period: "monthly", mode: "hard" }] });
 */
export function createMemoryBudgetStore(options: MemoryBudgetStoreOptions = {}): BudgetStore {
  const { now = Date.now, settledRetentionMs = 86_400_000 } = parseWith(
    z.object({
      now: functionSchema().optional(),
      settledRetentionMs: z.number().positive().optional(),
    }),
    options,
    "createMemoryBudgetStore",
  ) as MemoryBudgetStoreOptions;
  const budgets = new Map<string, BudgetSlot>();
  /** Lease id → budget, for settle and release (kept while the settled marker is). */
  const leaseBudget = new Map<string, string>();
  /** Settled lease ids → when, oldest first. */
  const settled = new Map<string, number>();

  const statusOf = (budget: string, b: BudgetSlot): BudgetStatus => {
    const m = (atto: bigint): Money => ({ currency: b.currency, atto });
    return {
      budget,
      periodKey: b.periodKey,
      limit: m(b.limit),
      spent: m(b.spent),
      reserved: m(b.reserved),
      left: m(b.limit - b.spent - b.reserved),
      leases: b.leases.size,
    };
  };
  const reapOne = (b: BudgetSlot, at: number) => {
    let n = 0;
    for (const [id, lease] of b.leases) {
      if (lease.expiresAt > at) continue;
      b.reserved -= lease.amount;
      b.leases.delete(id);
      n++;
    }
    return n;
  };
  const prune = (at: number) => {
    for (const [id, when] of settled) {
      if (when > at - settledRetentionMs) break;
      settled.delete(id);
      leaseBudget.delete(id);
    }
  };
  const slotOfLease = (leaseId: string, source: string) => {
    const budget = leaseBudget.get(leaseId);
    const slot = budget === undefined ? undefined : budgets.get(budget);
    if (budget === undefined || slot === undefined) {
      throw new ValidationError({
        source,
        issues: [{ path: ["leaseId"], message: "no reservation with this lease id", value: leaseId }],
      });
    }
    return { budget, slot };
  };

  return {
    async reserve(reservation) {
      const r = parseWith(BudgetReservationSchema, reservation, "BudgetStore.reserve");
      const at = now();
      let b = budgets.get(r.budget);
      if (!b) {
        b = {
          periodKey: r.periodKey,
          currency: r.limit.currency,
          limit: r.limit.atto,
          spent: 0n,
          reserved: 0n,
          leases: new Map(),
        };
        budgets.set(r.budget, b);
      }
      if (b.currency !== r.limit.currency) {
        throw new ValidationError({
          source: "BudgetStore.reserve",
          issues: [
            {
              path: ["limit", "currency"],
              message: `budget "${r.budget}" is kept in ${b.currency}`,
              value: r.limit.currency,
            },
          ],
        });
      }
      reapOne(b, at);
      if (b.leases.has(r.leaseId) || settled.has(r.leaseId)) {
        const status = statusOf(r.budget, b);
        return { granted: b.leases.has(r.leaseId), left: status.left, duplicate: true, status };
      }
      if (r.periodKey > b.periodKey) {
        b.periodKey = r.periodKey;
        b.spent = 0n;
      }
      b.limit = r.limit.atto;
      const used = b.spent + b.reserved;
      if (!r.allowOver && used + r.amount.atto > b.limit) {
        const status = statusOf(r.budget, b);
        return { granted: false, left: status.left, duplicate: false, status };
      }
      b.reserved += r.amount.atto;
      b.leases.set(r.leaseId, { amount: r.amount.atto, expiresAt: at + r.ttlMs });
      leaseBudget.set(r.leaseId, r.budget);
      const status = statusOf(r.budget, b);
      return { granted: true, left: status.left, duplicate: false, status };
    },

    async settle(leaseId, actual) {
      checkSettleAmount(leaseId, actual, "BudgetStore.settle");
      const { budget, slot } = slotOfLease(leaseId, "BudgetStore.settle");
      if (actual.currency !== slot.currency) {
        throw new ValidationError({
          source: "BudgetStore.settle",
          issues: [
            {
              path: ["actual", "currency"],
              message: `budget "${budget}" is kept in ${slot.currency}`,
              value: actual.currency,
            },
          ],
        });
      }
      const at = now();
      if (settled.has(leaseId)) return { outcome: "duplicate", status: statusOf(budget, slot) };
      const lease = slot.leases.get(leaseId);
      if (lease) {
        slot.reserved -= lease.amount;
        slot.leases.delete(leaseId);
      }
      slot.spent += actual.atto;
      settled.set(leaseId, at);
      prune(at);
      return { outcome: lease ? "settled" : "late", status: statusOf(budget, slot) };
    },

    async release(leaseId) {
      const budget = leaseBudget.get(leaseId);
      const slot = budget === undefined ? undefined : budgets.get(budget);
      const lease = slot?.leases.get(leaseId);
      if (!slot || !lease) return false;
      slot.reserved -= lease.amount;
      slot.leases.delete(leaseId);
      if (!settled.has(leaseId)) leaseBudget.delete(leaseId);
      return true;
    },

    async reap(at = now()) {
      let n = 0;
      for (const b of budgets.values()) n += reapOne(b, at);
      return n;
    },

    async status(budget) {
      const b = budgets.get(budget);
      if (!b) return undefined;
      reapOne(b, now());
      return statusOf(budget, b);
    },
  };
}
