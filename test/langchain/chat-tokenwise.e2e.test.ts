import { AIMessageChunk, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import type { StreamPart } from "@tokenwise/core";
import { addUsage, makeUsage } from "@tokenwise/core";
import {
  ChatTokenwise,
  costOfMessage,
  routingOfMessage,
  type TokenwiseResponseMetadata,
} from "@tokenwise/langchain";
import { type AdapterFactory, createOpenAIAdapter, ValidationError } from "@tokenwise/router";
import type { Testkit } from "@tokenwise/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { setup } from "../router/fixtures";

const getWeather = tool(async ({ city }) => `Sunny, 21 °C in ${city}`, {
  name: "get_weather",
  description: "The current weather in a city",
  schema: z.object({ city: z.string() }),
});

let kit: Testkit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

/** Sum of what the simulated providers billed, usage and money. */
function billed(k: Testkit) {
  const entries = k.billing().filter((b) => b.billed);
  return {
    entries,
    usage: entries.reduce((u, b) => addUsage(u, b.usage), makeUsage()),
    total: k.billingTotal("USD"),
  };
}

describe("ChatTokenwise against the testkit", () => {
  it("invoke: the answer, usage_metadata and the cost equal the billing log to the atto", async () => {
    const s = await setup({ response: { scripted: ["Hello there, five words exactly."] } });
    kit = s.kit;
    const model = new ChatTokenwise({ router: s.router, ledgerTags: ["lc"] });
    const answer = await model.invoke([
      new SystemMessage("Be brief."),
      new HumanMessage("Say hello in five words."),
    ]);
    expect(answer.content).toBe("Hello there, five words exactly.");
    const { entries, usage, total } = billed(kit);
    expect(entries).toHaveLength(1);
    expect(answer.usage_metadata).toEqual({
      input_tokens: usage.input + usage.cacheRead + usage.cacheWrite + usage.cacheWrite1h,
      output_tokens: usage.output + usage.reasoning,
      total_tokens: usage.input + usage.cacheRead + usage.cacheWrite + usage.output + usage.reasoning,
      input_token_details: {
        cache_read: usage.cacheRead,
        cache_creation: usage.cacheWrite + usage.cacheWrite1h,
      },
      output_token_details: { reasoning: usage.reasoning },
    });
    expect(costOfMessage(answer)).toEqual(total);
    expect(total.atto).toBeGreaterThan(0n);
    const meta = answer.response_metadata as TokenwiseResponseMetadata;
    expect(meta.usage).toEqual(usage);
    expect(meta.finish_reason).toBe("stop");
    const routing = routingOfMessage(answer)!;
    expect(`${routing.provider}/${routing.model}`).toBe(`${entries[0]!.provider}/${entries[0]!.model}`);
    expect(meta.model_name).toBe(entries[0]!.model);
    expect(routing.attempts).toEqual([
      {
        provider: routing.provider,
        model: routing.model,
        status: "ok",
        cost: { currency: "USD", atto: total.atto.toString() },
        usageSource: "provider",
      },
    ]);
    // The routing decision: the cheapest qualifying model at the price in force, the others ranked out.
    expect(routing.policy).toBe("cheapest-qualifying");
    expect(routing.priceVersion).toBe("2026-01-01T00:00:00Z");
    expect(BigInt(routing.estimatedCost.atto)).toBeGreaterThan(0n);
    // JSON-safe, so that tracers and checkpointers can store it.
    expect(JSON.parse(JSON.stringify(answer.response_metadata))).toEqual(answer.response_metadata);
    expect(answer.id).toBe(routing.id);
    // The router's ledger saw the same call, with the ledger tag.
    expect(s.router.ledger.byTag("USD").get("lc")).toEqual(total);
    // The system prompt went as the provider's system prompt, not as a user message.
    const sent = kit.requests()[0]!;
    expect(sent.messages[0]).toMatchObject({ role: "system", content: "Be brief." });
  });

  it("stream: text deltas, then a final chunk with usage_metadata and the cost", async () => {
    const s = await setup({ response: { scripted: ["Streaming one token at a time, then the bill."] } });
    kit = s.kit;
    const model = new ChatTokenwise({ router: s.router });
    const chunks: AIMessageChunk[] = [];
    for await (const c of await model.stream("Tell me about streaming.")) chunks.push(c);
    const texts = chunks.map((c) => c.content).filter((t) => t !== "");
    expect(texts.length).toBeGreaterThan(3);
    expect(texts.join("")).toBe("Streaming one token at a time, then the bill.");
    const last = chunks.at(-1)!;
    expect(last.content).toBe("");
    expect(chunks.filter((c) => c.usage_metadata)).toEqual([last]);
    const whole = chunks.reduce((a, b) => a.concat(b));
    const { usage, total } = billed(kit);
    expect(whole.usage_metadata?.input_tokens).toBe(usage.input + usage.cacheRead + usage.cacheWrite);
    expect(whole.usage_metadata?.output_tokens).toBe(usage.output + usage.reasoning);
    expect(costOfMessage(whole)).toEqual(total);
    expect(whole.response_metadata.finish_reason).toBe("stop");
    expect(kit.requests()[0]!.stream).toBe(true);
  });

  it("streamUsage: false leaves usage_metadata out but keeps the cost", async () => {
    const s = await setup({ response: { scripted: ["ok then"] } });
    kit = s.kit;
    const model = new ChatTokenwise({ router: s.router, streamUsage: false });
    let whole: AIMessageChunk | undefined;
    for await (const c of await model.stream("hi")) whole = whole ? whole.concat(c) : c;
    expect(whole?.usage_metadata).toBeUndefined();
    expect(costOfMessage(whole!)).toEqual(kit.billingTotal("USD"));
  });

  it("stream with tools: tool_call_chunks merge into the tool call", async () => {
    const s = await setup({
      response: { scripted: [{ toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] }] },
    });
    kit = s.kit;
    const model = new ChatTokenwise({ router: s.router }).bindTools([getWeather]);
    const chunks: AIMessageChunk[] = [];
    for await (const c of await model.stream("Weather in Paris?")) chunks.push(c);
    const toolChunks = chunks.flatMap((c) => c.tool_call_chunks ?? []);
    // The first names the call, the others carry argument deltas for the same index.
    expect(toolChunks[0]).toMatchObject({ name: "get_weather", index: 0, args: "" });
    expect(toolChunks.length).toBeGreaterThan(2);
    expect(toolChunks.every((t) => t.index === 0)).toBe(true);
    expect(toolChunks.map((t) => t.args).join("")).toBe('{"city":"Paris"}');
    const whole = chunks.reduce((a, b) => a.concat(b));
    expect(whole.tool_calls).toEqual([
      { type: "tool_call", id: toolChunks[0]!.id, name: "get_weather", args: { city: "Paris" } },
    ]);
    expect(whole.response_metadata.finish_reason).toBe("tool_calls");
    // The tool went out in the provider's tool format.
    const sent = kit.requests()[0]!;
    expect(sent.tools).toEqual([
      expect.objectContaining({
        name: "get_weather",
        parameters: expect.objectContaining({ type: "object" }),
      }),
    ]);
    expect(costOfMessage(whole)).toEqual(kit.billingTotal("USD"));
  });

  it('tool_choice "any" reaches each provider in its own words', async () => {
    const s = await setup({
      response: { scripted: [{ toolCalls: [{ name: "get_weather", arguments: { city: "Rome" } }] }] },
    });
    kit = s.kit;
    for (const provider of ["openai", "anthropic"]) {
      const model = new ChatTokenwise({ router: s.router, constraints: { allowProviders: [provider] } });
      const answer = await model.bindTools([getWeather], { tool_choice: "any" }).invoke("Weather in Rome?");
      expect(answer.tool_calls).toMatchObject([{ name: "get_weather", args: { city: "Rome" } }]);
      expect(costOfMessage(answer)).toEqual(kit.billing().at(-1)!.cost!.total);
    }
    expect(kit.requests().map((r) => [r.provider, r.body.tool_choice])).toEqual([
      ["openai", "required"],
      ["anthropic", { type: "any" }],
    ]);
  });

  it("tool results go back with their call ids", async () => {
    const s = await setup({ response: { scripted: ["It is sunny in Paris."] } });
    kit = s.kit;
    const model = new ChatTokenwise({ router: s.router, constraints: { allowProviders: ["openai"] } });
    const answer = await model.invoke([
      new HumanMessage("Weather in Paris?"),
      new AIMessageChunk({
        content: "",
        tool_calls: [{ id: "call_1", name: "get_weather", args: { city: "Paris" } }],
      }),
      new ToolMessage({ tool_call_id: "call_1", content: "Sunny, 21 °C" }),
    ]);
    expect(answer.content).toBe("It is sunny in Paris.");
    const sent = kit.requests()[0]!;
    expect(sent.body.messages).toEqual([
      { role: "user", content: "Weather in Paris?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "call_1",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: "Sunny, 21 °C" },
    ]);
  });

  it("withStructuredOutput: functionCalling forces the tool and validates with zod", async () => {
    const s = await setup({
      response: { scripted: [{ toolCalls: [{ name: "person", arguments: { name: "Ada", born: 1815 } }] }] },
    });
    kit = s.kit;
    const schema = z.object({ name: z.string(), born: z.number() }).describe("A person");
    const model = new ChatTokenwise({ router: s.router, constraints: { allowProviders: ["openai"] } });
    const out = await model
      .withStructuredOutput(schema, { name: "person", includeRaw: true })
      .invoke("Who was Ada?");
    expect(out.parsed).toEqual({ name: "Ada", born: 1815 });
    expect(costOfMessage(out.raw)).toEqual(kit.billingTotal("USD"));
    const body = kit.requests()[0]!.body;
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "person" } });
    expect(body.tools).toEqual([
      {
        type: "function",
        function: expect.objectContaining({ name: "person", description: "A person" }),
      },
    ]);
  });

  it("withStructuredOutput: jsonSchema sends a response format and only structured-output models qualify", async () => {
    const s = await setup({ response: { scripted: ['{"name":"Ada","born":1815}'] } });
    kit = s.kit;
    const schema = z.object({ name: z.string(), born: z.number() });
    const model = new ChatTokenwise({ router: s.router });
    const out = await model
      .withStructuredOutput(schema, { method: "jsonSchema", name: "person" })
      .invoke("Ada?");
    expect(out).toEqual({ name: "Ada", born: 1815 });
    const sent = kit.requests()[0]!;
    expect(sent.provider).not.toBe("deepseek"); // deepseek-chat lacks structuredOutput in the fixtures
    expect(JSON.stringify(sent.body)).toContain('"person"');
  });

  it("withStructuredOutput: an answer that does not match the schema is an error", async () => {
    const s = await setup({ response: { scripted: ['{"name":"Ada"}'] } });
    kit = s.kit;
    const model = new ChatTokenwise({ router: s.router });
    const run = model.withStructuredOutput(z.object({ name: z.string(), born: z.number() }), {
      method: "jsonMode",
    });
    await expect(run.invoke("Ada?")).rejects.toThrow(/born/);
  });
});

