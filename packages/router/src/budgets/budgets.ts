import {
  BudgetExceededError,
  type BudgetReservation,
  type BudgetStatus,
  type BudgetStore,
  BudgetStoreError,
  convert,
  costFromRates,
  createMemoryBudgetStore,
  type FxTable,
  type Money,
  moneyToNumber,
  type PriceVersion,
  periodKeyOf,
  ValidationError,
} from "@tokenwise/core";
import type { CallContext } from "../execute/call-context";
import type { ScoredCandidate } from "../select-candidates";
import type { RouterRequest } from "../types";
import { type BudgetDefinition, inScope, type ResolvedBudget, resolveBudget } from "./budget-definition";

/** What the router does when the budget store fails (e.g. Redis unreachable). */
export type BudgetStoreDownPolicy = "fail-closed" | { failOpen: BudgetStore };

/** One budget's part in a call, in its report. */
export interface BudgetMark {
  budget: string;
  mode: "hard" | "soft";
  /** Held for the last attempt (its cost at the forecast bound), in the budget's currency. */
  reserved: Money;
  /** What was left of the budget after that reservation. */
  left: Money;
  /** A soft budget that nothing fitted: the call went past its limit. */
  over: boolean;
  /** The reservation went to the `failOpen` store because the budget store was down. */
  failedOpen?: boolean;
}

/** `router.budgets`: define budgets at run time and read where they stand. */
export interface RouterBudgets {
  /** Adds a budget, or replaces the definition with the same id (its spending so far is kept). */
  define(definition: BudgetDefinition): void;
  /**
   * The budget in its current period (spent, reserved by live leases, left), from the store, expired
   * leases reaped first. Throws `ValidationError` for an unknown id, `BudgetStoreError` when the
   * store is down (and no `failOpen` store is set).
   */
  status(id: string): Promise<BudgetStatus & { mode: "hard" | "soft" }>;
  /** Resolves when every settle and release started so far reached the store (or gave up). */
  flush(): Promise<void>;
}

interface HeldLease {
  budget: ResolvedBudget;
  leaseId: string;
  store: BudgetStore;
}

/** Settings of {@link createBudgets}. */
export interface BudgetsSettings {
  definitions: readonly BudgetDefinition[];
  store: BudgetStore | undefined;
  onDown: BudgetStoreDownPolicy | undefined;
  fx: FxTable;
  now: () => Date;
  /** A settle or release that could not reach the store in the end. */
  onError: (error: unknown) => void;
  /** How long a settle is retried while the store is down, ms. Default 60,000. */
  settleRetryMs?: number;
}

