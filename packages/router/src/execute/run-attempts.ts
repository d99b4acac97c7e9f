import {
  BudgetExceededError,
  BudgetStoreError,
  type Cost,
  TokenwiseError,
  type Usage,
} from "@tokenwise/core";
import type { Accounting, Delivered } from "../account/bill-attempt";
import type { EstimateReason } from "../account/ledger";
import { toProviderError } from "../adapters";
import type { CircuitBreaker } from "../circuit-breaker";
import { AllCandidatesFailedError, CallAbortedError, ProviderError, StreamInterruptedError } from "../errors";
import { redact } from "../provider-settings";
import type { ScoredCandidate } from "../select-candidates";
import type { AttemptReport } from "../types";
import { abortCause, type CallContext, ConsumerCancel, candidatesOf } from "./call-context";
import { type RetrySettings, withRetries } from "./retry";

/**
 * One attempt in flight. The attempt's body fills it in as the response comes, so whatever way the
 * attempt ends, the accounting knows what the provider may bill.
 */
export interface AttemptState {
  c: ScoredCandidate;
  attempt: AttemptReport;
  /** Aborts this attempt only (the call's abort, the attempt timeout, a stream consumer's cancel). */
  signal: AbortSignal;
  /** The output bound sent to the provider. */
  maxOutputTokens: number;
  /** `sent`: no response yet; `streaming`: a stream's response started; `done`: billed. */
  phase: "sent" | "streaming" | "done";
  /** Usage the provider reported so far (a stream's `usage()`). */
  reported?: () => Usage | undefined;
  /** Output received so far (streams). */
  delivered?: Delivered;
  /** Monotonic start of the attempt. */
  startPerf: number;
  /** Call when the provider answered (clears the attempt timeout). */
  answered: () => void;
}

/** What the execute stage needs from the router. */
export interface ExecuteDeps {
  retry: Required<RetrySettings>;
  attemptTimeoutMs: number | undefined;
  breaker: CircuitBreaker;
  secrets: readonly string[];
  now: () => Date;
  accounting: Accounting;
  /** The failover order after the best candidate. */
  order: (ctx: CallContext) => ScoredCandidate[];
  /** The output bound for a candidate (decided once per attempt, sent to the provider). */
  maxOutputFor: (ctx: CallContext, c: ScoredCandidate) => number;
  /**
   * Budgets over the call (absent when none is defined): `reserve` holds the attempt's forecast bound
   * before the request goes out (throwing `BudgetExceededError` or `BudgetStoreError`), `release`
   * frees it when the attempt was not billed; billed attempts are settled by the accounting.
   */
  budgets?: {
    /** Undefined (no promise, no await) when no budget is over the call. */
    reserve(ctx: CallContext, c: ScoredCandidate, attempt: number): Promise<void> | undefined;
    release(ctx: CallContext, attempt: number): void;
  };
}

/** The outcome the failed attempt was accounted at, if the provider may bill it. */
export interface Accounted {
  usage: Usage;
  cost: Cost;
}

/**
 * Records a failed attempt: status, error, and, where the provider may have billed it, an estimated
 * ledger entry (a malformed 200 and a reset mid-body were served; a started stream bills what it sent;
 * a request abandoned before its response may or may not have been served).
 */
export function settleFailedAttempt(
  deps: ExecuteDeps,
  ctx: CallContext,
  state: AttemptState,
  error: ProviderError | undefined,
): Accounted | undefined {
  const { c, attempt } = state;
  if (state.phase === "done") return undefined;
  attempt.latencyMs = performance.now() - state.startPerf;
  if (error) {
    attempt.status = "error";
    if (error.status !== undefined) attempt.httpStatus = error.status;
    if (error.requestId !== undefined && attempt.requestId === undefined) attempt.requestId = error.requestId;
    attempt.error = {
      name: error.name,
      message: redact(error.message, deps.secrets),
      retryable: error.retryable,
    };
  }
  let reason: EstimateReason | undefined;
  let served = false;
  let maybeNothing = false;
  const aborted = abortCause(ctx) !== undefined || state.signal.aborted;
  if (error?.kind === "malformed-response") {
    reason = "malformed-response";
    served = true;
  } else if (state.phase === "streaming") {
    reason = aborted ? "aborted-mid-stream" : "stream-cut";
  } else if (error?.kind === "connection" && !/Connection error\./.test(error.message)) {
    // The SDK says "Connection error." when no response came; another transport failure of a
    // non-streaming call happened while the body was read: the provider served (and bills) it.
    reason = "reset-mid-body";
    served = true;
  } else if (aborted) {
    reason = "aborted-before-response";
    maybeNothing = true;
  }
  state.phase = "done";
  if (!reason) {
    deps.budgets?.release(ctx, attempt.attempt);
    return undefined;
  }
  const estimate = deps.accounting.estimateUsage(ctx, c, {
    reported: state.reported?.(),
    ...(state.delivered ? { delivered: state.delivered } : {}),
    served,
    maybeNothing,
    maxOutputTokens: state.maxOutputTokens,
  });
  const cost = deps.accounting.estimated(ctx, c, attempt, estimate, reason);
  return { usage: estimate.usage, cost };
}

/** Marks an attempt stopped by the call's abort (caller, deadline, consumer). */
function markAborted(ctx: CallContext, attempt: AttemptReport) {
  const cause = abortCause(ctx);
  const reason: unknown = ctx.controller.signal.reason;
  attempt.status = "error";
  attempt.error =
    cause === "deadline"
      ? { name: "DeadlineExceededError", message: (reason as Error).message, retryable: false }
      : {
          name: "CallAbortedError",
          message: cause === "consumer" ? "cancelled by the stream's consumer" : "aborted by the caller",
          retryable: false,
        };
}

