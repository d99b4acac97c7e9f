import { z } from "zod";

const ISO_4217: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));

/** True for an active ISO 4217 code as known to this runtime's Intl data (e.g. `USD`, `CNY`). */
export function isCurrencyCode(code: string): boolean {
  return ISO_4217.has(code);
}

/** An ISO 4217 currency code, e.g. `"USD"` or `"CNY"`. */
export const CurrencyCodeSchema = z.string().refine((code) => isCurrencyCode(code), {
  message: "unknown currency: expected an ISO 4217 code such as USD or CNY",
});

export type CurrencyCode = "USD" | "CNY" | "EUR" | (string & {});
