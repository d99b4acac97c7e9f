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
