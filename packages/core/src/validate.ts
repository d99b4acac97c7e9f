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
  throw new ValidationError({ source, issues: issuesFromZod(result.error, data), cause: result.error });
}

/** zod's issues as {@link ValidationIssue}s: the path, the message and the value found at the path in `data`. */
export function issuesFromZod(error: z.ZodError, data: unknown): ValidationIssue[] {
  return flatten(error.issues, []).map((issue) => {
    const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    const value = valueAt(data, path);
    return value === undefined ? { path, message: issue.message } : { path, message: issue.message, value };
  });
}

/**
 * A single unknown field is reported at its own path. A union's "Invalid input" says nothing: when
 * exactly one branch accepted the value's type (its issues are not all a type mismatch at the union's
 * own path), that branch's issues are the useful ones.
 */
function flatten(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[]): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const typed = issue.errors.filter((branch) =>
        branch.some((b) => b.code !== "invalid_type" || b.path.length > 0),
      );
      if (typed.length === 1) {
        out.push(...flatten(typed[0]!, path));
        continue;
      }
    }
    // One unknown field: the issue is about that field, its value the field's value.
    if (issue.code === "unrecognized_keys" && issue.keys.length === 1) path.push(issue.keys[0]!);
    out.push({ ...issue, path });
  }
  return out;
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}
