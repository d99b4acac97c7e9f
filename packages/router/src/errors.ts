import { TokenwiseError } from "@tokenwise/core";

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

/** The caller aborted the call (its `signal`). */
export class CallAbortedError extends TokenwiseError {
  readonly attempts: AttemptReport[];
  constructor({ attempts, cause }: { attempts: AttemptReport[]; cause?: unknown }) {
    super({ message: "The call was aborted by the caller", cause });
    this.name = "CallAbortedError";
    this.attempts = attempts;
  }
}

/** A stream failed after its first token reached the caller: no failover; partial usage is accounted. */
export class StreamInterruptedError extends TokenwiseError {
  readonly attempts: AttemptReport[];
  constructor({ attempts, cause }: { attempts: AttemptReport[]; cause?: unknown }) {
    super({ message: "The stream failed after output reached the caller", cause, retryable: false });
    this.name = "StreamInterruptedError";
    this.attempts = attempts;
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
