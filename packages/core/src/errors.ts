import { moneyToDecimal } from "./money";

const MARKER = Symbol.for("tokenwise.error");

/** Options shared by every tokenwise error. */
export interface TokenwiseErrorOptions {
  /** Human-readable message: what was wrong and where. */
  message: string;
  /** The underlying error, if any. */
  cause?: unknown;
  /** Whether retrying the same operation may succeed. */
  retryable?: boolean;
}

/**
 * Root of every error tokenwise throws. Use `TokenwiseError.isInstance(e)` rather than
 * `instanceof` so that errors from another copy of the package are recognised too.
 */
export class TokenwiseError extends Error {
  readonly retryable: boolean;
  override readonly cause?: unknown;

  constructor({ message, cause, retryable = false }: TokenwiseErrorOptions) {
    super(message);
    Object.defineProperty(this, MARKER, { value: true });
    this.name = "TokenwiseError";
    this.cause = cause;
    this.retryable = retryable;
  }

  static isInstance(error: unknown): error is TokenwiseError {
    return typeof error === "object" && error !== null && MARKER in error;
  }

  /**
   * A JSON-safe view, so that `JSON.stringify(error)` works for every error class: `name`, `message`,
   * `retryable`, every own field (bigints as decimal strings, Money as `{ currency, amount }` with the
   * exact decimal amount, dates as ISO strings, nested errors alike) and `cause`, serialized to a
   * bounded depth. Long strings and arrays are cut, cycles are marked.
   *
   * @example
   * try { await router.generate(request); } catch (e) { logger.error(JSON.stringify(e)); }
   */
  toJSON(): Record<string, unknown> {
    return errorToJSON(this, new Set(), 0);
  }
}

/** How deep nested values (and a chain of causes) are serialized. */
const MAX_DEPTH = 8;
const MAX_STRING = 2_000;
const MAX_ITEMS = 100;
const SKIPPED_FIELDS = new Set(["name", "message", "retryable", "cause", "stack"]);

function errorToJSON(error: Error, seen: Set<object>, depth: number): Record<string, unknown> {
  seen.add(error);
  const out: Record<string, unknown> = { name: error.name, message: toJsonValue(error.message, seen, depth) };
  if (TokenwiseError.isInstance(error)) out.retryable = error.retryable;
  for (const key of Object.keys(error)) {
    if (SKIPPED_FIELDS.has(key)) continue;
    const value = toJsonValue((error as unknown as Record<string, unknown>)[key], seen, depth + 1);
    if (value !== undefined) out[key] = value;
  }
  if (error.cause !== undefined) out.cause = toJsonValue(error.cause, seen, depth + 1);
  seen.delete(error);
  return out;
}

function isMoney(value: object): value is { currency: string; atto: bigint } {
  const v = value as { currency?: unknown; atto?: unknown };
  return typeof v.atto === "bigint" && typeof v.currency === "string";
}

