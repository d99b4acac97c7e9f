import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { ProviderError } from "../errors";
import type { ScoredCandidate } from "../select-candidates";
import { type CallContext, openCall } from "./call-context";
import { DEFAULT_RETRY } from "./retry";
import { type ExecuteDeps, runAttempts } from "./run-attempts";

const candidate = (id: string) => ({ state: { provider: "p" }, entry: { id } }) as unknown as ScoredCandidate;
const best = candidate("a");
const second = candidate("b");

function call(): CallContext {
  return openCall({
    id: "c1",
    request: { messages: [{ role: "user", content: "hi" }] },
    prepared: {} as CallContext["prepared"],
    constraints: { maxLatencyMs: Number.POSITIVE_INFINITY } as CallContext["constraints"],
    selection: { best, rejected: [] } as unknown as CallContext["selection"],
    predictions: undefined,
    start: new Date(0),
  });
}

function deps(attemptTimeoutMs?: number): ExecuteDeps {
  return {
    retry: { ...DEFAULT_RETRY, maxRetries: 0 },
    attemptTimeoutMs,
    breaker: { isOpen: () => false, failure: () => {} } as unknown as ExecuteDeps["breaker"],
    secrets: [],
    now: () => new Date(0),
    accounting: {} as ExecuteDeps["accounting"],
    order: () => [best, second],
    maxOutputFor: () => 16,
  };
}

const refused = () =>
  new ProviderError({ provider: "p", model: "a", kind: "bad-request", retryable: false, message: "no" });

describe("attempt signals", () => {
  it("the first attempt runs on the call's signal; a failover attempt on its own, linked to it", async () => {
    const ctx = call();
    const seen: AbortSignal[] = [];
    const out = await runAttempts(deps(), ctx, async (state) => {
      seen.push(state.signal);
      if (seen.length === 1) throw refused();
      return state.c.entry.id;
    });
    expect(out).toBe("b");
    expect(seen[0]).toBe(ctx.controller.signal);
    expect(seen[1]).not.toBe(ctx.controller.signal);
    // The failed attempt left no listener; the answered one stays linked (a stream's abort reaches it).
    expect(getEventListeners(ctx.controller.signal, "abort")).toHaveLength(1);
    const reason = new Error("stop");
    ctx.controller.abort(reason);
    expect(seen[1]!.aborted).toBe(true);
    expect(seen[1]!.reason).toBe(reason);
    ctx.cleanup();
  });

  it("with an attempt timeout every attempt has its own signal, aborted by the call too", async () => {
    const ctx = call();
    let signal: AbortSignal | undefined;
    await runAttempts(deps(60_000), ctx, async (state) => {
      signal = state.signal;
      return 1;
    });
    expect(signal).not.toBe(ctx.controller.signal);
    ctx.controller.abort("bye");
    expect(signal!.reason).toBe("bye");
    ctx.cleanup();
  });
});
