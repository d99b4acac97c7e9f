import { type Money, moneyFromDecimal, moneyToDecimal } from "@tokenwise/core";

/**
 * Money anywhere in a value (a ledger entry's cost and error bars, a job's plan and realised cost)
 * goes out as `{ currency, amount }` with an exact decimal amount; a bigint as its decimal string.
 * `fromWire` turns every `{ currency, amount }` back into Money.
 */
export const toWire = (_key: string, value: unknown): unknown => {
  if (typeof value === "object" && value !== null && typeof (value as Money).atto === "bigint") {
    const m = value as Money;
    if (typeof m.currency === "string") return { currency: m.currency, amount: moneyToDecimal(m) };
  }
  if (typeof value === "bigint") return value.toString();
  return value;
};
export const fromWire = (_key: string, value: unknown): unknown => {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const w = value as { currency?: unknown; amount?: unknown };
    if (keys.length === 2 && typeof w.currency === "string" && typeof w.amount === "string") {
      return moneyFromDecimal(w.amount, w.currency);
    }
  }
  return value;
};

/**
 * A record as JSON that reads back as it was written: Money exact (see {@link toWire}), and every
 * `Date` as `{ "$date": ISO }` so that it comes back a `Date` wherever it was (a job's deadline, its
 * plan's instant, each event's instant) without a list of fields.
 */
export function encodeRecord(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const original = this[key];
    if (original instanceof Date) return { $date: original.toISOString() };
    return toWire(key, v);
  });
}

/** Reads what {@link encodeRecord} wrote. */
export function decodeRecord<T>(text: string): T {
  return JSON.parse(text, (key, v) => {
    if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && typeof (v as { $date?: unknown }).$date === "string") {
        return new Date((v as { $date: string }).$date);
      }
    }
    return fromWire(key, v);
  }) as T;
}
