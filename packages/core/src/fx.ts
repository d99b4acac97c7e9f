import { z } from "zod";
import { CurrencyCodeSchema } from "./currency";
import { divRoundHalfEven, parseFraction } from "./decimal";
import { FxRateMissingError } from "./errors";
import type { Money } from "./money";
import { DecimalStringSchema, IsoDateSchema } from "./schema-primitives";

/** One dated FX quote: 1 `base` = `rate` `quote` (e.g. 1 USD = 7.1 CNY). */
export const FxRateSchema = z.object({
  base: CurrencyCodeSchema,
  quote: CurrencyCodeSchema,
  /** Units of `quote` for one unit of `base`, as a decimal string. */
  rate: DecimalStringSchema.refine((r) => parseFraction(r).num > 0n, { message: "FX rate must be positive" }),
  /** The day the rate was observed (UTC), `YYYY-MM-DD`. */
  date: IsoDateSchema,
  /** Where the rate comes from. */
  source: z.string().min(1),
});
export type FxRate = z.infer<typeof FxRateSchema>;

export const FxTableSchema = z.object({ rates: z.array(FxRateSchema) });
export type FxTable = z.infer<typeof FxTableSchema>;

/** What a conversion used: named in every report that converts. */
export interface FxUsed {
  from: string;
  to: string;
  /** The quote as stated in the table. */
  rate: FxRate;
  /** True when the table quotes `to` per `from` (multiply); false when it was inverted (divide). */
  direct: boolean;
  /** False when the result had to be rounded to the atto-unit (half to even). */
  exact: boolean;
}

/**
 * Finds the newest rate between two currencies dated on or before `at`, in either direction.
 * A direct quote wins over an inverse one of the same date.
 */
export function findFxRate(
  table: FxTable,
  from: string,
  to: string,
  at: Date,
): { rate: FxRate; direct: boolean } {
  const day = at.toISOString().slice(0, 10);
  let best: { rate: FxRate; direct: boolean } | undefined;
  for (const rate of table.rates) {
    const direct = rate.base === from && rate.quote === to;
    const inverse = rate.base === to && rate.quote === from;
    if (!direct && !inverse) continue;
    if (rate.date > day) continue;
    if (!best || rate.date > best.rate.date || (rate.date === best.rate.date && direct && !best.direct)) {
      best = { rate, direct };
    }
  }
  if (!best) throw new FxRateMissingError({ from, to, at });
  return best;
}

/**
 * Converts at a stated rate: multiplies by a direct quote, divides by an inverse one. Exact whenever
 * the result fits the atto-unit (amounts with ≤ 12 decimals at rates with ≤ 6 decimals always do when
 * multiplying, and dividing such a product by the same rate gives back the original exactly);
 * otherwise rounded half to even, and `exact` says so.
 *
 * @example
 * convertMoney(moneyFromDecimal("7.1", "CNY"), "USD", rate, false).money // 1 USD at 1 USD = 7.1 CNY
 */
export function convertMoney(
  amount: Money,
  to: string,
  rate: FxRate,
  direct: boolean,
): { money: Money; fx: FxUsed } {
  const { num, scale } = parseFraction(rate.rate);
  const pow = 10n ** BigInt(scale);
  const n = direct ? amount.atto * num : amount.atto * pow;
  const d = direct ? pow : num;
  const exact = n % d === 0n;
  const atto = exact ? n / d : divRoundHalfEven(n, d);
  return {
    money: { currency: to, atto },
    fx: { from: amount.currency, to, rate, direct, exact },
  };
}

/** Converts `amount` into `to` using the newest applicable rate in `table` at `at` (identity when same currency). */
export function convert(amount: Money, to: string, table: FxTable, at: Date): { money: Money; fx?: FxUsed } {
  if (amount.currency === to) return { money: amount };
  const { rate, direct } = findFxRate(table, amount.currency, to, at);
  return convertMoney(amount, to, rate, direct);
}
