import { describe, expect, it } from "vitest";
import { planAnswer, splitArguments, splitText } from "./answer-plan";
import type { TokenCounter } from "./tokenizer";

const words: TokenCounter = {
  name: "words",
  text: (t) => (t.trim() ? t.trim().split(/\s+/).length : 0),
  perMessage: 0,
  perName: 0,
  perRequest: 0,
};
const prompt = { total: 10, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 };

describe("splitText / splitArguments", () => {
  it("join back to the original", () => {
    for (const text of ["Hello big world", "  lead and trail  ", "a\n\nb", ""]) {
      expect(splitText(text).join("")).toBe(text);
    }
    expect(splitArguments('{"city":"Paris"}', 6).join("")).toBe('{"city":"Paris"}');
  });
});

describe("planAnswer", () => {
  it("counts text and tool calls and picks the finish reason", () => {
    const plan = planAnswer(
      { text: "one two three", toolCalls: [{ name: "f", arguments: { a: 1 } }] },
      { counter: words, prompt, reasoningTokens: 7, newToolCallId: () => "call_x" },
    );
    expect(plan.outputTokens).toBe(3 + 1 + 1);
    expect(plan.reasoningTokens).toBe(7);
    expect(plan.finishReason).toBe("tool_calls");
    expect(plan.toolCalls[0]).toMatchObject({ id: "call_x", name: "f", arguments: '{"a":1}' });
  });

  it("truncates to max_tokens with reasoning counted first", () => {
    const plan = planAnswer(
      { text: "a b c d e f g h" },
      { counter: words, prompt, reasoningTokens: 2, maxTokens: 5, newToolCallId: () => "c" },
    );
    expect(plan.text).toBe("a b c");
    expect(plan.outputTokens).toBe(3);
    expect(plan.finishReason).toBe("length");
  });
});
