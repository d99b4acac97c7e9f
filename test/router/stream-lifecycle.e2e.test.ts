import type { Usage } from "@tokenwise/core";
import { CallAbortedError, type LedgerEntry, type Router, type RouterStream } from "@tokenwise/router";
import type { BillingEntry, Testkit } from "@tokenwise/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setup } from "./fixtures";

// A long echoed answer at 1,000 tokens/s after a 300 ms first token: a stream lasts long enough to be
// cut by an abort or a `break`.
const words = Array.from({ length: 200 }, (_, i) => `word${i % 17} and`).join(" ");
const request = { messages: [{ role: "user" as const, content: `Repeat: ${words}` }] };
const MODELS = ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"] as const;

let kit: Testkit;
let router: Router;
beforeAll(async () => {
  ({ kit, router } = await setup({
    timeScale: 1,
    perModel: () => ({ latency: { ttftMs: 300, tokensPerSecond: 1000, jitter: 0 } }),
  }));
});
afterAll(async () => kit?.close());

/** The billing entry of a request id, once the server settled it. */
async function billed(requestId: string | undefined): Promise<BillingEntry> {
  expect(requestId).toBeDefined();
  for (let i = 0; i < 200; i++) {
    const b = kit.billing().find((e) => e.requestId === requestId);
    if (b) return b;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`request ${requestId} was never settled`);
}

function ledgerEntry(requestId: string | undefined): LedgerEntry {
  const e = router.ledger.entries().find((x) => x.requestId === requestId);
  expect(e).toBeDefined();
  return e as LedgerEntry;
}

/** The billing log's charge lies inside the entry's error bar (native currency). */
function expectInsideBar(entry: LedgerEntry, bill: BillingEntry) {
  const bar = entry.nativeErrorBar ?? entry.errorBar;
  expect(bar).toBeDefined();
  const charge = bill.cost?.total.atto ?? -1n;
  expect(charge >= (bar?.low.atto ?? 0n)).toBe(true);
  expect(charge <= (bar?.high.atto ?? 0n)).toBe(true);
}

const promptOf = (u: Usage) => u.input + u.cacheRead + u.cacheWrite + u.cacheWrite1h;

describe.each(MODELS)("stream lifecycle on %s", (model) => {
  const constraints = { allowModels: [model] };

  it("`result` settles without iterating the parts", async () => {
    const s = router.stream({ ...request, constraints });
    const r = await s.result;
    expect(r.text.length).toBeGreaterThan(500);
    const attempt = r.report.attempts.at(-1)!;
    const bill = await billed(attempt.requestId);
    expect(bill.outcome).toBe("completed");
    const entry = ledgerEntry(attempt.requestId);
    expect(entry.accuracy).toBe("exact");
    expect(entry.native ?? entry.cost).toEqual(bill.cost?.total);
  });

  it("abort after the first token cancels the HTTP stream and accounts the partial usage", async () => {
    const ac = new AbortController();
    const s = router.stream({ ...request, constraints, signal: ac.signal });
    let after = 0;
    let thrown: unknown;
    try {
      for await (const part of s.parts) {
        if (ac.signal.aborted) after++;
        else if (part.type === "text-delta") ac.abort();
      }
    } catch (error) {
      thrown = error;
    }
    const err = await s.result.catch((e: unknown) => e);
    expect(thrown).toBe(err);
    expect(err).toBeInstanceOf(CallAbortedError);
    const aborted = err as CallAbortedError;
    expect(aborted.by).toBe("signal");
    expect(after).toBeLessThan(5); // at most what was already buffered; not the other ~400 parts
    expect(aborted.usage).toBeDefined();
    expect(aborted.cost?.atto ?? 0n).toBeGreaterThan(0n);
    const attempt = aborted.attempts.at(-1)!;
    const bill = await billed(attempt.requestId);
    expect(bill.outcome).toBe("cut");
    expect(bill.usage.output).toBeLessThan(100); // the provider stopped generating
    const entry = ledgerEntry(attempt.requestId);
    expect(entry).toMatchObject({ accuracy: "estimated", reason: "aborted-mid-stream" });
    // The prompt as the provider counts it (exact or estimated, it is the same count here).
    expect(promptOf(aborted.usage!)).toBe(promptOf(bill.usage));
    expectInsideBar(entry, bill);
  });

  it("`break` cancels the stream; `result` rejects with CallAbortedError (by consumer) and the usage is accounted", async () => {
    const s = router.stream({ ...request, constraints });
    for await (const part of s.parts) if (part.type === "text-delta") break;
    const err = await s.result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallAbortedError);
    expect((err as CallAbortedError).by).toBe("consumer");
    const attempt = (err as CallAbortedError).attempts.at(-1)!;
    const bill = await billed(attempt.requestId);
    expect(bill.outcome).toBe("cut");
    const entry = ledgerEntry(attempt.requestId);
    expect(entry.accuracy).toBe("estimated");
    expect(promptOf((err as CallAbortedError).usage!)).toBe(promptOf(bill.usage));
    expectInsideBar(entry, bill);
  });

  it("`break` out of textStream cancels the same way", async () => {
    const s: RouterStream = router.stream({ ...request, constraints });
    for await (const _ of s.textStream) break;
    await expect(s.result).rejects.toBeInstanceOf(CallAbortedError);
  });

  it("an abort before the first token of an open stream bills the prompt, and the ledger has it", async () => {
    const ac = new AbortController();
    const s = router.stream({ ...request, constraints, signal: ac.signal });
    setTimeout(() => ac.abort(), 120); // headers came at once; the first token is due at 300 ms
    const err = (await s.result.catch((e: unknown) => e)) as CallAbortedError;
    expect(err).toBeInstanceOf(CallAbortedError);
    const attempt = err.attempts.at(-1)!;
    const bill = await billed(attempt.requestId);
    expect(bill).toMatchObject({ outcome: "cut", billed: true });
    expect(bill.usage.output).toBe(0);
    expect(promptOf(err.usage!)).toBe(promptOf(bill.usage));
    expect(err.usage?.output).toBe(0);
    const entry = ledgerEntry(attempt.requestId);
    expect(entry.accuracy).toBe("estimated");
    expectInsideBar(entry, bill);
  });
});

describe("stream lifecycle without a provider", () => {
  it("a stream no one reads or awaits leaves no unhandled rejection, and iterating twice is an error", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => void unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      // Nothing qualifies (a quality floor no model meets): the call fails at once.
      const s = router.stream({ ...request, constraints: { minQuality: 0.9999 } });
      await new Promise((r) => setTimeout(r, 20));
      const again = router.stream({ ...request, constraints: { minQuality: 0.9999 } });
      const it = again.parts[Symbol.asyncIterator]();
      await expect(it.next()).rejects.toThrow(/No model meets the constraints/);
      expect(() => again.textStream[Symbol.asyncIterator]()).toThrow(/iterated once/);
      void s;
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
