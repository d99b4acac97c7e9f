import type { Money } from "@tokenwise/core";
import { DeadlineExceededError } from "../errors";
import type { PreparedRequest } from "../prepare-request";
import type { ResolvedConstraints, ScoredCandidate, Selection } from "../select-candidates";
import type { AttemptReport, RouterRequest } from "../types";

/** One call's state, shared by the execute, account and report stages. */
export interface CallContext {
  id: string;
  request: RouterRequest;
  prepared: PreparedRequest;
  constraints: ResolvedConstraints;
  selection: Selection;
  predictions: Map<string, number> | undefined;
  /** The injected clock at the start: prices, windows. */
  start: Date;
  /** Monotonic start (performance.now()): latencies and the deadline use it, never the injected clock. */
  startPerf: number;
  /** Monotonic deadline (Infinity without `maxLatencyMs`). */
  deadline: number;
  /** Aborted by the caller's signal, the deadline, or (streams) the consumer leaving the iteration. */
  controller: AbortController;
  attempts: AttemptReport[];
  errors: unknown[];
  /** Every amount accounted for this call, in the report currency. */
  billed: Money[];
  /** Removes the listeners and the deadline timer. Idempotent. */
  cleanup: () => void;
}

/** Marks a stream's consumer leaving the iteration (`break` / `return`): the abort reason. */
export class ConsumerCancel {
  readonly by = "consumer" as const;
}

/**
 * Opens a call: links the caller's signal and the deadline to one controller. The deadline is on the
 * monotonic clock; `maxLatencyMs` Infinity means none.
 */
export function openCall(
  init: Omit<
    CallContext,
    "controller" | "attempts" | "errors" | "billed" | "cleanup" | "deadline" | "startPerf"
  >,
): CallContext {
  const startPerf = performance.now();
  const { request, constraints } = init;
  const controller = new AbortController();
  const onAbort = () => controller.abort(request.signal?.reason);
  request.signal?.addEventListener("abort", onAbort, { once: true });
  if (request.signal?.aborted) controller.abort(request.signal.reason);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finite = Number.isFinite(constraints.maxLatencyMs);
  if (finite) {
    timer = setTimeout(
      () => controller.abort(new DeadlineExceededError({ deadlineMs: constraints.maxLatencyMs })),
      constraints.maxLatencyMs,
    );
  }
  return {
    ...init,
    startPerf,
    deadline: finite ? startPerf + constraints.maxLatencyMs : Number.POSITIVE_INFINITY,
    controller,
    attempts: [],
    errors: [],
    billed: [],
    cleanup: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      request.signal?.removeEventListener("abort", onAbort);
    },
  };
}

/** What aborted the call: the caller, the deadline, the consumer, or nothing. */
export function abortCause(ctx: CallContext): "signal" | "deadline" | "consumer" | undefined {
  if (!ctx.controller.signal.aborted) return undefined;
  const reason: unknown = ctx.controller.signal.reason;
  if (reason instanceof DeadlineExceededError) return "deadline";
  if (reason instanceof ConsumerCancel) return "consumer";
  return "signal";
}

/** Candidates in failover order: the best first; the rest sorted only when needed. */
export function* candidatesOf(
  ctx: CallContext,
  order: (selection: Selection) => ScoredCandidate[],
): Generator<ScoredCandidate> {
  const best = ctx.selection.best!;
  yield best;
  for (const c of order(ctx.selection)) if (c !== best) yield c;
}