describe("ChatTokenwise: reasoning deltas", () => {
  it("arrive as additional_kwargs.reasoning_content, before the text, as ChatOpenAI puts them", async () => {
    // The testkit sends no reasoning text, so the real OpenAI adapter is wrapped to add a reasoning block
    // in front of the provider's parts (the HTTP call, usage and billing stay the real ones).
    const withReasoning: AdapterFactory = (settings) => {
      const inner = createOpenAIAdapter(settings);
      return {
        generate: (call) => inner.generate(call),
        async stream(call) {
          const s = await inner.stream(call);
          async function* parts(): AsyncGenerator<StreamPart> {
            yield { type: "reasoning-start", id: "r0" };
            for (const delta of ["The user ", "wants a greeting."])
              yield { type: "reasoning-delta", id: "r0", delta };
            yield { type: "reasoning-end", id: "r0" };
            yield* s;
          }
          return Object.assign(parts(), { usage: () => s.usage(), cancel: (r?: unknown) => s.cancel(r) });
        },
      };
    };
    const s = await setup({
      response: { scripted: ["Hello!"] },
      router: { adapters: { openai: withReasoning } },
    });
    kit = s.kit;
    const model = new ChatTokenwise({ router: s.router, constraints: { allowProviders: ["openai"] } });
    const chunks: AIMessageChunk[] = [];
    for await (const c of await model.stream("hi")) chunks.push(c);
    expect(chunks.slice(0, 2).map((c) => c.additional_kwargs.reasoning_content)).toEqual([
      "The user ",
      "wants a greeting.",
    ]);
    const whole = chunks.reduce((a, b) => a.concat(b));
    expect(whole.additional_kwargs.reasoning_content).toBe("The user wants a greeting.");
    expect(whole.content).toBe("Hello!");
    expect(costOfMessage(whole)).toEqual(kit.billingTotal("USD"));
  });
});

