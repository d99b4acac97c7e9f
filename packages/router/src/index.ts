export { createAnthropicAdapter, toAnthropicBody, toAnthropicMessages } from "./anthropic-adapter";
export {
  type BreakerState,
  type BreakerStore,
  type CircuitBreaker,
  type CircuitBreakerSettings,
  createCircuitBreaker,
} from "./circuit-breaker";
export {
  AllCandidatesFailedError,
  CallAbortedError,
  DeadlineExceededError,
  MissingApiKeyError,
  NoCandidateError,
  ProviderError,
  type ProviderErrorKind,
  StreamInterruptedError,
} from "./errors";
export {
  createMemoryLatencyStore,
  type LatencyStat,
  type LatencyStore,
  latencyPrior,
  observeLatency,
  predictLatency,
} from "./latency-stats";
export { createMemoryLedger, type Ledger, type LedgerEntry } from "./ledger";
export { mapAnthropicFinishReason } from "./map-anthropic-finish-reason";
export { mapOpenAIFinishReason } from "./map-openai-finish-reason";
export { createOpenAIAdapter, toOpenAIBody } from "./openai-adapter";
export { createPrefixTracker, type PrefixTracker, type PrefixTrackerSettings } from "./prefix-tracker";
export type { AdapterCall, AdapterResponse, AdapterStream, ProviderAdapter } from "./provider-adapter";
export { classifyStatus, retryAfterMs, toProviderError } from "./provider-error";
export { apiKeyEnvFor, DEFAULT_PROVIDERS, type ProviderSettings } from "./provider-settings";
export { reportToJSON } from "./report";
export { DEFAULT_RETRY, type RetrySettings } from "./retry";
export { createRouter, type PlanOptions, type Router, type RouterSettings } from "./router";
export {
  type CandidateScore,
  cheapestPolicy,
  type PolicyContext,
  type RoutingPolicy,
  strongestPolicy,
  tradeoffPolicy,
} from "./routing-policy";
export {
  createHeuristicEstimator,
  type ReasoningForecast,
  type TokenEstimate,
  type TokenEstimator,
  type WholeRequestEstimator,
  withRequestEstimator,
} from "./token-estimator";
export type {
  AttemptReport,
  CallReport,
  ChatMessage,
  Constraints,
  ContentPart,
  FinishReason,
  ImagePart,
  OutputReserve,
  Plan,
  RankedCandidate,
  RejectedCandidate,
  ResponseFormat,
  RouterRequest,
  RouterResult,
  RouterStream,
  StreamPart,
  TextPart,
  TokenCounts,
  ToolCall,
  ToolChoice,
  ToolDefinition,
  UnifiedFinishReason,
} from "./types";
