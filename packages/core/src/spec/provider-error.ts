import { TokenwiseError } from "../errors";

/** Failure kinds, from the HTTP status or the transport. */
export type ProviderErrorKind =
  | "bad-request"
  | "authentication"
  | "permission"
  | "not-found"
  | "timeout"
  | "conflict"
  | "unprocessable"
  | "rate-limit"
  | "server"
  | "overloaded"
  | "connection"
  | "stream"
  | "malformed-response"
  /** The call's signal aborted it (the caller, a deadline): never retried by the adapter's own say. */
  | "aborted"
  | "unknown";

/**
 * A provider call failed. `status` is the HTTP status when there was one; `retryable` says whether
 * the router retries it (408, 409, 429, 5xx, 529, connection errors, broken streams). Every adapter
 * throws this, so the router retries, fails over and accounts without knowing the wire format.
 */
export class ProviderError extends TokenwiseError {
  readonly provider: string;
  readonly model: string;
  readonly status: number | undefined;
  /** Delay the provider asked for (`retry-after-ms` / `retry-after`), in ms. */
  readonly retryAfterMs: number | undefined;
  /** The provider's request id, when it sent one. */
  readonly requestId: string | undefined;
  /** What kind of failure this is. */
  readonly kind: ProviderErrorKind;

  constructor(options: {
    provider: string;
    model: string;
    message: string;
    kind: ProviderErrorKind;
    status?: number;
    retryable: boolean;
    retryAfterMs?: number;
    requestId?: string;
    cause?: unknown;
  }) {
    super({ message: options.message, retryable: options.retryable, cause: options.cause });
    this.name = "ProviderError";
    this.provider = options.provider;
    this.model = options.model;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.requestId = options.requestId;
    this.kind = options.kind;
  }
}

/** A provider's stream ended without its closing event (no finish reason / `message_stop`). */
export class StreamEndedEarlyError extends TokenwiseError {
  constructor(message: string) {
    super({ message, retryable: true });
    this.name = "StreamEndedEarlyError";
  }
}

/** HTTP status → kind and whether the router retries it. */
export function classifyStatus(status: number): { kind: ProviderErrorKind; retryable: boolean } {
  if (status === 408) return { kind: "timeout", retryable: true };
  if (status === 409) return { kind: "conflict", retryable: true };
  if (status === 429) return { kind: "rate-limit", retryable: true };
  if (status === 529) return { kind: "overloaded", retryable: true };
  if (status >= 500) return { kind: "server", retryable: true };
  if (status === 400) return { kind: "bad-request", retryable: false };
  if (status === 401) return { kind: "authentication", retryable: false };
  if (status === 403) return { kind: "permission", retryable: false };
  if (status === 404) return { kind: "not-found", retryable: false };
  if (status === 413 || status === 422) return { kind: "unprocessable", retryable: false };
  return { kind: "unknown", retryable: false };
}

interface HeaderBag {
  get(name: string): string | null;
}

/** Delay asked for by `retry-after-ms`, else `retry-after` (seconds or an HTTP date), in ms. */
export function retryAfterMs(headers: HeaderBag | undefined, nowMs: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null) {
    const v = Number.parseFloat(ms);
    if (Number.isFinite(v) && v >= 0) return v;
  }
  const after = headers.get("retry-after");
  if (after !== null) {
    const seconds = Number.parseFloat(after);
    if (Number.isFinite(seconds) && seconds >= 0 && /^\s*[\d.]+\s*$/.test(after)) return seconds * 1000;
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  return undefined;
}
