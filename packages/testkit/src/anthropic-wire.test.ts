import { describe, expect, it } from "vitest";
import type { AnswerPlan } from "./answer-plan";
import {
  anthropicErrorBody,
  anthropicMessage,
  anthropicStreamEvents,
  anthropicUsage,
  stopReason,
} from "./anthropic-wire";

const plan: AnswerPlan = {
  text: "",
  textPieces: [],
  toolCalls: [{ id: "toolu_01x", name: "f", arguments: '{"a":1}', argumentPieces: ['{"a"', ":1}"] }],
  outputTokens: 5,
  reasoningTokens: 0,
  finishReason: "tool_calls",
  prompt: { total: 100_298, cacheRead: 100_000, cacheWrite5m: 200, cacheWrite1h: 48 },
};

describe("Anthropic wire", () => {
  it("reports input_tokens excluding cache reads and writes", () => {
    expect(anthropicUsage(plan)).toEqual({
      input_tokens: 50,
      cache_creation_input_tokens: 248,
      cache_read_input_tokens: 100_000,
      cache_creation: { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 48 },
      output_tokens: 5,
      service_tier: "standard",
    });
  });

  it("renders tool_use blocks and their event sequence", () => {
    expect(anthropicMessage(plan, { id: "msg_01", model: "c" }).content).toEqual([
      { type: "tool_use", id: "toolu_01x", name: "f", input: { a: 1 } },
    ]);
    expect(anthropicStreamEvents(plan, { id: "msg_01", model: "c" }).map((e) => e.event)).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(stopReason("length")).toBe("max_tokens");
  });

  it("renders error bodies", () => {
    expect(anthropicErrorBody("529", { requestId: "req_1" })).toEqual({
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
      request_id: "req_1",
    });
  });
});
