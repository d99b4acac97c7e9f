import { createTokenwise, readTokenwiseMetadata } from "@tokenwise/ai-sdk";
import { type makeUsage, moneyToDecimal, sumMoney, ValidationError } from "@tokenwise/core";
import { type CallReport, createRouter } from "@tokenwise/router";
import {
  type LatencySettings,
  type SimRequest,
  type SimResponse,
  simProvidersFor,
  startTestkit,
} from "@tokenwise/testkit";
import { generateText, jsonSchema, Output, stepCountIs, streamText, tool } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { FX, KEY, setup, testModels } from "../router/fixtures";

type Kit = Awaited<ReturnType<typeof setup>>;
const open: Kit[] = [];
afterEach(async () => {
  for (const k of open.splice(0)) await k.kit.close();
});

/** Calls a tool until a tool result is in the conversation, then answers with the result. */
function agentResponder(request: SimRequest): SimResponse {
  const results = request.messages.filter((m) => m.role === "tool");
  if (results.length === 0) {
    return { toolCalls: [{ name: "get_reservation", arguments: { reservation_id: "ZFA04Y" } }] };
  }
  return { text: `Your reservation: ${results.at(-1)?.content}` };
}

const getReservation = tool({
  description: "Look up a reservation by id",
  inputSchema: jsonSchema<{ reservation_id: string }>({
    type: "object",
    properties: { reservation_id: { type: "string" } },
    required: ["reservation_id"],
    additionalProperties: false,
  }),
  execute: async ({ reservation_id }) => ({ reservation_id, origin: "SFO", destination: "JFK" }),
});

async function start(options: Parameters<typeof setup>[0] = {}) {
  const k = await setup(options);
  open.push(k);
  const reports: CallReport[] = [];
  k.router.onReport((r) => reports.push(r));
  return { ...k, reports, tokenwise: createTokenwise({ router: k.router }) };
}

/** The AI SDK usage a billing entry's normalized usage maps to. */
function sdkUsage(u: ReturnType<typeof makeUsage>) {
  return {
    inputTokens: u.input + u.cacheRead + u.cacheWrite + u.cacheWrite1h,
    inputTokenDetails: {
      noCacheTokens: u.input,
      cacheReadTokens: u.cacheRead,
      cacheWriteTokens: u.cacheWrite + u.cacheWrite1h,
    },
    outputTokens: u.output + u.reasoning,
    outputTokenDetails: { textTokens: u.output, reasoningTokens: u.reasoning },
  };
}

