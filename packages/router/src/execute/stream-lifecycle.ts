import type { AdapterStream } from "@tokenwise/core";
import { TokenwiseError, type Usage } from "@tokenwise/core";
import type { Delivered } from "../account/bill-attempt";
import { toProviderError } from "../adapters";
import { CallAbortedError, type ProviderError, StreamInterruptedError } from "../errors";
import type { FinishReason, RouterResult, RouterStream, StreamPart, ToolCall } from "../types";
import { abortCause, type CallContext, ConsumerCancel } from "./call-context";
import {
  type Accounted,
  type AttemptState,
  type ExecuteDeps,
  runAttempts,
  settleFailedAttempt,
} from "./run-attempts";

/** What the router gives the stream lifecycle. */
export interface StreamLifecycleDeps extends ExecuteDeps {
  /** Selects and opens the call (throws `NoCandidateError`, `ValidationError`, …). */
  open: () => CallContext;
  /** Opens the provider stream for one attempt. */
  connect: (ctx: CallContext, state: AttemptState) => Promise<AdapterStream>;
  /** Bills a finished stream, feeds back, reports; returns the result. */
  complete: (
    ctx: CallContext,
    state: AttemptState,
    answer: { text: string; toolCalls: ToolCall[]; finishReason: FinishReason; usage: Usage; ttftMs: number },
  ) => RouterResult;
  /** Reports a stream that ended early (the estimate it was accounted at). */
  interrupted: (ctx: CallContext, state: AttemptState, accounted: Accounted, ttftMs: number) => void;
  /** Learns from a call that failed (e.g. a deadline that passed before the first part). */
  failed?: (ctx: CallContext) => void;
}

/** Parts waiting for the consumer; `fail` and `end` settle a waiting `next()`. */
class PartQueue<T> {
  private readonly buffer: T[] = [];
  private waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private closed = false;
  private failure: { error: unknown } | undefined;
  /** The consumer left: parts are dropped from now on. */
  gone = false;