describe("ChatTokenwise: failover", () => {
  it("the cost covers every billed attempt, the failed one included, as the router accounts them", async () => {
    // gpt-4o-mini answers a 200 with a body that does not parse: billed in full, then the router fails over.
    const s = await setup({
      faults: { "openai/gpt-4o-mini": ["malformed-json"] },
      response: { scripted: ["Second time lucky."] },
      router: { retry: { maxRetries: 0 } },
    });
    kit = s.kit;
    const model = new ChatTokenwise({ router: s.router, constraints: { allowProviders: ["openai"] } });
    const answer = await model.invoke("hi");
    expect(answer.content).toBe("Second time lucky.");
    const billed = kit.billing().filter((b) => b.billed);
    expect(billed.map((b) => [b.model, b.outcome])).toEqual([
      ["gpt-4o-mini", "malformed"],
      ["gpt-4o", "completed"],
    ]);
    const routing = routingOfMessage(answer)!;
    expect(routing.model).toBe("gpt-4o");
    // The answering attempt is priced from the provider's usage, equal to its bill to the atto; the
    // unreadable one from the router's estimate (flagged), as the router's ledger has them.
    expect(routing.attempts).toMatchObject([
      { model: "gpt-4o-mini", status: "error", usageSource: "estimated" },
      {
        model: "gpt-4o",
        status: "ok",
        usageSource: "provider",
        cost: { currency: "USD", atto: billed[1]!.cost!.total.atto.toString() },
      },
    ]);
    const sum = routing.attempts.reduce((t, a) => t + BigInt(a.cost!.atto), 0n);
    expect(BigInt(routing.attempts[0]!.cost!.atto)).toBeGreaterThan(0n);
    expect(costOfMessage(answer)).toEqual({ currency: "USD", atto: sum });
    expect(costOfMessage(answer)).toEqual(s.router.ledger.total("USD"));
    // usage_metadata is the answer's own usage (the attempt that answered), as the provider billed it.
    expect(answer.usage_metadata?.input_tokens).toBe(billed[1]!.usage.input);
  });
});

