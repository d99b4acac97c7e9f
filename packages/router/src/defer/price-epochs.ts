import { type ModelEntry, priceInForce, windowAt } from "@tokenwise/core";

/**
 * The instants at which some model's price changes: each dated price version's `effectiveFrom`, and
 * each start or end of a time-of-day window (found on a UTC grid of `gridMs`: every window in the
 * catalog starts and ends on a quarter hour). Between two consecutive instants every price is
 * constant, so the cheapest way to run a request is too: the planner evaluates one instant per span.
 */
export function createPriceEpochs(models: readonly ModelEntry[], gridMs: number) {
  const windowed = models.filter((m) => m.prices.some((v) => (v.windows?.length ?? 0) > 0));
  const versionStarts = [
    ...new Set(models.flatMap((m) => m.prices.map((v) => Date.parse(v.effectiveFrom)))),
  ].sort((a, b) => a - b);
  const signatures = new Map<number, string>();
  const signatureAt = (slot: number): string => {
    let s = signatures.get(slot);
    if (s === undefined) {
      const at = new Date(slot * gridMs);
      s = windowed
        .map((m) => {
          try {
            return windowAt(priceInForce(m, at), at)?.name ?? "-";
          } catch {
            return "?";
          }
        })
        .join("|");
      if (signatures.size > 100_000) signatures.clear();
      signatures.set(slot, s);
    }
    return s;
  };
  return {
    /** Instants in (from, to] where a price changes, ascending. */
    between(from: number, to: number): number[] {
      const out = new Set<number>();
      for (const t of versionStarts) if (t > from && t <= to) out.add(t);
      if (windowed.length > 0) {
        let slot = Math.floor(from / gridMs);
        let prev = signatureAt(slot);
        for (slot++; slot * gridMs <= to; slot++) {
          const s = signatureAt(slot);
          if (s !== prev) out.add(slot * gridMs);
          prev = s;
        }
      }
      return [...out].sort((a, b) => a - b);
    },
    /** Dated price versions starting in (from, to]. */
    versionChanges(from: number, to: number): number[] {
      return versionStarts.filter((t) => t > from && t <= to);
    },
  };
}
