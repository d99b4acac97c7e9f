import { type Money, TokenwiseError, type Usage } from "@tokenwise/core";

export { ProviderError, type ProviderErrorKind, StreamEndedEarlyError } from "@tokenwise/core";

import type { AttemptReport, RejectedCandidate } from "./types";

/** No API key for a provider: names the option and the environment variable to set. */
export class MissingApiKeyError extends TokenwiseError {
  readonly provider: string;
  /** The option to pass, e.g. `providers.openai.apiKey`. */
  readonly option: string;
  /** The environment variable read, e.g. `OPENAI_API_KEY`. */
  readonly envVar: string;
  constructor({ provider, option, envVar }: { provider: string; option: string; envVar: string }) {
    super({
      message: `No API key for provider "${provider}": pass \`${option}\` or set the ${envVar} environment variable`,
    });
    this.name = "MissingApiKeyError";
    this.provider = provider;
    this.option = option;
    this.envVar = envVar;
  }
}

/** Every candidate was rejected before any call: `rejected` says why, one reason per model. */
export class NoCandidateError extends TokenwiseError {
  readonly rejected: RejectedCandidate[];
  constructor({ rejected }: { rejected: RejectedCandidate[] }) {
    const summary = rejected
      .slice(0, 6)
      .map((r) => `${r.provider}/${r.model}: ${r.reason}`)
      .join("; ");
    super({
      message: `No model meets the constraints (${rejected.length} rejected${rejected.length ? `: ${summary}` : ""}${rejected.length > 6 ? "; …" : ""})`,
    });
    this.name = "NoCandidateError";
    this.rejected = rejected;
  }
}

/** Every qualifying candidate was tried and failed: `attempts` holds every attempt, in order. */
export class AllCandidatesFailedError extends TokenwiseError {
  readonly attempts: AttemptReport[];
  readonly rejected: RejectedCandidate[];
  readonly errors: unknown[];
  constructor({
    attempts,
    rejected,
    errors,
  }: {
    attempts: AttemptReport[];
    rejected: RejectedCandidate[];
    errors: unknown[];
  }) {
    const last = attempts.at(-1);
    super({
      message: `All ${new Set(attempts.map((a) => `${a.provider}/${a.model}`)).size} candidates failed after ${attempts.length} attempts; last: ${last ? `${last.provider}/${last.model}: ${last.error?.message ?? last.status}` : "none"}`,
      cause: errors.at(-1),
      retryable: false,
    });
    this.name = "AllCandidatesFailedError";
    this.attempts = attempts;
    this.rejected = rejected;
    this.errors = errors;
  }
}

/**
 * The call was aborted: by the caller's `signal`, or (streams) by the consumer leaving the iteration
 * (`break`, `return`, a throw in the loop body). `usage` and `cost` are what the aborted attempt is
 * accounted at (an estimate, also in the ledger), absent when nothing was billed.
 */
export class CallAbortedError extends TokenwiseError {
  readonly attempts: AttemptReport[];
  /** `signal`: the caller's AbortSignal; `consumer`: a stream's consumer stopped iterating. */
  readonly by: "signal" | "consumer";
  /** Partial usage accounted for the attempt that was in flight, when the provider may bill it. */
  readonly usage: Usage | undefined;
  /** Its cost in the report currency. */
  readonly cost: Money | undefined;
  constructor({
    attempts,
    cause,
    by = "signal",
    usage,
    cost,
  }: {
    attempts: AttemptReport[];
    cause?: unknown;
    by?: "signal" | "consumer";
    usage?: Usage;
    cost?: Money;
  }) {
    super({
      message:
        by === "consumer"
          ? "The stream's consumer stopped iterating: the call was cancelled"
          : "The call was aborted by the caller",
      cause,
    });
    this.name = "CallAbortedError";
    this.attempts = attempts;
    this.by = by;
    this.usage = usage;
    this.cost = cost;
  }
}

/** A stream failed after its first token reached the caller: no failover; partial usage is accounted. */
export class StreamInterruptedError extends TokenwiseError {
  readonly attempts: AttemptReport[];
  /** Partial usage accounted for the interrupted attempt (an estimate, also in the ledger). */
  readonly usage: Usage | undefined;
  readonly cost: Money | undefined;
  constructor({
    attempts,
    cause,
    usage,
    cost,
  }: {
    attempts: AttemptReport[];
    cause?: unknown;
    usage?: Usage;
    cost?: Money;
  }) {
    super({ message: "The stream failed after output reached the caller", cause, retryable: false });
    this.name = "StreamInterruptedError";
    this.attempts = attempts;
    this.usage = usage;
    this.cost = cost;
  }
}

/** The call's latency cap (`maxLatencyMs`) ran out before a candidate answered. */
export class DeadlineExceededError extends TokenwiseError {
  readonly deadlineMs: number;
  constructor({ deadlineMs }: { deadlineMs: number }) {
    super({ message: `The latency cap of ${deadlineMs} ms ran out`, retryable: false });
    this.name = "DeadlineExceededError";
    this.deadlineMs = deadlineMs;
  }
}
