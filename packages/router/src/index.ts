export {
  createMemoryLedger,
  type EstimateReason,
  type Ledger,
  type LedgerAccuracy,
  type LedgerEntry,
  type LedgerSink,
  type LedgerTotals,
  type MemoryLedgerSettings,
} from "./account/ledger";
export { createAnthropicAdapter, toAnthropicBody, toAnthropicMessages } from "./anthropic-adapter";
export { type CircuitBreaker, type CircuitBreakerSettings, createCircuitBreaker } from "./circuit-breaker";
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
export { DEFAULT_RETRY, type RetrySettings } from "./execute/retry";
export {
  createMemoryLatencyStore,
  type LatencyStat,
  type LatencyStore,
  latencyPrior,
  observeLatency,
  predictLatency,
} from "./latency-stats";
export { mapAnthropicFinishReason } from "./map-anthropic-finish-reason";
export { mapOpenAIFinishReason } from "./map-openai-finish-reason";
export { createOpenAIAdapter, toOpenAIBody } from "./openai-adapter";
export { createPrefixTracker, type PrefixTracker } from "./prefix-tracker";
export type { AdapterCall, AdapterResponse, AdapterStream, ProviderAdapter } from "./provider-adapter";
export { classifyStatus, retryAfterMs, toProviderError } from "./provider-error";
export { apiKeyEnvFor, DEFAULT_PROVIDERS, type ProviderSettings } from "./provider-settings";
export { reportToJSON } from "./report/report";
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
