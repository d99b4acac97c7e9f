import type { Capability, Cost, FxUsed, Money, TaskKind, Usage } from "@tokenwise/core";

/** A text part of a user message. */
export interface TextPart {
  type: "text";
  text: string;
}

/** An image part of a user message: an `https:` URL or a `data:` URL (base64). */
export interface ImagePart {
  type: "image_url";
  image_url: { url: string; detail?: "auto" | "low" | "high" };
}

export type ContentPart = TextPart | ImagePart;

/** A tool call an assistant made, OpenAI chat style (`arguments` is a JSON string). */
export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** One message, OpenAI chat style. System/developer messages are kept as system prompts by every adapter. */
export type ChatMessage =
  | { role: "system" | "developer"; content: string | TextPart[] }
  | { role: "user"; content: string | ContentPart[]; name?: string }
  | { role: "assistant"; content: string | TextPart[] | null; tool_calls?: ToolCall[]; name?: string }
  | { role: "tool"; tool_call_id: string; content: string | TextPart[] };

/** A function tool, OpenAI `tools` format. */
export interface ToolDefinition {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}

/** How the model may use tools. */
export type ToolChoice = "auto" | "none" | "required" | { type: "function"; function: { name: string } };

/** Structured output. `json_schema` requires the `structuredOutput` capability. */
export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; json_schema: { name: string; schema: Record<string, unknown>; strict?: boolean } };

/** Constraints a candidate must meet. Per request; router-wide defaults fill what a request leaves out. */
export interface Constraints {
  /** Minimum quality (0–1): one number for every task kind, or a floor per task kind. */
  minQuality?: number | Partial<Record<TaskKind, number>>;
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

/** A request to the router: OpenAI chat style messages plus routing hints. */
export interface RouterRequest {
  /** The conversation. System messages may appear here or in `system`. */
  messages: readonly ChatMessage[];
  /** A system prompt, sent as the provider's system prompt (never as a user message). */
  system?: string;
  tools?: readonly ToolDefinition[];
  toolChoice?: ToolChoice;
  /** Upper bound on generated tokens; also the output forecast when no better one is known. */
  maxOutputTokens?: number;
  temperature?: number;
  /**
   * Reasoning effort for reasoning-capable models: sent as `reasoning_effort` to OpenAI's reasoning
   * models (not sent to other providers, nor to models without the `reasoning` capability); picks the
   * reasoning-token forecast learned for this effort level.
   */
  reasoningEffort?: "low" | "medium" | "high";
  responseFormat?: ResponseFormat;
  /** What kind of task this is: picks the quality score and the quality floor. Default `general`. */
  taskKind?: TaskKind;
  constraints?: Constraints;
  /** Labels the ledger sums by. */
  tags?: readonly string[];
  /** The tenant the ledger sums by. */
  tenant?: string;
  /** Aborts the whole call: every retry and failover stops at once. */
  signal?: AbortSignal;
}

/** Finish reasons across providers, with the provider's raw value beside it. Unknown raw → `other`. */
export type UnifiedFinishReason = "stop" | "length" | "tool-calls" | "content-filter" | "error" | "other";

export interface FinishReason {
  unified: UnifiedFinishReason;
  raw: string | null;
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
    | "fx-missing"
    | "context-window"
    | "max-output"
    | "capability"
    | "quality"
    | "quality-unknown"
    | "latency"
    | "latency-unknown"
    | "cost"
    | "provider-denied"
    | "model-denied"
    | "circuit-open"
    | "no-credentials"
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
  /** Quality used for the floor and tie-break, and where it came from. */
  quality: { score: number | null; source: string };
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
}

/** A routing decision without calling anyone. */
export interface Plan {
  at: Date;
  currency: string;
  taskKind: TaskKind;
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
  /** `provider` when the provider reported the usage; `estimated` for a stream cut before its usage came. */
  usageSource?: "provider" | "estimated";
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
  policy: string;
  quality: { score: number | null; source: string };
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

/** Parts of a stream. */
export type StreamPart =
  | { type: "text-delta"; text: string }
  | { type: "tool-call-delta"; index: number; id?: string; name?: string; argumentsDelta: string }
  | { type: "finish"; finishReason: FinishReason; usage: Usage };

/** A streaming call: iterate `parts` (or `textStream`); `result` settles after the stream ends. */
export interface RouterStream {
  /** Every part, in order. Iterate once. */
  parts: AsyncIterable<StreamPart>;
  /** Text deltas only. Iterate either this or `parts`, not both. */
  textStream: AsyncIterable<string>;
  /** The final result with the report; rejects when the call failed. */
  result: Promise<RouterResult>;
}
