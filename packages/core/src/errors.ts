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
}

/** One problem found while validating data, with its path (zod style: `["models", 3, "prices", 0, "input"]`). */
export interface ValidationIssue {
  path: (string | number)[];
  message: string;
  /** The offending value, when it is known. */
  value?: unknown;
}

/** Data (a price table, a request, options) failed validation. Every issue names its path. */
export class ValidationError extends TokenwiseError {
  readonly issues: ValidationIssue[];
  readonly source: string;

  constructor({ source, issues, cause }: { source: string; issues: ValidationIssue[]; cause?: unknown }) {
    super({ message: `${source}: ${issues.map(formatIssue).join("; ")}`, cause });
    this.name = "ValidationError";
    this.issues = issues;
    this.source = source;
  }
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
