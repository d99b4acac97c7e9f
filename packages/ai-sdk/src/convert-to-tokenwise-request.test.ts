import { UnsupportedFunctionalityError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { convertPrompt, convertToTokenwiseRequest, toolOutputText } from "./convert-to-tokenwise-request";

describe("convertPrompt", () => {
  it("keeps system prompts as system messages and maps text, images, tool calls and results", () => {
    const messages = convertPrompt([
      { role: "system", content: "Be terse." },
      {
        role: "user",
        content: [
          { type: "text", text: "What is in these?" },
          { type: "file", mediaType: "image/png", data: new Uint8Array([1, 2, 3]) },
          { type: "file", mediaType: "image/jpeg", data: new URL("https://example.test/a.jpg") },
          { type: "file", mediaType: "image/webp", data: "AAEC" },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "thinking…" },
          { type: "text", text: "Let me look." },
          { type: "tool-call", toolCallId: "call_1", toolName: "lookup", input: { id: 7 } },
        ],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "call_1",
            toolName: "lookup",
            output: { type: "json", value: { ok: true } },
          },
        ],
      },
      { role: "user", content: [{ type: "text", text: "Thanks" }] },
    ]);
    expect(messages).toEqual([
      { role: "system", content: "Be terse." },
      {
        role: "user",
        content: [
          { type: "text", text: "What is in these?" },
          { type: "image_url", image_url: { url: "data:image/png;base64,AQID" } },
          { type: "image_url", image_url: { url: "https://example.test/a.jpg" } },
          { type: "image_url", image_url: { url: "data:image/webp;base64,AAEC" } },
        ],
      },
      {
        role: "assistant",
        content: "Let me look.",
        tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: '{"id":7}' } }],
      },
      { role: "tool", tool_call_id: "call_1", content: '{"ok":true}' },
      { role: "user", content: "Thanks" },
    ]);
  });

  it("an assistant turn with tool calls only has null content", () => {
    const [m] = convertPrompt([
      { role: "assistant", content: [{ type: "tool-call", toolCallId: "c", toolName: "t", input: {} }] },
    ]);
    expect(m).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [{ id: "c", type: "function", function: { name: "t", arguments: "{}" } }],
    });
  });

  it("rejects a file that is not an image, naming where it is", () => {
    expect(() =>
      convertPrompt([
        { role: "user", content: [{ type: "file", mediaType: "application/pdf", data: "JVBER" }] },
      ]),
    ).toThrow(UnsupportedFunctionalityError);
    expect(() =>
      convertPrompt([
        { role: "user", content: [{ type: "file", mediaType: "application/pdf", data: "JVBER" }] },
      ]),
    ).toThrow(/application\/pdf \(prompt\[0\]\.content\[0\]\)/);
  });
});

describe("toolOutputText", () => {
  it("turns every output kind into the text of a tool message", () => {
    expect(toolOutputText({ type: "text", value: "done" })).toBe("done");
    expect(toolOutputText({ type: "error-text", value: "boom" })).toBe("boom");
    expect(toolOutputText({ type: "json", value: [1, "a"] })).toBe('[1,"a"]');
    expect(toolOutputText({ type: "error-json", value: { code: 4 } })).toBe('{"code":4}');
    expect(toolOutputText({ type: "execution-denied" })).toBe("Tool execution denied.");
    expect(toolOutputText({ type: "execution-denied", reason: "not allowed" })).toBe("not allowed");
    expect(
      toolOutputText({
        type: "content",
        value: [
          { type: "text", text: "a" },
          { type: "text", text: "b" },
        ],
      }),
    ).toBe("a\nb");
  });
});

describe("convertToTokenwiseRequest", () => {
  const prompt = [{ role: "user" as const, content: [{ type: "text" as const, text: "hi" }] }];

  it("maps tools, tool choice, output bound and temperature", () => {
    const { request, warnings } = convertToTokenwiseRequest({
      prompt,
      maxOutputTokens: 200,
      temperature: 0.2,
      tools: [
        {
          type: "function",
          name: "search",
          description: "Search flights",
          inputSchema: { type: "object", properties: { q: { type: "string" } } },
          strict: true,
        },
      ],
      toolChoice: { type: "tool", toolName: "search" },
    });
    expect(warnings).toEqual([]);
    expect(request).toEqual({
      messages: [{ role: "user", content: "hi" }],
      maxOutputTokens: 200,
      temperature: 0.2,
      tools: [
        {
          type: "function",
          function: {
            name: "search",
            description: "Search flights",
            parameters: { type: "object", properties: { q: { type: "string" } } },
            strict: true,
          },
        },
      ],
      toolChoice: { type: "function", function: { name: "search" } },
    });
    for (const type of ["auto", "none", "required"] as const) {
      expect(
        convertToTokenwiseRequest({
          prompt,
          tools: [{ type: "function", name: "t", inputSchema: {} }],
          toolChoice: { type },
        }).request.toolChoice,
      ).toBe(type);
    }
  });

  it("maps JSON output with and without a schema", () => {
    const schema = { type: "object", properties: { a: { type: "number" } } } as const;
    expect(
      convertToTokenwiseRequest({ prompt, responseFormat: { type: "json", schema, name: "answer" } }).request
        .responseFormat,
    ).toEqual({ type: "json_schema", json_schema: { name: "answer", schema } });
    expect(
      convertToTokenwiseRequest({ prompt, responseFormat: { type: "json" } }).request.responseFormat,
    ).toEqual({
      type: "json_object",
    });
    expect(
      convertToTokenwiseRequest({ prompt, responseFormat: { type: "text" } }).request.responseFormat,
    ).toBe(undefined);
  });

  it("warns for every setting the spec cannot carry, and sends the rest", () => {
    const { request, warnings } = convertToTokenwiseRequest({
      prompt,
      topP: 0.9,
      topK: 40,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      stopSequences: ["END"],
      seed: 1,
      includeRawChunks: true,
      headers: { "user-agent": "ai/6", "x-trace": "1" },
      tools: [{ type: "provider", id: "openai.web_search", name: "web_search", args: {} }],
      responseFormat: { type: "json", schema: { type: "object" }, description: "an object" },
    });
    expect(warnings.map((w) => (w.type === "other" ? w.message : w.feature))).toEqual([
      "topP",
      "topK",
      "presencePenalty",
      "frequencyPenalty",
      "stopSequences",
      "seed",
      "headers",
      "includeRawChunks",
      "provider-defined tool openai.web_search",
      "responseFormat.description",
    ]);
    expect(warnings[6]).toMatchObject({ details: expect.stringContaining("(x-trace)") });
    expect(request.tools).toBeUndefined();
    expect(request.responseFormat).toEqual({
      type: "json_schema",
      json_schema: { name: "response", schema: { type: "object" } },
    });
  });

  it("the AI SDK's own user-agent header is no warning", () => {
    expect(convertToTokenwiseRequest({ prompt, headers: { "user-agent": "ai/6" } }).warnings).toEqual([]);
  });
});
