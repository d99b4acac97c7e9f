import type { Usage } from "@tokenwise/core";
import type { FinishReason, RouterRequest, StreamPart, ToolCall } from "./types";

/** One call to one model through an adapter. */
export interface AdapterCall {
  provider: string;
  /** The model id as the provider spells it. */
  model: string;
  request: RouterRequest;
  /** Output bound sent to the provider. */
  maxOutputTokens: number;
  /** Aborts this attempt (caller abort or the latency deadline). */
  signal: AbortSignal;
  /** Anthropic only: add `cache_control` breakpoints so the prompt prefix is cached. */
  promptCaching: boolean;
  /**
   * The request's reasoning effort, set only for models with the `reasoning` capability. Sent as
   * `reasoning_effort` by the OpenAI adapter to `openai`; not sent elsewhere (Anthropic's `thinking`
   * budget conflicts with temperature and forced tool choice, so no mapping is attempted).
   */
  reasoningEffort?: "low" | "medium" | "high";
}

/** A complete (non-streaming) answer, normalized. */
export interface AdapterResponse {
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage: Usage;
  requestId?: string;
  raw: unknown;
}

/** A streaming answer: parts as they come; `usage()` is what the provider reported so far. */
export interface AdapterStream extends AsyncIterable<StreamPart> {
  /** Usage reported by the provider so far (Anthropic sends input usage first), or undefined. */
  usage(): Usage | undefined;
  /** The provider's request id from the response headers. */
  requestId?: string;
}

/** A provider wire protocol over its official SDK client. */
export interface ProviderAdapter {
  generate(call: AdapterCall): Promise<AdapterResponse>;
  stream(call: AdapterCall): Promise<AdapterStream>;
}

/** Endpoint and credentials an adapter's SDK client is built with. */
export interface SdkClientSettings {
  apiKey: string;
  baseURL: string;
  headers?: Record<string, string>;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof globalThis.fetch;
}

/**
 * Options shared by both official clients: the router owns retries (`maxRetries: 0`, never stacked
 * loops) and timeouts (its deadline aborts through the signal, so the SDK's own is set out of the way).
 */
export function sdkClientOptions(settings: SdkClientSettings) {
  return {
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    maxRetries: 0,
    timeout: 24 * 60 * 60 * 1000,
    ...(settings.headers ? { defaultHeaders: settings.headers } : {}),
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  };
}
