import { describe, expect, it } from "vitest";
import { mapAnthropicFinishReason } from "./map-anthropic-finish-reason";
import { mapOpenAIFinishReason } from "./map-openai-finish-reason";

describe("finish reasons", () => {
  it("maps OpenAI reasons and keeps raw", () => {
    expect(mapOpenAIFinishReason("stop")).toEqual({ unified: "stop", raw: "stop" });
    expect(mapOpenAIFinishReason("tool_calls")).toEqual({ unified: "tool-calls", raw: "tool_calls" });
    expect(mapOpenAIFinishReason("length").unified).toBe("length");
    expect(mapOpenAIFinishReason("content_filter").unified).toBe("content-filter");
  });
  it("maps unknown raw values to other, never stop", () => {
    expect(mapOpenAIFinishReason("insufficient_system_resource")).toEqual({
      unified: "other",
      raw: "insufficient_system_resource",
    });
    expect(mapAnthropicFinishReason("pause_turn")).toEqual({ unified: "other", raw: "pause_turn" });
    expect(mapOpenAIFinishReason(null)).toEqual({ unified: "other", raw: null });
  });
  it("maps Anthropic reasons", () => {
    expect(mapAnthropicFinishReason("end_turn").unified).toBe("stop");
    expect(mapAnthropicFinishReason("tool_use").unified).toBe("tool-calls");
    expect(mapAnthropicFinishReason("max_tokens").unified).toBe("length");
    expect(mapAnthropicFinishReason("refusal").unified).toBe("content-filter");
  });
});
