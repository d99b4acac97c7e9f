import {
  type Capability,
  convert,
  type FxTable,
  type FxUsed,
  type Money,
  type TaskKind,
  type Usage,
  ValidationError,
} from "@tokenwise/core";
import type { Constraints, RouterRequest } from "../types";
import { ledgerJsonl } from "./ledger-export";

/**
 * How well a ledger entry knows its amount.
 * - `exact`: the provider reported the usage; the amount is what it bills, to the atto.
 * - `estimated`: the usage could not be read (a malformed 200, a truncated or cut stream, a reset
 *   mid-body, an abort before the usage arrived, a stream that finished without usage); the amount is the router's estimate and
 *   `errorBar` bounds what the provider may bill.
 */
export type LedgerAccuracy = "exact" | "estimated";

/** Why an entry is an estimate. */
export type EstimateReason =
  | "malformed-response"
  | "stream-cut"
  | "reset-mid-body"
  | "aborted-mid-stream"
  | "aborted-before-response"
  | "usage-missing";

/**
 * What a call asked for and how the router saw it, recorded on each of its ledger entries: enough to
 * re-price it and to re-route it under other prices or constraints without its messages
 * (`tokenwise replay`).
 */
export interface LedgerCall {
  taskKind: TaskKind;
  /**
   * Input tokens of the whole prepared request per tokenizer family, as the router counted them: the
   * families selection needed (the models that reached the token check), e.g. `{ o200k_base: 12040 }`.
   */
  tokens: Record<string, number>;
  /** Capabilities the request needed: implied (tools, images, `json_schema`, streaming) and required. */
  capabilities: Capability[];
  /** The caller's output bound, when given. */
  maxOutputTokens?: number;
  reasoningEffort?: RouterRequest["reasoningEffort"];
  streamed: boolean;
  /**
   * The constraints in force: the request's over the router's defaults, the quality floor resolved for
   * the task kind, `requiredCapabilities` folded into `capabilities`, `maxCostPerCall` as a decimal.
   */
  constraints: Constraints;
  /**
   * The router's expectation for this attempt's model: usage (output and reasoning are the route's
   * forecast means; cache reads the prefixes it expected cached), its exact cost, and the output
   * quantile reserved (context, budget, latency).
   */
  estimate: { usage: Usage; cost: Money; outputReserve: { output: number; reasoning: number } };
}

/** One billed (or possibly billed) attempt as the ledger records it. */
export interface LedgerEntry {
  callId: string;
  /** The attempt's number within the call (1-based, as in `CallReport.attempts`). */
  attempt: number;
  /** The provider's request id, when the response carried one: match it with the provider's invoice. */
  requestId?: string;
  provider: string;
  model: string;
  at: Date;
  /** Cost in the report currency (converted part by part when the price is in another currency). */
  cost: Money;
  /** The same cost in the price's own currency, unconverted: what the provider invoices. */
  native?: Money;
  accuracy: LedgerAccuracy;
  /** For `estimated` entries: bounds of what the provider may bill, in `cost`'s currency. */
  errorBar?: { low: Money; high: Money };
  /** The same bounds in the native currency (when `native` is set). */
  nativeErrorBar?: { low: Money; high: Money };
  /** For `estimated` entries: why the usage could not be read. */
  reason?: EstimateReason;
  tags: readonly string[];
  tenant?: string;
  /** The usage billed: the provider's (`exact`) or the router's estimate (`estimated`). */
  usage?: Usage;
  /** `effectiveFrom` of the price version the attempt was priced at. */
  priceVersion?: string;
  /** The call's footprint, constraints and the router's estimate (the router always sets it). */
  call?: LedgerCall;
}

/**
 * Where ledger entries go. `record` may return a promise (a Redis stream, a database): the router
 * does not wait for it before returning the call's result, and a failure is reported to the router's
 * `onLedgerError`, never thrown into the call.
 */
export interface LedgerSink {
  record(entry: LedgerEntry): void | Promise<void>;
}

/** Totals in one currency, exact and estimated apart. */
export interface LedgerTotals {
  currency: string;
  /** Entries whose usage the provider reported. */
  exact: Money;
  /** The router's estimates for entries whose usage could not be read. */
  estimated: Money;
  /** `exact + estimated`. */
  total: Money;
  /** `exact` + the low ends of the estimates' error bars: the bill is at least this. */
  low: Money;
  /** `exact` + the high ends of the estimates' error bars: the bill is at most this. */
  high: Money;
  /** Rates used to convert entries recorded in other currencies (named, dated). */
  fx: FxUsed[];
}