/** The router's budgets: selection caps, reservations around attempts, settles, reports. */
export interface Budgets extends RouterBudgets {
  /** True when at least one budget is defined. */
  readonly active: boolean;
  /**
   * The tightest budget over the request (as last seen from the store), as a float in `currency`:
   * selection rejects candidates whose cost at the forecast bound exceeds it. `hardOnly` skips soft
   * budgets.
   */
  cap(
    request: RouterRequest,
    currency: string,
    at: Date,
    hardOnly: boolean,
  ): { left: number; exact: Money; budget: ResolvedBudget } | undefined;
  /** A candidate's cost at the forecast bound (p90 output and reasoning) in `currency`: what is reserved. */
  reserveAmount(c: ScoredCandidate, at: Date, currency: string): Money;
  /**
   * Reserves the attempt's forecast bound in every budget over the call (rejects with
   * BudgetExceededError / BudgetStoreError); undefined when no budget is over it.
   */
  reserve(ctx: CallContext, c: ScoredCandidate, attempt: number): Promise<void> | undefined;
  /** The attempt was billed `cost`: settle its leases (in the background, retried while the store is down). */
  settle(ctx: CallContext, attempt: number, cost: Money): void;
  /** The attempt was not billed: release its leases. */
  release(ctx: CallContext, attempt: number): void;
  /** Releases whatever the call still holds (the call ended). */
  releaseRest(ctx: CallContext): void;
  /** The call's budget marks for its report. */
  marks(ctx: CallContext): BudgetMark[] | undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates the router's budgets over `store` (default: in memory). */
export function createBudgets(settings: BudgetsSettings): Budgets {
  const { fx, now, onError } = settings;
  const settleRetryMs = settings.settleRetryMs ?? 60_000;
  const primary = settings.store ?? createMemoryBudgetStore({ now: () => now().getTime() });
  const fallback = typeof settings.onDown === "object" ? settings.onDown.failOpen : undefined;
  const defs = new Map<string, ResolvedBudget>();
  settings.definitions.forEach((d, i) => {
    const b = resolveBudget(d, `createRouter budgets[${i}]`);
    if (defs.has(b.id)) {
      throw new ValidationError({
        source: "createRouter",
        issues: [{ path: ["budgets", i, "id"], message: "duplicate budget id", value: b.id }],
      });
    }
    defs.set(b.id, b);
  });
  /** The last state each budget's store answered with. */
  const seen = new Map<string, BudgetStatus>();
  const leases = new WeakMap<CallContext, Map<number, HeldLease[]>>();
  const marks = new WeakMap<CallContext, BudgetMark[]>();
  const pending = new Set<Promise<unknown>>();

  const matching = (request: RouterRequest) => {
    const out: ResolvedBudget[] = [];
    for (const b of defs.values()) if (inScope(b.scope, request)) out.push(b);
    return out;
  };
  const toCurrency = (m: Money, currency: string, at: Date): Money =>
    m.currency === currency ? m : convert(m, currency, fx, at).money;
  const leftNow = (b: ResolvedBudget, at: Date): Money => {
    const s = seen.get(b.id);
    if (!s) return b.limit;
    // A new period: nothing spent yet, live holds still count.
    const spent = s.periodKey < periodKeyOf(b.period, at, b.timeZone) ? 0n : s.spent.atto;
    return { currency: b.currency, atto: b.limit.atto - spent - s.reserved.atto };
  };
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  const withRetries = async <T>(run: () => Promise<T>): Promise<T> => {
    const start = Date.now();
    for (let delay = 50; ; delay = Math.min(delay * 2, 2_000)) {
      try {
        return await run();
      } catch (error) {
        if (!(error instanceof BudgetStoreError) || Date.now() - start + delay > settleRetryMs) throw error;
        await sleep(delay);
      }
    }
  };
  // One try: a lease that cannot be released now is reaped after its TTL (and a reserve that timed
  // out but lands later is followed by this release on the same connection).
  const releaseLeases = (held: readonly HeldLease[]) => {
    for (const h of held) track(h.store.release(h.leaseId).catch((error: unknown) => onError(error)));
  };
  const reserveAmount = (c: ScoredCandidate, at: Date, currency: string): Money => {
    const usage = { ...c.usage, output: c.outputReserve, reasoning: c.reasoningReserve };
    return costFromRates(usage, c.band.exact, c.state.price as PriceVersion, { at, currency, fx }).total;
  };

  const reserveAll = async (
    ctx: CallContext,
    c: ScoredCandidate,
    attempt: number,
    over: readonly ResolvedBudget[],
  ): Promise<void> => {
    const held: HeldLease[] = [];
    const callMarks: BudgetMark[] = [];
    const at = now();
    for (const b of over) {
      const amount = reserveAmount(c, ctx.start, b.currency);
      const reservation: BudgetReservation = {
        budget: b.id,
        leaseId: `${ctx.id}#${attempt}#${b.id}`,
        amount,
        limit: b.limit,
        periodKey: periodKeyOf(b.period, at, b.timeZone),
        ttlMs: b.leaseTtlMs,
      };
      let store = primary;
      let failedOpen = false;
      let out: Awaited<ReturnType<BudgetStore["reserve"]>>;
      try {
        try {
          out = await primary.reserve(reservation);
        } catch (error) {
          // The reservation may still land (a timeout): release it; commands keep their order.
          if (error instanceof BudgetStoreError)
            releaseLeases([{ budget: b, leaseId: reservation.leaseId, store: primary }]);
          if (!(error instanceof BudgetStoreError) || !fallback) throw error;
          store = fallback;
          failedOpen = true;
          out = await fallback.reserve(reservation);
        }
        seen.set(b.id, out.status);
        let past = false;
        if (!out.granted) {
          if (b.mode === "hard") {
            throw new BudgetExceededError({ budget: b.id, left: out.left, estimate: amount, model: c.key });
          }
          // A soft budget never refuses: selection already preferred what fits.
          out = await store.reserve({ ...reservation, allowOver: true });
          seen.set(b.id, out.status);
          past = true;
        }
        held.push({ budget: b, leaseId: reservation.leaseId, store });
        callMarks.push({
          budget: b.id,
          mode: b.mode,
          reserved: amount,
          left: out.left,
          over: past,
          ...(failedOpen ? { failedOpen } : {}),
        });
      } catch (error) {
        releaseLeases(held);
        throw error;
      }
    }
    let byAttempt = leases.get(ctx);
    if (!byAttempt) {
      byAttempt = new Map();
      leases.set(ctx, byAttempt);
    }
    byAttempt.set(attempt, held);
    marks.set(ctx, callMarks);
  };

  return {
    get active() {
      return defs.size > 0;
    },

    define(definition) {
      const b = resolveBudget(definition, "router.budgets.define");
      defs.set(b.id, b);
    },

    async status(id) {
      const b = defs.get(id);
      if (!b) {
        throw new ValidationError({
          source: "router.budgets.status",
          issues: [
            {
              path: ["id"],
              message: `unknown budget (defined: ${[...defs.keys()].join(", ") || "none"})`,
              value: id,
            },
          ],
        });
      }
      let stored: BudgetStatus | undefined;
      try {
        stored = await primary.status(id);
      } catch (error) {
        if (!(error instanceof BudgetStoreError) || !fallback) throw error;
        stored = await fallback.status(id);
      }
      const at = now();
      const periodKey = periodKeyOf(b.period, at, b.timeZone);
      const fresh = !stored || stored.periodKey < periodKey;
      const m = (atto: bigint): Money => ({ currency: b.currency, atto });
      const spent = fresh ? 0n : stored!.spent.atto;
      const reserved = stored?.reserved.atto ?? 0n;
      const status = {
        budget: id,
        mode: b.mode,
        periodKey,
        limit: b.limit,
        spent: m(spent),
        reserved: m(reserved),
        left: m(b.limit.atto - spent - reserved),
        leases: stored?.leases ?? 0,
      };
      if (stored) seen.set(id, stored);
      return status;
    },

    async flush() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },

    cap(request, currency, at, hardOnly) {
      let best: { left: number; exact: Money; budget: ResolvedBudget } | undefined;
      for (const b of matching(request)) {
        if (hardOnly && b.mode === "soft") continue;
        const exact = leftNow(b, at);
        let left: number;
        try {
          left = moneyToNumber(toCurrency(exact, currency, at));
        } catch {
          continue; // no FX rate: the reservation (exact, in the budget's currency) decides
        }
        if (!best || left < best.left) best = { left: Math.max(0, left), exact, budget: b };
      }
      return best;
    },

    reserveAmount,

    reserve(ctx, c, attempt) {
      if (defs.size === 0) return undefined;
      const over = matching(ctx.request);
      return over.length === 0 ? undefined : reserveAll(ctx, c, attempt, over);
    },

    settle(ctx, attempt, cost) {
      const byAttempt = leases.get(ctx);
      const held = byAttempt?.get(attempt);
      if (!held) return;
      byAttempt!.delete(attempt);
      for (const h of held) {
        let actual: Money;
        try {
          actual = toCurrency(cost, h.budget.currency, ctx.start);
        } catch (error) {
          // No FX rate into the budget's currency: never a failure of the call; the hold is kept
          // until its lease expires (the conservative side) and the error is reported.
          onError(error);
          continue;
        }
        track(
          withRetries(() => h.store.settle(h.leaseId, actual)).then(
            (out) => void seen.set(h.budget.id, out.status),
            (error: unknown) => onError(error),
          ),
        );
      }
    },

    release(ctx, attempt) {
      const byAttempt = leases.get(ctx);
      const held = byAttempt?.get(attempt);
      if (!held) return;
      byAttempt!.delete(attempt);
      releaseLeases(held);
    },

    releaseRest(ctx) {
      const byAttempt = leases.get(ctx);
      if (!byAttempt) return;
      for (const held of byAttempt.values()) releaseLeases(held);
      byAttempt.clear();
    },

    marks: (ctx) => marks.get(ctx),
  };
}
