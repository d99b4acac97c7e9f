import { describe, expect, it } from "vitest";
import { applyToolChoice, sampleFromSchema } from "./tool-choice";

const tools = [
  {
    name: "a",
    parameters: { type: "object", properties: { n: { type: "integer", minimum: 2 } }, required: ["n"] },
  },
  {
    name: "b",
    parameters: {
      type: "object",
      properties: { tags: { type: "array", items: { type: "string" }, minItems: 1 } },
      required: ["tags"],
    },
  },
];

describe("tool choice", () => {
  it("samples the smallest value each schema accepts", () => {
    expect(sampleFromSchema(tools[0]!.parameters)).toEqual({ n: 2 });
    expect(sampleFromSchema(tools[1]!.parameters)).toEqual({ tags: [""] });
    expect(sampleFromSchema({ anyOf: [{ type: "boolean" }, { type: "string" }] })).toBe(false);
    expect(sampleFromSchema({ type: ["null", "string"] })).toBeNull();
    expect(sampleFromSchema({ type: "object", properties: { x: { type: "string" } } })).toEqual({});
  });

  it("forces, narrows or drops tool calls as the choice says", () => {
    const talk = { text: "hi" };
    const both = {
      text: "",
      toolCalls: [
        { name: "a", arguments: { n: 5 } },
        { name: "b", arguments: { tags: ["x"] } },
      ],
    };
    expect(
      applyToolChoice(talk, { protocol: "anthropic" as const, tools, toolChoice: { type: "auto" } }),
    ).toBe(talk);
    expect(
      applyToolChoice(talk, { protocol: "anthropic" as const, tools, toolChoice: { type: "required" } }),
    ).toEqual({
      toolCalls: [{ name: "a", arguments: { n: 2 } }],
      finishReason: "tool_calls",
    });
    expect(
      applyToolChoice(both, { protocol: "anthropic" as const, tools, toolChoice: { type: "required" } }),
    ).toBe(both);
    expect(
      applyToolChoice(both, {
        protocol: "anthropic" as const,
        tools,
        toolChoice: { type: "tool", name: "b" },
      }),
    ).toEqual({
      toolCalls: [{ name: "b", arguments: { tags: ["x"] } }],
      finishReason: "tool_calls",
    });
    expect(
      applyToolChoice(both, { protocol: "openai", tools, toolChoice: { type: "tool", name: "a" } }),
    ).toEqual({ toolCalls: [{ name: "a", arguments: { n: 5 } }], finishReason: "stop" });
    expect(
      applyToolChoice(both, { protocol: "anthropic" as const, tools, toolChoice: { type: "none" } }),
    ).toEqual({
      text: "",
      finishReason: "stop",
    });
  });
});
