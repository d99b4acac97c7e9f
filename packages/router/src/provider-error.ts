import { classifyStatus, ProviderError, retryAfterMs } from "@tokenwise/core";

export { classifyStatus, retryAfterMs } from "@tokenwise/core";

import { redact } from "./provider-settings";

interface HeaderBag {
  get(name: string): string | null;
}

interface SdkApiErrorLike {
  status?: number | undefined;
  headers?: HeaderBag | undefined;
  requestID?: string | null | undefined;
  error?: unknown;
  message: string;
  name: string;
}

function isApiErrorLike(error: unknown): error is SdkApiErrorLike {
  return error instanceof Error && ("status" in error || "headers" in error) && "error" in error;
}

/** True for an abort of the SDK request (ours or the caller's). */
export function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === "AbortError" || error.name === "APIUserAbortError" || /aborted/i.test(error.name))
  );
}

function errorBodyType(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as { type?: unknown; error?: { type?: unknown } };
  if (typeof b.error?.type === "string") return b.error.type;
  return typeof b.type === "string" ? b.type : undefined;
}

/**
 * Normalizes what an SDK threw into a {@link ProviderError} (messages redacted of `secrets`). The raw
 * SDK error is not kept as `cause`: it can carry request details; status, kind, retry-after and the
 * request id are kept instead.
 */
export function toProviderError(
  error: unknown,
  { provider, model, secrets }: { provider: string; model: string; secrets: readonly string[] },
): ProviderError {
  if (error instanceof ProviderError) return error;
  const base = { provider, model };
  const text = (m: string) => redact(`${provider}/${model}: ${m}`, secrets);
  if (isApiErrorLike(error)) {
    const name = error.constructor.name;
    if (name === "APIConnectionTimeoutError" || name === "APIConnectionError") {
      return new ProviderError({
        ...base,
        kind: "connection",
        retryable: true,
        message: text(error.message),
      });
    }
    const requestId = error.requestID ?? undefined;
    if (typeof error.status === "number") {
      const { kind, retryable } = classifyStatus(error.status);
      const after = retryAfterMs(error.headers);
      return new ProviderError({
        ...base,
        kind,
        retryable,
        status: error.status,
        message: text(error.message),
        ...(after !== undefined ? { retryAfterMs: after } : {}),
        ...(requestId ? { requestId } : {}),
      });
    }
    // An error inside a stream (OpenAI `data: {"error":…}`, Anthropic `event: error`).
    const type = errorBodyType(error.error);
    return new ProviderError({
      ...base,
      kind: type === "overloaded_error" ? "overloaded" : "stream",
      retryable: true,
      message: text(error.message || `stream error ${type ?? ""}`),
    });
  }
  if (error instanceof Error && error.name === "StreamEndedEarlyError") {
    return new ProviderError({ ...base, kind: "stream", retryable: true, message: text(error.message) });
  }
  if (error instanceof SyntaxError) {
    return new ProviderError({
      ...base,
      kind: "malformed-response",
      retryable: true,
      message: text(error.message),
    });
  }
  if (error instanceof Error) {
    const connectionLike =
      /ECONNRESET|socket|terminated|fetch failed|network|premature|closed|EPIPE|other side closed/i.test(
        `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}`,
      );
    return new ProviderError({
      ...base,
      kind: connectionLike ? "connection" : "unknown",
      retryable: connectionLike,
      message: text(`${error.name}: ${error.message}`),
    });
  }
  return new ProviderError({ ...base, kind: "unknown", retryable: false, message: text(String(error)) });
}
