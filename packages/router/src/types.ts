import type {
  Capability,
  Cost,
  FinishReason,
  FxUsed,
  LifecycleWarning,
  ModelRequest,
  Money,
  StreamPart,
  TaskKind,
  ThinkingMode,
  ToolCall,
  Usage,
} from "@tokenwise/core";
import type { EstimateReason } from "./account/ledger";
import type { BudgetMark } from "./budgets/budgets";
import type { ExplorationMark } from "./learning/exploration";
import type { TaskKindDetection, TaskKindOption } from "./task-kind/detect-task-kind";

export type {
  ChatMessage,
  ContentPart,
  FinishReason,
  ImagePart,
  ModelRequest,
  ResponseFormat,
  StreamPart,
  TextPart,
  ToolCall,
  ToolChoice,
  ToolDefinition,
  UnifiedFinishReason,
} from "@tokenwise/core";

/** Constraints a candidate must meet. Per request; router-wide defaults fill what a request leaves out. */
export interface Constraints {
  /** Minimum quality (0–1): one number for every task kind, or a floor per task kind. */
  minQuality?: number | Partial<Record<TaskKind, number>>;
  /**
   * Confidence, in [0.5, 1), that a model's quality meets `minQuality`: the floor is compared with
   * the one-sided lower confidence bound of its score on the rating scale (normal approximation, σ from
   * the source's 95% interval). 0.5 (default) compares the estimate itself; 0.95 the bound 1.645 σ
   * below it; 0.975 the low end of the 95% interval.
   */
  qualityConfidence?: number;
  /** Maximum latency in ms: predicted TTFT + output time at `latencyPercentile`; also the call's deadline. */
  maxLatencyMs?: number;
  /** Percentile the latency cap is checked at, in (0, 1). Default 0.9. */
  latencyPercentile?: number;
  /** Capabilities required in addition to those the request implies (tools, images, json_schema, streaming). */
  requiredCapabilities?: readonly Capability[];
  /** Only these providers (provider keys such as `openai`, `deepseek`). */
  allowProviders?: readonly string[];
  /** Never these providers. */
  denyProviders?: readonly string[];
  /** Only these models (`provider/id` keys). */
  allowModels?: readonly string[];
  /** Never these models (`provider/id` keys). */
  denyModels?: readonly string[];
  /** Maximum expected cost of one call, as a decimal string in `currency` (e.g. `"0.01"`), or Money. */
  maxCostPerCall?: string | Money;
  /** Currency costs are ranked and reported in. Default `USD`. */
  currency?: string;
}

/** A request to the router: the model request (core's spec) plus routing hints. */
export interface RouterRequest extends ModelRequest {
  /**
   * What kind of task this is: picks the quality score and the quality floor. Default `general`.
   * `auto`: the router detects it per prompt (`detectTaskKind`: the last user turn's script, the number
   * of user turns, a small in-process classifier; `general` under 0.5 confidence) and reports what it
   * found in `taskKindDetection`.
   */
  taskKind?: TaskKindOption;
  constraints?: Constraints;
  /** Labels the ledger sums by. */
  tags?: readonly string[];
  /** The tenant the ledger sums by. */
  tenant?: string;
  /**
   * The conversation (agent session) this call belongs to, set by `router.session()`: sent to the
   * provider's cache controls (OpenAI `prompt_cache_key`, Anthropic automatic `cache_control`), and
   * budgets scoped by `session` match it.
   */
  sessionId?: string;
  /** The virtual key the call came in with (e.g. `@tokenwise/server`): budgets scoped by `virtualKey` match it. */
  virtualKey?: string;
  /** Aborts the whole call: every retry and failover stops at once. */
  signal?: AbortSignal;
}

/** Estimated or realized tokens in one shape. */
export interface TokenCounts {
  /** Whole prompt: input + cache reads + cache writes. */
  prompt: number;
  /** Expected usage: output and reasoning are expectations (means), what the cost is ranked on. */
  usage: Usage;
  /** The output quantile the candidate was checked with (see {@link OutputReserve}). */
  outputReserve: OutputReserve;
}

