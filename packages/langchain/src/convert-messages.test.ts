import {
  AIMessage,
  ChatMessage,
  FunctionMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from "@langchain/core/messages";
import { ValidationError } from "@tokenwise/router";
import { describe, expect, it } from "vitest";
import { convertMessages } from "./convert-messages";

describe("convertMessages", () => {
  it("keeps roles, system prompts, names and tool call ids", () => {
    expect(
      convertMessages([
        new SystemMessage("Be brief."),
        new HumanMessage({ content: "hi", name: "ada" }),
        new AIMessage({ content: "", tool_calls: [{ id: "c1", name: "f", args: { x: 1 } }] }),
        new ToolMessage({ tool_call_id: "c1", content: "42" }),
        new AIMessage("done"),
      ]),
    ).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "hi", name: "ada" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: '{"x":1}' } }],
      },
      { role: "tool", tool_call_id: "c1", content: "42" },
      { role: "assistant", content: "done" },
    ]);
  });

  it("maps text and image blocks (image_url, v1 URL and base64 image blocks)", () => {
    const [user] = convertMessages([
      new HumanMessage({
        content: [
          { type: "text", text: "What is this?" },
          { type: "image_url", image_url: { url: "https://example.test/a.png", detail: "low" } },
          { type: "image_url", image_url: "https://example.test/b.png" },
          { type: "image", url: "https://example.test/c.png" },
          { type: "image", data: "AAAA", mimeType: "image/png" },
        ],
      }),
    ]);
    expect(user).toEqual({
      role: "user",
      content: [
        { type: "text", text: "What is this?" },
        { type: "image_url", image_url: { url: "https://example.test/a.png", detail: "low" } },
        { type: "image_url", image_url: { url: "https://example.test/b.png" } },
        { type: "image_url", image_url: { url: "https://example.test/c.png" } },
        { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
      ],
    });
  });

  it("keeps an assistant's text blocks and drops reasoning and tool_use blocks (tool calls travel in tool_calls)", () => {
    const [ai] = convertMessages([
      new AIMessage({
        content: [
          { type: "thinking", thinking: "hmm" },
          { type: "text", text: "Let me look." },
          { type: "tool_use", id: "t1", name: "f", input: {} },
        ],
        tool_calls: [{ id: "t1", name: "f", args: {} }],
      }),
    ]);
    expect(ai).toEqual({
      role: "assistant",
      content: [{ type: "text", text: "Let me look." }],
      tool_calls: [{ id: "t1", type: "function", function: { name: "f", arguments: "{}" } }],
    });
  });

  it("maps ChatMessage roles and the developer role", () => {
    expect(
      convertMessages([
        new ChatMessage("be exact", "developer"),
        new SystemMessage({ content: "dev", additional_kwargs: { __openai_role__: "developer" } }),
        new ChatMessage("hello", "user"),
        new ChatMessage("hi", "assistant"),
      ]),
    ).toEqual([
      { role: "developer", content: "be exact" },
      { role: "developer", content: "dev" },
      { role: "user", content: "hello" },
      { role: "assistant", content: "hi" },
    ]);
  });

  it("replays tool calls whose arguments did not parse as the model sent them", () => {
    const [ai] = convertMessages([
      new AIMessage({ content: "", invalid_tool_calls: [{ id: "c9", name: "f", args: "{bad", error: "x" }] }),
    ]);
    expect(ai).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [{ id: "c9", type: "function", function: { name: "f", arguments: "{bad" } }],
    });
  });

  it("names every message and block it cannot send, with the value", () => {
    let error: unknown;
    try {
      convertMessages([
        new HumanMessage({ content: [{ type: "audio", data: "x", mimeType: "audio/wav" }] }),
        new FunctionMessage({ content: "1", name: "f" }),
        new AIMessage({ content: "", tool_calls: [{ name: "f", args: {} }] }),
        new ToolMessage({ tool_call_id: "", content: "x" }),
        new HumanMessage({ content: [{ type: "image_url", image_url: 42 }] }),
        new SystemMessage({ content: [{ type: "image_url", image_url: "https://example.test/x.png" }] }),
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => [i.path, i.value])).toEqual([
      [[0, "content", 0, "type"], "audio"],
      [[1, "type"], "function"],
      [[2, "tool_calls", 0, "id"], undefined],
      [[3, "tool_call_id"], ""],
      [[4, "content", 0, "image_url"], 42],
      [[5, "content", 0, "type"], "image_url"],
    ]);
  });
});
