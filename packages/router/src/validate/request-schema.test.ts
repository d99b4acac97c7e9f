import { ValidationError } from "@tokenwise/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { knownNames } from "./known-names";
import { ChatMessageSchema, messageIssues, RouterRequestSchema } from "./request-schema";
import { createRequestValidator } from "./validate-request";

const validate = createRequestValidator(knownNames([]), {});

const call = (id: string) => ({ id, type: "function", function: { name: "lookup", arguments: '{"q":1}' } });

describe("request validation accepts what the providers accept", () => {
  it("every role, string and part content, tool calls and their results, every option", () => {
    const request = {
      system: "Be brief.",
      messages: [
        { role: "system", content: [{ type: "text", text: "A" }] },
        { role: "developer", content: "B" },
        {
          role: "user",
          name: "ann",
          content: [
            { type: "text", text: "what is this?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,AAAA", detail: "low" } },
            { type: "image_url", image_url: { url: "https://example.test/a.png" } },
          ],
        },
        { role: "assistant", content: null, tool_calls: [call("c1"), call("c2")] },
        { role: "tool", tool_call_id: "c1", content: "1" },
        { role: "tool", tool_call_id: "c2", content: [{ type: "text", text: "2" }] },
        { role: "assistant", content: "done", refusal: null },
        { role: "user", content: "thanks" },
      ],
      tools: [
        { type: "function", function: { name: "lookup", parameters: { type: "object" }, strict: true } },
      ],
      toolChoice: { type: "function", function: { name: "lookup" } },
      maxOutputTokens: 100,
      temperature: 0,
      reasoningEffort: "low",
      responseFormat: { type: "json_schema", json_schema: { name: "r", schema: { type: "object" } } },
      taskKind: "code",
      constraints: {
        minQuality: { code: 0.7, general: 0.5 },
        maxLatencyMs: 2000,
        latencyPercentile: 0.5,
        requiredCapabilities: ["tools"],
        maxCostPerCall: { currency: "CNY", atto: 10n ** 16n },
        currency: "CNY",
      },
      tags: ["a", "b"],
      tenant: "t1",
      signal: new AbortController().signal,
    };
    expect(() => validate(request)).not.toThrow();
    expect(RouterRequestSchema.safeParse(request).success).toBe(true);
  });

  it("reports the path and the value of what is wrong", () => {
    let error: unknown;
    try {
      validate({ messages: [{ role: "user", content: "hi" }], temperature: "hot" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: ["temperature"], message: "must be a number in [0, 2]", value: "hot" },
    ]);
    expect((error as ValidationError).message).toBe(
      'request: temperature: must be a number in [0, 2] (got "hot")',
    );
  });
});

// Values a message (or a part of one) may hold, valid and not.
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 3 }),
  fc.constantFrom("", "c1", "lookup", "bad name", "function", "text"),
  fc.integer(),
  fc.constant({}),
  fc.constant([]),
);
const part = fc.oneof(
  fc.record({ type: fc.constantFrom("text", "image_url", "audio"), text: anyValue }),
  fc.record({
    type: fc.constant("image_url"),
    image_url: fc.record({ url: fc.constantFrom("https://a/b", "ftp://x", "data:,") }),
  }),
  anyValue,
);
const content = fc.oneof(anyValue, fc.array(part, { maxLength: 3 }));
const toolCall = fc.oneof(
  fc.record(
    {
      id: anyValue,
      type: fc.constantFrom("function", "other", undefined),
      function: fc.oneof(anyValue, fc.record({ name: anyValue, arguments: anyValue }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  ),
  anyValue,
);
const message = fc.oneof(
  fc.record(
    {
      role: fc.constantFrom("user", "system", "developer", "assistant", "tool", "bot"),
      content,
      name: anyValue,
      tool_call_id: anyValue,
      tool_calls: fc.oneof(anyValue, fc.array(toolCall, { maxLength: 3 })),
    },
    { requiredKeys: ["role"] },
  ),
  anyValue,
);

describe("the allocation-free message check agrees with ChatMessageSchema", () => {
  it("a message has shape issues exactly when the schema refuses it (property)", () => {
    fc.assert(
      fc.property(message, (m) => {
        const shapeIssues = messageIssues([m]).filter((i) => !i.message.startsWith("answers no tool call"));
        expect(shapeIssues.length === 0).toBe(ChatMessageSchema.safeParse(m).success);
      }),
      { numRuns: 3000 },
    );
  });

  it("the validator and the full RouterRequestSchema accept the same requests (property)", () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 4 }), (messages) => {
        let accepted = true;
        try {
          validate({ messages });
        } catch {
          accepted = false;
        }
        expect(accepted).toBe(RouterRequestSchema.safeParse({ messages }).success);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("tool results are matched to any earlier call", () => {
  const assistant = (...ids: string[]) => ({ role: "assistant", content: null, tool_calls: ids.map(call) });
  const result = (id: string) => ({ role: "tool", tool_call_id: id, content: "ok" });
  const answered = (messages: unknown[]) =>
    messageIssues(messages).filter((i) => i.message.startsWith("answers no tool call"));

  it("answers a call of the last assistant message, of an older one, or of a wide parallel batch", () => {
    const wide = Array.from({ length: 40 }, (_, i) => `w${i}`);
    const messages = [
      { role: "user", content: "go" },
      assistant("a1", "a2"),
      result("a2"),
      assistant("b1"),
      result("a1"), // an older message's call: still answered
      result("b1"),
      assistant(...wide),
      ...wide.map(result).reverse(),
      result("a2"),
    ];
    expect(answered(messages)).toEqual([]);
  });

  it("refuses a result answering no earlier call, a later one, or a call of an invalid message", () => {
    const messages = [
      { role: "user", content: "go" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "bad", type: "function", function: { name: "x y", arguments: "" } }],
      },
      result("bad"), // 2: its message was refused, so no call
      assistant("a1"),
      result("zz"), // 4: no such call
      result("b1"), // 5: made only later
      assistant("b1"),
      result("b1"),
    ];
    expect(answered(messages).map((i) => i.path)).toEqual([
      ["messages", 2, "tool_call_id"],
      ["messages", 4, "tool_call_id"],
      ["messages", 5, "tool_call_id"],
    ]);
  });
});
