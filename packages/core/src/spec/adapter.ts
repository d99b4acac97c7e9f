import type { ThinkingMode } from "../price-version";
import type { Usage } from "../usage";
import type { FinishReason } from "./finish-reason";
import type { ModelRequest, ReasoningEffortLevel, ToolCall } from "./messages";
import type { StreamPart } from "./stream-parts";

/**
 * How a model's provider caches prompt prefixes (model data, not a provider-name check).
 * `automatic`: the provider caches eligible prefixes by itself (OpenAI, DeepSeek); `explicit`: the
 * request marks breakpoints (Anthropic `cache_control`).
 */
export interface PromptCachePolicy {
  mode: "automatic" | "explicit";
  /** Smallest prefix the provider caches, in tokens: shorter prompts are expected to read nothing. */
  minPrefixTokens: number;
  /**
   * Cache lifetimes the request can choose (e.g. `["5m", "1h"]`); the first is what the adapter asks
   * for. Empty for automatic caches whose lifetime the provider manages.
   */
  ttls: readonly ("5m" | "1h")[];
  /**
   * Cache read price as a multiple of the input price, used only when a price version does not price
   * cache reads itself (e.g. 0.1). Absent: the cost falls back to the input rate, flagged.
   */
  readMultiplier?: number;
  /** Cache write (first TTL) price as a multiple of the input price, when a version does not price it. */
  writeMultiplier?: number;
  /** Where these facts come from, and when they were read. */
  source?: { url: string; asOf: string; note?: string | undefined };
}

/** One call to one model through an adapter. */
export interface AdapterCall {
  provider: string;
  /** The model id as the provider's API takes it: the catalog entry's `apiId`, else its `id`. */
  model: string;
  request: ModelRequest;
  /** Output bound sent to the provider: decided once by the router. */
  maxOutputTokens: number;
  /** Aborts this attempt (caller abort, `break` out of a stream, the latency deadline). */
  signal: AbortSignal;
  /**
   * The model's prompt-cache behaviour (its catalog `promptCache`); absent when the model has none or
   * the router runs with `promptCaching: false`. An `explicit` policy asks the adapter to mark cache
   * breakpoints with the first TTL.
   */
  promptCache?: PromptCachePolicy;
  /** The request's reasoning effort, set only for models with the `reasoning` capability. */
  reasoningEffort?: ReasoningEffortLevel;
  /**
   * The conversation this call belongs to (`RouterRequest.sessionId`, set by router sessions): adapters
   * use it for the provider's own cache controls (OpenAI `prompt_cache_key`; Anthropic top-level
   * automatic `cache_control`), so that the conversation's turns find their cached prefix.
   */
  sessionId?: string;
  /**
   * The thinking mode to switch a hybrid model to, and the model's switch (its `thinkingSwitch`):
   * the mode the call is priced and billed in. Set only for models with a switch when the request
   * asks for thinking (any `reasoningEffort`) or the price version prices the modes apart (then its
   * default mode is sent explicitly). Absent: send no switch.
   */
  thinking?: { mode: ThinkingMode; switch: "enable_thinking" | "thinking-type" };
}

/** A complete (non-streaming) answer, normalized. */
export interface AdapterResponse {
  text: string;
  /** Reasoning text the provider returned, when it returns any. */
  reasoning?: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage: Usage;
  requestId?: string;
  raw: unknown;
}

/**
 * A streaming answer: parts as they come. `usage()` is what the provider reported so far (Anthropic
 * sends input usage first), undefined when nothing was reported. `cancel()` closes the HTTP stream
 * (idempotent); aborting the call's signal does the same.
 */
export interface AdapterStream extends AsyncIterable<StreamPart> {
  usage(): Usage | undefined;
  /** The provider's request id from the response headers. */
  requestId?: string;
  cancel(reason?: unknown): void;
}

/**
 * A provider wire protocol. Every failure is thrown as core's `ProviderError` with the right `kind` and
 * `retryable` flag (HTTP status via `classifyStatus`, `retryAfterMs` from the headers, a broken or
 * malformed stream as `stream` / `malformed-response`, an abort of `call.signal` as `aborted`), its
 * message redacted of `settings.secrets`, so the router can retry, fail over and account without
 * knowing the wire format. Stream parts follow the order documented on {@link StreamPart}. The
 * router's conformance suite (`test/conformance/`) checks all of this against the testkit.
 */
export interface ProviderAdapter {
  generate(call: AdapterCall): Promise<AdapterResponse>;
  stream(call: AdapterCall): Promise<AdapterStream>;
}

/** What an adapter factory is built with, per provider. */
export interface AdapterSettings {
  /** Provider key (`openai`, `deepseek`, …). */
  provider: string;
  apiKey: string;
  baseURL: string;
  headers?: Record<string, string>;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof globalThis.fetch;
  /** Secrets to redact from every message the adapter produces. */
  secrets: readonly string[];
}

/** Builds a {@link ProviderAdapter} for one provider. */
export type AdapterFactory = (settings: AdapterSettings) => ProviderAdapter;

/**
 * The adapter registry: API style (an open string, the model's `api`) → factory. The router ships
 * `openai` and `anthropic`; register more with `createRouter({ adapters: { mystyle: factory } })`.
 */
export type AdapterRegistry = Readonly<Record<string, AdapterFactory>>;