describe("@tokenwise/ai-sdk with ai (generateText, streamText) against the testkit", () => {
  it("completes a multi-step tool loop; usage and cost equal the billing log to the atto", async () => {
    const { kit, router, tokenwise } = await start({ response: agentResponder });
    const result = await generateText({
      model: tokenwise("auto", { tags: ["agent"] }),
      system: "You are an airline agent.",
      prompt: "Where does reservation ZFA04Y go?",
      tools: { get_reservation: getReservation },
      stopWhen: stepCountIs(5),
    });
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]?.toolCalls.map((c) => [c.toolName, c.input])).toEqual([
      ["get_reservation", { reservation_id: "ZFA04Y" }],
    ]);
    expect(result.steps[0]?.finishReason).toBe("tool-calls");
    expect(result.text).toBe(
      'Your reservation: {"reservation_id":"ZFA04Y","origin":"SFO","destination":"JFK"}',
    );
    expect(result.finishReason).toBe("stop");

    const billing = kit.billing();
    expect(billing).toHaveLength(2);
    for (const [i, step] of result.steps.entries()) {
      const entry = billing[i]!;
      expect(step.usage).toMatchObject(sdkUsage(entry.usage));
      const meta = readTokenwiseMetadata(step.providerMetadata)!;
      expect(`${meta.provider}/${meta.model}`).toBe(`${entry.provider}/${entry.model}`);
      expect(step.response.modelId).toBe(`${entry.provider}/${entry.model}`);
      expect(meta.realizedCost).toMatchObject({ amount: moneyToDecimal(entry.cost!.total), currency: "USD" });
      expect(meta.totalCost).toEqual({ amount: moneyToDecimal(entry.cost!.total), currency: "USD" });
      expect(meta.attempts).toHaveLength(1);
      expect(meta.attempts[0]).toMatchObject({ status: "ok", requestId: entry.requestId });
      expect(meta.priceVersion).toBe("2026-01-01T00:00:00Z");
      expect(meta.estimatedCost.amount).toMatch(/^\d+(\.\d+)?$/);
    }
    // The second step re-sends the tool call and its result.
    const second = kit.requests()[1]!;
    expect(second.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool"]);
    expect(router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
    expect(router.ledger.byTag("USD").get("agent")).toEqual(kit.billingTotal("USD"));
    expect(result.totalUsage.inputTokens).toBe(
      billing.reduce((s, e) => s + e.usage.input + e.usage.cacheRead, 0),
    );
  });

  it("streams text and tool-call deltas with their ids, then usage and cost from the report", async () => {
    const { kit, tokenwise, reports } = await start({ response: agentResponder });
    const result = streamText({
      model: tokenwise("auto"),
      prompt: "Where does reservation ZFA04Y go?",
      tools: { get_reservation: getReservation },
      stopWhen: stepCountIs(3),
    });
    const parts: { type: string; id?: string }[] = [];
    for await (const part of result.fullStream) parts.push(part as { type: string; id?: string });
    const types = parts.map((p) => p.type);
    expect(types).toContain("tool-input-start");
    expect(types).toContain("tool-input-delta");
    expect(types).toContain("tool-call");
    expect(types).toContain("tool-result");
    expect(types).toContain("text-delta");
    const toolInput = parts.filter((p) => p.type.startsWith("tool-input"));
    expect(new Set(toolInput.map((p) => p.id)).size).toBe(1);
    const call = parts.find((p) => p.type === "tool-call") as { toolCallId: string } | undefined;
    expect(toolInput[0]?.id).toBe(call?.toolCallId);
    const textParts = parts.filter((p) => p.type.startsWith("text-"));
    expect(textParts[0]?.type).toBe("text-start");
    expect(textParts.at(-1)?.type).toBe("text-end");
    expect(new Set(textParts.map((p) => p.id)).size).toBe(1);
    const deltas = parts.filter((p) => p.type === "text-delta") as unknown as { text: string }[];
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.text).join("")).toBe(await result.text);

    const steps = await result.steps;
    const billing = kit.billing();
    expect(steps).toHaveLength(2);
    expect(billing.every((e) => e.stream)).toBe(true);
    for (const [i, step] of steps.entries()) {
      expect(step.usage).toMatchObject(sdkUsage(billing[i]!.usage));
      const meta = readTokenwiseMetadata(step.providerMetadata)!;
      expect(meta.realizedCost.amount).toBe(moneyToDecimal(billing[i]!.cost!.total));
      expect(meta.callId).toBe(reports[i]!.id);
    }
    expect(
      sumMoney(
        reports.map((r) => r.total),
        "USD",
      ),
    ).toEqual(kit.billingTotal("USD"));
  });

  it("streams Anthropic tool_use blocks as tool-input parts with the tool call's id; cost equals the billing log", async () => {
    const { kit, tokenwise } = await start({ response: agentResponder });
    const result = streamText({
      model: tokenwise("anthropic/claude-sonnet-4-5"),
      prompt: "Where does reservation ZFA04Y go?",
      tools: { get_reservation: getReservation },
      stopWhen: stepCountIs(3),
    });
    const parts: { type: string; id?: string; toolCallId?: string }[] = [];
    for await (const part of result.fullStream) parts.push(part as (typeof parts)[number]);
    const call = parts.find((p) => p.type === "tool-call");
    expect(call?.toolCallId).toMatch(/^toolu_/);
    expect(parts.filter((p) => p.type.startsWith("tool-input")).every((p) => p.id === call?.toolCallId)).toBe(
      true,
    );
    const steps = await result.steps;
    expect(steps.map((s) => s.finishReason)).toEqual(["tool-calls", "stop"]);
    expect(steps.map((s) => s.response.modelId)).toEqual([
      "anthropic/claude-sonnet-4-5",
      "anthropic/claude-sonnet-4-5",
    ]);
    const billing = kit.billing();
    for (const [i, step] of steps.entries()) {
      expect(step.usage).toMatchObject(sdkUsage(billing[i]!.usage));
      expect(readTokenwiseMetadata(step.providerMetadata)?.realizedCost.amount).toBe(
        moneyToDecimal(billing[i]!.cost!.total),
      );
    }
  });

  it("a stream cut after its first token ends with an error part and an error finish", async () => {
    const { kit, tokenwise } = await start({
      response: { scripted: ["A long answer that the provider will not finish sending."] },
      faults: { "openai/gpt-4o-mini": ["reset-mid-stream"] },
    });
    const errors: unknown[] = [];
    const result = streamText({
      model: tokenwise("openai/gpt-4o-mini"),
      prompt: "talk",
      maxRetries: 0,
      onError: ({ error }) => void errors.push(error),
    });
    const types: string[] = [];
    for await (const part of result.fullStream) types.push(part.type);
    expect(types).toContain("text-delta");
    expect(types).toContain("error");
    expect(await result.finishReason).toBe("error");
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).name).toBe("StreamInterruptedError");
    expect(kit.billing()[0]).toMatchObject({ outcome: "cut", billed: true });
  });

  it("a pinned model is called and still accounted; per-call providerOptions constrain routing", async () => {
    const { kit, tokenwise } = await start();
    const pinned = await generateText({
      model: tokenwise("anthropic/claude-sonnet-4-5"),
      prompt: "hello there",
    });
    expect(pinned.response.modelId).toBe("anthropic/claude-sonnet-4-5");
    expect(pinned.text).toBe("hello there");
    const meta = readTokenwiseMetadata(pinned.providerMetadata)!;
    expect(meta.realizedCost.amount).toBe(moneyToDecimal(kit.billing()[0]!.cost!.total));

    const routed = await generateText({
      model: tokenwise("auto", { constraints: { minQuality: 0.5 } }),
      prompt: "hi",
      providerOptions: { tokenwise: { constraints: { allowProviders: ["deepseek"] }, taskKind: "general" } },
    });
    expect(routed.response.modelId).toBe("deepseek/deepseek-chat");
    expect(kit.billing().map((e) => `${e.provider}/${e.model}`)).toEqual([
      "anthropic/claude-sonnet-4-5",
      "deepseek/deepseek-chat",
    ]);
  });

  it('taskKind "auto" detects the kind per prompt; the metadata names the detected kind', async () => {
    const { kit, tokenwise } = await start();
    const model = tokenwise("auto", { taskKind: "auto" });
    const code = await generateText({
      model,
      prompt:
        "Write a Python function that reverses a singly linked list in place and explain its complexity.",
    });
    expect(readTokenwiseMetadata(code.providerMetadata)!.taskKind).toBe("code");
    const math = await generateText({
      model,
      prompt:
        "A train travels 120 km in 1.5 hours and then 80 km in 1 hour. What is its average speed in km/h over the whole trip?",
    });
    expect(readTokenwiseMetadata(math.providerMetadata)!.taskKind).toBe("math");
    expect(kit.billing()).toHaveLength(2);
    expect(() => tokenwise("auto", { taskKind: "Auto" as never })).toThrow(/taskKind/);
  });

  it("structured output sends a JSON schema and parses the object", async () => {
    const { kit, tokenwise } = await start({
      response: { scripted: ['{"city":"Paris","population":2102650}'] },
    });
    const result = await generateText({
      model: tokenwise("auto"),
      prompt: "Largest city of France?",
      output: Output.object({
        schema: jsonSchema<{ city: string; population: number }>({
          type: "object",
          properties: { city: { type: "string" }, population: { type: "number" } },
          required: ["city", "population"],
          additionalProperties: false,
        }),
      }),
    });
    expect(result.output).toEqual({ city: "Paris", population: 2102650 });
    const body = kit.requests()[0]!.body as {
      response_format?: { type: string; json_schema?: { schema: unknown } };
    };
    expect(body.response_format?.type).toBe("json_schema");
    expect(body.response_format?.json_schema?.schema).toMatchObject({ required: ["city", "population"] });
  });

  it("warns about settings that do not apply and rejects bad options with a ValidationError", async () => {
    const { tokenwise } = await start();
    const result = await generateText({ model: tokenwise("auto"), prompt: "hi", topP: 0.5, seed: 7 });
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "unsupported", feature: "topP" }),
        expect.objectContaining({ type: "unsupported", feature: "seed" }),
      ]),
    );
    const bad = generateText({
      model: tokenwise("auto"),
      prompt: "hi",
      maxRetries: 0,
      providerOptions: { tokenwise: { taskKind: "poetry", tags: ["checkout"] } },
    });
    await expect(bad).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof ValidationError &&
        e.issues[0]?.path.join(".") === "taskKind" &&
        e.issues[0]?.value === "poetry" &&
        e.message.startsWith("providerOptions.tokenwise: "),
    );
    expect(() => tokenwise("auto", { taskKind: "poetry" as never })).toThrow(/taskKind/);
    expect(() => tokenwise("openai/gpt-5-nope")).toThrow(/unknown model "openai\/gpt-5-nope"/);
  });

  it("an abort mid-stream ends the caller's stream; the router's ledger accounts the billed request", async () => {
    const long = "word ".repeat(200).trim();
    // Real pacing (400 tokens/s, no TTFT), so the abort lands while the provider is still writing.
    const { kit, router, reports } = await startPaced({ ttftMs: 0, tokensPerSecond: 400 }, long);
    const tokenwise = createTokenwise({ router });
    const controller = new AbortController();
    const result = streamText({
      model: tokenwise("openai/gpt-4o-mini"),
      prompt: "talk",
      abortSignal: controller.signal,
    });
    let received = "";
    for await (const text of result.textStream) {
      received += text;
      if (received.length > 20) controller.abort(new Error("enough"));
    }
    // The caller's stream ends at the abort.
    expect(received.length).toBeLessThan(long.length);
    // The provider bills what it sent; the router's ledger accounts that one request. (How the HTTP
    // stream is cut and the cut output counted is the router's stream lifecycle: docs/router.md,
    // Accounting.)
    await until(() => kit.billing().length === 1 && router.ledger.entries().length === 1);
    const entry = kit.billing()[0]!;
    expect(entry.billed).toBe(true);
    // The abort reached the HTTP stream: the provider stopped writing (cut), not billed in full.
    expect(entry.outcome).toBe("cut");
    expect(entry.usage.output).toBeGreaterThan(0);
    expect(entry.usage.output).toBeLessThan(200);
    const [ledgerEntry] = router.ledger.entries();
    expect(`${ledgerEntry!.provider}/${ledgerEntry!.model}`).toBe(`${entry.provider}/${entry.model}`);
    expect(ledgerEntry!.cost.atto).toBeGreaterThan(0n);
    expect(reports.every((r) => r.attempts.length === 1)).toBe(true);
  });

  it("an abort before the first token stops the call; nothing is billed on either side", async () => {
    const { kit, router } = await startPaced({ ttftMs: 5_000, tokensPerSecond: 200 }, "late");
    const tokenwise = createTokenwise({ router });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user left")), 100);
    await expect(
      generateText({
        model: tokenwise("openai/gpt-4o-mini"),
        prompt: "talk",
        abortSignal: controller.signal,
        maxRetries: 0,
      }),
    ).rejects.toThrow();
    await until(() => kit.billing().length === 1);
    expect(kit.billing()[0]).toMatchObject({ billed: false, outcome: "client-aborted-before" });
    expect(router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
    expect(router.ledger.total("USD").atto).toBe(0n);
  });
});

/** A testkit with real latency for the abort tests (the shared fixture runs at timeScale 0). */
async function startPaced(latency: LatencySettings, answer: string) {
  const models = testModels().filter((m) => m.id === "gpt-4o-mini");
  const kit = await startTestkit({
    timeScale: 1,
    providers: simProvidersFor(models, () => ({ latency, response: { scripted: [answer] } })),
  });
  open.push({ kit } as Kit);
  const router = createRouter({
    models,
    fx: FX,
    env: {},
    providers: { openai: { apiKey: KEY, baseURL: kit.baseURL("openai") } },
    retry: { maxRetries: 0 },
  });
  const reports: CallReport[] = [];
  router.onReport((r) => reports.push(r));
  return { kit, router, reports };
}

/** Waits (bounded) until the server has settled what the client's abort left behind. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(done()).toBe(true);
}
