import { type ModelEntry, ModelEntrySchema } from "@tokenwise/core";
import { createHeuristicEstimator, createRouter, type RouterRequest } from "@tokenwise/router";
import { toOpenAIBody } from "@tokenwise/router/internal";
import { afterEach, describe, expect, it } from "vitest";
import { hello, setup, T_PEAK } from "./fixtures";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const caps = { tools: true, vision: true, structuredOutput: true, streaming: true, reasoning: false };

function model(
  id: string,
  contextWindow: number,
  input: string,
  output: string,
  reasoning = false,
): ModelEntry {
  return ModelEntrySchema.parse({
    provider: "openai",
    id,
    api: "openai",
    contextWindow,
    maxOutput: 16_384,
    capabilities: { ...caps, reasoning },
    tokenizer: "o200k_base",
    quality: { general: { score: 0.8, source: "test" } },
    latency: { ttftMs: 300, outputTokensPerSec: 100, source: "test" },
    prices: [
      {
        currency: "USD",
        effectiveFrom: "2026-01-01T00:00:00Z",
        input,
        output,
        source: { url: "https://example.test/prices", asOf: "2026-08-01" },
      },
    ],
  });
}

// ~3,000 prompt tokens.
const request: RouterRequest = { messages: [{ role: "user", content: "lorem ipsum ".repeat(1050) }] };

/** Outputs of mean ~1,000 whose p90 is 6,000: every fifth answer is long. */
function observeLongTail(estimator: ReturnType<typeof createHeuristicEstimator>, r: RouterRequest = request) {
  for (let i = 0; i < 50; i++) {
    estimator.observe({
      family: "o200k_base",
      modelKey: "openai/any",
      request: r,
      estimatedPrompt: 0,
      actualPrompt: 0,
      actualOutput: i % 5 === 0 ? 6000 : 400,
    });
  }
}

