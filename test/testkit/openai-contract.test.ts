import { startTestkit, type Testkit } from "@tokenwise/testkit";
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  InternalServerError,
  RateLimitError,
} from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

let kit: Testkit;
const client = (timeout?: number) =>
  new OpenAI({
    baseURL: kit.baseURL("openai"),
    apiKey: "sk-test",
    maxRetries: 0,
    logLevel: "off",
    ...(timeout ? { timeout } : {}),
  });

const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Weather for a city",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
];

beforeAll(async () => {
  kit = await startTestkit({
    timeScale: 0,
    seed: 7,
    providers: [
      {
        name: "openai",
        style: "openai",
        models: [
          { id: "gpt-4o-mini" },
          { id: "o3-mini", reasoningTokens: 192 },
          {
            id: "gpt-tools",
            response: {
              scripted: [{ text: "", toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] }],
            },
          },
          { id: "gpt-faulty", faultSettings: { retryAfterMs: 1500, slowTtftMs: 2000 } },
        ],
      },
      { name: "deepseek", style: "openai", models: [{ id: "deepseek-chat", tokenizer: "o200k-biased" }] },
    ],
  });
});
afterAll(() => kit.close());
beforeEach(() => kit.reset());

describe("OpenAI wire format through the official client", () => {
  it("answers non-streaming requests with real usage and the request id", async () => {
    const { data, response } = await client()
      .chat.completions.create({
        model: "gpt-4o-mini",
        messages: [
          { role: "system", content: "You are terse." },
          { role: "user", content: "Hello world" },
        ],
      })
      .withResponse();
    expect(data.object).toBe("chat.completion");
    expect(data.choices[0]?.message).toMatchObject({ role: "assistant", content: "Hello world" });
    expect(data.choices[0]?.finish_reason).toBe("stop");
    // o200k: "system\nYou are terse." (6) + "user\nHello world" (4) + 3 per message ×2 + 3 priming
    expect(data.usage).toMatchObject({ prompt_tokens: 19, completion_tokens: 2, total_tokens: 21 });
    expect(data.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(kit.requests()[0]?.requestId).toBe(response.headers.get("x-request-id"));
  });

  it("streams text chunks and a final usage chunk with include_usage", async () => {
    const stream = await client().chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "one two three four five" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe("one two three four five");
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage?.completion_tokens).toBe(5);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });

  it("omits the usage chunk without include_usage", async () => {
    const stream = await client().chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.usage === undefined && c.choices.length === 1)).toBe(true);
  });

  it("returns tool calls, and streams their arguments in fragments", async () => {
    const res = await client().chat.completions.create({
      model: "gpt-tools",
      messages: [{ role: "user", content: "Weather in Paris?" }],
      tools,
    });
    const call = res.choices[0]?.message.tool_calls?.[0];
    expect(res.choices[0]?.finish_reason).toBe("tool_calls");
    expect(res.choices[0]?.message.content).toBeNull();
    expect(call?.type).toBe("function");
    expect(call?.id).toMatch(/^call_/);
    if (call?.type !== "function") throw new Error("expected a function call");
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "Paris" });

    const stream = await client().chat.completions.create({
      model: "gpt-tools",
      messages: [{ role: "user", content: "Weather in Paris?" }],
      tools,
      stream: true,
    });
    let args = "";
    let fragments = 0;
    let name = "";
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        if (delta.function?.name) name = delta.function.name;
        if (delta.function?.arguments) {
          args += delta.function.arguments;
          fragments++;
        }
      }
    }
    expect(name).toBe("get_weather");
    expect(fragments).toBeGreaterThan(1);
    expect(JSON.parse(args)).toEqual({ city: "Paris" });
    // the tool definitions are counted in the prompt
    expect(kit.billing()[0]!.usage.input).toBeGreaterThan(30);
  });

  it("reports cached tokens (included in prompt_tokens) for a repeated long prefix", async () => {
    const system = "You are a meticulous assistant. ".repeat(300);
    const ask = (content: string) =>
      client().chat.completions.create({
        model: "gpt-4o-mini",
        messages: [
          { role: "system", content: system },
          { role: "user", content },
        ],
      });
    const first = await ask("first question");
    expect(first.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    const second = await ask("second question");
    const cached = second.usage?.prompt_tokens_details?.cached_tokens ?? 0;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect((cached - 1024) % 128).toBe(0);
    expect(cached).toBeLessThan(second.usage!.prompt_tokens);
    expect(kit.billing()[1]!.usage).toMatchObject({
      cacheRead: cached,
      input: second.usage!.prompt_tokens - cached,
    });
  });

  it("reports reasoning tokens inside completion_tokens for reasoning models", async () => {
    const res = await client().chat.completions.create({
      model: "o3-mini",
      messages: [{ role: "user", content: "think" }],
    });
    expect(res.usage?.completion_tokens_details?.reasoning_tokens).toBe(192);
    expect(res.usage?.completion_tokens).toBe(192 + 1);
    expect(kit.billing()[0]!.usage).toMatchObject({ output: 1, reasoning: 192 });
  });

  it("serves several providers by path prefix, with the biased tokenizer on deepseek", async () => {
    const deepseek = new OpenAI({ baseURL: kit.baseURL("deepseek"), apiKey: "sk-test", maxRetries: 0 });
    const content = "The quick brown fox jumps over the lazy dog. ".repeat(10);
    const a = await client().chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content }],
    });
    const b = await deepseek.chat.completions.create({
      model: "deepseek-chat",
      messages: [{ role: "user", content }],
    });
    const o200k = a.usage!.prompt_tokens - 3 - 3; // minus per-message and priming overheads
    expect(b.usage?.prompt_tokens).toBe(Math.round(o200k * 1.18) + 5);
    expect(kit.requests({ provider: "deepseek" })).toHaveLength(1);
  });

  it("answers an unknown model with 404 model_not_found", async () => {
    const err = await client()
      .chat.completions.create({ model: "nope", messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as APIError).code).toBe("model_not_found");
  });

  it("answers a bad body with 400 invalid_request_error", async () => {
    const err = await client()
      .chat.completions.create({ model: "gpt-4o-mini", messages: [] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as APIError).type).toBe("invalid_request_error");
    expect((err as APIError).param).toBe("messages");
  });

  it('tool_choice "required" answers with a tool call even when the model would only talk', async () => {
    const res = await client().chat.completions.create({
      model: "gpt-4o-mini",
      tools,
      tool_choice: "required",
      messages: [{ role: "user", content: "just say hi" }],
    });
    const choice = res.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    expect(
      choice.message.tool_calls?.map((c) =>
        c.type === "function" ? [c.function.name, JSON.parse(c.function.arguments)] : c.type,
      ),
    ).toEqual([["get_weather", { city: "" }]]);
  });

  it("a named function in tool_choice is the one called (streamed); tool_choice none answers in text", async () => {
    const more: OpenAI.Chat.Completions.ChatCompletionTool[] = [
      ...tools,
      {
        type: "function",
        function: {
          name: "get_time",
          parameters: { type: "object", properties: { utc: { type: "boolean" } }, required: ["utc"] },
        },
      },
    ];
    const stream = await client().chat.completions.create({
      model: "gpt-tools",
      tools: more,
      tool_choice: { type: "function", function: { name: "get_time" } },
      stream: true,
      messages: [{ role: "user", content: "what time is it?" }],
    });
    let name = "";
    let args = "";
    let finish: string | null = null;
    for await (const chunk of stream) {
      const c = chunk.choices[0];
      for (const t of c?.delta.tool_calls ?? []) {
        name += t.function?.name ?? "";
        args += t.function?.arguments ?? "";
      }
      finish = c?.finish_reason ?? finish;
    }
    // OpenAI answers a named function with finish_reason "stop" ("required" gives "tool_calls").
    expect([name, JSON.parse(args), finish]).toEqual(["get_time", { utc: false }, "stop"]);
    const none = await client().chat.completions.create({
      model: "gpt-tools",
      tools,
      tool_choice: "none",
      messages: [{ role: "user", content: "weather?" }],
    });
    expect(none.choices[0]!.finish_reason).toBe("stop");
    expect(none.choices[0]!.message.tool_calls).toBeUndefined();
    const err = await client()
      .chat.completions.create({
        model: "gpt-4o-mini",
        tool_choice: "required",
        messages: [{ role: "user", content: "x" }],
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as APIError).param).toBe("tool_choice");
  });
});

