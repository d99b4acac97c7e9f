import type { z } from "zod";
import { ValidationError, type ValidationIssue } from "./errors";

/**
 * Parses `data` with a zod schema, throwing a `ValidationError` whose issues carry the zod path,
 * the message and the offending value — `source` names the file or object being read.
 *
 * @example
 * parseWith(PriceVersionSchema, json, "prices.yaml")
 */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown, source: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    const value = valueAt(data, path);
    return value === undefined ? { path, message: issue.message } : { path, message: issue.message, value };
  });
  throw new ValidationError({ source, issues, cause: result.error });
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}
