import {
  type ModelEntry,
  type ModelEntryInput,
  ModelEntrySchema,
  moneyToDecimal,
  type PriceVersionInput,
} from "@tokenwise/core";
import { afterEach, describe, expect, it } from "vitest";
import { setup } from "./fixtures";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const src = { url: "https://example.test/prices", asOf: "2026-08-01" };
const caps = { tools: true, vision: false, structuredOutput: true, streaming: true, reasoning: true };
const price = (input: string, output: string, extra: Partial<PriceVersionInput> = {}): PriceVersionInput => ({
  currency: "USD",
  effectiveFrom: "2026-01-01T00:00:00Z",
  input,
  output,
  source: src,
  ...extra,
});
const model = (
  m: Partial<ModelEntryInput> & Pick<ModelEntryInput, "provider" | "id" | "prices">,
): ModelEntry =>
  ModelEntrySchema.parse({
    api: "openai",
    contextWindow: 128_000,
    maxOutput: 16_384,
    capabilities: caps,
    tokenizer: "o200k_base",
    quality: { general: { score: 0.8, source: "test" } },
    latency: { ttftMs: 300, outputTokensPerSec: 100, source: "test" },
    ...m,
  });

describe("input limit (maxInputTokens) end to end", () => {
  // gpt-5-like: 272K input within a 400K context, cheaper than the 1M-context fallback.
  const models = [
    model({
      provider: "openai",
      id: "gpt-5",
      contextWindow: 400_000,
      maxInputTokens: 272_000,
      maxOutput: 128_000,
      prices: [price("1.25", "10")],
    }),
    model({ provider: "openai", id: "gpt-4.1", contextWindow: 1_047_576, prices: [price("2", "8")] }),
  ];
  // A hand-built prompt: "word " repeated counts one o200k token per word, plus the chat framing.
  const prompt = (words: number) => ({
    messages: [{ role: "user" as const, content: "word ".repeat(words) }],
    maxOutputTokens: 1_000,
  });

  it("rejects a prompt just over 272K with the numbers, though it fits the context window", async () => {
    const { kit, router } = await setup({ models });
    close = () => kit.close();
    const over = router.plan(prompt(272_000));
    const rejected = over.rejected.find((r) => r.model === "gpt-5");
    expect(rejected?.code).toBe("input-limit");
    const counted = Number(/^(\d+) input tokens/.exec(rejected!.reason)?.[1]);
    expect(counted).toBeGreaterThan(272_000);
    expect(counted).toBeLessThan(272_010);
    expect(rejected!.reason).toBe(`${counted} input tokens > input limit 272000 (context window 400000)`);
    // Just under the limit, the cheaper gpt-5 qualifies again.
    const under = router.plan(prompt(271_980));
    expect(under.rejected.find((r) => r.model === "gpt-5")).toBeUndefined();
    expect(under.ranked[0]?.model).toBe("gpt-5");
    // The call over the limit goes to the 1M-context model; gpt-5 is never sent the prompt.
    const result = await router.generate(prompt(272_000));
    expect(result.model).toBe("gpt-4.1");
    expect(kit.requests({ provider: "openai", model: "gpt-5" })).toHaveLength(0);
  });
});

describe("API id (apiId) end to end", () => {
  it("sends the API id on the wire and keeps the catalog id in results, reports and the ledger", async () => {
    const models = [
      model({
        provider: "doubao",
        id: "doubao-seed-2.0-pro",
        apiId: "doubao-seed-2-0-pro-260215",
        prices: [price("0.5", "2")],
      }),
    ];
    const { kit, router } = await setup({ models });
    close = () => kit.close();
    const result = await router.generate({ messages: [{ role: "user", content: "hello" }] });
    expect(result.model).toBe("doubao-seed-2.0-pro");
    expect(result.report.model).toBe("doubao-seed-2.0-pro");
    const [sent] = kit.requests({ provider: "doubao" });
    expect(sent?.model).toBe("doubao-seed-2-0-pro-260215");
    expect(sent?.body.model).toBe("doubao-seed-2-0-pro-260215");
    const [entry] = router.ledger.entries();
    expect(entry?.model).toBe("doubao-seed-2.0-pro");
    // Billed under the API id at the same price, to the atto.
    const [bill] = kit.billing();
    expect(bill?.model).toBe("doubao-seed-2-0-pro-260215");
    expect(bill?.cost?.total.atto).toBe(result.report.realized.cost.total.atto);
  });
});

