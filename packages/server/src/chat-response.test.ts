import { makeUsage } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { ChunkEncoder, toOpenAIFinishReason, toOpenAIUsage } from "./chat-response";

describe("chat response mapping", () => {
  it("keeps a finish reason OpenAI has no name for as the provider's raw value, never stop", () => {
    expect(toOpenAIFinishReason({ unified: "tool-calls", raw: "tool_use" })).toBe("tool_calls");
    expect(toOpenAIFinishReason({ unified: "content-filter", raw: "refusal" })).toBe("content_filter");
    expect(toOpenAIFinishReason({ unified: "other", raw: "pause_turn" })).toBe("pause_turn");
    expect(toOpenAIFinishReason({ unified: "other", raw: null })).toBe("other");
  });

  it("folds cache and reasoning tokens back into OpenAI's totals, cost exact beside the float", () => {
    const u = toOpenAIUsage(
      makeUsage({ input: 86, cacheRead: 1920, cacheWrite: 10, output: 108, reasoning: 192 }),
      { currency: "USD", atto: 1_234_500_000_000_000n },
    );
    expect(u).toMatchObject({
      prompt_tokens: 2016,
      completion_tokens: 300,
      total_tokens: 2316,
      prompt_tokens_details: { cached_tokens: 1920, cache_write_tokens: 10 },
      completion_tokens_details: { reasoning_tokens: 192 },
      cost: 0.0012345,
      cost_details: { currency: "USD", amount: "0.0012345", atto: "1234500000000000" },
    });
  });

  it("encodes stream parts as chunks: role first, tool calls by index, nothing for block markers", () => {
    const enc = new ChunkEncoder("chatcmpl-1", 1, "auto");
    expect(enc.encode({ type: "text-start", id: "t" })).toBeUndefined();
    const first = enc.encode({ type: "text-delta", id: "t", delta: "Hi" }) as {
      choices: { delta: unknown }[];
    };
    expect(first.choices[0]!.delta).toEqual({ role: "assistant", content: "Hi" });
    const start = enc.encode({ type: "tool-input-start", id: "call_a", toolName: "f", index: 0 }) as {
      choices: { delta: unknown }[];
    };
    expect(start.choices[0]!.delta).toEqual({
      tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "f", arguments: "" } }],
    });
    const delta = enc.encode({ type: "tool-input-delta", id: "call_a", delta: '{"x":1}' }) as {
      choices: { delta: unknown }[];
    };
    expect(delta.choices[0]!.delta).toEqual({
      tool_calls: [{ index: 0, function: { arguments: '{"x":1}' } }],
    });
    // The closing tool-call of a streamed input adds nothing; a whole call that was never started is sent whole.
    expect(
      enc.encode({ type: "tool-call", toolCallId: "call_a", toolName: "f", input: '{"x":1}' }),
    ).toBeUndefined();
    const whole = enc.encode({ type: "tool-call", toolCallId: "call_b", toolName: "g", input: "{}" }) as {
      choices: { delta: { tool_calls: { index: number }[] } }[];
    };
    expect(whole.choices[0]!.delta.tool_calls[0]!.index).toBe(1);
    const fin = enc.encode({
      type: "finish",
      finishReason: { unified: "tool-calls", raw: "tool_calls" },
      usage: makeUsage(),
    }) as {
      choices: { finish_reason: string }[];
    };
    expect(fin.choices[0]!.finish_reason).toBe("tool_calls");
  });
});
