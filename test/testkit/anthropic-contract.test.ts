import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  InternalServerError,
  OverloadedError,
  RateLimitError,
} from "@anthropic-ai/sdk";
import { startTestkit, type Testkit } from "@tokenwise/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

let kit: Testkit;
const client = (timeout?: number) =>
  new Anthropic({
    baseURL: kit.baseURL("anthropic"),
    apiKey: "sk-ant-test",
    maxRetries: 0,
    logLevel: "off",
    ...(timeout ? { timeout } : {}),
  });

const weatherTool: Anthropic.Tool = {
  name: "get_weather",
  description: "Weather for a city",
  input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

beforeAll(async () => {
  kit = await startTestkit({
    timeScale: 0,
    seed: 3,
    providers: [
      {
        name: "anthropic",
        style: "anthropic",
        models: [
          { id: "claude-echo", tokenizer: "o200k_base" },
          {
            id: "claude-tools",
            response: {
              scripted: [
                { text: "Let me check.", toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
              ],
            },
          },
          { id: "claude-thinker", reasoningTokens: 100 },
          { id: "claude-faulty", faultSettings: { retryAfterMs: 3000, slowTtftMs: 2000 } },
        ],
      },
    ],
  });
});
afterAll(() => kit.close());
beforeEach(() => kit.reset());

describe("Anthropic wire format through the official client", () => {
  it("answers non-streaming messages with usage and request-id", async () => {
    const { data, response } = await client()
      .messages.create({
        model: "claude-echo",
        max_tokens: 64,
        system: "Be brief.",
        messages: [{ role: "user", content: "Hello world" }],
      })
      .withResponse();
    expect(data).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-echo",
      content: [{ type: "text", text: "Hello world" }],
      stop_reason: "end_turn",
      stop_sequence: null,
    });
    expect(data.id).toMatch(/^msg_01/);
    expect(data.usage).toMatchObject({
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
      output_tokens: 2,
    });
    expect(response.headers.get("request-id")).toMatch(/^req_/);
    expect(kit.requests()[0]?.requestId).toBe(response.headers.get("request-id"));
  });

  it("streams every event type in order, and the helper assembles the message", async () => {
    const stream = await client().messages.create({
      model: "claude-echo",
      max_tokens: 64,
      messages: [{ role: "user", content: "one two three" }],
      stream: true,
    });
    const types: string[] = [];
    let text = "";
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "content_block_delta" && event.delta.type === "text_delta") text += event.delta.text;
      if (event.type === "message_delta") expect(event.usage.output_tokens).toBe(3);
    }
    expect(text).toBe("one two three");
    expect(types[0]).toBe("message_start");
    expect(types[1]).toBe("content_block_start");
    expect(types.at(-3)).toBe("content_block_stop");
    expect(types.slice(-2)).toEqual(["message_delta", "message_stop"]);

    const final = await client()
      .messages.stream({
        model: "claude-echo",
        max_tokens: 64,
        messages: [{ role: "user", content: "via helper" }],
      })
      .finalMessage();
    expect(final.content).toEqual(
      [{ type: "text", text: "via helper", citations: undefined }].map(({ type, text }) => ({ type, text })),
    );
  });

  it("returns tool_use blocks and streams input_json_delta fragments", async () => {
    const msg = await client().messages.create({
      model: "claude-tools",
      max_tokens: 256,
      tools: [weatherTool],
      messages: [{ role: "user", content: "Weather in Paris?" }],
    });
    expect(msg.stop_reason).toBe("tool_use");
    expect(msg.content[0]).toEqual({ type: "text", text: "Let me check." });
    expect(msg.content[1]).toMatchObject({ type: "tool_use", name: "get_weather", input: { city: "Paris" } });
    expect((msg.content[1] as Anthropic.ToolUseBlock).id).toMatch(/^toolu_01/);

    const stream = client().messages.stream({
      model: "claude-tools",
      max_tokens: 256,
      tools: [weatherTool],
      messages: [{ role: "user", content: "Weather in Paris?" }],
    });
    let fragments = 0;
    stream.on("inputJson", () => {
      fragments++;
    });
    const final = await stream.finalMessage();
    expect(fragments).toBeGreaterThan(1);
    expect(final.content[1]).toMatchObject({ type: "tool_use", input: { city: "Paris" } });
  });

  it("reports cache writes then cache reads at cache_control breakpoints; input_tokens excludes both", async () => {
    const system: Anthropic.TextBlockParam[] = [
      {
        type: "text",
        text: "You are a meticulous assistant. ".repeat(300),
        cache_control: { type: "ephemeral" },
      },
    ];
    const first = await client().messages.create({
      model: "claude-echo",
      max_tokens: 64,
      system,
      messages: [{ role: "user", content: "first" }],
    });
    const written = first.usage.cache_creation_input_tokens ?? 0;
    expect(written).toBeGreaterThan(1024);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(first.usage.cache_creation?.ephemeral_5m_input_tokens).toBe(written);
    const second = await client().messages.create({
      model: "claude-echo",
      max_tokens: 64,
      system,
      messages: [{ role: "user", content: "second" }],
    });
    expect(second.usage.cache_read_input_tokens).toBe(written);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.input_tokens).toBeLessThan(10);
    expect(kit.billing()[1]!.usage).toMatchObject({
      cacheRead: written,
      cacheWrite: 0,
      input: second.usage.input_tokens,
    });
  });

  it("counts thinking tokens inside output_tokens", async () => {
    const msg = await client().messages.create({
      model: "claude-thinker",
      max_tokens: 512,
      messages: [{ role: "user", content: "hm" }],
    });
    expect(msg.usage.output_tokens).toBeGreaterThan(100);
  });

  it("stops at max_tokens with stop_reason max_tokens", async () => {
    const msg = await client().messages.create({
      model: "claude-echo",
      max_tokens: 3,
      messages: [{ role: "user", content: "a b c d e f g h i j" }],
    });
    expect(msg.stop_reason).toBe("max_tokens");
    expect(msg.usage.output_tokens).toBeLessThanOrEqual(3);
  });

  it("answers an unknown model with not_found_error", async () => {
    const err = await client()
      .messages.create({ model: "claude-nope", max_tokens: 8, messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    expect((err as APIError).type).toBe("not_found_error");
  });

  it("rejects empty messages with the API's 400 invalid_request_error, not billed", async () => {
    const err = await client()
      .messages.create({ model: "claude-echo", max_tokens: 8, messages: [] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    const e = err as APIError;
    expect(e.status).toBe(400);
    expect(e.type).toBe("invalid_request_error");
    expect(e.error).toMatchObject({
      type: "error",
      error: { type: "invalid_request_error", message: "messages: at least one message is required" },
    });
    expect(e.requestID).toMatch(/^req_/);
    expect(kit.billing()).toEqual([]);
  });

  it("tool_choice any answers with a tool call even when the model would only talk", async () => {
    const { content, stop_reason } = await client().messages.create({
      model: "claude-echo",
      max_tokens: 64,
      tools: [weatherTool],
      tool_choice: { type: "any" },
      messages: [{ role: "user", content: "just say hi" }],
    });
    expect(stop_reason).toBe("tool_use");
    expect(content).toEqual([
      { type: "tool_use", id: expect.stringMatching(/^toolu_01/), name: "get_weather", input: { city: "" } },
    ]);
  });

  it("tool_choice tool calls that tool (streamed too); tool_choice none answers in text", async () => {
    const other: Anthropic.Tool = {
      name: "get_time",
      input_schema: {
        type: "object",
        properties: { zone: { type: "string", enum: ["UTC", "CET"] } },
        required: ["zone"],
      },
    };
    const stream = client().messages.stream({
      model: "claude-tools",
      max_tokens: 64,
      tools: [weatherTool, other],
      tool_choice: { type: "tool", name: "get_time" },
      messages: [{ role: "user", content: "what time is it?" }],
    });
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe("tool_use");
    expect(message.content.map((b) => (b.type === "tool_use" ? [b.name, b.input] : b.type))).toEqual([
      ["get_time", { zone: "UTC" }],
    ]);
    const none = await client().messages.create({
      model: "claude-tools",
      max_tokens: 64,
      tools: [weatherTool],
      tool_choice: { type: "none" },
      messages: [{ role: "user", content: "weather in Paris?" }],
    });
    expect(none.stop_reason).toBe("end_turn");
    expect(none.content.map((b) => b.type)).toEqual(["text"]);
    const err = await client()
      .messages.create({
        model: "claude-echo",
        max_tokens: 8,
        tools: [weatherTool],
        tool_choice: { type: "tool", name: "nope" },
        messages: [{ role: "user", content: "x" }],
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
  });
});

describe("Anthropic faults surface as the SDK's own errors", () => {
  const request = {
    model: "claude-faulty",
    max_tokens: 64,
    messages: [{ role: "user" as const, content: "alpha beta gamma delta epsilon zeta" }],
  };
  const ask = (c = client()) => c.messages.create(request);
  const askStream = (c = client()) => c.messages.create({ ...request, stream: true });
  const drain = async (iterable: AsyncIterable<unknown>) => {
    for await (const _ of iterable) {
      // drain
    }
  };

  it("429 → RateLimitError with rate_limit_error body and retry-after headers", async () => {
    kit.setFaults("anthropic", "claude-faulty", ["429"]);
    const err = await ask().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    const e = err as RateLimitError;
    expect(e.type).toBe("rate_limit_error");
    expect(e.headers?.get("retry-after")).toBe("3");
    expect(e.headers?.get("retry-after-ms")).toBe("3000");
    expect(e.requestID).toMatch(/^req_/);
    expect(e.error).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
  });

  it("529 → OverloadedError, 500 → InternalServerError, 503 → InternalServerError subclass", async () => {
    kit.setFaults("anthropic", "claude-faulty", ["529", "500", "503"]);
    const e529 = await ask().catch((e: unknown) => e);
    expect(e529).toBeInstanceOf(OverloadedError);
    expect((e529 as APIError).type).toBe("overloaded_error");
    const e500 = await ask().catch((e: unknown) => e);
    expect(e500).toBeInstanceOf(InternalServerError);
    expect((e500 as APIError).type).toBe("api_error");
    const e503 = await ask().catch((e: unknown) => e);
    expect(e503).toBeInstanceOf(InternalServerError);
    expect(kit.billing().every((b) => !b.billed)).toBe(true);
  });

  it("slow TTFT → APIConnectionTimeoutError; reset before → APIConnectionError", async () => {
    kit.setFaults("anthropic", "claude-faulty", ["slow-ttft", "reset-before"]);
    expect(await ask(client(200)).catch((e: unknown) => e)).toBeInstanceOf(APIConnectionTimeoutError);
    expect(await ask().catch((e: unknown) => e)).toBeInstanceOf(APIConnectionError);
  });

  it("an in-stream error event → APIError carrying overloaded_error; billed for what was sent", async () => {
    kit.setFaults("anthropic", "claude-faulty", ["error-event"]);
    const err = await drain(await askStream()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).type).toBe("overloaded_error");
    expect(kit.billing()[0]).toMatchObject({ outcome: "cut", billed: true });
    // "alpha beta gamma" was sent: round(1.18 × 3 o200k tokens) = 4 with the default biased tokenizer
    expect(kit.billing()[0]!.usage.output).toBe(4);
  });

  it("reset mid-stream → the iteration throws; truncated SSE → the stream helper rejects", async () => {
    kit.setFaults("anthropic", "claude-faulty", ["reset-mid-stream", "truncated-sse"]);
    expect(await drain(await askStream()).catch((e: unknown) => e)).toBeInstanceOf(Error);
    const truncated = await client()
      .messages.stream(request)
      .finalMessage()
      .catch((e: unknown) => e);
    expect(truncated).toBeInstanceOf(Error);
    expect(kit.billing().map((b) => b.outcome)).toEqual(["cut", "cut"]);
  });

  it("malformed JSON → SyntaxError", async () => {
    kit.setFaults("anthropic", "claude-faulty", ["malformed-json"]);
    expect(await ask().catch((e: unknown) => e)).toBeInstanceOf(SyntaxError);
  });
});