  push(value: T): void {
    if (this.gone || this.closed) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value, done: false });
    } else this.buffer.push(value);
  }
  end(): void {
    this.closed = true;
    this.settleWaiter();
  }
  fail(error: unknown): void {
    if (this.closed) return;
    this.failure = { error };
    this.closed = true;
    this.settleWaiter();
  }
  private settleWaiter() {
    const w = this.waiter;
    this.waiter = undefined;
    if (!w) return;
    if (this.failure) w.reject(this.failure.error);
    else w.resolve({ value: undefined, done: true });
  }
  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift() as T, done: false });
    if (this.gone || this.closed) {
      if (this.failure && !this.gone) {
        const { error } = this.failure;
        this.failure = undefined; // thrown once; then the iterator is done
        return Promise.reject(error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }
}

/** Gathers the answer from stream parts: text, reasoning, tool calls (also what was delivered). */
function createCollector() {
  const delivered: { text: string; reasoning: string; tools: { id: string; name: string; args: string }[] } =
    {
      text: "",
      reasoning: "",
      tools: [],
    };
  const byId = new Map<string, { id: string; name: string; args: string }>();
  let finish: { finishReason: FinishReason; usage: Usage } | undefined;
  const add = (part: StreamPart) => {
    switch (part.type) {
      case "text-delta":
        delivered.text += part.delta;
        break;
      case "reasoning-delta":
        delivered.reasoning += part.delta;
        break;
      case "tool-input-start": {
        const t = { id: part.id, name: part.toolName, args: "" };
        delivered.tools[part.index] = t;
        byId.set(part.id, t);
        break;
      }
      case "tool-input-delta": {
        const t = byId.get(part.id);
        if (t) t.args += part.delta;
        break;
      }
      case "tool-call": {
        const t = byId.get(part.toolCallId);
        if (t) t.args = part.input;
        else {
          const nt = { id: part.toolCallId, name: part.toolName, args: part.input };
          delivered.tools.push(nt);
          byId.set(nt.id, nt);
        }
        break;
      }
      case "finish":
        finish = { finishReason: part.finishReason, usage: part.usage };
        break;
      default:
        break;
    }
  };
  const toolCalls = (): ToolCall[] =>
    delivered.tools
      .filter((t) => t !== undefined)
      .map((t) => ({ id: t.id, type: "function", function: { name: t.name, arguments: t.args } }));
  return { delivered: delivered as Delivered & typeof delivered, add, toolCalls, finish: () => finish };
}

/**
 * A streaming call. The call starts at once (selection runs inside `router.stream()`); parts are read
 * from the provider as they come and buffered for the consumer. `result` settles whether or not the
 * parts are iterated: it resolves when the provider finished, or rejects —
 * `CallAbortedError` (`by: "signal"` or `"consumer"`, with the partial usage accounted) when the
 * caller aborts or the consumer leaves the loop (`break`, `return`, a throw) before the end;
 * `StreamInterruptedError` when the stream fails after its first part; the call's own error otherwise.
 * Leaving the loop or aborting cancels the HTTP stream. No promise is left pending.
 */
export function createRouterStream(deps: StreamLifecycleDeps): RouterStream {
  let resolveResult!: (r: RouterResult) => void;
  let rejectResult!: (e: unknown) => void;
  const result = new Promise<RouterResult>((res, rej) => {
    resolveResult = res;
    rejectResult = rej;
  });
  result.catch(() => {}); // a caller that never awaits `result` gets no unhandled rejection
  const queue = new PartQueue<StreamPart>();
  let ctx: CallContext | undefined;
  let settled = false;

  const leave = () => {
    queue.gone = true;
    if (!settled && ctx && !ctx.controller.signal.aborted) ctx.controller.abort(new ConsumerCancel());
  };

  const pump = async () => {
    ctx = deps.open();
    const call = ctx;
    let live: { state: AttemptState; stream: AdapterStream; ttft: number } | undefined;
    try {
      const collector = createCollector();
      const opened = await runAttempts(deps, call, async (state) => {
        const stream = await deps.connect(call, state);
        if (stream.requestId) state.attempt.requestId = stream.requestId;
        state.phase = "streaming";
        state.reported = () => stream.usage();
        state.delivered = collector.delivered;
        const iterator = stream[Symbol.asyncIterator]();
        let first: IteratorResult<StreamPart>;
        try {
          first = await iterator.next();
        } catch (error) {
          stream.cancel(error);
          throw error;
        }
        state.answered();
        return { state, stream, iterator, first, ttft: performance.now() - state.startPerf };
      });
      live = { state: opened.state, stream: opened.stream, ttft: opened.ttft };
      const { state, iterator } = opened;
      let next = opened.first;
      while (!next.done) {
        collector.add(next.value);
        queue.push(next.value);
        next = await iterator.next();
      }
      const finish = collector.finish();
      state.attempt.ttftMs = opened.ttft;
      let usage = finish?.usage;
      if (!finish || opened.stream.usage() === undefined) {
        // A stream that ended without usage: the provider bills it all the same; estimate it.
        const estimate = deps.accounting.estimateUsage(call, state.c, {
          reported: opened.stream.usage(),
          delivered: collector.delivered,
          maxOutputTokens: state.maxOutputTokens,
        });
        state.attempt.latencyMs = performance.now() - state.startPerf;
        deps.accounting.estimated(call, state.c, state.attempt, estimate, "usage-missing");
        state.phase = "done";
        usage = estimate.usage;
      }
      const answer = {
        text: collector.delivered.text,
        toolCalls: collector.toolCalls(),
        finishReason: finish?.finishReason ?? { unified: "other" as const, raw: null },
        usage: usage as Usage,
        ttftMs: opened.ttft,
      };
      settled = true;
      resolveResult(deps.complete(call, state, answer));
      queue.end();
    } catch (error) {
      settled = true;
      let failure: unknown = error;
      if (live && live.state.phase !== "done") {
        live.stream.cancel(error);
        const cause = abortCause(call);
        const providerError: ProviderError | undefined = cause
          ? undefined
          : toProviderError(error, {
              provider: live.state.c.state.provider,
              model: live.state.c.entry.id,
              secrets: deps.secrets,
            });
        if (providerError) {
          call.errors.push(providerError);
          if (providerError.retryable)
            deps.breaker.failure(live.state.c.state.provider, deps.now().getTime());
        } else {
          live.state.attempt.status = "error";
          live.state.attempt.error = {
            name: cause === "deadline" ? "DeadlineExceededError" : "CallAbortedError",
            message:
              cause === "consumer"
                ? "cancelled by the stream's consumer"
                : cause === "deadline"
                  ? String((call.controller.signal.reason as Error).message)
                  : "aborted by the caller",
            retryable: false,
          };
        }
        live.state.attempt.ttftMs = live.ttft;
        const accounted = settleFailedAttempt(deps, call, live.state, providerError);
        if (accounted) deps.interrupted(call, live.state, accounted, live.ttft);
        const partial = accounted ? { usage: accounted.usage, cost: accounted.cost.total } : {};
        failure =
          cause === "signal" || cause === "consumer"
            ? new CallAbortedError({
                attempts: call.attempts,
                by: cause,
                cause: cause === "signal" ? call.controller.signal.reason : undefined,
                ...partial,
              })
            : new StreamInterruptedError({
                attempts: call.attempts,
                cause: providerError ?? call.controller.signal.reason,
                ...partial,
              });
      }
      deps.failed?.(call);
      rejectResult(failure);
      queue.fail(failure);
    } finally {
      call.cleanup();
    }
  };

  pump().catch((error: unknown) => {
    // `open()` threw (no candidate, bad request) or a bug: settle everything all the same.
    settled = true;
    rejectResult(error);
    queue.fail(error);
  });

  let taken = false;
  const take = () => {
    if (taken)
      throw new TokenwiseError({ message: "a router stream can be iterated once (parts or textStream)" });
    taken = true;
  };
  const parts: AsyncIterable<StreamPart> = {
    [Symbol.asyncIterator]() {
      take();
      return {
        next: () => queue.next(),
        return: async () => {
          leave();
          return { value: undefined, done: true };
        },
      };
    },
  };
  const textStream: AsyncIterable<string> = {
    [Symbol.asyncIterator]() {
      take();
      return {
        async next(): Promise<IteratorResult<string>> {
          for (;;) {
            const r = await queue.next();
            if (r.done) return { value: undefined, done: true };
            if (r.value.type === "text-delta") return { value: r.value.delta, done: false };
          }
        },
        return: async () => {
          leave();
          return { value: undefined, done: true };
        },
      };
    },
  };
  return { parts, textStream, result };
}
