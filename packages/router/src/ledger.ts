import type { Money } from "@tokenwise/core";

/** One billed attempt as the ledger records it. */
export interface LedgerEntry {
  callId: string;
  provider: string;
  model: string;
  at: Date;
  cost: Money;
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
  };
}