describe("OpenAI faults surface as the SDK's own errors", () => {
  const request = {
    model: "gpt-faulty",
    messages: [{ role: "user" as const, content: "alpha beta gamma delta epsilon zeta" }],
  };
  const ask = (c = client()) => c.chat.completions.create(request);
  const askStream = (c = client()) =>
    c.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });

  it("429 → RateLimitError with retry-after headers, not billed", async () => {
    kit.setFaults("openai", "gpt-faulty", ["429"]);
    const err = await ask().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    const e = err as RateLimitError;
    expect(e.status).toBe(429);
    expect(e.code).toBe("rate_limit_exceeded");
    expect(e.headers?.get("retry-after")).toBe("2");
    expect(e.headers?.get("retry-after-ms")).toBe("1500");
    expect(e.requestID).toMatch(/^req_/);
    expect(kit.billing()[0]).toMatchObject({ status: 429, billed: false, outcome: "http-error" });
  });

  it("500 and 503 → InternalServerError", async () => {
    kit.setFaults("openai", "gpt-faulty", ["500", "503", "ok"]);
    const e500 = await ask().catch((e: unknown) => e);
    const e503 = await ask().catch((e: unknown) => e);
    expect(e500).toBeInstanceOf(InternalServerError);
    expect((e500 as APIError).status).toBe(500);
    expect(e503).toBeInstanceOf(InternalServerError);
    expect((e503 as APIError).status).toBe(503);
    await expect(ask()).resolves.toBeTruthy();
  });

  it("slow TTFT past the client timeout → APIConnectionTimeoutError, not billed", async () => {
    kit.setFaults("openai", "gpt-faulty", ["slow-ttft"]);
    const err = await ask(client(200)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionTimeoutError);
    await expect.poll(() => kit.billing()[0]?.outcome).toBe("client-aborted-before");
    expect(kit.billing()[0]?.billed).toBe(false);
  });

  it("connection reset before the response → APIConnectionError", async () => {
    kit.setFaults("openai", "gpt-faulty", ["reset-before"]);
    const err = await ask().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(kit.billing()[0]).toMatchObject({ status: null, billed: false, outcome: "reset-before" });
  });

  it("connection reset mid-stream → the iteration throws; what was sent is billed", async () => {
    kit.setFaults("openai", "gpt-faulty", ["reset-mid-stream"]);
    const stream = await askStream();
    let text = "";
    const err = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(text).toBe("alpha beta gamma");
    const entry = kit.billing()[0]!;
    expect(entry).toMatchObject({ outcome: "cut", billed: true, status: 200 });
    expect(entry.usage.output).toBe(3);
  });

  it("truncated SSE ends the stream early without finish_reason or usage; billed for what was sent", async () => {
    kit.setFaults("openai", "gpt-faulty", ["truncated-sse"]);
    const chunks = [];
    for await (const chunk of await askStream()) chunks.push(chunk);
    expect(chunks.some((c) => c.choices[0]?.finish_reason)).toBe(false);
    expect(chunks.some((c) => c.usage)).toBe(false);
    expect(kit.billing()[0]).toMatchObject({ outcome: "cut", billed: true });
    expect(kit.billing()[0]!.usage.output).toBe(3);
  });

  it("an in-stream error chunk → APIError from the iteration", async () => {
    kit.setFaults("openai", "gpt-faulty", ["error-event"]);
    const stream = await askStream();
    const err = await (async () => {
      for await (const _ of stream) {
        // drain
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).message).toMatch(/server had an error/);
  });

  it("malformed JSON → a SyntaxError from the client; billed in full", async () => {
    kit.setFaults("openai", "gpt-faulty", ["malformed-json", "malformed-json"]);
    const err = await ask().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyntaxError);
    const streamErr = await (async () => {
      for await (const _ of await askStream()) {
        // drain
      }
    })().catch((e: unknown) => e);
    expect(streamErr).toBeInstanceOf(SyntaxError);
    expect(kit.billing().map((b) => b.outcome)).toEqual(["malformed", "malformed"]);
    // "alpha beta gamma delta epsilon zeta" is 7 o200k tokens
    expect(kit.billing()[0]!.usage.output).toBe(7);
  });
});
