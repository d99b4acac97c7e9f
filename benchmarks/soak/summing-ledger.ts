import type { Money } from "@tokenwise/core";
import type { Ledger, LedgerEntry, LedgerTotals } from "@tokenwise/router";

/**
 * A streaming {@link Ledger} for long runs: exact running sums (total, per tag, per tenant, per
 * native currency) and only the last `keep` entries. The router's default in-memory ledger keeps
 * every entry by design (it is the record a caller reconciles against); a process that serves
 * indefinitely sums and forwards entries instead, which is what this does.
 */
export function createSummingLedger({
  keep = 1_000,
}: {
  keep?: number;
} = {}): Ledger & { recorded(): number } {
  const recent: LedgerEntry[] = [];
  let next = 0;
  let recorded = 0;
  const totals = new Map<string, bigint>();
  // Per currency: exact, estimated, and the low and high ends of the estimates' error bars.
  const parts = new Map<string, { exact: bigint; estimated: bigint; low: bigint; high: bigint }>();
  const tags = new Map<string, Map<string, bigint>>();
  const tenants = new Map<string, Map<string, bigint>>();
  const natives = new Map<string, bigint>();
  const add = (map: Map<string, bigint>, key: string, atto: bigint) =>
    map.set(key, (map.get(key) ?? 0n) + atto);
  const inner = (map: Map<string, Map<string, bigint>>, currency: string) => {
    let m = map.get(currency);
    if (!m) {
      m = new Map();
      map.set(currency, m);
    }
    return m;
  };
  const asMoney = (currency: string, m: Map<string, bigint> | undefined) =>
    new Map([...(m ?? [])].map(([k, atto]): [string, Money] => [k, { currency, atto }]));
  return {
    record(entry) {
      recorded++;
      if (recent.length < keep) recent.push(entry);
      else recent[next] = entry;
      next = (next + 1) % keep;
      const { currency, atto } = entry.cost;
      add(totals, currency, atto);
      let p = parts.get(currency);
      if (!p) {
        p = { exact: 0n, estimated: 0n, low: 0n, high: 0n };
        parts.set(currency, p);
      }
      if (entry.accuracy === "estimated") {
        p.estimated += atto;
        p.low += entry.errorBar?.low.atto ?? atto;
        p.high += entry.errorBar?.high.atto ?? atto;
      } else p.exact += atto;
      for (const t of entry.tags) add(inner(tags, currency), t, atto);
      if (entry.tenant !== undefined) add(inner(tenants, currency), entry.tenant, atto);
      const native = entry.native ?? entry.cost;
      add(natives, native.currency, native.atto);
    },
    total: (currency) => ({ currency, atto: totals.get(currency) ?? 0n }),
    // Sums in the entries' own currency (the soak reports in one currency; no conversion here).
    totals(currency): LedgerTotals {
      const p = parts.get(currency) ?? { exact: 0n, estimated: 0n, low: 0n, high: 0n };
      const m = (atto: bigint): Money => ({ currency, atto });
      return {
        currency,
        exact: m(p.exact),
        estimated: m(p.estimated),
        total: m(p.exact + p.estimated),
        low: m(p.exact + p.low),
        high: m(p.exact + p.high),
        fx: [],
      };
    },
    byTag: (currency) => asMoney(currency, tags.get(currency)),
    byTenant: (currency) => asMoney(currency, tenants.get(currency)),
    entries: () => [...recent.slice(next), ...recent.slice(0, next)],
    byCurrency: () => new Map([...natives].map(([c, atto]): [string, Money] => [c, { currency: c, atto }])),
    recorded: () => recorded,
  };
}
