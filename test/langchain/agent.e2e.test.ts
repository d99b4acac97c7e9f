import { AIMessage, AIMessageChunk, ToolMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { createReactAgent } from "@langchain/langgraph/prebuilt";
import { ChatTokenwise, costOfMessage } from "@tokenwise/langchain";
import type { RecordedChatMessage, Testkit } from "@tokenwise/testkit";
import { createAgent } from "langchain";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { setup } from "../router/fixtures";

let kit: Testkit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const calls: string[] = [];
const getWeather = tool(
  async ({ city }) => {
    calls.push(`weather:${city}`);
    return `Sunny, 21 °C in ${city}`;
  },
  {
    name: "get_weather",
    description: "The current weather in a city",
    schema: z.object({ city: z.string() }),
  },
);
const getTime = tool(
  async ({ city }) => {
    calls.push(`time:${city}`);
    return `14:05 in ${city}`;
  },
  { name: "get_time", description: "The local time in a city", schema: z.object({ city: z.string() }) },
);

/** The model's side of a three-step tool loop: weather, then time (two calls at once), then the answer. */
const trajectory: RecordedChatMessage[] = [
  { role: "user", content: "What is the weather and the time in Paris and in Oslo?" },
  {
    role: "assistant",
    content: null,
    tool_calls: [
      { id: "call_w", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
    ],
  },
  {
    role: "assistant",
    content: "Now the times.",
    tool_calls: [
      { id: "call_t1", type: "function", function: { name: "get_time", arguments: '{"city":"Paris"}' } },
      { id: "call_t2", type: "function", function: { name: "get_time", arguments: '{"city":"Oslo"}' } },
    ],
  },
  { role: "assistant", content: "Paris: sunny, 21 °C, 14:05. Oslo: 14:05." },
];

/** Every AI message of a run carries its exact cost; together they equal the billing log. */
function expectCostsEqualBilling(messages: readonly unknown[], k: Testkit) {
  const ai = messages.filter((m): m is AIMessage => AIMessage.isInstance(m) || AIMessageChunk.isInstance(m));
  expect(ai).toHaveLength(3);
  let atto = 0n;
  for (const m of ai) atto += costOfMessage(m)!.atto;
  expect(atto).toBe(k.billingTotal("USD").atto);
  expect(k.billing().filter((b) => b.billed)).toHaveLength(3);
  // usage_metadata equals what each request was billed for, call by call.
  const billed = k.billing().filter((b) => b.billed);
  ai.forEach((m, i) => {
    const u = billed[i]!.usage;
    expect(m.usage_metadata?.input_tokens).toBe(u.input + u.cacheRead + u.cacheWrite + u.cacheWrite1h);
    expect(m.usage_metadata?.output_tokens).toBe(u.output + u.reasoning);
  });
}

describe("ChatTokenwise inside agents", () => {
  it("langchain createAgent: a multi-step tool loop completes", async () => {
    calls.length = 0;
    const s = await setup({ response: { replay: trajectory } });
    kit = s.kit;
    const agent = createAgent({
      model: new ChatTokenwise({ router: s.router }),
      tools: [getWeather, getTime],
    });
    const out = await agent.invoke({
      messages: [{ role: "user", content: trajectory[0]!.content as string }],
    });
    expect(calls).toEqual(["weather:Paris", "time:Paris", "time:Oslo"]);
    const last = out.messages.at(-1)!;
    expect(last.content).toBe("Paris: sunny, 21 °C, 14:05. Oslo: 14:05.");
    const tools = out.messages.filter((m) => ToolMessage.isInstance(m)) as ToolMessage[];
    expect(tools.map((t) => t.tool_call_id)).toEqual(["call_w", "call_t1", "call_t2"]);
    // The third request carried the whole history, tool results included, with their ids.
    const third = kit.requests()[2]!;
    expect(third.messages.filter((m) => m.role === "tool").map((m) => m.content)).toEqual([
      "Sunny, 21 °C in Paris",
      "14:05 in Paris",
      "14:05 in Oslo",
    ]);
    expectCostsEqualBilling(out.messages, kit);
  });

  it("langchain createAgent, streamed: token deltas reach the caller and the loop completes", async () => {
    calls.length = 0;
    const s = await setup({ response: { replay: trajectory } });
    kit = s.kit;
    const agent = createAgent({
      model: new ChatTokenwise({ router: s.router }),
      tools: [getWeather, getTime],
    });
    const deltas: string[] = [];
    let toolChunks = 0;
    const stream = await agent.stream(
      { messages: [{ role: "user", content: trajectory[0]!.content as string }] },
      { streamMode: "messages" },
    );
    for await (const [message] of stream) {
      if (!AIMessageChunk.isInstance(message)) continue;
      if (typeof message.content === "string" && message.content) deltas.push(message.content);
      toolChunks += message.tool_call_chunks?.length ?? 0;
    }
    expect(calls).toEqual(["weather:Paris", "time:Paris", "time:Oslo"]);
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.join("")).toBe("Now the times.Paris: sunny, 21 °C, 14:05. Oslo: 14:05.");
    expect(toolChunks).toBeGreaterThan(3);
    expect(kit.requests().every((r) => r.stream)).toBe(true);
  });

  it("LangGraph createReactAgent: the same loop, the same bill", async () => {
    calls.length = 0;
    const s = await setup({ response: { replay: trajectory } });
    kit = s.kit;
    const agent = createReactAgent({
      llm: new ChatTokenwise({ router: s.router }),
      tools: [getWeather, getTime],
    });
    const out = await agent.invoke({
      messages: [{ role: "user", content: trajectory[0]!.content as string }],
    });
    expect(calls).toEqual(["weather:Paris", "time:Paris", "time:Oslo"]);
    expect(out.messages.at(-1)!.content).toBe("Paris: sunny, 21 °C, 14:05. Oslo: 14:05.");
    expectCostsEqualBilling(out.messages, kit);
    expect(s.router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
  });
});
