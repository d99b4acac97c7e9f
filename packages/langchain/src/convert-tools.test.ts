import { tool } from "@langchain/core/tools";
import { ValidationError } from "@tokenwise/router";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { convertToolChoice, convertTools } from "./convert-tools";

describe("convertTools", () => {
  it("converts LangChain tools, JSON-schema tool params and OpenAI definitions to function tools", () => {
    const weather = tool(async () => "", {
      name: "get_weather",
      description: "Weather",
      schema: z.object({ city: z.string() }),
    });
    const [a, b, c] = convertTools([
      weather,
      {
        name: "lookup",
        description: "Find",
        schema: { type: "object", properties: { q: { type: "string" } } },
      },
      { type: "function", function: { name: "raw", parameters: { type: "object", properties: {} } } },
    ]);
    expect(a).toMatchObject({ type: "function", function: { name: "get_weather", description: "Weather" } });
    expect(a!.function.parameters).toMatchObject({
      type: "object",
      properties: { city: { type: "string" } },
    });
    expect(b).toMatchObject({
      function: { name: "lookup", parameters: { properties: { q: { type: "string" } } } },
    });
    expect(c).toEqual({
      type: "function",
      function: { name: "raw", parameters: { type: "object", properties: {} } },
    });
  });

  it("passes strict through", () => {
    const [t] = convertTools([{ type: "function", function: { name: "f", parameters: {} } }], true);
    expect(t!.function.strict).toBe(true);
  });

  it("rejects what is not a tool, naming its index", () => {
    expect(() => convertTools([42 as never])).toThrow(ValidationError);
    expect(() => convertTools([{ description: "no name" }])).toThrow(ValidationError);
  });
});

describe("convertToolChoice", () => {
  it("maps LangChain's choices to the spec's", () => {
    expect(convertToolChoice("auto")).toBe("auto");
    expect(convertToolChoice("none")).toBe("none");
    expect(convertToolChoice("any")).toBe("required");
    expect(convertToolChoice("required")).toBe("required");
    expect(convertToolChoice("get_weather")).toEqual({ type: "function", function: { name: "get_weather" } });
    expect(convertToolChoice({ type: "function", function: { name: "f" } })).toEqual({
      type: "function",
      function: { name: "f" },
    });
  });

  it("rejects an unknown shape with its value", () => {
    try {
      convertToolChoice({ type: "tool", name: "f" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues[0]).toMatchObject({
        path: ["tool_choice"],
        value: { type: "tool", name: "f" },
      });
    }
  });
});