describe("output forecast: quantile for the reserve, mean for the ranking", () => {
  it("rejects a model whose window only fits the mean once long outputs were observed (context-window)", () => {
    const estimator = createHeuristicEstimator();
    const router = createRouter({
      models: [model("small-window", 5000, "0.1", "0.4"), model("big-window", 128_000, "1", "4")],
      now: () => T_PEAK,
      env: {},
      estimator,
    });
    const before = router.plan(request, { ignoreCredentials: true });
    expect(before.ranked[0]?.model).toBe("small-window"); // prompt + prior 1,024 fits 5,000
    observeLongTail(estimator);
    const after = router.plan(request, { ignoreCredentials: true });
    const big = after.ranked[0]!;
    expect(big.model).toBe("big-window");
    expect(big.estimated.outputReserve.output).toBe(6000);
    // The mean would have fitted the small window; the p90 does not.
    expect(big.estimated.prompt + big.estimated.usage.output).toBeLessThan(5000);
    const rejected = after.rejected.find((r) => r.model === "small-window");
    expect(rejected?.code).toBe("context-window");
    expect(rejected?.reason).toMatch(/\+ 6000 output tokens > context window 5000/);
    // A caller's maxOutputTokens stays the reserve.
    const capped = router.plan({ ...request, maxOutputTokens: 1000 }, { ignoreCredentials: true });
    expect(capped.ranked[0]?.model).toBe("small-window");
    expect(capped.ranked[0]?.estimated.outputReserve.output).toBe(1000);
  });

  it("ranks on the expected (mean) cost; maxCostPerCall is checked at the quantile", () => {
    const estimator = createHeuristicEstimator();
    // cheap-output is cheaper at the mean output (~1,000), dearer at the p90 (6,000).
    const router = createRouter({
      models: [model("cheap-input", 128_000, "1", "10"), model("cheap-output", 128_000, "5", "2")],
      now: () => T_PEAK,
      env: {},
      estimator,
    });
    observeLongTail(estimator);
    const plan = router.plan(request, { ignoreCredentials: true });
    const best = plan.ranked[0]!;
    expect(best.model).toBe("cheap-input");
    const { prompt, usage, outputReserve } = best.estimated;
    expect(usage.output).toBe(estimator.forecastOutput(request, ""));
    expect(usage.output).toBeLessThan(prompt / 2);
    expect(outputReserve.output).toBe(6000);
    expect(best.expectedCost).toBeCloseTo((prompt * 1 + usage.output * 10) / 1e6, 12);
    // A budget between the mean cost and the p90 cost rejects it.
    const atP90 = (prompt * 1 + 6000 * 10) / 1e6;
    const budget = ((best.expectedCost + atP90) / 2).toFixed(8);
    const limited = router.plan(
      { ...request, constraints: { maxCostPerCall: budget, allowModels: ["openai/cheap-input"] } },
      { ignoreCredentials: true },
    );
    expect(limited.ranked).toHaveLength(0);
    expect(limited.rejected[0]?.code).toBe("cost");
  });

  it("reasoning effort changes the reasoning forecast of reasoning models only", () => {
    const estimator = createHeuristicEstimator();
    const router = createRouter({
      models: [model("plain", 128_000, "1", "4"), model("thinker", 128_000, "1", "4", true)],
      now: () => T_PEAK,
      env: {},
      estimator,
    });
    const reasoningOf = (effort?: "low" | "high") => {
      const p = router.plan(effort ? { ...request, reasoningEffort: effort } : request, {
        ignoreCredentials: true,
      });
      const by = Object.fromEntries(p.ranked.map((c) => [c.model, c.estimated]));
      return {
        thinker: [by.thinker?.usage.reasoning, by.thinker?.outputReserve.reasoning],
        plain: [by.plain?.usage.reasoning, by.plain?.outputReserve.reasoning],
      };
    };
    expect(reasoningOf()).toEqual({ thinker: [0, 0], plain: [0, 0] });
    expect(reasoningOf("low")).toEqual({ thinker: [1024, 1024], plain: [0, 0] });
    expect(reasoningOf("high")).toEqual({ thinker: [16_384, 16_384], plain: [0, 0] });
    // Learned per effort from realized reasoning.
    for (let i = 0; i < 10; i++) {
      estimator.observe({
        family: "o200k_base",
        modelKey: "openai/thinker",
        request: { ...request, reasoningEffort: "high" },
        estimatedPrompt: 0,
        actualPrompt: 0,
        actualOutput: 300,
        actualReasoning: 2000,
      });
    }
    expect(reasoningOf("high").thinker).toEqual([2000, 2000]);
    expect(reasoningOf("low").thinker).toEqual([1024, 1024]);
  });

  it("sends reasoning_effort to OpenAI only", () => {
    const call = {
      provider: "openai",
      model: "o4-mini",
      request: hello,
      maxOutputTokens: 100,
      signal: new AbortController().signal,
      promptCaching: false,
      reasoningEffort: "high" as const,
    };
    expect(toOpenAIBody(call, "openai").reasoning_effort).toBe("high");
    expect(toOpenAIBody(call, "deepseek").reasoning_effort).toBeUndefined();
    expect(toOpenAIBody({ ...call, reasoningEffort: undefined }, "openai").reasoning_effort).toBeUndefined();
  });

  it("feedback updates the forecast from realized usage", async () => {
    const estimator = createHeuristicEstimator();
    const { kit, router } = await setup({
      router: { estimator, defaults: { allowModels: ["openai/gpt-4o-mini"] } },
      response: { scripted: ["word ".repeat(300)] },
    });
    close = () => kit.close();
    const before = router.plan(hello).ranked[0]!.estimated;
    expect(before.usage.output).toBe(256);
    expect(before.outputReserve.output).toBe(1024);
    let realized = 0;
    for (let i = 0; i < 5; i++) realized = (await router.generate(hello)).usage.output;
    expect(realized).toBeGreaterThan(250);
    const after = router.plan(hello).ranked[0]!.estimated;
    expect(after.usage.output).toBe(realized);
    expect(after.outputReserve.output).toBe(realized);
    const { report } = await router.generate(hello);
    expect(report.estimated.usage.output).toBe(realized);
    expect(report.estimated.outputReserve).toEqual({ output: realized, reasoning: 0 });
  });
});
