import {
  type Cost,
  costFromRates,
  costOf,
  type FxTable,
  type Money,
  type PriceVersion,
  priceInForce,
  type ThinkingMode,
  type Usage,
} from "@tokenwise/core";
import type { ScoredCandidate } from "../select-candidates";

// The last exact estimate per candidate: the ledger's call record and the report both need it.
const estimates = new WeakMap<ScoredCandidate, { at: number; currency: string; fx: FxTable; cost: Cost }>();

/** Exact cost of the usage a candidate is expected to use, at the rates resolved for selection. */
export function estimatedCost(candidate: ScoredCandidate, at: Date, currency: string, fx: FxTable): Cost {
  const hit = estimates.get(candidate);
  if (hit && hit.at === at.getTime() && hit.currency === currency && hit.fx === fx) return hit.cost;
  const price = candidate.state.price as PriceVersion;
  const cost = costFromRates(candidate.usage, candidate.band.exact, price, { at, currency, fx });
  estimates.set(candidate, { at: at.getTime(), currency, fx, cost });
  return cost;
}

/**
 * Exact cost of realized usage at the price version in force at `at` (tier from the real prompt), in
 * the thinking mode the call ran in (`mode`: core's `thinkingModeFor`; undefined: the version's default).
 */
export function realizedCost(
  candidate: ScoredCandidate,
  usage: Usage,
  at: Date,
  currency: string,
  fx: FxTable,
  mode?: ThinkingMode,
): Cost {
  return costOf(usage, priceInForce(candidate.entry, at), { at, currency, fx, mode });
}

/** JSON-safe view of a report: bigints as decimal strings. */
export function reportToJSON(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

/** Sum of amounts in one currency. */
export function sumCosts(costs: readonly Money[], currency: string): Money {
  let atto = 0n;
  for (const c of costs) atto += c.atto;
  return { currency, atto };
}
