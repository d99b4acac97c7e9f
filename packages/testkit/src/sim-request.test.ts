import { describe, expect, it } from "vitest";
import {
  lastUserText,
  parseAnthropicRequest,
  parseOpenAIRequest,
  type RequestMeta,
  WireRequestError,
} from "./sim-request";

const meta: RequestMeta = { provider: "p", headers: {}, requestId: "req_1", seq: 1, receivedAt: new Date(0) };

describe("parseOpenAIRequest", () => {
  it("reads prompt_cache_key, and refuses one that is not a string as OpenAI does", () => {
    const base = { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] };
    expect(parseOpenAIRequest({ ...base, prompt_cache_key: "s-1" }, meta).promptCacheKey).toBe("s-1");
    expect(parseOpenAIRequest(base, meta).promptCacheKey).toBeUndefined();
    expect(() => parseOpenAIRequest({ ...base, prompt_cache_key: { a: 1 } }, meta)).toThrow(
      /prompt_cache_key/,
    );
  });

  it("normalizes messages, tools, tool calls and options", () => {
    const r = parseOpenAIRequest(
      {
        model: "gpt-4o-mini",
        stream: true,
        stream_options: { include_usage: true },
        max_completion_tokens: 50,
        tools: [{ type: "function", function: { name: "f", parameters: { type: "object" } } }],
        messages: [
          { role: "developer", content: "rules" },
          { role: "user", content: [{ type: "text", text: "hi" }], name: "ann" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "call_1", type: "function", function: { name: "f", arguments: "{}" } }],
          },
          { role: "tool", tool_call_id: "call_1", content: "42" },
        ],
      },
      meta,
    );
    expect(r).toMatchObject({
      protocol: "openai",
      model: "gpt-4o-mini",
      stream: true,
      includeUsage: true,
      maxTokens: 50,
    });
    expect(r.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool"]);
    expect(r.messages[2]?.toolCalls).toEqual([{ id: "call_1", name: "f", arguments: "{}" }]);
    expect(r.units).toHaveLength(5);
    expect(r.units[0]).toMatchObject({ startsMessage: false });
    expect(r.units[2]).toMatchObject({ named: true });
    expect(lastUserText(r)).toBe("hi");
  });

  it("rejects what the API rejects", () => {
    expect(() => parseOpenAIRequest({ model: "m", messages: [] }, meta)).toThrow(WireRequestError);
    expect(() => parseOpenAIRequest({ messages: [{ role: "user", content: "x" }] }, meta)).toThrow(/model/);
    expect(() =>
      parseOpenAIRequest({ model: "m", messages: [{ role: "robot", content: "x" }] }, meta),
    ).toThrow(/robot/);
  });
});

describe("parseAnthropicRequest", () => {
  it("keeps cache_control breakpoints in cache order and excludes them from keys", () => {
    const body = {
      model: "claude",
      max_tokens: 100,
      tools: [
        { name: "t", input_schema: { type: "object" }, cache_control: { type: "ephemeral", ttl: "1h" } },
      ],
      system: [{ type: "text", text: "sys", cache_control: { type: "ephemeral" } }],
      messages: [
        { role: "user", content: "q" },
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "t", input: { a: 1 } }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "ok" }] },
      ],
    };
    const r = parseAnthropicRequest(body, meta);
    expect(r.units.map((u) => u.breakpoint)).toEqual(["1h", "5m", undefined, undefined, undefined]);
    expect(r.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool"]);
    expect(r.messages[2]?.toolCalls).toEqual([{ id: "toolu_1", name: "t", arguments: { a: 1 } }]);
    const moved = parseAnthropicRequest({ ...body, system: [{ type: "text", text: "sys" }] }, meta);
    expect(moved.units[1]?.key).toBe(r.units[1]?.key);
  });

  it("puts a top-level cache_control (automatic caching) on the last cacheable block", () => {
    const r = parseAnthropicRequest(
      {
        model: "claude",
        max_tokens: 100,
        cache_control: { type: "ephemeral", ttl: "1h" },
        system: [{ type: "text", text: "sys", cache_control: { type: "ephemeral" } }],
        messages: [
          { role: "user", content: "q" },
          { role: "assistant", content: "a" },
          {
            role: "user",
            content: [
              { type: "text", text: "x" },
              { type: "text", text: "y" },
            ],
          },
        ],
      },
      meta,
    );
    expect(r.units.map((u) => u.breakpoint)).toEqual(["5m", undefined, undefined, undefined, "1h"]);
  });

  it("requires max_tokens", () => {
    expect(() => parseAnthropicRequest({ model: "c", messages: [] }, meta)).toThrow(/max_tokens/);
  });
});
