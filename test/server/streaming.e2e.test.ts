import type { CallReport } from "@tokenwise/router";
import { describe, expect, it } from "vitest";
import { startServer } from "./fixtures";

const LONG = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");

/** Resolves when `check` holds, polling the event loop (bounded). */
async function until(check: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("streams", () => {
  it("200 concurrent streams arrive whole and unmixed", async () => {
    const h = await startServer();
    try {
      const n = 200;
      const run = async (i: number) => {
        const prompt = `stream ${i}: ${Array.from({ length: 8 }, (_, k) => `t${i}x${k}`).join(" ")}`;
        const stream = await h.client.chat.completions.create({
          model: "auto",
          messages: [{ role: "user", content: prompt }],
          stream: true,
          stream_options: { include_usage: true },
        });
        const ids = new Set<string>();
        let text = "";
        let cost: string | undefined;
        for await (const chunk of stream) {
          ids.add(chunk.id);
          text += chunk.choices[0]?.delta.content ?? "";
          if (chunk.usage)
            cost = (chunk.usage as unknown as { cost_details: { atto: string } }).cost_details.atto;
        }
        return { prompt, text, ids, cost };
      };
      const results = await Promise.all(Array.from({ length: n }, (_, i) => run(i)));
      for (const r of results) {
        expect(r.text).toBe(r.prompt); // the testkit echoes: each stream got its own answer only
        expect(r.ids.size).toBe(1);
      }
      expect(new Set(results.map((r) => [...r.ids][0])).size).toBe(n);
      // Every stream's cost, summed, is what the provider billed.
      const sum = results.reduce((a, r) => a + BigInt(r.cost!), 0n);
      expect(sum).toBe(h.kit.billingTotal("USD").atto);
      expect(h.server.inFlight()).toBe(0);
    } finally {
      await h.close();
    }
  });

  it("a client abort stops the upstream call and the router accounts what was billed", async () => {
    const h = await startServer({
      timeScale: 1,
      perModel: () => ({ latency: { ttftMs: 0, tokensPerSecond: 50 }, response: { scripted: [LONG] } }),
    });
    try {
      const reports: CallReport[] = [];
      h.router.onReport((r) => reports.push(r));
      const controller = new AbortController();
      const stream = await h.client.chat.completions.create(
        { model: "auto", messages: [{ role: "user", content: "Tell me a long story." }], stream: true },
        { signal: controller.signal },
      );
      let received = "";
      const done = (async () => {
        for await (const chunk of stream) {
          received += chunk.choices[0]?.delta.content ?? "";
          if (received.length > 0) controller.abort();
        }
      })().catch(() => {});
      await done;
      expect(received.length).toBeLessThan(LONG.length);
      // (The router currently notifies observers twice for a cut stream: read the first report.)
      await until(
        () => reports.length >= 1 && h.kit.billing().length === 1 && h.server.inFlight() === 0,
        "the abort to settle",
      );
      const billed = h.kit.billing()[0]!;
      expect(billed.outcome).toBe("cut"); // the provider stopped sending: the whole story was never written
      expect(billed.billed).toBe(true);
      const attempt = reports[0]!.attempts[0]!;
      expect(attempt.usageSource).toBe("estimated");
      // OpenAI-style streams report usage only at their end, so the router accounts a cut stream at its
      // estimate (docs/router.md, Accounting): the prompt as counted, the output of the text it received.
      expect(Math.abs(attempt.usage!.input - billed.usage.input)).toBeLessThanOrEqual(2);
      expect(attempt.usage!.output).toBeLessThan(60);
      expect(Math.abs(attempt.usage!.output - billed.usage.output)).toBeLessThanOrEqual(8);
      expect(h.router.ledger.entries()).toHaveLength(1);
      expect(h.router.ledger.total("USD").atto).toBeGreaterThan(0n);
      const log = h.transcript.logs.at(-1)!;
      expect(log.status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it("the per-request deadline answers 504 and stops the upstream call", async () => {
    const h = await startServer({
      perModel: () => ({ faults: ["slow-ttft"] }),
      config: { limits: { maxBodyBytes: 65_536, requestTimeoutMs: 150, shutdownGraceMs: 1_000 } },
    });
    try {
      const err = await h.client.chat.completions
        .create({ model: "openai/gpt-4o", messages: [{ role: "user", content: "slow" }] })
        .catch((e) => e);
      expect(err.status).toBe(504);
      expect(err.error).toMatchObject({ type: "timeout_error", code: "timeout" });
      await until(() => h.kit.billing().length === 1, "the upstream to settle");
      expect(h.kit.billing()[0]!.outcome).toBe("client-aborted-before");
      // The router records the abandoned attempt as an estimate (it cannot know the provider did not
      // bill it): the totals still equal the bill.
      for (const e of h.router.ledger.entries()) {
        expect(e).toMatchObject({ accuracy: "estimated", reason: "aborted-before-response" });
      }
      expect(h.router.ledger.total("USD")).toEqual(h.kit.billingTotal("USD"));
    } finally {
      await h.close();
    }
  });

  it("graceful shutdown drains open streams and refuses new requests", async () => {
    const h = await startServer({
      timeScale: 1,
      perModel: () => ({ latency: { ttftMs: 0, tokensPerSecond: 200 }, response: { scripted: [LONG] } }),
    });
    let closed = false;
    try {
      const stream = await h.client.chat.completions.create({
        model: "auto",
        messages: [{ role: "user", content: "Tell me a long story." }],
        stream: true,
      });
      const it = stream[Symbol.asyncIterator]();
      const first = await it.next();
      expect(first.done).toBe(false);
      const closing = h.server.close().then(() => {
        closed = true;
      });
      // A new request while draining is refused (connection refused or 503).
      const refused = await fetch(`${h.url}/v1/models`).then(
        (r) => r.status,
        () => "refused",
      );
      expect([503, "refused"]).toContain(refused);
      let text = first.value.choices[0]?.delta.content ?? "";
      for (let r = await it.next(); !r.done; r = await it.next())
        text += r.value.choices[0]?.delta.content ?? "";
      expect(text).toBe(LONG); // the open stream finished whole
      await closing;
      expect(closed).toBe(true);
      expect(h.kit.billing()[0]!.outcome).toBe("completed");
    } finally {
      if (!closed) await h.server.close();
      await h.kit.close();
    }
  });
});
