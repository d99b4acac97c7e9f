import { TokenwiseError } from "./errors";

/** A non-negative decimal number written as a string, e.g. `"0.075"`: how prices are stored. */
export type DecimalString = string;

const DECIMAL_RE = /^(\d+)(?:\.(\d+))?$/;

/** True when `text` is a plain non-negative decimal (`"3"`, `"0.075"`), no exponent, no sign. */
export function isDecimalString(text: string): boolean {
  return DECIMAL_RE.test(text);
}

/**
 * Parses a non-negative decimal string into an integer scaled by 10^scale, exactly.
 * Throws when the string has more fractional digits than the scale can hold.
 *
 * @example
 * parseScaled("0.075", 6) // 75000n
 */
export function parseScaled(text: string, scale: number): bigint {
  const match = DECIMAL_RE.exec(text);
  if (!match) throw new TokenwiseError({ message: `Not a non-negative decimal: "${text}"` });
  const whole = match[1] ?? "0";
  const frac = match[2] ?? "";
  if (frac.replace(/0+$/, "").length > scale) {
    throw new TokenwiseError({ message: `"${text}" has more than ${scale} decimal places` });
  }
  return BigInt(whole) * 10n ** BigInt(scale) + BigInt(frac.padEnd(scale, "0").slice(0, scale) || "0");
}

/** Formats an integer scaled by 10^scale as a decimal string, trimming trailing zeros. */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const base = 10n ** BigInt(scale);
  const whole = abs / base;
  const frac = (abs % base).toString().padStart(scale, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

/** A decimal as an exact fraction `num / 10^scale` with the smallest scale that holds it. */
export interface DecimalFraction {
  num: bigint;
  scale: number;
}

/** Parses a decimal string to an exact fraction. */
export function parseFraction(text: string): DecimalFraction {
  const match = DECIMAL_RE.exec(text);
  if (!match) throw new TokenwiseError({ message: `Not a non-negative decimal: "${text}"` });
  const frac = (match[2] ?? "").replace(/0+$/, "");
  return { num: BigInt((match[1] ?? "0") + frac), scale: frac.length };
}

/** Integer division rounding half to even: the rounding used everywhere money must round. */
export function divRoundHalfEven(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new TokenwiseError({ message: "divRoundHalfEven: denominator must be positive" });
  const negative = num < 0n;
  const abs = negative ? -num : num;
  let q = abs / den;
  const r = abs % den;
  const twice = r * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}
