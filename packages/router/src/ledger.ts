import type { Money } from "@tokenwise/core";

/** One billed attempt as the ledger records it. */
export interface LedgerEntry {
  callId: string;
  provider: string;
  model: string;
  at: Date;
  /** Cost in the report currency (converted part by part when the price is in another currency). */
  cost: Money;
  /** The same cost in the price's own currency, unconverted: what the provider invoices. */
  native?: Money;
  tags: readonly string[];
  tenant?: string;
}

/** Where costs are summed (in memory now; Redis later). Sums are exact (bigint atto-units). */
export interface Ledger {
  record(entry: LedgerEntry): void;
  /** Sum of every entry in `currency`. */
  total(currency: string): Money;
  /** Sum per tag, in `currency`. */
  byTag(currency: string): Map<string, Money>;
  /** Sum per tenant, in `currency`. */
  byTenant(currency: string): Map<string, Money>;
  entries(): readonly LedgerEntry[];
  /** Sums of the unconverted (`native`) costs, per price currency. */
  byCurrency(): Map<string, Money>;
}

/** An in-memory {@link Ledger}. Entries in another currency than asked are skipped by the sums. */
export function createMemoryLedger(): Ledger {
  const list: LedgerEntry[] = [];
  const sumBy = (currency: string, keys: (e: LedgerEntry) => readonly string[]) => {
    const out = new Map<string, Money>();
    for (const e of list) {
      if (e.cost.currency !== currency) continue;
      for (const k of keys(e)) {
        out.set(k, { currency, atto: (out.get(k)?.atto ?? 0n) + e.cost.atto });
      }
    }
    return out;
  };
  return {
    record: (entry) => void list.push(entry),
    total(currency) {
      let atto = 0n;
      for (const e of list) if (e.cost.currency === currency) atto += e.cost.atto;
      return { currency, atto };
    },
    byTag: (currency) => sumBy(currency, (e) => e.tags),
    byTenant: (currency) => sumBy(currency, (e) => (e.tenant === undefined ? [] : [e.tenant])),
    entries: () => list,
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
