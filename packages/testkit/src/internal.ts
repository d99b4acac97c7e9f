// @tokenwise/testkit/internal: the simulation's parts (wire bodies and SSE events of both protocols,
// request parsing, answer planning, prompt cache, billing log, PRNG, tokenizers, the CLI). Not covered
// by semver: use the root entry point.
export { type AnswerPlan, type PlannedToolCall, planAnswer, splitArguments, splitText } from "./answer-plan";
export {
  type AnthropicContext,
  type AnthropicWireUsage,
  anthropicErrorBody,
  anthropicMessage,
  anthropicStreamEvents,
  anthropicUsage,
  stopReason,
} from "./anthropic-wire";
export { BillingLog } from "./billing-log";
export { main } from "./cli";
export { FaultSchedule } from "./faults";
export { type LatencyPlan, planLatency } from "./latency";
export {
  errorStatus,
  type OpenAIContext,
  type OpenAIWireUsage,
  openAICompletion,
  openAIErrorBody,
  openAIStreamEvents,
  openAIUsage,
  type WireErrorKind,
} from "./openai-wire";
export { createPrng, hashString, makeId, type Prng } from "./prng";
export { PromptCache, type PromptCacheSettings, type PromptTokenSplit } from "./prompt-cache";
export { responder } from "./response-source";
export {
  type PromptUnit,
  parseAnthropicRequest,
  parseOpenAIRequest,
  type RequestMeta,
  WireRequestError,
} from "./sim-request";
export { type DeliveredPiece, formatSse, type StreamEvent } from "./stream-event";
export { loadTokenCounter, resolveTokenizerSpec, type TokenCounter } from "./tokenizer";
export { applyToolChoice, sampleFromSchema } from "./tool-choice";