/**
 * The high-quantile output forecast (p90 by default), capped by `maxOutputTokens`: checked against
 * `maxCostPerCall` and `maxLatencyMs`, and reserved in the context window when `maxOutputTokens` is
 * not given (when given, the context reserve is `maxOutputTokens`).
 */
export interface OutputReserve {
  /** Visible output tokens. */
  output: number;
  /** Reasoning tokens (0 for models without the `reasoning` capability). */
  reasoning: number;
}

/** Why a model was not chosen. */
export interface RejectedCandidate {
  provider: string;
  model: string;
  /** Machine-readable reason code. */
  code:
    | "price-unavailable"
    | "stale-price"
    | "fx-missing"
    | "context-window"
    | "input-limit"
    | "max-output"
    | "capability"
    | "quality"
    | "quality-unknown"
    | "latency"
    | "latency-unknown"
    | "cost"
    | "budget"
    | "provider-denied"
    | "model-denied"
    | "circuit-open"
    | "retired"
    | "no-credentials"
    | "no-adapter"
    | "policy";
  /** Human-readable reason with the numbers. */
  reason: string;
}

/** A candidate that qualifies, with its estimate. */
export interface RankedCandidate {
  provider: string;
  model: string;
  /** Expected cost as a float, for ranking and display. */
  expectedCost: number;
  /** Exact expected cost (computed in `plan()` for all, in `generate()` for the chosen). */
  cost?: Cost;
  estimated: TokenCounts;
  /** Quality used for the floor and tie-break, where it came from, and prior beside learned. */
  quality: QualityReport;
  /** The latency estimate the prediction used (observed beside the prior). */
  latencyEstimate?: LatencyEstimate;
  /** Predicted latency (ms) at the constraint percentile, or null when unknown. */
  predictedLatencyMs: number | null;
  /** Predicted TTFT (ms) at the percentile, or null. */
  predictedTtftMs: number | null;
  /** Price version `effectiveFrom` in force. */
  priceVersion: string;
  /** Time-of-day window applied, if any. */
  window: string | null;
  /** Long-context tier applied, if any. */
  tier: number | null;
  /** The thinking mode the candidate is priced in, or null when its price does not tell the modes apart. */
  mode: ThinkingMode | null;
  /** The model's deprecation or coming retirement, when it has one at the plan's instant. */
  warnings?: LifecycleWarning[];
}

/**
 * The quality a candidate was ranked with (`source: "learned"` when feedback on the task kind
 * replaced the catalog score) and, once there is feedback, the catalog prior and the learned
 * posterior side by side.
 */
export interface QualityReport {
  score: number | null;
  source: string;
  /** The catalog score the posterior was seeded from (null: unrated, started uniform) and its Beta strength. */
  prior?: { score: number | null; source: string; strength: number; flagged: boolean };
  /** The Beta posterior after the feedback scores. */
  learned?: {
    mean: number;
    sd: number;
    /** Scores received. */
    observations: number;
    /** Their weight after discounting (older scores count less; see `QUALITY_DISCOUNT`). */
    effectiveObservations: number;
    updatedAt: Date;
  };
}

/** A model's latency estimate: observed (EWMA, with the prior's pseudo-observations) or the catalog prior. */
export interface LatencyEstimate {
  source: "observed" | "prior";
  /** Calls observed (0: the prior alone). */
  observations: number;
  ttftP50Ms: number;
  ttftP90Ms: number;
  tokensPerSec: number;
  /** The last observation. */
  updatedAt?: Date;
  /** The catalog prior, beside the observed figures. */
  prior?: { ttftMs: number; tokensPerSec: number; source: string };
}

