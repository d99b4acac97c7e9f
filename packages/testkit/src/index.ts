export type { BatchSimSettings, SimBatch } from "./batch-api";
export { type BillingEntry, type BillingOutcome, isBilled, type Settlement } from "./billing-log";
export { TestkitConfigError } from "./errors";
export { FAULT_KINDS, type FaultKind, type FaultPlan, type FaultSettings } from "./faults";
export {
  FEED_PATHS,
  type FeedPathFormat,
  type FeedPrice,
  type FeedRequest,
  type FeedServer,
  feedBody,
  perTokenString,
} from "./feeds";
export { DEFAULT_LATENCY, type LatencySettings } from "./latency";
export { cacheSettingsFor, type PromptCacheSettings } from "./prompt-cache";
export {
  type RecordedChatMessage,
  ReplayExhaustedError,
  type ResponseSource,
  type SimFinishReason,
  type SimResponse,
} from "./response-source";
export { simProvidersFor } from "./sim-providers-for";
export {
  lastUserText,
  type SimMessage,
  type SimRequest,
  type SimTool,
  type SimToolCall,
  type SimToolChoice,
} from "./sim-request";
export {
  DEFAULT_PROVIDERS,
  type SimModelConfig,
  type SimProviderConfig,
  startTestkit,
  type Testkit,
  type TestkitOptions,
} from "./testkit-server";
export { type BaseEncoding, type BiasedTokenizer, O200K_BIASED, type TokenizerSpec } from "./tokenizer";
