import {
  type AdapterCall,
  type AdapterResponse,
  type AdapterSettings,
  type AdapterStream,
  classifyStatus,
  type ProviderAdapter,
  ProviderError,
  retryAfterMs,
  type StreamPart,
} from "@tokenwise/core";

export { classifyStatus, retryAfterMs } from "@tokenwise/core";

import { redact } from "../provider-settings";

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

function errorBodyType(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as { type?: unknown; error?: { type?: unknown } };
  if (typeof b.error?.type === "string") return b.error.type;
  return typeof b.type === "string" ? b.type : undefined;
}

/** What {@link toProviderError} needs to know about the failed call. */
export interface ProviderErrorContext {
  provider: string;
  model: string;
  /** Redacted from every message. */
  secrets: readonly string[];
  /** The call's signal: when it has aborted, the failure is an `aborted` error whatever was thrown. */
  signal?: AbortSignal;
}

/**
 * Normalizes what an SDK (or any adapter) threw into a {@link ProviderError}, its message redacted of
 * `secrets`. The message is the provider's own: `provider` and `model` are fields of the error (and
 * of the router's attempt report), never repeated in the text. The raw SDK error is not kept as
 * `cause`: it can carry request details; status, kind, retry-after and the request id are kept instead.
 */
export function toProviderError(
  error: unknown,
  { provider, model, secrets, signal }: ProviderErrorContext,
): ProviderError {
  if (error instanceof ProviderError) return error;
  const base = { provider, model };
  const text = (m: string) => redact(m, secrets);
  if (signal?.aborted) {
    return new ProviderError({
      ...base,
      kind: "aborted",
      retryable: false,
      message: "the call's signal aborted the request",
      cause: signal.reason,
    });
  }
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

/**
 * Makes an adapter keep the contract's error rule: whatever `generate`, `stream` or the stream's
 * iteration throws comes out as a {@link ProviderError} (see {@link toProviderError}), with
 * `settings.secrets` redacted. The built-in adapters are wrapped in it; an adapter of your own may be.
 *
 * @example
 * const factory: AdapterFactory = (settings) => withProviderErrors(settings, myAdapter(settings));
 */
export function withProviderErrors(settings: AdapterSettings, adapter: ProviderAdapter): ProviderAdapter {
  const classify = (call: AdapterCall, error: unknown) =>
    toProviderError(error, {
      provider: settings.provider,
      model: call.model,
      secrets: settings.secrets,
      signal: call.signal,
    });
  return {
    async generate(call: AdapterCall): Promise<AdapterResponse> {
      try {
        return await adapter.generate(call);
      } catch (error) {
        throw classify(call, error);
      }
    },
    async stream(call: AdapterCall): Promise<AdapterStream> {
      let inner: AdapterStream;
      try {
        inner = await adapter.stream(call);
      } catch (error) {
        throw classify(call, error);
      }
      async function* parts(): AsyncGenerator<StreamPart> {
        try {
          yield* inner;
        } catch (error) {
          throw classify(call, error);
        } finally {
          // Leaving early (`break`, a throw downstream) closes the HTTP stream.
          inner.cancel();
        }
      }
      const iterable = parts();
      const out: AdapterStream = {
        [Symbol.asyncIterator]: () => iterable,
        usage: () => inner.usage(),
        cancel: (reason?: unknown) => inner.cancel(reason),
      };
      if (inner.requestId !== undefined) out.requestId = inner.requestId;
      return out;
    },
  };
}
