/**
 * Attribute names. GenAI semantic conventions (gen_ai.*) where they define one; the cost attributes
 * follow the open proposal (open-telemetry/semantic-conventions-genai#443: `gen_ai.usage.cost.amount`
 * double, `.currency` ISO 4217, `.source` provider | local); everything tokenwise-specific is under
 * `tokenwise.*`.
 */
export const ATTR = {
  operationName: "gen_ai.operation.name",
  providerName: "gen_ai.provider.name",
  requestModel: "gen_ai.request.model",
  responseModel: "gen_ai.response.model",
  responseId: "gen_ai.response.id",
  finishReasons: "gen_ai.response.finish_reasons",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  cacheReadTokens: "gen_ai.usage.cache_read.input_tokens",
  cacheCreationTokens: "gen_ai.usage.cache_creation.input_tokens",
  reasoningTokens: "gen_ai.usage.reasoning.output_tokens",
  costAmount: "gen_ai.usage.cost.amount",
  costCurrency: "gen_ai.usage.cost.currency",
  costSource: "gen_ai.usage.cost.source",
  tokenType: "gen_ai.token.type",
  errorType: "error.type",
  httpStatus: "http.response.status_code",
} as const;

/** tokenwise.* attribute names. */
export const TW = {
  callId: "tokenwise.call.id",
  streamed: "tokenwise.streamed",
  priceVersion: "tokenwise.price_version",
  cost: "tokenwise.cost.total",
  costRealized: "tokenwise.cost.realized",
  costEstimated: "tokenwise.cost.estimated",
  /** `tokenwise.cost.part.<part>`: the realized cost's parts, exact decimal strings. */
  costPart: "tokenwise.cost.part",
  costFallbacks: "tokenwise.cost.fallbacks",
  costTier: "tokenwise.cost.tier",
  costWindow: "tokenwise.cost.window",
  fxRate: "tokenwise.fx.rate",
  fxDate: "tokenwise.fx.date",
  fxSource: "tokenwise.fx.source",
  usageInput: "tokenwise.usage.input",
  usageCacheWrite1h: "tokenwise.usage.cache_write_1h",
  estimatedInputTokens: "tokenwise.estimated.input_tokens",
  estimatedOutputTokens: "tokenwise.estimated.output_tokens",
  policy: "tokenwise.routing.policy",
  taskKind: "tokenwise.routing.task_kind",
  quality: "tokenwise.routing.quality",
  qualitySource: "tokenwise.routing.quality_source",
  attempts: "tokenwise.routing.attempts",
  attemptedModels: "tokenwise.routing.attempted_models",
  rejected: "tokenwise.routing.rejected",
  /** `tokenwise.routing.rejected.<code>`: how many models were rejected for that reason. */
  rejectedByCode: "tokenwise.routing.rejected",
  tags: "tokenwise.tags",
  tenant: "tokenwise.tenant",
  ttftMs: "tokenwise.ttft_ms",
  attempt: "tokenwise.attempt.number",
  attemptStatus: "tokenwise.attempt.status",
  attemptRequestId: "tokenwise.attempt.request_id",
  attemptUsageSource: "tokenwise.attempt.usage_source",
  attemptInputTokens: "tokenwise.attempt.input_tokens",
  attemptOutputTokens: "tokenwise.attempt.output_tokens",
  attemptCost: "tokenwise.attempt.cost",
  attemptCostCurrency: "tokenwise.attempt.cost.currency",
  attemptRetryable: "tokenwise.attempt.retryable",
} as const;
