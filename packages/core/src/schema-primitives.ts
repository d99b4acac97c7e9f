import { z } from "zod";
import { isDecimalString } from "./decimal";

/**
 * A non-negative decimal price as a string (`"0.075"`). Numbers are accepted from hand-written JSON
 * and YAML and kept as their shortest decimal form; negative values and exponents are rejected.
 */
export const DecimalStringSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = typeof value === "number" ? numberToDecimal(value) : value.trim();
  if (text.startsWith("-")) {
    ctx.addIssue({ code: "custom", message: "must not be negative" });
    return z.NEVER;
  }
  if (text === "" || !isDecimalString(text)) {
    ctx.addIssue({
      code: "custom",
      message: 'must be a non-negative decimal like "0.075"',
    });
    return z.NEVER;
  }
  return text;
});

function numberToDecimal(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, "");
}

/** A UTC instant in ISO 8601 with an explicit offset, e.g. `2026-08-16T16:00:00Z`. */
export const IsoInstantSchema = z
  .string()
  .refine(
    (text) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) &&
      !Number.isNaN(Date.parse(text)),
    { message: "must be an ISO 8601 instant with a time zone, e.g. 2026-08-16T16:00:00Z" },
  );

/** A calendar date `YYYY-MM-DD`. */
export const IsoDateSchema = z
  .string()
  .refine((text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), {
    message: "must be a date YYYY-MM-DD",
  });

/** A token count: a non-negative integer. */
export const TokenCountSchema = z.number().int().nonnegative();

/**
 * A function-valued option: checked to be a function and passed through as given. (zod 4's
 * `z.function()` hands back a wrapper that parses the arguments and result on every call: a clock
 * read on each request would pay for a zod parse.)
 */
export const functionSchema = <F extends (...args: never[]) => unknown = (...args: never[]) => unknown>(
  what = "must be a function",
) => z.custom<F>((v) => typeof v === "function", what);