describe("ChatTokenwise rejects what it cannot send", () => {
  it("without a router", () => {
    expect(() => new ChatTokenwise({} as never)).toThrow(ValidationError);
  });

  it("an unknown method or tool_choice, and stop sequences, name the option", async () => {
    const s = await setup();
    kit = s.kit;
    const model = new ChatTokenwise({ router: s.router });
    expect(() => model.withStructuredOutput(z.object({ a: z.string() }), { method: "xml" })).toThrow(
      /method/,
    );
    const err = await model.invoke("hi", { stop: ["\n"] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]!.path).toEqual(["stop"]);
    const err2 = await model.invoke("hi", { tool_choice: { kind: "tool" } }).catch((e: unknown) => e);
    expect((err2 as ValidationError).issues[0]).toMatchObject({
      path: ["tool_choice"],
      value: { kind: "tool" },
    });
    expect(kit.requests()).toHaveLength(0);
  });
});

describe("ChatTokenwise settings", () => {
  it("streaming: true makes invoke stream and assemble the answer, usage and cost included", async () => {
    const s = await setup({
      response: {
        scripted: [{ text: "Checking.", toolCalls: [{ name: "get_weather", arguments: { city: "Oslo" } }] }],
      },
    });
    kit = s.kit;
    // `auto`: a forced tool call answers with the call alone (as the real APIs do), no text.
    const model = new ChatTokenwise({ router: s.router, streaming: true }).bindTools([getWeather], {
      tool_choice: "auto",
    });
    const answer = await model.invoke("Weather in Oslo?");
    expect(kit.requests()[0]!.stream).toBe(true);
    expect(answer.content).toBe("Checking.");
    expect(answer.tool_calls).toMatchObject([{ name: "get_weather", args: { city: "Oslo" } }]);
    expect(answer.usage_metadata?.output_tokens).toBe(kit.billing()[0]!.usage.output);
    expect(costOfMessage(answer)).toEqual(kit.billingTotal("USD"));
  });

  it("call options override the model's routing hints; an aborted signal stops before any request", async () => {
    const s = await setup({ response: { scripted: ["ok"] } });
    kit = s.kit;
    const model = new ChatTokenwise({
      router: s.router,
      constraints: { allowProviders: ["openai"], minQuality: 0.5 },
      tenant: "acme",
      maxTokens: 50,
    });
    const answer = await model.invoke("hi", { constraints: { minQuality: 0.8 }, ledgerTags: ["call"] });
    // minQuality 0.8 over allowProviders openai: only gpt-4o (0.85) qualifies.
    expect(routingOfMessage(answer)!.model).toBe("gpt-4o");
    expect(kit.requests()[0]!.maxTokens).toBe(50);
    expect(s.router.ledger.byTenant("USD").get("acme")).toEqual(kit.billingTotal("USD"));
    expect(s.router.ledger.byTag("USD").get("call")).toEqual(kit.billingTotal("USD"));
    const ac = new AbortController();
    ac.abort();
    await expect(model.invoke("hi", { signal: ac.signal })).rejects.toThrow();
    await expect(
      (async () => {
        for await (const _ of await model.stream("hi", { signal: ac.signal })) void _;
      })(),
    ).rejects.toThrow();
    expect(kit.requests()).toHaveLength(1);
  });

  it('taskKind "auto" detects the kind per prompt; response metadata names it', async () => {
    const s = await setup();
    kit = s.kit;
    const model = new ChatTokenwise({ router: s.router, taskKind: "auto" });
    const code = await model.invoke(
      "Write a TypeScript function that parses an ISO 8601 date string and returns a Date, with unit tests.",
    );
    expect(routingOfMessage(code)!.taskKind).toBe("code");
    const general = await model.invoke("hi", { taskKind: "general" });
    expect(routingOfMessage(general)!.taskKind).toBe("general");
  });

  it("tracing params are JSON-safe, money in constraints included", async () => {
    const s = await setup();
    kit = s.kit;
    const model = new ChatTokenwise({
      router: s.router,
      constraints: { maxCostPerCall: { currency: "USD", atto: 10n ** 15n } },
      taskKind: "code",
    });
    const params = model.invocationParams({ constraints: { maxLatencyMs: 5000 } } as never);
    expect(JSON.parse(JSON.stringify(params))).toEqual({
      taskKind: "code",
      constraints: { maxCostPerCall: { currency: "USD", atto: "1000000000000000" }, maxLatencyMs: 5000 },
    });
    expect(model.getLsParams({} as never)).toEqual({
      ls_provider: "tokenwise",
      ls_model_name: "router",
      ls_model_type: "chat",
    });
  });
});