/** Any value as plain JSON data (see {@link TokenwiseError.toJSON}); undefined for what JSON drops. */
function toJsonValue(value: unknown, seen: Set<object>, depth: number): unknown {
  switch (typeof value) {
    case "string":
      return value.length > MAX_STRING
        ? `${value.slice(0, MAX_STRING)}… (${value.length - MAX_STRING} more characters)`
        : value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "boolean":
      return value;
    case "bigint":
      return value.toString();
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) return "[Circular]";
  if (depth > MAX_DEPTH) return "[Truncated]";
  if (obj instanceof Error) return errorToJSON(obj, seen, depth);
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? null : obj.toISOString();
  if (isMoney(obj)) return { currency: obj.currency, amount: moneyToDecimal(obj) };
  seen.add(obj);
  try {
    if (Array.isArray(obj) || obj instanceof Set) {
      const items = [...obj];
      const out = items.slice(0, MAX_ITEMS).map((item) => toJsonValue(item, seen, depth + 1) ?? null);
      if (items.length > MAX_ITEMS) out.push(`… (${items.length - MAX_ITEMS} more items)`);
      return out;
    }
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return toJsonValue(toJSON.call(obj), seen, depth);
    const entries = obj instanceof Map ? [...obj.entries()] : Object.entries(obj);
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries.slice(0, MAX_ITEMS)) {
      const v = toJsonValue(item, seen, depth + 1);
      if (v !== undefined) out[String(key)] = v;
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

/** One problem found while validating data, with its path (zod style: `["models", 3, "prices", 0, "input"]`). */
export interface ValidationIssue {
  path: (string | number)[];
  message: string;
  /** The offending value, when it is known; large values are kept as a bounded preview. */
  value?: unknown;
}

/** Data (a price table, a request, options) failed validation. Every issue names its path. */
export class ValidationError extends TokenwiseError {
  readonly issues: ValidationIssue[];
  readonly source: string;

  constructor({ source, issues, cause }: { source: string; issues: ValidationIssue[]; cause?: unknown }) {
    const bounded = issues.map((issue) =>
      "value" in issue ? { ...issue, value: previewValue(issue.value, 0) } : issue,
    );
    super({ message: `${source}: ${bounded.map(formatIssue).join("; ")}`, cause });
    this.name = "ValidationError";
    this.issues = bounded;
    this.source = source;
  }
}

const PREVIEW_STRING = 200;
const PREVIEW_ITEMS = 10;

/**
 * A bounded copy of an offending value: an issue about one message of a 300 KB history must not carry
 * (or print) the history. Strings over 200 characters, collections over 10 items and nesting deeper
 * than 3 levels are cut, with a note of what was left out; small values are kept as they are.
 */
function previewValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") {
    return value.length > PREVIEW_STRING
      ? `${value.slice(0, PREVIEW_STRING)}… (${value.length - PREVIEW_STRING} more characters)`
      : value;
  }
  if (typeof value !== "object" || value === null || value instanceof Date || value instanceof Error) {
    return value;
  }
  if (Array.isArray(value)) {
    if (depth >= 3) return `[array of ${value.length}]`;
    const out = value.slice(0, PREVIEW_ITEMS).map((v) => previewValue(v, depth + 1));
    if (value.length > PREVIEW_ITEMS) out.push(`… (${value.length - PREVIEW_ITEMS} more items)`);
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  if (depth >= 3) return "[object]";
  const keys = Object.keys(value);
  const out: Record<string, unknown> = {};
  for (const key of keys.slice(0, PREVIEW_ITEMS)) {
    out[key] = previewValue((value as Record<string, unknown>)[key], depth + 1);
  }
  if (keys.length > PREVIEW_ITEMS) out["…"] = `${keys.length - PREVIEW_ITEMS} more keys`;
  return out;
}

function formatIssue(issue: ValidationIssue): string {
  const path = issue.path.length > 0 ? issue.path.join(".") : "(root)";
  const value = issue.value === undefined ? "" : ` (got ${safeJson(issue.value)})`;
  return `${path}: ${issue.message}${value}`;
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

/** No price is known for this model at this instant: routing treats the model as unavailable. */
export class PriceUnavailableError extends TokenwiseError {
  readonly modelId: string;
  readonly at: Date;
  constructor({ modelId, at, reason }: { modelId: string; at: Date; reason: string }) {
    super({ message: `No price for ${modelId} at ${at.toISOString()}: ${reason}` });
    this.name = "PriceUnavailableError";
    this.modelId = modelId;
    this.at = at;
  }
}

/** A conversion between currencies was asked for and the FX table has no usable rate. */
export class FxRateMissingError extends TokenwiseError {
  readonly from: string;
  readonly to: string;
  constructor({ from, to, at }: { from: string; to: string; at: Date }) {
    super({ message: `No FX rate from ${from} to ${to} dated on or before ${at.toISOString()}` });
    this.name = "FxRateMissingError";
    this.from = from;
    this.to = to;
  }
}

/** A model id that the catalog does not know. */
export class UnknownModelError extends TokenwiseError {
  readonly modelId: string;
  constructor({ modelId, known }: { modelId: string; known?: string[] }) {
    const hint =
      known && known.length > 0
        ? ` (known: ${known.slice(0, 8).join(", ")}${known.length > 8 ? ", …" : ""})`
        : "";
    super({ message: `Unknown model "${modelId}"${hint}` });
    this.name = "UnknownModelError";
    this.modelId = modelId;
  }
}
