import type { AdapterCall } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { createAnthropicAdapter, toAnthropicBody, toAnthropicMessages } from "./anthropic";

describe("anthropic conversion", () => {
  it("keeps system prompts as system, maps tool calls and results, merges same-role turns", () => {
    const { system, messages } = toAnthropicMessages("Be brief.", [
      { role: "system", content: "Policy: be polite." },
      { role: "user", content: "Book a flight" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "search", arguments: '{"from":"JFK"}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: "2 flights" },
      { role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } }] },
    ]);
    expect(system.map((b) => b.text)).toEqual(["Be brief.", "Policy: be polite."]);
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(messages[1]!.content).toEqual([
      { type: "tool_use", id: "call_1", name: "search", input: { from: "JFK" } },
    ]);
    expect(messages[2]!.content).toEqual([
      { type: "tool_result", tool_use_id: "call_1", content: "2 flights" },
      { type: "image", source: { type: "base64", media_type: "image/png", data: "AAAA" } },
    ]);
  });
  it("adds cache breakpoints, tools, tool choice and structured output", () => {
    const call: AdapterCall = {
      provider: "anthropic",
      model: "claude-x",
      maxOutputTokens: 100,
      signal: new AbortController().signal,
      promptCache: { mode: "explicit", minPrefixTokens: 1024, ttls: ["5m"] },
      request: {
        system: "S",
        messages: [{ role: "user", content: "hi" }],
        tools: [
          { type: "function", function: { name: "f", description: "d", parameters: { type: "object" } } },
        ],
        toolChoice: "required",
        responseFormat: { type: "json_schema", json_schema: { name: "x", schema: { type: "object" } } },
      },
    };
    const body = toAnthropicBody(call);
    expect(body.system).toEqual([{ type: "text", text: "S", cache_control: { type: "ephemeral" } }]);
    expect(body.messages[0]!.content).toEqual([
      { type: "text", text: "hi", cache_control: { type: "ephemeral" } },
    ]);
    expect(body.tools).toEqual([{ name: "f", description: "d", input_schema: { type: "object" } }]);
    expect(body.tool_choice).toEqual({ type: "any" });
    expect(body.output_config).toEqual({ format: { type: "json_schema", schema: { type: "object" } } });
    expect(body.max_tokens).toBe(100);
  });
  it("asks for the policy's first TTL: 1h is sent, 5m is the API default", () => {
    const call: AdapterCall = {
      provider: "anthropic",
      model: "claude-x",
      maxOutputTokens: 10,
      signal: new AbortController().signal,
      promptCache: { mode: "explicit", minPrefixTokens: 1024, ttls: ["1h", "5m"] },
      request: { system: "S", messages: [{ role: "user", content: "hi" }] },
    };
    expect(toAnthropicBody(call).system).toEqual([
      { type: "text", text: "S", cache_control: { type: "ephemeral", ttl: "1h" } },
    ]);
    const automatic = toAnthropicBody({
      ...call,
      promptCache: { mode: "automatic", minPrefixTokens: 1024, ttls: [] },
    });
    expect(automatic.system).toEqual([{ type: "text", text: "S" }]);
  });
  it("returns thinking blocks as reasoning, apart from the text", async () => {
    const message = {
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "claude-x",
      content: [
        { type: "thinking", thinking: "Weigh both options.", signature: "sig" },
        { type: "text", text: "Take the train." },
      ],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: {
        input_tokens: 12,
        output_tokens: 9,
        cache_read_input_tokens: 0,
        cache_creation_input_tokens: 0,
      },
    };
    const fetch = async () =>
      new Response(JSON.stringify(message), { status: 200, headers: { "content-type": "application/json" } });
    const adapter = createAnthropicAdapter({
      provider: "anthropic",
      apiKey: "k",
      baseURL: "http://127.0.0.1:1",
      fetch,
      secrets: [],
    });
    const res = await adapter.generate({
      provider: "anthropic",
      model: "claude-x",
      maxOutputTokens: 50,
      signal: new AbortController().signal,
      request: { messages: [{ role: "user", content: "Train or plane?" }] },
    });
    expect(res.text).toBe("Take the train.");
    expect(res.reasoning).toBe("Weigh both options.");
    expect(res.finishReason).toEqual({ unified: "stop", raw: "end_turn" });
  });
});
