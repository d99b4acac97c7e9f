import { type AIMessageChunk, isAIMessageChunk } from "@langchain/core/messages";
import { ChatTokenwise } from "@tokenwise/langchain";
import { CallAbortedError, type CallReport, type Router } from "@tokenwise/router";
import type { Testkit } from "@tokenwise/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { setup } from "../router/fixtures";

let kit: Testkit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const ONLY = { constraints: { allowModels: ["openai/gpt-4o-mini"] } };

/** Waits until `done()` holds, polling every 10 ms for at most 10 s. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(done()).toBe(true);
}

/** Resolves when the server has settled `n` requests. */
async function settled(k: Testkit, n: number): Promise<void> {
  await until(() => k.billing().length >= n);
  expect(k.billing()).toHaveLength(n);
}

/** The next report the router emits. */
function nextReport(router: Router): Promise<CallReport> {
  return new Promise((resolve) => {
    const off = router.onReport((r) => {
      off();
      resolve(r);
    });
  });
}

describe("ChatTokenwise: an abort signal in the call options", () => {
  it("before the first token: the call rejects with the router's CallAbortedError; nothing billed, nothing accounted", async () => {
    const s = await setup({ faults: { "openai/gpt-4o-mini": ["slow-ttft"] } });
    kit = s.kit;
    const model = new ChatTokenwise({ router: s.router, ...ONLY });
    const ac = new AbortController();
    const call = model.invoke("hi", { signal: ac.signal });
    // Abort once the provider has the request (it holds its answer back for 2 s).
    await until(() => kit!.requests().length === 1);
    ac.abort();
    const err = await call.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallAbortedError);
    const attempts = (err as CallAbortedError).attempts;
    expect(attempts).toMatchObject([
      { model: "gpt-4o-mini", status: "error", error: { name: "CallAbortedError" } },
    ]);
    // The provider saw the client leave before its answer: not billed. The router cannot know that, so
    // it records the attempt as an estimate (0, with an error bar up to the prompt) and the totals agree.
    await settled(kit, 1);
    expect(kit.billing()[0]).toMatchObject({ outcome: "client-aborted-before", billed: false });
    for (const e of s.router.ledger.entries()) {
      expect(e).toMatchObject({ accuracy: "estimated", reason: "aborted-before-response" });
    }
    expect(s.router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
  });

  it("mid-stream: the caller's stream stops at once, and the router accounts what the provider billed", async () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
    // 100 tokens/s of simulated generation: the answer takes over a second, the abort comes after ~10 characters.
    const s = await setup({
      response: { scripted: [words] },
      timeScale: 1,
      latency: { ttftMs: 1, tokensPerSecond: 100 },
    });
    kit = s.kit;
    const report = nextReport(s.router);
    const model = new ChatTokenwise({ router: s.router, ...ONLY });
    const ac = new AbortController();
    const chunks: AIMessageChunk[] = [];
    const err = await (async () => {
      for await (const c of await model.stream("go", { signal: ac.signal })) {
        chunks.push(c);
        if (chunks.map((x) => x.content).join("").length > 10) ac.abort();
      }
    })().catch((e: unknown) => e);
    expect((err as Error).name).toBe("AbortError");
    // No chunk after the abort, and no final usage chunk: the answer was cut.
    const text = chunks.map((c) => c.content).join("");
    expect(text.length).toBeGreaterThan(10);
    expect(words.startsWith(text)).toBe(true);
    expect(text.length).toBeLessThan(words.length);
    expect(chunks.every((c) => isAIMessageChunk(c) && c.usage_metadata === undefined)).toBe(true);
    // The router settles the abandoned call: one report, one ledger entry, equal to what was billed.
    const r = await report;
    await settled(kit, 1);
    const bill = kit.billing()[0]!;
    expect(bill.billed).toBe(true);
    const entries = s.router.ledger.entries();
    expect(entries).toHaveLength(1);
    if (bill.outcome === "completed") {
      // The provider finished the answer before it noticed the client: billed in full, accounted in full.
      expect(s.router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
    } else {
      // The provider cut the answer: the router accounts the prompt exactly and estimates the output it received.
      // The provider cut the answer without reporting usage: the router's entry is an estimate whose
      // error bar holds what the provider billed.
      expect(bill.outcome).toBe("cut");
      expect(r.attempts.at(-1)!.usageSource).toBe("estimated");
      const entry = entries[0]!;
      expect(entry.accuracy).toBe("estimated");
      const billed = kit.billingTotal("USD").atto;
      expect(entry.errorBar!.low.atto <= billed && billed <= entry.errorBar!.high.atto).toBe(true);
    }
  });
});
