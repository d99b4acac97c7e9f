import { describe, expect, it } from "vitest";
import type { AnswerPlan } from "./answer-plan";
import {
  errorStatus,
  openAICompletion,
  openAIErrorBody,
  openAIStreamEvents,
  openAIUsage,
} from "./openai-wire";

const plan: AnswerPlan = {
  text: "Hi there",
  textPieces: ["Hi", " there"],
  toolCalls: [],
  outputTokens: 108,
  reasoningTokens: 192,
  finishReason: "stop",
  prompt: { total: 2006, cacheRead: 1920, cacheWrite5m: 0, cacheWrite1h: 0 },
};

describe("OpenAI wire", () => {
  it("reports prompt_tokens including cached and completion_tokens including reasoning", () => {
    expect(openAIUsage(plan)).toMatchObject({
      prompt_tokens: 2006,
      completion_tokens: 300,
      total_tokens: 2306,
      prompt_tokens_details: { cached_tokens: 1920 },
      completion_tokens_details: { reasoning_tokens: 192 },
    });
  });

  it("renders a completion and a stream ending in [DONE]", () => {
    const ctx = { id: "chatcmpl-1", created: 1, model: "m" };
    expect(openAICompletion(plan, ctx).choices[0]?.message).toMatchObject({
      role: "assistant",
      content: "Hi there",
    });
    const events = openAIStreamEvents(plan, ctx, false);
    expect(events.at(-1)?.data).toBe("[DONE]");
    expect(events.filter((e) => e.content).map((e) => e.content)).toEqual([
      { kind: "text", text: "Hi" },
      { kind: "text", text: " there" },
    ]);
  });

  it("renders errors with their status", () => {
    expect(errorStatus("529")).toBe(529);
    expect(openAIErrorBody("500", {}).error).toEqual({
      message: "The server had an error while processing your request. Sorry about that!",
      type: "server_error",
      param: null,
      code: null,
    });
  });
});