/** A ledger that can be queried. Sums are exact (bigint atto-units). */
export interface Ledger extends LedgerSink {
  /**
   * Sum of every entry (exact and estimated) in `currency`. Entries in another currency are converted
   * with the ledger's FX table (or `options.fx`); without a rate this throws `FxRateMissingError`
   * rather than leaving them out.
   */
  total(currency: string, options?: { fx?: FxTable }): Money;
  /** Exact and estimated sums apart, with the error bar of the whole, in `currency`. */
  totals(currency: string, options?: { fx?: FxTable }): LedgerTotals;
  /** Sum per tag, in `currency` (converted as in `total`). */
  byTag(currency: string, options?: { fx?: FxTable }): Map<string, Money>;
  /** Sum per tenant, in `currency` (converted as in `total`). */
  byTenant(currency: string, options?: { fx?: FxTable }): Map<string, Money>;
  entries(): readonly LedgerEntry[];
  /** Sums of the unconverted (`native`) costs, per price currency. */
  byCurrency(): Map<string, Money>;
}

/** The in-memory ledger: a {@link Ledger} that can also export itself. */
export interface MemoryLedger extends Ledger {
  /**
   * Every entry as JSONL, one version-1 line per billed attempt (see `LedgerLineSchema`); read it back
   * with `parseLedgerJsonl`, replay it with `tokenwise replay`.
   */
  exportJsonl(): string;
}

/** Settings of {@link createMemoryLedger}. */
export interface MemoryLedgerSettings {
  /** FX table used to sum entries recorded in another currency (the router passes its own). */
  fx?: FxTable;
}

/**
 * An in-memory {@link Ledger} (the router's default). Sums in a currency other than an entry's convert
 * it at the entry's instant with a named rate; a missing rate is an error, never a silent 0.
 *
 * @example
 * const ledger = createMemoryLedger({ fx });
 * ledger.totals("USD"); // { exact, estimated, total, low, high, fx }
 * writeFileSync("calls.jsonl", ledger.exportJsonl());
 */
export function createMemoryLedger(settings: MemoryLedgerSettings = {}): MemoryLedger {
  const list: LedgerEntry[] = [];
  const fxOf = (options: { fx?: FxTable } | undefined) => options?.fx ?? settings.fx ?? { rates: [] };
  const checkCurrency = (currency: unknown) => {
    if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) {
      throw new ValidationError({
        source: "ledger",
        issues: [{ path: ["currency"], message: "expected an ISO 4217 code such as USD", value: currency }],
      });
    }
  };
  /** `amount` in `currency` at the entry's instant; records the rate used. */
  const inCurrency = (amount: Money, currency: string, at: Date, table: FxTable, used?: FxUsed[]) => {
    if (amount.currency === currency) return amount.atto;
    const out = convert(amount, currency, table, at);
    if (out.fx && used && !used.some((f) => f.rate === out.fx?.rate && f.direct === out.fx.direct)) {
      used.push(out.fx);
    }
    return out.money.atto;
  };
  /** Prefer the native amount as the source of a conversion: one conversion, not two. */
  const sourceOf = (e: LedgerEntry, currency: string) =>
    e.cost.currency === currency ? e.cost : (e.native ?? e.cost);
  const sumBy = (
    currency: string,
    options: { fx?: FxTable } | undefined,
    keys: (e: LedgerEntry) => readonly string[],
  ) => {
    checkCurrency(currency);
    const table = fxOf(options);
    const out = new Map<string, Money>();
    for (const e of list) {
      const ks = keys(e);
      if (ks.length === 0) continue;
      const atto = inCurrency(sourceOf(e, currency), currency, e.at, table);
      for (const k of ks) out.set(k, { currency, atto: (out.get(k)?.atto ?? 0n) + atto });
    }
    return out;
  };
  const totals = (currency: string, options?: { fx?: FxTable }): LedgerTotals => {
    checkCurrency(currency);
    const table = fxOf(options);
    const fx: FxUsed[] = [];
    let exact = 0n;
    let estimated = 0n;
    let low = 0n;
    let high = 0n;
    for (const e of list) {
      const amount = inCurrency(sourceOf(e, currency), currency, e.at, table, fx);
      if (e.accuracy === "exact") {
        exact += amount;
        continue;
      }
      estimated += amount;
      const bar = e.cost.currency === currency || !e.nativeErrorBar ? e.errorBar : e.nativeErrorBar;
      low += bar ? inCurrency(bar.low, currency, e.at, table, fx) : amount;
      high += bar ? inCurrency(bar.high, currency, e.at, table, fx) : amount;
    }
    const m = (atto: bigint): Money => ({ currency, atto });
    return {
      currency,
      exact: m(exact),
      estimated: m(estimated),
      total: m(exact + estimated),
      low: m(exact + low),
      high: m(exact + high),
      fx,
    };
  };
  return {
    record: (entry) => void list.push(entry),
    total: (currency, options) => totals(currency, options).total,
    totals,
    byTag: (currency, options) => sumBy(currency, options, (e) => e.tags),
    byTenant: (currency, options) =>
      sumBy(currency, options, (e) => (e.tenant === undefined ? [] : [e.tenant])),
    entries: () => list,
    exportJsonl: () => ledgerJsonl(list),
    byCurrency() {
      const out = new Map<string, Money>();
      for (const e of list) {
        const m = e.native ?? e.cost;
        out.set(m.currency, { currency: m.currency, atto: (out.get(m.currency)?.atto ?? 0n) + m.atto });
      }
      return out;
    },
  };
}
