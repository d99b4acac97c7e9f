import { createAnthropicBatchAdapter } from "./anthropic-batch";
import type { BatchAdapterFactory } from "./batch-adapter";
import { createOpenAIBatchAdapter } from "./openai-batch";

/** Batch adapters by API style: OpenAI's Batch API and Anthropic's Message Batches. */
export const builtinBatchAdapters: Readonly<Record<string, BatchAdapterFactory>> = Object.freeze({
  openai: createOpenAIBatchAdapter,
  anthropic: createAnthropicBatchAdapter,
});

export { ANTHROPIC_BATCH_LIMITS, createAnthropicBatchAdapter } from "./anthropic-batch";
export {
  type BatchAdapter,
  type BatchAdapterFactory,
  type BatchLimits,
  type BatchLine,
  type BatchLineResult,
  type BatchState,
  BatchStateError,
  type BatchStatus,
  lineError,
} from "./batch-adapter";
export { createOpenAIBatchAdapter, OPENAI_BATCH_LIMITS } from "./openai-batch";
