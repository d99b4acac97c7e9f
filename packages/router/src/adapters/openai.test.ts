import type { AdapterCall } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { toOpenAIBody } from "./openai";

const call = (extra: Partial<AdapterCall> = {}): AdapterCall => ({
  provider: "qwen",
  model: "qwen-plus",
  request: { messages: [{ role: "user", content: "hi" }] },
  maxOutputTokens: 100,
  signal: new AbortController().signal,
  ...extra,
});

describe("openai body: model id and thinking switches", () => {
  it("sends the call's model (the catalog's apiId, resolved by the router) as given", () => {
    const body = toOpenAIBody(call({ provider: "doubao", model: "doubao-seed-2-0-pro-260215" }), "doubao");
    expect(body.model).toBe("doubao-seed-2-0-pro-260215");
  });

  it("switches Qwen with enable_thinking, both ways", () => {
    const on = toOpenAIBody(call({ thinking: { mode: "thinking", switch: "enable_thinking" } }), "qwen");
    const off = toOpenAIBody(call({ thinking: { mode: "non-thinking", switch: "enable_thinking" } }), "qwen");
    expect(on).toMatchObject({ enable_thinking: true });
    expect(off).toMatchObject({ enable_thinking: false });
    expect("thinking" in on).toBe(false);
  });

  it("switches GLM and Doubao with thinking.type", () => {
    const on = toOpenAIBody(
      call({ provider: "zhipu", thinking: { mode: "thinking", switch: "thinking-type" } }),
      "zhipu",
    );
    const off = toOpenAIBody(
      call({ provider: "doubao", thinking: { mode: "non-thinking", switch: "thinking-type" } }),
      "doubao",
    );
    expect(on).toMatchObject({ thinking: { type: "enabled" } });
    expect(off).toMatchObject({ thinking: { type: "disabled" } });
    expect("enable_thinking" in on).toBe(false);
  });

  it('does not send reasoning_effort "none" to OpenAI (only some of its models accept it)', () => {
    expect(
      "reasoning_effort" in toOpenAIBody(call({ provider: "openai", reasoningEffort: "none" }), "openai"),
    ).toBe(false);
    expect(
      toOpenAIBody(call({ provider: "openai", reasoningEffort: "low" }), "openai").reasoning_effort,
    ).toBe("low");
  });

  it("sends no switch when the call has none", () => {
    const body = toOpenAIBody(call({ reasoningEffort: "high" }), "qwen");
    expect("enable_thinking" in body || "thinking" in body || "reasoning_effort" in body).toBe(false);
  });
});