describe("thinking-mode prices end to end", () => {
  // qwen-plus-like: output 2 non-thinking, 8 thinking (USD here, for the test); default non-thinking.
  const hybrid = model({
    provider: "qwen",
    id: "qwen-plus",
    thinkingSwitch: "enable_thinking",
    prices: [price("0.8", "2", { thinking: { output: "8" }, defaultMode: "non-thinking" })],
  });
  // A flat-priced rival between the two modes.
  const rival = model({ provider: "deepseek", id: "rival", prices: [price("0.8", "5")] });
  const ask = {
    messages: [{ role: "user" as const, content: "Explain why the sky is blue." }],
    maxOutputTokens: 200,
  };

  it("prices candidates in the request's mode, sends the switch, and bills that mode to the atto", async () => {
    const { kit, router } = await setup({
      models: [hybrid, rival],
      // The simulated model thinks only when asked to.
      perModel: () => ({ reasoningTokens: (req) => (req.body.enable_thinking === true ? 40 : 0) }),
    });
    close = () => kit.close();

    // No reasoning effort: qwen-plus in its default non-thinking mode (output 2 < 5) wins.
    const plain = await router.generate(ask);
    expect(plain.model).toBe("qwen-plus");
    expect(plain.report.realized.cost.mode).toBe("non-thinking");
    expect(plain.report.estimated.cost.mode).toBe("non-thinking");
    expect(kit.requests({ provider: "qwen" })[0]?.body.enable_thinking).toBe(false);
    // Hand-computed from the provider's usage: input × 0.8 + (output + reasoning) × 2 per million.
    const u = plain.report.realized.usage;
    expect(u.reasoning).toBe(0);
    const expected = (u.input * 0.8 + (u.output + u.reasoning) * 2) / 1e6;
    expect(Number(moneyToDecimal(plain.report.realized.cost.total))).toBeCloseTo(expected, 15);

    // A reasoning effort asks for thinking: qwen-plus is priced at 8 there, so the rival (5) wins.
    const ranked = router.plan({ ...ask, reasoningEffort: "low" }).ranked;
    expect(ranked.map((r) => [r.model, r.mode])).toEqual([
      ["rival", null],
      ["qwen-plus", "thinking"],
    ]);
    expect(router.plan(ask).ranked[0]).toMatchObject({ model: "qwen-plus", mode: "non-thinking" });

    // Pinned to qwen-plus in thinking mode: the switch is sent and the bill is at the thinking rate.
    const thinking = await router.generate({
      ...ask,
      reasoningEffort: "high",
      constraints: { allowModels: ["qwen/qwen-plus"] },
    });
    const sent = kit.requests({ provider: "qwen" })[1]!;
    expect(sent.body.enable_thinking).toBe(true);
    expect(thinking.report.realized.cost.mode).toBe("thinking");
    const t = thinking.report.realized.usage;
    expect(t.reasoning).toBe(40);
    const thinkingCost = (t.input * 0.8 + (t.output + t.reasoning) * 8) / 1e6;
    expect(Number(moneyToDecimal(thinking.report.realized.cost.total))).toBeCloseTo(thinkingCost, 15);

    // The ledger equals the provider's billing log, which priced each request in the mode it switched to.
    expect(kit.billing().map((b) => b.mode)).toEqual(["non-thinking", "thinking"]);
    expect(router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
  });

  it('switches a default-thinking model off with reasoningEffort "none" (thinking.type), priced and billed so', async () => {
    // GLM-like: thinking by default (thinking.type), output 14 thinking, 8 non-thinking.
    const glm = model({
      provider: "zhipu",
      id: "glm-hybrid",
      thinkingSwitch: "thinking-type",
      prices: [price("2", "8", { thinking: { output: "14" }, defaultMode: "thinking" })],
    });
    const { kit, router } = await setup({
      models: [glm],
      perModel: () => ({
        reasoningTokens: (req) =>
          (req.body.thinking as { type?: string } | undefined)?.type === "enabled" ? 30 : 0,
      }),
    });
    close = () => kit.close();
    const byDefault = await router.generate(ask);
    const off = await router.generate({ ...ask, reasoningEffort: "none" });
    const [first, second] = kit.requests({ provider: "zhipu" });
    expect(first?.body.thinking).toEqual({ type: "enabled" });
    expect(second?.body.thinking).toEqual({ type: "disabled" });
    expect(byDefault.report.realized.cost.mode).toBe("thinking");
    expect(off.report.realized.cost.mode).toBe("non-thinking");
    expect(off.report.realized.usage.reasoning).toBe(0);
    const u = off.report.realized.usage;
    expect(Number(moneyToDecimal(off.report.realized.cost.total))).toBeCloseTo(
      (u.input * 2 + u.output * 8) / 1e6,
      15,
    );
    expect(router.plan({ ...ask, reasoningEffort: "none" }).ranked[0]?.mode).toBe("non-thinking");
    expect(router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
  });

  it("streams in thinking mode and bills the same mode", async () => {
    const { kit, router } = await setup({
      models: [hybrid],
      perModel: () => ({ reasoningTokens: (req) => (req.body.enable_thinking === true ? 25 : 0) }),
    });
    close = () => kit.close();
    const stream = router.stream({ ...ask, reasoningEffort: "medium" });
    for await (const _part of stream.parts) {
      // drain
    }
    const result = await stream.result;
    expect(result.report.realized.cost.mode).toBe("thinking");
    expect(kit.requests({ provider: "qwen" })[0]?.body.enable_thinking).toBe(true);
    expect(router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
  });
});