/** The error a call ends with when no candidate served it. */
export function callFailed(ctx: CallContext, accounted?: Accounted): Error {
  const cause = abortCause(ctx);
  const reason: unknown = ctx.controller.signal.reason;
  if (cause === "signal" || cause === "consumer") {
    return new CallAbortedError({
      attempts: ctx.attempts,
      cause: reason instanceof ConsumerCancel ? undefined : reason,
      by: cause,
      ...(accounted ? { usage: accounted.usage, cost: accounted.cost.total } : {}),
    });
  }
  if (cause === "deadline") ctx.errors.push(reason);
  return new AllCandidatesFailedError({
    attempts: ctx.attempts,
    rejected: ctx.selection.rejected,
    errors: ctx.errors,
  });
}

/**
 * The attempt lifecycle, shared by `generate` and `stream`: candidates in failover order, the
 * breaker, p-retry per candidate, an attempt timeout, and the accounting of every failed attempt.
 * `body` does one attempt and returns once the provider answered (a stream: its first part).
 */
export async function runAttempts<T>(
  deps: ExecuteDeps,
  ctx: CallContext,
  body: (state: AttemptState) => Promise<T>,
): Promise<T> {
  let lastAccounted: Accounted | undefined;
  let sent = 0;
  for (const c of candidatesOf(ctx, () => deps.order(ctx))) {
    if (ctx.controller.signal.aborted) break;
    const t = deps.now().getTime();
    if (deps.breaker.isOpen(c.state.provider, t)) {
      ctx.attempts.push({
        provider: c.state.provider,
        model: c.entry.id,
        attempt: ctx.attempts.length + 1,
        status: "skipped",
        error: { name: "CircuitOpen", message: `circuit open for ${c.state.provider}`, retryable: false },
        startedAt: new Date(t),
        latencyMs: 0,
      });
      continue;
    }
    const maxOutputTokens = deps.maxOutputFor(ctx, c);
    try {
      return await withRetries(
        async () => {
          // The budgets hold this attempt's forecast bound before anything is sent.
          const reserving = deps.budgets?.reserve(ctx, c, ctx.attempts.length + 1);
          if (reserving) await reserving;
          const attempt: AttemptReport = {
            provider: c.state.provider,
            model: c.entry.id,
            attempt: ctx.attempts.length + 1,
            status: "ok",
            startedAt: deps.now(),
            latencyMs: 0,
          };
          ctx.attempts.push(attempt);
          // Without an attempt timeout, the call's first attempt runs on the call's signal: it aborts
          // exactly when the call does. Later attempts (and any with a timeout) get their own
          // controller, linked to the call's, so a failed attempt's listeners do not stay on it.
          const local = deps.attemptTimeoutMs !== undefined || sent > 0 ? new AbortController() : undefined;
          sent++;
          const onCallAbort = local ? () => local.abort(ctx.controller.signal.reason) : undefined;
          if (onCallAbort) ctx.controller.signal.addEventListener("abort", onCallAbort, { once: true });
          let timedOut = false;
          let timer =
            deps.attemptTimeoutMs === undefined || local === undefined
              ? undefined
              : setTimeout(() => {
                  timedOut = true;
                  local.abort(new Error("attempt timeout"));
                }, deps.attemptTimeoutMs);
          const state: AttemptState = {
            c,
            attempt,
            signal: local?.signal ?? ctx.controller.signal,
            maxOutputTokens,
            phase: "sent",
            startPerf: performance.now(),
            answered: () => {
              if (timer) clearTimeout(timer);
              timer = undefined;
            },
          };
          try {
            // On success the link to the call's abort stays: a stream's abort after its first part
            // must still reach the HTTP stream.
            return await body(state);
          } catch (error) {
            if (onCallAbort) ctx.controller.signal.removeEventListener("abort", onCallAbort);
            if (ctx.controller.signal.aborted) {
              markAborted(ctx, attempt);
              lastAccounted = settleFailedAttempt(deps, ctx, state, undefined);
              throw error;
            }
            const failed = timedOut
              ? new ProviderError({
                  provider: c.state.provider,
                  model: c.entry.id,
                  kind: "timeout",
                  retryable: true,
                  message: `no answer within attemptTimeoutMs=${deps.attemptTimeoutMs}`,
                })
              : toProviderError(error, {
                  provider: c.state.provider,
                  model: c.entry.id,
                  secrets: deps.secrets,
                });
            settleFailedAttempt(deps, ctx, state, failed);
            ctx.errors.push(failed);
            if (failed.retryable) deps.breaker.failure(c.state.provider, deps.now().getTime());
            throw failed;
          } finally {
            state.answered();
          }
        },
        {
          settings: deps.retry,
          signal: ctx.controller.signal,
          deadline: ctx.deadline,
          now: () => performance.now(),
          toError: (e) => (e instanceof ProviderError ? e : undefined),
          onRefused: (e, why) => {
            const last = ctx.attempts.at(-1);
            if (last?.error) last.error.message = `${last.error.message} (not retried: ${why})`;
            void e;
          },
        },
      );
    } catch (error) {
      if (ctx.controller.signal.aborted) break;
      if (error instanceof StreamInterruptedError) throw error;
      // A budget that cannot fund the attempt (or a budget store that is down) ends the call.
      if (error instanceof BudgetExceededError || error instanceof BudgetStoreError) throw error;
      if (!(error instanceof ProviderError) && !TokenwiseError.isInstance(error)) ctx.errors.push(error);
    }
  }
  throw callFailed(ctx, lastAccounted);
}
