import type { SimRequest, SimResponse } from "@tokenwise/testkit";
import type { ChatCompletionChunk, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY } from "../router/fixtures";
import { type ServerHarness, startServer } from "./fixtures";

/** An agent's tool: the answer after the tool result, a call before it. */
function weatherAgent(req: SimRequest): SimResponse {
  const last = req.messages.at(-1)!;
  if (last.role === "tool") return { text: `It is ${JSON.parse(last.content).temp} degrees in Paris.` };
  if (req.tools.length === 0) return { text: `echo: ${last.content}` };
  return { toolCalls: [{ name: "get_weather", arguments: JSON.stringify({ city: "Paris", unit: "C" }) }] };
}

const tools = [
  {
    type: "function" as const,
    function: {
      name: "get_weather",
      description: "Current weather in a city",
      parameters: { type: "object", properties: { city: { type: "string" }, unit: { type: "string" } } },
    },
  },
];

let h: ServerHarness;
beforeAll(async () => {
  h = await startServer({ perModel: () => ({ response: weatherAgent }) });
});
afterAll(async () => {
  await h.close();
});

describe("POST /v1/chat/completions through the official openai client", () => {
  it("completes a multi-step tool loop", async () => {
    const messages: ChatCompletionMessageParam[] = [
      { role: "user", content: "What's the weather in Paris?" },
    ];
    const first = await h.client.chat.completions.create({
      model: "auto",
      messages,
      tools,
      tool_choice: "auto",
    });
    expect(first.choices[0]!.finish_reason).toBe("tool_calls");
    const call = first.choices[0]!.message.tool_calls![0]!;
    expect(call.type).toBe("function");
    if (call.type !== "function") throw new Error("expected a function call");
    expect(call.function.name).toBe("get_weather");
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "Paris", unit: "C" });
    messages.push(first.choices[0]!.message, { role: "tool", tool_call_id: call.id, content: '{"temp":21}' });
    const second = await h.client.chat.completions.create({ model: "auto", messages, tools });
    expect(second.choices[0]!.finish_reason).toBe("stop");
    expect(second.choices[0]!.message.content).toBe("It is 21 degrees in Paris.");
    // The provider received the whole loop: the assistant's tool call and the tool result.
    const sent = h.kit.requests().at(-1)!;
    expect(sent.messages.map((m) => m.role)).toEqual(["user", "assistant", "tool"]);
    expect(second.model).toBe("openai/gpt-4o-mini");
  });

  it("streams text deltas, and tool-call deltas that reassemble to the call", async () => {
    const text = await h.client.chat.completions.create({
      model: "auto",
      messages: [{ role: "user", content: "one two three four five six seven" }],
      stream: true,
    });
    const deltas: string[] = [];
    let finish: string | null = null;
    for await (const chunk of text) {
      const c = chunk.choices[0];
      if (c?.delta.content) deltas.push(c.delta.content);
      if (c?.finish_reason) finish = c.finish_reason;
    }
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe("echo: one two three four five six seven");
    expect(finish).toBe("stop");

    const stream = await h.client.chat.completions.create({
      model: "auto",
      messages: [{ role: "user", content: "Weather in Paris?" }],
      tools,
      stream: true,
    });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const toolDeltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas.length).toBeGreaterThan(1);
    expect(toolDeltas[0]).toMatchObject({ index: 0, type: "function", function: { name: "get_weather" } });
    expect(toolDeltas[0]!.id).toMatch(/.+/);
    const args = toolDeltas.map((d) => d.function?.arguments ?? "").join("");
    expect(JSON.parse(args)).toEqual({ city: "Paris", unit: "C" });
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe("tool_calls");
    expect(chunks[0]!.choices[0]!.delta.role).toBe("assistant");
  });

  it("reports usage and cost equal to the testkit's billing log, to the atto", async () => {
    const before = h.kit.billing().length;
    const json = await h.client.chat.completions
      .create({ model: "auto", messages: [{ role: "user", content: "Count the cost of this call." }] })
      .withResponse();
    const stream = await h.client.chat.completions.create({
      model: "openai/gpt-4o",
      messages: [{ role: "user", content: "And of this streamed one, please." }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const usageChunk = chunks.at(-1)!;
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.model).toBe("openai/gpt-4o");

    const billed = h.kit.billing().slice(before);
    expect(billed).toHaveLength(2);
    const usages = [json.data.usage, usageChunk.usage] as unknown as {
      prompt_tokens: number;
      completion_tokens: number;
      cost: number;
      cost_details: { currency: string; atto: string; amount: string };
    }[];
    for (const [i, u] of usages.entries()) {
      const b = billed[i]!;
      if (!b.cost) throw new Error("a served call is billed");
      expect(u.prompt_tokens).toBe(
        b.usage.input + b.usage.cacheRead + b.usage.cacheWrite + b.usage.cacheWrite1h,
      );
      expect(u.completion_tokens).toBe(b.usage.output + b.usage.reasoning);
      expect(u.cost_details.currency).toBe(b.cost.total.currency);
      expect(BigInt(u.cost_details.atto)).toBe(b.cost.total.atto);
      expect(u.cost).toBeCloseTo(Number(b.cost.total.atto) / 1e18, 15);
    }
    expect(BigInt(json.response.headers.get("x-tokenwise-cost-atto")!)).toBe(billed[0]!.cost?.total.atto);
    expect(json.response.headers.get("x-tokenwise-currency")).toBe("USD");
    expect(json.response.headers.get("x-tokenwise-model")).toBe("openai/gpt-4o-mini");
    // The ledger sums by the key's tenant and tags.
    expect(h.router.ledger.byTenant("USD").get("acme")!.atto).toBeGreaterThan(0n);
  });

  it("sends the cost of a stream as HTTP trailers", async () => {
    const { request } = await import("node:http");
    const url = new URL(`${h.url}/v1/chat/completions`);
    const trailers = await new Promise<NodeJS.Dict<string>>((resolve, reject) => {
      const req = request(
        url,
        {
          method: "POST",
          headers: {
            authorization: `Bearer sk-tw-acme-virtual-key-0001`,
            "content-type": "application/json",
          },
        },
        (res) => {
          expect(res.headers.trailer).toContain("x-tokenwise-cost-atto");
          res.resume();
          res.on("end", () => resolve(res.trailers));
          res.on("error", reject);
        },
      );
      req.end(
        JSON.stringify({ model: "auto", stream: true, messages: [{ role: "user", content: "trailers" }] }),
      );
    });
    const last = h.kit.billing().at(-1)!;
    expect(BigInt(trailers["x-tokenwise-cost-atto"]!)).toBe(last.cost?.total.atto);
    expect(trailers["x-tokenwise-model"]).toBe("openai/gpt-4o-mini");
  });

  it("passes response_format and tool_choice through to the provider", async () => {
    await h.client.chat.completions.create({
      model: "openai/gpt-4o",
      messages: [{ role: "user", content: "JSON please" }],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "answer",
          schema: { type: "object", properties: { a: { type: "string" } } },
          strict: true,
        },
      },
    });
    const body = h.kit.requests().at(-1)!.body;
    expect(body.response_format).toMatchObject({ type: "json_schema", json_schema: { name: "answer" } });
    await h.client.chat.completions.create({
      model: "auto",
      messages: [{ role: "user", content: "use the tool" }],
      tools,
      tool_choice: { type: "function", function: { name: "get_weather" } },
    });
    expect(h.kit.requests().at(-1)!.body.tool_choice).toEqual({
      type: "function",
      function: { name: "get_weather" },
    });
  });

  it("routes a profile under its constraints and a key under its own profile", async () => {
    const strong = await h.client.chat.completions.create({
      model: "auto-strong",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(strong.model).toBe("anthropic/claude-sonnet-4-5");
    const globex = await h.clientWith("sk-tw-globex-virtual-key-0002").chat.completions.create({
      model: "auto",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(globex.model).toBe("anthropic/claude-sonnet-4-5");
    expect(h.router.ledger.byTenant("USD").get("globex")!.atto).toBeGreaterThan(0n);
  });

  it("GET /v1/models lists the profiles and the catalog models", async () => {
    const ids: string[] = [];
    for await (const m of h.client.models.list()) ids.push(m.id);
    expect(ids).toEqual([
      "auto",
      "auto-strong",
      "openai/gpt-4o-mini",
      "openai/gpt-4o",
      "deepseek/deepseek-chat",
      "anthropic/claude-sonnet-4-5",
    ]);
  });

  it("never lets the provider key out: responses, headers and log lines", async () => {
    expect(h.transcript.texts.length).toBeGreaterThan(10);
    for (const t of h.transcript.texts) expect(t).not.toContain(KEY);
    // The provider did receive it: the key is the server's, not the client's.
    expect(
      h.kit.requests().at(-1)!.headers.authorization ?? h.kit.requests().at(-1)!.headers["x-api-key"],
    ).toContain(KEY);
  });
});