/** A routing decision without calling anyone. */
export interface Plan {
  at: Date;
  currency: string;
  taskKind: TaskKind;
  /** With `taskKind: "auto"`: the detected kind, its confidence, the classifier's scores and the rule that decided. */
  taskKindDetection?: TaskKindDetection;
  policy: string;
  /** Per-prompt quality predictor used, if any. */
  predictor?: string;
  /** Estimated input tokens per tokenizer family, with the error bar. */
  estimates: Record<string, { tokens: number; low: number; high: number }>;
  ranked: RankedCandidate[];
  rejected: RejectedCandidate[];
}

/** What one attempt did. */
export interface AttemptReport {
  provider: string;
  model: string;
  /** 1-based across the whole call. */
  attempt: number;
  status: "ok" | "error" | "skipped";
  /** HTTP status when the provider answered one. */
  httpStatus?: number;
  /** The provider's request id (`x-request-id` / `request-id`), when it sent one. */
  requestId?: string;
  /**
   * `provider` when the provider reported the usage (an exact ledger entry); `estimated` when it could
   * not be read (see `estimate`).
   */
  usageSource?: "provider" | "estimated";
  /** For an estimated usage: why, and the bounds of what the provider may bill (report currency). */
  estimate?: { reason: EstimateReason; errorBar: { low: Money; high: Money } };
  /** Error class name and (redacted) message. */
  error?: { name: string; message: string; retryable: boolean };
  startedAt: Date;
  latencyMs: number;
  ttftMs?: number;
  /** Usage the provider billed for this attempt, if any. */
  usage?: Usage;
  /** Exact cost of `usage`, in the report currency. */
  cost?: Cost;
}

/** The report every result carries and every observer receives. */
export interface CallReport {
  id: string;
  provider: string;
  model: string;
  /** `effectiveFrom` of the price version the call was priced at. */
  priceVersion: string;
  currency: string;
  taskKind: TaskKind;
  /** With `taskKind: "auto"`: the detected kind, its confidence, the classifier's scores and the rule that decided. */
  taskKindDetection?: TaskKindDetection;
  policy: string;
  /** Quality the model was chosen with; after feedback, the catalog prior and the learned posterior side by side. */
  quality: QualityReport;
  /** The answering model's latency estimate after this call (observed beside the prior). */
  latencyEstimate?: LatencyEstimate;
  /**
   * Set when the call explored (see `RouterSettings.exploration`): why, and the Thompson draws the
   * model was chosen with.
   */
  exploration?: ExplorationMark;
  predictor?: { name: string; predicted: number | null };
  /** Expected usage (output and reasoning are means) and its cost, and the output quantile reserved. */
  estimated: { usage: Usage; cost: Cost; outputReserve: OutputReserve };
  realized: { usage: Usage; cost: Cost };
  /** Sum of every billed attempt, failed ones included: what the call really cost. */
  total: Money;
  fx?: FxUsed;
  attempts: AttemptReport[];
  ttftMs: number | null;
  latencyMs: number;
  rejected: RejectedCandidate[];
  /** The budgets over the call: what its last attempt reserved, what was left, whether a soft one was passed. */
  budgets?: BudgetMark[];
  /** Deprecation or coming retirement of the model that answered (see `RouterSettings.onWarning`). */
  warnings?: LifecycleWarning[];
  tags: readonly string[];
  tenant?: string;
  finishReason: FinishReason;
  streamed: boolean;
  at: Date;
}

/** The normalized response. */
export interface RouterResult {
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage: Usage;
  provider: string;
  model: string;
  report: CallReport;
  /** The provider's raw response (non-streaming) for what this shape does not carry. */
  raw?: unknown;
}

/**
 * A streaming call, started at once: iterate `parts` (or `textStream`); `result` settles whether or not
 * they are iterated. Leaving the loop or aborting cancels the HTTP stream (`CallAbortedError`).
 */
export interface RouterStream {
  /** Every part, in order. Iterate once. */
  parts: AsyncIterable<StreamPart>;
  /** Text deltas only. Iterate either this or `parts`, not both. */
  textStream: AsyncIterable<string>;
  /** The final result with the report; rejects when the call failed, was aborted or cancelled. */
  result: Promise<RouterResult>;
}
