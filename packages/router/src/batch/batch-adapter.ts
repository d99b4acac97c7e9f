import {
  type AdapterCall,
  type AdapterResponse,
  type AdapterSettings,
  classifyStatus,
  ProviderError,
  TokenwiseError,
} from "@tokenwise/core";

/** One request of a batch: the adapter call the router would have made, and the caller's id for it. */
export interface BatchLine {
  /** Unique within the batch: `[a-zA-Z0-9_-]{1,64}` (Anthropic's rule; OpenAI accepts it too). */
  customId: string;
  call: Omit<AdapterCall, "signal">;
}

/** Where a batch is, normalized over both APIs; `raw` is the provider's own status. */
export type BatchState = "in_progress" | "canceling" | "ended";

/** A batch as the provider reports it. */
export interface BatchStatus {
  id: string;
  provider: string;
  state: BatchState;
  /** OpenAI `status` (`validating`, `in_progress`, `finalizing`, `completed`, `expired`, …) or Anthropic `processing_status`. */
  raw: string;
  /** The provider's creation instant: the batch price in force then applies to every line. */
  createdAt: Date;
  /** When the provider gives up on the lines not done (created + completion window). */
  expiresAt: Date;
  endedAt?: Date;
  counts: { total: number; succeeded: number; errored: number; canceled: number; expired: number };
  /** Why a batch failed as a whole before running (OpenAI validation errors). */
  errors?: string[];
}

/** The outcome of one line of an ended batch. */
export type BatchLineResult =
  | { customId: string; kind: "succeeded"; response: AdapterResponse }
  | { customId: string; kind: "errored"; error: ProviderError }
  | { customId: string; kind: "expired" }
  | { customId: string; kind: "canceled" };

/** What a provider's batch API accepts in one batch. */
export interface BatchLimits {
  maxRequests: number;
  maxBytes: number;
  /** The completion window: lines not done by then expire. */
  windowMs: number;
}

/** A provider's batch API over its official SDK. Every failure is a `ProviderError` (or a {@link BatchStateError}). */
export interface BatchAdapter {
  readonly provider: string;
  readonly limits: BatchLimits;
  /** Bytes one line takes in the batch input (for packing within `limits.maxBytes`). */
  lineBytes(line: BatchLine): number;
  /** Creates one batch of lines, all for the same model. */
  submit(lines: readonly BatchLine[], options?: { metadata?: Record<string, string> }): Promise<BatchStatus>;
  retrieve(id: string): Promise<BatchStatus>;
  /** The outcome of every line of an ended batch (a line the provider dropped is absent). */
  results(id: string): Promise<BatchLineResult[]>;
  cancel(id: string): Promise<BatchStatus>;
}

/** Builds a provider's batch adapter from the same settings as its call adapter. */
export type BatchAdapterFactory = (settings: AdapterSettings) => BatchAdapter;

/** A batch status this version does not know: the job that holds the batch says so rather than guess. */
export class BatchStateError extends TokenwiseError {
  readonly provider: string;
  readonly batchId: string;
  readonly state: string;
  constructor({ provider, batchId, state }: { provider: string; batchId: string; state: string }) {
    super({ message: `${provider} batch ${batchId} reports an unknown status "${state}"`, retryable: false });
    this.name = "BatchStateError";
    this.provider = provider;
    this.batchId = batchId;
    this.state = state;
  }
}

/** A failed line as a `ProviderError`, classified by its HTTP status like a failed call. */
export function lineError(
  provider: string,
  model: string,
  status: number,
  message: string,
  requestId?: string,
): ProviderError {
  const { kind, retryable } = classifyStatus(status);
  return new ProviderError({
    provider,
    model,
    kind,
    retryable,
    status,
    message,
    ...(requestId ? { requestId } : {}),
  });
}
