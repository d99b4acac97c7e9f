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
export { type BillingEntry, BillingLog, type BillingOutcome, isBilled, type Settlement } from "./billing-log";
export { main } from "./cli";
export { TestkitConfigError } from "./errors";
export { FAULT_KINDS, type FaultKind, type FaultPlan, FaultSchedule, type FaultSettings } from "./faults";
export { DEFAULT_LATENCY, type LatencyPlan, type LatencySettings, planLatency } from "./latency";
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
export {
  type RecordedChatMessage,
  ReplayExhaustedError,
  type ResponseSource,
  responder,
  type SimFinishReason,
  type SimResponse,
} from "./response-source";
export { simProvidersFor } from "./sim-providers-for";
export {
  lastUserText,
  type PromptUnit,
  parseAnthropicRequest,
  parseOpenAIRequest,
  type RequestMeta,
  type SimMessage,
  type SimRequest,
  type SimTool,
  type SimToolCall,
  WireRequestError,
} from "./sim-request";
export { type DeliveredPiece, formatSse, type StreamEvent } from "./stream-event";
export {
  DEFAULT_PROVIDERS,
  type SimModelConfig,
  type SimProviderConfig,
  startTestkit,
  type Testkit,
  type TestkitOptions,
} from "./testkit-server";
export {
  type BaseEncoding,
  type BiasedTokenizer,
  loadTokenCounter,
  O200K_BIASED,
  resolveTokenizerSpec,
  type TokenCounter,
  type TokenizerSpec,
} from "./tokenizer";
