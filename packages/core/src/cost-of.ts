import { convertMoney, type FxTable, type FxUsed, findFxRate } from "./fx";
import type { Money } from "./money";
import { type EffectiveRates, resolveRates } from "./price-in-force";
import type { PriceVersion, ThinkingMode } from "./price-version";
import { promptTokens, type Usage } from "./usage";

/** The priced components of a call, each exact. */
export const COST_PARTS = [
  "input",
  "cacheRead",
  "cacheWrite",
  "cacheWrite1h",
  "output",
  "reasoning",
  "request",
] as const;
export type CostPart = (typeof COST_PARTS)[number];

/** What a call cost (or will cost): a breakdown whose parts sum exactly to the total. */
export interface Cost {
  currency: string;
  total: Money;
  parts: Record<CostPart, Money>;
  /** The price version used (its `effectiveFrom` and source). */
  version: { effectiveFrom: string; currency: string; source: PriceVersion["source"] };
  /** The long-context tier applied (threshold in tokens) or null. */
  tier: number | null;
  /** The time-of-day window applied or null. */
  window: string | null;
  /** The thinking mode priced, or null when the version does not price the modes apart. */
  mode: ThinkingMode | null;
  /** FX used when the report currency differs from the price currency. */
  fx?: FxUsed;
  /** Components billed at a fallback rate because the version does not price them apart. */
  fallbacks: string[];
}

/** Options for {@link costOf}. */
export interface CostOptions {
  /** The instant the call is priced at: picks the time-of-day window. */
  at: Date;
  /** Report currency; defaults to the price version's currency. */
  currency?: string;
  /** Required when `currency` differs from the version's currency. */
  fx?: FxTable;
  /** Price at the batch rate. */
  batch?: boolean;
  /** Count the per-request fee (default true). */
  perRequest?: boolean;
  /**
   * The thinking mode the call ran in, for a version that prices the modes apart (see
   * `thinkingModeFor`); default: the version's `defaultMode`. Ignored by versions without thinking prices.
   */
  mode?: ThinkingMode | undefined;
}

/**
 * Exact cost of `usage` under `price` at `options.at`: the tier is chosen by the whole prompt
 * (input + cache read + cache write), the window by the instant. Each part is computed in atto-units,
 * converted part by part when a report currency is asked for, and the total is the sum of the parts.
 * The same function prices forecasts: pass the estimated usage.
 *
 * @example
 * const cost = costOf(usageFromOpenAI(response.usage), priceInForce(model, now), { at: now });
 * formatMoney(cost.total) // "0.001234 USD"
 */
export function costOf(usage: Usage, price: PriceVersion, options: CostOptions): Cost {
  const rates = resolveRates(price, {
    at: options.at,
    promptTokens: promptTokens(usage),
    batch: options.batch ?? false,
    mode: options.mode,
  });
  return costFromRates(usage, rates, price, options);
}

/** {@link costOf} from rates already resolved (selection resolves once per candidate). */
export function costFromRates(
  usage: Usage,
  rates: EffectiveRates,
  price: PriceVersion,
  options: CostOptions,
): Cost {
  const src = rates.currency;
  const atto: Record<CostPart, bigint> = {
    input: BigInt(usage.input) * rates.input,
    cacheRead: BigInt(usage.cacheRead) * rates.cacheRead,
    cacheWrite: BigInt(usage.cacheWrite) * rates.cacheWrite,
    cacheWrite1h: BigInt(usage.cacheWrite1h) * rates.cacheWrite1h,
    output: BigInt(usage.output) * rates.output,
    reasoning: BigInt(usage.reasoning) * rates.reasoning,
    request: options.perRequest === false ? 0n : rates.perRequest,
  };
  const target = options.currency ?? src;
  let fx: FxUsed | undefined;
  const parts = {} as Record<CostPart, Money>;
  let total = 0n;
  if (target === src) {
    for (const part of COST_PARTS) {
      parts[part] = { currency: src, atto: atto[part] };
      total += atto[part];
    }
  } else {
    if (!options.fx) {
      // findFxRate throws the typed FxRateMissingError for an empty table.
      findFxRate({ rates: [] }, src, target, options.at);
    }
    const { rate, direct } = findFxRate(options.fx as FxTable, src, target, options.at);
    let exact = true;
    for (const part of COST_PARTS) {
      const converted = convertMoney({ currency: src, atto: atto[part] }, target, rate, direct);
      exact &&= converted.fx.exact;
      parts[part] = converted.money;
      total += converted.money.atto;
      fx = { ...converted.fx, exact };
    }
  }
  const cost: Cost = {
    currency: target,
    total: { currency: target, atto: total },
    parts,
    version: { effectiveFrom: price.effectiveFrom, currency: price.currency, source: price.source },
    tier: rates.tier,
    window: rates.window,
    mode: rates.mode,
    fallbacks: rates.fallbacks,
  };
  if (fx) cost.fx = fx;
  return cost;
}
