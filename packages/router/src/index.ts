export type {
  AdapterCall,
  AdapterFactory,
  AdapterRegistry,
  AdapterResponse,
  AdapterSettings,
  AdapterStream,
  PromptCachePolicy,
  ProviderAdapter,
} from "@tokenwise/core";
// Every error the router throws, so that a catch block imports them from where it imports the router.
export {
  BudgetExceededError,
  type BudgetStatus,
  type BudgetStore,
  BudgetStoreError,
  createMemoryBudgetStore,
  FxRateMissingError,
  PriceUnavailableError,
  TokenwiseError,
  type TokenwiseErrorOptions,
  UnknownModelError,
  UnknownTokenizerFamilyError,
  ValidationError,
  type ValidationIssue,
} from "@tokenwise/core";
export {
  createMemoryLedger,
  type EstimateReason,
  type Ledger,
  type LedgerAccuracy,
  type LedgerCall,
  type LedgerEntry,
  type LedgerSink,
  type LedgerTotals,
  type MemoryLedger,
  type MemoryLedgerSettings,
} from "./account/ledger";
export {
  createJsonlLedgerSink,
  entryOfLine,
  LEDGER_LINE_VERSION,
  type LedgerLine,
  LedgerLineSchema,
  ledgerJsonl,
  ledgerLine,
  type ParseLedgerOptions,
  parseLedgerJsonl,
} from "./account/ledger-export";
export {
  builtinAdapters,
  classifyStatus,
  createAnthropicAdapter,
  createOpenAIAdapter,
  type ProviderErrorContext,
  retryAfterMs,
  toProviderError,
  withProviderErrors,
} from "./adapters";
export {
  ANTHROPIC_BATCH_LIMITS,
  type BatchAdapter,
  type BatchAdapterFactory,
  type BatchLimits,
  type BatchLine,
  type BatchLineResult,
  type BatchState,
  BatchStateError,
  type BatchStatus,
  builtinBatchAdapters,
  createAnthropicBatchAdapter,
  createOpenAIBatchAdapter,
  OPENAI_BATCH_LIMITS,
} from "./batch";
export type { BudgetDefinition, BudgetScope } from "./budgets/budget-definition";
export type { BudgetMark, BudgetStoreDownPolicy, RouterBudgets } from "./budgets/budgets";
export {
  type BreakerState,
  type BreakerStore,
  type CircuitBreaker,
  type CircuitBreakerSettings,
  createCircuitBreaker,
} from "./circuit-breaker";
export { DeadlineInfeasibleError, JobFailedError } from "./defer/errors";
export { createMemoryJobStore, type JobQueue, type JobStore, type LineSettlement } from "./defer/job-store";
export {
  jobsFromJSON,
  jobsToJSON,
  type MechanismSavings,
  type SavingsReport,
  savingsReport,
} from "./defer/savings-report";
export type { Scheduler } from "./defer/scheduler";
export type {
  DeferOptions,
  DeferralSettings,
  DeferredResult,
  JobHandle,
  JobMechanism,
  JobPlan,
  JobRecord,
  JobStatus,
} from "./defer/types";
export {
  AllCandidatesFailedError,
  CallAbortedError,
  DeadlineExceededError,
  MissingApiKeyError,
  NoCandidateError,
  ProviderError,
  type ProviderErrorKind,
  StreamEndedEarlyError,
  StreamInterruptedError,
} from "./errors";
export { DEFAULT_RETRY, type RetrySettings } from "./execute/retry";
export {
  createMemoryLatencyStore,
  LATENCY_PRIOR_WEIGHT,
  type LatencyObservation,
  type LatencyStat,
  type LatencyStore,
  latencyFreshness,
} from "./latency-stats";
export type { ExplorationMark, ExplorationReason, ExplorationSettings } from "./learning/exploration";
export {
  createMemoryQualityStore,
  priorStrength,
  type QualityPosterior,
  type QualityStat,
  type QualityStore,
  qualityKey,
  qualityPosterior,
} from "./learning/quality-stats";
export { describeLatency } from "./learning/report";
export { createPrefixTracker, type PrefixTracker, type PrefixTrackerSettings } from "./prefix-tracker";
export {
  DEFAULT_FEED_REFRESH_MS,
  type PriceFeedFormat,
  type PriceFeedSettings,
  type PriceFeedStatus,
  type PriceFeeds,
  type PriceFeedWarning,
} from "./price-feeds";
export { apiKeyEnvFor, DEFAULT_PROVIDERS, type ProviderSettings } from "./provider-settings";
export { reportToJSON } from "./report/report";
export {
  type CallFeedback,
  createRouter,
  FEEDBACK_WINDOW,
  type PlanOptions,
  type Router,
  type RouterSettings,
} from "./router";
export {
  type CandidateScore,
  cheapestPolicy,
  type PolicyContext,
  type RoutingPolicy,
  strongestPolicy,
  tradeoffPolicy,
} from "./routing-policy";
export type { Session, SessionBudget, SessionOptions, SessionReport } from "./session/session";
export type { SessionCall, SessionRecord, SessionTotals } from "./session/session-record";
export {
  builtinTaskKindModel,
  CHINESE_HAN_SHARE,
  type DetectTaskKindOptions,
  detectTaskKind,
  loadTaskKindModel,
  TASK_KIND_MIN_CONFIDENCE,
  TASK_KIND_OPTIONS,
  type TaskKindDetection,
  type TaskKindModel,
  type TaskKindOption,
  type TaskKindRule,
  type TaskKindWeights,
  TaskKindWeightsSchema,
} from "./task-kind";
export {
  createHeuristicEstimator,
  type ReasoningForecast,
  type RequestEstimator,
  type TokenEstimate,
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
  LatencyEstimate,
  OutputReserve,
  Plan,
  QualityReport,
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
