import { divRoundHalfEven, formatScaled, parseScaled } from "./decimal";
import { TokenwiseError } from "./errors";

/** Money is an integer count of 10^-18 of the currency ("atto-units"): exact, no float drift. */
export const MONEY_SCALE = 18;
const ONE = 10n ** BigInt(MONEY_SCALE);

/** An exact amount of money. `atto` counts 10^-18 units of `currency` (1 USD = 10^18 atto). */
export interface Money {
  readonly currency: string;
  readonly atto: bigint;
}

/** Makes a Money value from atto-units. */
export function money(currency: string, atto: bigint): Money {
  return { currency, atto };
}

/** Zero in `currency`. */
export function zeroMoney(currency: string): Money {
  return { currency, atto: 0n };
}

/**
 * Parses a decimal amount such as `"12.5"` into exact Money.
 *
 * @example
 * moneyFromDecimal("0.000125", "USD").atto // 125000000000000n
 */
export function moneyFromDecimal(amount: string, currency: string): Money {
  const negative = amount.startsWith("-");
  const atto = parseScaled(negative ? amount.slice(1) : amount, MONEY_SCALE);
  return { currency, atto: negative ? -atto : atto };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new TokenwiseError({
      message: `Cannot combine ${a.currency} with ${b.currency} without an FX rate`,
    });
  }
}

/** a + b, same currency. */
export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { currency: a.currency, atto: a.atto + b.atto };
}

/** a - b, same currency. */
export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { currency: a.currency, atto: a.atto - b.atto };
}

/** Exact sum of amounts in one currency; `currency` names it when the list may be empty. */
export function sumMoney(amounts: Iterable<Money>, currency: string): Money {
  let atto = 0n;
  for (const m of amounts) {
    if (m.currency !== currency) {
      throw new TokenwiseError({ message: `sumMoney: ${m.currency} amount in a ${currency} sum` });
    }
    atto += m.atto;
  }
  return { currency, atto };
}

/** Compares two amounts of the same currency: negative, zero or positive. */
export function compareMoney(a: Money, b: Money): number {
  sameCurrency(a, b);
  return a.atto < b.atto ? -1 : a.atto > b.atto ? 1 : 0;
}

/** The exact decimal string of an amount, e.g. `"0.00125"`. */
export function moneyToDecimal(m: Money): string {
  return formatScaled(m.atto, MONEY_SCALE);
}

/** A float approximation, for display and ranking only — never for accounting. */
export function moneyToNumber(m: Money): number {
  const whole = m.atto / ONE;
  const frac = m.atto % ONE;
  return Number(whole) + Number(frac) / 1e18;
}

/**
 * Formats money for people: rounded half-to-even to `digits` decimals (default 6) with the code.
 *
 * @example
 * formatMoney(moneyFromDecimal("0.0123456789", "USD")) // "0.012346 USD"
 */
export function formatMoney(m: Money, digits = 6): string {
  const unit = 10n ** BigInt(MONEY_SCALE - digits);
  const rounded = divRoundHalfEven(m.atto, unit);
  const negative = rounded < 0n;
  const abs = negative ? -rounded : rounded;
  const base = 10n ** BigInt(digits);
  const frac = digits > 0 ? `.${(abs % base).toString().padStart(digits, "0")}` : "";
  return `${negative ? "-" : ""}${abs / base}${frac} ${m.currency}`;
}
