import { ValidationError } from "@tokenwise/core";

/** The flags a command takes: each `--name` takes a value (`"value"`) or stands alone (`"switch"`). */
export type FlagSpec = Readonly<Record<string, "value" | "switch">>;

/** A command line split into known flags and positional arguments. */
export interface ParsedFlags {
  values: Map<string, string>;
  switches: Set<string>;
  positionals: string[];
}

/**
 * Splits `argv` by `spec` before any work is done: an unknown flag, a flag given twice, or a value flag
 * without a value is a `ValidationError` naming the flag (and the flags the command knows).
 *
 * @example
 * parseFlags(["data.jsonl", "--folds", "5"], { "--folds": "value" }, "bench") // positionals ["data.jsonl"]
 */
export function parseFlags(argv: readonly string[], spec: FlagSpec, command: string): ParsedFlags {
  const out: ParsedFlags = { values: new Map(), switches: new Set(), positionals: [] };
  const known = Object.keys(spec).sort().join(", ");
  const fail = (path: string, message: string, value?: string): never => {
    throw new ValidationError({
      source: "arguments",
      issues: [value === undefined ? { path: [path], message } : { path: [path], message, value }],
    });
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) {
      out.positionals.push(arg);
      continue;
    }
    const kind = spec[arg];
    if (kind === undefined) fail(arg, `unknown flag (${command} takes ${known || "no flags"})`);
    if (out.values.has(arg) || out.switches.has(arg)) fail(arg, "given twice");
    if (kind === "switch") {
      out.switches.add(arg);
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) fail(arg, "needs a value");
    out.values.set(arg, value!);
    i++;
  }
  return out;
}

/** An integer flag within [min, max], or `fallback` when absent; else a `ValidationError`. */
export function intFlag(
  flags: ParsedFlags,
  name: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const text = flags.values.get(name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ValidationError({
      source: "arguments",
      issues: [
        {
          path: [name],
          message: `must be an integer in ${min}..${max === Number.MAX_SAFE_INTEGER ? "∞" : max}`,
          value: text,
        },
      ],
    });
  }
  return n;
}

/**
 * The error to print: a `ValidationError` with more than `limit` issues is cut to its first `limit`,
 * plus one issue saying how many more there were (the full list stays in the library's error).
 */
export function capIssues(error: unknown, limit = 20): unknown {
  const e = error as ValidationError;
  // isInstance marks every TokenwiseError; only a ValidationError carries issues.
  if (!ValidationError.isInstance(error) || !Array.isArray(e.issues) || e.issues.length <= limit)
    return error;
  return new ValidationError({
    source: e.source,
    issues: [
      ...e.issues.slice(0, limit),
      { path: [], message: `… and ${e.issues.length - limit} more issues` },
    ],
    cause: e,
  });
}
