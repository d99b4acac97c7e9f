import type { AdapterRegistry } from "@tokenwise/core";
import { createAnthropicAdapter } from "./anthropic";
import { createOpenAIAdapter } from "./openai";

/**
 * The adapters the router ships, by API style: `openai` (OpenAI and every OpenAI-compatible endpoint)
 * and `anthropic`. `createRouter({ adapters })` merges its registry over these.
 */
export const builtinAdapters: AdapterRegistry = Object.freeze({
  openai: createOpenAIAdapter,
  anthropic: createAnthropicAdapter,
});

export { createAnthropicAdapter, toAnthropicBody, toAnthropicMessages } from "./anthropic";
export { mapAnthropicFinishReason } from "./map-anthropic-finish-reason";
export { mapOpenAIFinishReason } from "./map-openai-finish-reason";
export { createOpenAIAdapter, toOpenAIBody } from "./openai";
export {
  classifyStatus,
  type ProviderErrorContext,
  retryAfterMs,
  toProviderError,
  withProviderErrors,
} from "./provider-error";
export { sdkClientOptions } from "./sdk-client-options";
