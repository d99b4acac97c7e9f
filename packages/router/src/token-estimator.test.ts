import { describe, expect, it } from "vitest";
import { createHeuristicEstimator } from "./token-estimator";

describe("heuristic estimator", () => {
  const request = { messages: [{ role: "user" as const, content: "hello world, how are you today?" }] };
  it("counts per message, cached, with a wider error bar for non-public tokenizers", () => {
    const e = createHeuristicEstimator();
    const m = request.messages[0]!;
    expect(e.countMessage(m, "o200k_base")).toBe(e.countMessage(m, "o200k_base"));
    expect(e.relativeError("o200k_base")).toBeLessThan(e.relativeError("qwen"));
  });
  it("calibrates from observed prompts and learns output per task kind, reasoning per model", () => {
    const e = createHeuristicEstimator({ defaultOutputTokens: 100 });
    expect(e.forecastOutput(request, "x/a")).toBe(100);
    expect(e.forecastOutput({ ...request, maxOutputTokens: 40 }, "x/a")).toBe(40);
    const before = e.countMessage({ role: "user", content: "a".repeat(400) }, "qwen");
    for (let i = 0; i < 20; i++) {
      e.observe({
        family: "qwen",
        modelKey: "x/a",
        request,
        estimatedPrompt: 100,
        actualPrompt: 150,
        actualOutput: 20,
        actualReasoning: 300,
      });
    }
    expect(e.countMessage({ role: "user", content: "b".repeat(400) }, "qwen")).toBeGreaterThan(before);
    expect(e.forecastOutput(request, "x/b")).toBeLessThan(30);
    expect(e.forecastReasoning?.(request, "x/a")).toBeGreaterThan(250);
    expect(e.forecastReasoning?.(request, "x/b")).toBe(0);
  });
});

describe("output forecast (core's OutputForecaster)", () => {
  const request = {
    messages: [{ role: "user" as const, content: "summarize" }],
    taskKind: "general" as const,
  };
  const observe = (e: ReturnType<typeof createHeuristicEstimator>, output: number, extra = {}) =>
    e.observe({
      family: "o200k_base",
      modelKey: "x/r",
      request,
      estimatedPrompt: 0,
      actualPrompt: 0,
      actualOutput: output,
      ...extra,
    });

  it("reserves the p90 of observed outputs per task kind and ranks on the mean", () => {
    const e = createHeuristicEstimator();
    expect(e.reserveOutput?.(request, "")).toBe(1024); // core's prior
    for (let i = 0; i < 40; i++) observe(e, i % 5 === 0 ? 6000 : 400);
    expect(e.reserveOutput?.(request, "")).toBe(6000);
    expect(e.forecastOutput(request, "")).toBeLessThan(2000);
    // Capped by the caller's max; another task kind keeps its prior.
    expect(e.reserveOutput?.({ ...request, maxOutputTokens: 900 }, "")).toBe(900);
    expect(e.reserveOutput?.({ ...request, taskKind: "code" }, "")).toBe(1024);
  });

  it("forecasts reasoning per model and effort level, learned from feedback", () => {
    const e = createHeuristicEstimator();
    const at = (effort?: "low" | "medium" | "high", key = "x/r") => {
      const r = effort ? { ...request, reasoningEffort: effort } : request;
      return { expected: e.forecastReasoning?.(r, key), reserve: e.reasoningForecast?.(r, key).reserve };
    };
    // Priors: none without an effort, core's per-effort priors with one.
    expect(at()).toEqual({ expected: 0, reserve: 0 });
    expect(at("low")).toEqual({ expected: 1024, reserve: 1024 });
    expect(at("high")).toEqual({ expected: 16_384, reserve: 16_384 });
    for (let i = 0; i < 10; i++)
      observe(e, 100, {
        actualReasoning: i < 8 ? 200 : 3000,
        request: { ...request, reasoningEffort: "low" },
      });
    const low = at("low");
    expect(low.reserve).toBe(3000); // p90 of 10 values
    expect(low.expected).toBeLessThan(low.reserve!);
    expect(low.expected).toBeGreaterThan(200);
    expect(at("high")).toEqual({ expected: 16_384, reserve: 16_384 });
    expect(at("low", "x/other")).toEqual({ expected: 1024, reserve: 1024 });
  });
});
