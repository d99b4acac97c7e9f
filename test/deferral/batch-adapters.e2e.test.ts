import { costOf, type PriceVersionInput, PriceVersionSchema } from "@tokenwise/core";
import {
  type BatchLine,
  BatchStateError,
  createAnthropicBatchAdapter,
  createOpenAIBatchAdapter,
} from "@tokenwise/router";
import { type SimProviderConfig, startTestkit, type Testkit } from "@tokenwise/testkit";
import { afterEach, describe, expect, it } from "vitest";

const src = { url: "https://example.test/prices", asOf: "2026-08-01" };
const prices: PriceVersionInput[] = [
  {
    currency: "USD",
    effectiveFrom: "2026-01-01T00:00:00Z",
    input: "3",
    output: "15",
    batchMultiplier: "0.5",
    source: src,
  },
];
const T0 = new Date("2026-09-02T10:00:00Z");

const providers = (batch: SimProviderConfig["batch"]): SimProviderConfig[] => [
  { name: "openai", style: "openai", batch, models: [{ id: "gpt-4o-mini", prices }] },
  { name: "anthropic", style: "anthropic", batch, models: [{ id: "claude-sonnet-4-5", prices }] },
];

const lines = (provider: string, model: string, n: number): BatchLine[] =>
  Array.from({ length: n }, (_, i) => ({
    customId: `job-${i}`,
    call: {
      provider,
      model,
      maxOutputTokens: 64,
      request: {
        system: "Be brief.",
        messages: [{ role: "user", content: `Question ${i}: name two rivers.` }],
      },
    },
  }));

describe("batch adapters over the official SDKs, against the testkit", () => {
  let kit: Testkit | undefined;
  const clock = { t: T0 };
  afterEach(async () => {
    await kit?.close();
    kit = undefined;
    clock.t = T0;
  });

  for (const [provider, model, create] of [
    ["openai", "gpt-4o-mini", createOpenAIBatchAdapter],
    ["anthropic", "claude-sonnet-4-5", createAnthropicBatchAdapter],
  ] as const) {
    it(`${provider}: submit, retrieve, results normalized; each line's usage prices to the billing log at the batch rate`, async () => {
      kit = await startTestkit({
        providers: providers({ completionMs: 30 * 60_000, lineFailureRate: 0.25 }),
        timeScale: 0,
        now: () => clock.t,
      });
      const adapter = create({ provider, apiKey: "k", baseURL: kit.baseURL(provider), secrets: ["k"] });
      const submitted = await adapter.submit(lines(provider, model, 16));
      expect(submitted.state).toBe("in_progress");
      expect(submitted.createdAt.getTime()).toBe(T0.getTime());
      expect(submitted.expiresAt.getTime()).toBe(T0.getTime() + 86_400_000);
      expect(adapter.lineBytes(lines(provider, model, 1)[0]!)).toBeGreaterThan(50);
      await expect(adapter.results(submitted.id)).rejects.toThrow(/has not ended/);
      clock.t = new Date(T0.getTime() + 31 * 60_000);
      const ended = await adapter.retrieve(submitted.id);
      expect(ended.state).toBe("ended");
      expect(ended.counts.succeeded + ended.counts.errored).toBe(16);
      const results = await adapter.results(submitted.id);
      expect(results).toHaveLength(16);
      expect(new Set(results.map((r) => r.customId)).size).toBe(16);
      const ok = results.filter((r) => r.kind === "succeeded");
      const failed = results.filter((r) => r.kind === "errored");
      expect(failed.length).toBeGreaterThan(0);
      for (const f of failed)
        if (f.kind === "errored") expect(f.error).toMatchObject({ retryable: true, provider });
      const price = PriceVersionSchema.parse(prices[0]);
      let sum = 0n;
      for (const r of ok) {
        if (r.kind !== "succeeded") continue;
        expect(r.response.text.length).toBeGreaterThan(0);
        expect(r.response.finishReason.unified).toBe("stop");
        sum += costOf(r.response.usage, price, { at: ended.createdAt, batch: true }).total.atto;
      }
      expect(sum).toBe(kit.billingTotal("USD").atto);
      // The system prompt reached the provider as a system prompt.
      const sent = kit.batches(provider)[0]!.lines[0]!.body as Record<string, unknown>;
      if (provider === "anthropic") expect(sent.system).toEqual([{ type: "text", text: "Be brief." }]);
      else expect((sent.messages as { role: string }[])[0]!.role).toBe("system");
    });

    it(`${provider}: cancel ends the batch with the rest canceled`, async () => {
      kit = await startTestkit({
        providers: providers({ completionMs: 100 * 60_000 }),
        timeScale: 0,
        now: () => clock.t,
      });
      const adapter = create({ provider, apiKey: "k", baseURL: kit.baseURL(provider), secrets: ["k"] });
      const s = await adapter.submit(lines(provider, model, 10));
      clock.t = new Date(T0.getTime() + 25 * 60_000);
      expect((await adapter.cancel(s.id)).state).toBe("ended");
      const kinds = (await adapter.results(s.id)).map((r) => r.kind).sort();
      expect(kinds.filter((k) => k === "succeeded")).toHaveLength(2);
      expect(kinds.filter((k) => k === "canceled")).toHaveLength(8);
    });
  }

  it("an unknown batch status is a BatchStateError, not a guess", async () => {
    kit = await startTestkit({ providers: providers({}), timeScale: 0, now: () => clock.t });
    const rewrite: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const text = await res.text();
      return new Response(text.replace(/"status":"validating"/, '"status":"paused"'), {
        status: res.status,
        headers: res.headers,
      });
    };
    const adapter = createOpenAIBatchAdapter({
      provider: "openai",
      apiKey: "k",
      baseURL: kit.baseURL("openai"),
      secrets: ["k"],
      fetch: rewrite,
    });
    const error = await adapter.submit(lines("openai", "gpt-4o-mini", 1)).catch((e: unknown) => e);
    expect(BatchStateError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ state: "paused", provider: "openai" });
  });

  it("a provider without a batch API answers 404: a ProviderError of kind not-found", async () => {
    kit = await startTestkit({ providers: providers(false), timeScale: 0, now: () => clock.t });
    const adapter = createAnthropicBatchAdapter({
      provider: "anthropic",
      apiKey: "k",
      baseURL: kit.baseURL("anthropic"),
      secrets: ["k"],
    });
    await expect(adapter.submit(lines("anthropic", "claude-sonnet-4-5", 1))).rejects.toMatchObject({
      name: "ProviderError",
      kind: "not-found",
    });
  });
});
