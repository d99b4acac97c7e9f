/**
 * The adapter conformance suite: what every `ProviderAdapter` must do, checked against the testkit on
 * loopback. Call `runAdapterConformance(name, factory, options)` inside a test file; it declares its
 * own `describe` block, starts two testkit servers (one instant, one real-time for aborts) and stops
 * them afterwards.
 */
import {
  type AdapterCall,
  type AdapterFactory,
  type ModelRequest,
  type PromptCachePolicy,
  type ProviderAdapter,
  ProviderError,
  type ProviderErrorKind,
  type StreamPart,
} from "@tokenwise/core";
import { type FaultKind, type SimModelConfig, startTestkit, type Testkit } from "@tokenwise/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

/** Options of {@link runAdapterConformance}. */
export interface ConformanceOptions {
  /** The wire format the adapter speaks (the testkit serves `openai` and `anthropic`). */
  wire: "openai" | "anthropic";
  /** The prompt-cache policy to pass on calls (explicit for breakpoint wires). */
  promptCache?: PromptCachePolicy;
  /** The wire reports cache writes (Anthropic `cache_creation_input_tokens`). */
  reportsCacheWrites: boolean;
  /** The wire reports reasoning tokens (OpenAI `completion_tokens_details.reasoning_tokens`). */
  reportsReasoning: boolean;
}

const KEY = "sk-conformance-SECRET-0123456789";
const PROVIDER = "conf";
const RETRY_AFTER_MS = 1500;
const SLOW_TTFT_MS = 3000;
/** A prompt well above every cache minimum (~1,500 tokens). */
const LONG = Array.from({ length: 300 }, (_, i) => `Clause ${i}: the tenant keeps the premises tidy.`).join(
  " ",
);

const WEATHER_TOOL = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

/** The kind and retryable flag each testkit fault must surface as. */
function expectedFault(
  fault: Exclude<FaultKind, "ok">,
  stream: boolean,
  wire: "openai" | "anthropic",
): { kind: ProviderErrorKind; retryable: boolean; status?: number; retryAfterMs?: number } {
  switch (fault) {
    case "429":
      return { kind: "rate-limit", retryable: true, status: 429, retryAfterMs: RETRY_AFTER_MS };
    case "500":
      return { kind: "server", retryable: true, status: 500 };
    case "503":
      return { kind: "server", retryable: true, status: 503, retryAfterMs: RETRY_AFTER_MS };
    case "529":
      return { kind: "overloaded", retryable: true, status: 529, retryAfterMs: RETRY_AFTER_MS };
    case "slow-ttft":
      return { kind: "aborted", retryable: false };
    case "reset-before":
    case "reset-mid-stream":
      return { kind: "connection", retryable: true };
    case "malformed-json":
      // The testkit's broken SSE line has no `event:` name; on the Anthropic wire every event is named,
      // so the line is not an event at all and the stream simply ends without `message_stop`.
      return stream && wire === "anthropic"
        ? { kind: "stream", retryable: true }
        : { kind: "malformed-response", retryable: true };
    case "truncated-sse":
      // Without streaming the testkit sends half a JSON body.
      return stream ? { kind: "stream", retryable: true } : { kind: "malformed-response", retryable: true };
    case "error-event":
      // Without streaming the testkit answers the in-stream error as a status: 500 (OpenAI), 529 (Anthropic).
      if (!stream) {
        return wire === "openai"
          ? { kind: "server", retryable: true, status: 500 }
          : { kind: "overloaded", retryable: true, status: 529 };
      }
      return { kind: wire === "openai" ? "stream" : "overloaded", retryable: true };
    default: {
      const never: never = fault;
      throw new Error(`unknown fault ${String(never)}`);
    }
  }
}

const FAULTS: readonly Exclude<FaultKind, "ok">[] = [
  "429",
  "500",
  "503",
  "529",
  "slow-ttft",
  "reset-before",
  "reset-mid-stream",
  "malformed-json",
  "truncated-sse",
  "error-event",
];

/** Reads a stream to its end; returns the parts and what it threw (if it threw). */
async function drain(
  adapter: ProviderAdapter,
  call: AdapterCall,
): Promise<{ parts: StreamPart[]; error?: unknown }> {
  const parts: StreamPart[] = [];
  try {
    const s = await adapter.stream(call);
    for await (const p of s) parts.push(p);
    return { parts };
  } catch (error) {
    return { parts, error };
  }
}

/**
 * Checks the order rules of a stream: every block opens, carries deltas and closes under one id; a
 * tool input that closed is followed by its `tool-call`; `finish` is the last part and comes once.
 */
export function expectWellFormedStream(parts: readonly StreamPart[]): void {
  const open = new Map<string, string>();
  const closedTools = new Set<string>();
  const called = new Set<string>();
  parts.forEach((p, i) => {
    const where = `part ${i} (${p.type})`;
    switch (p.type) {
      case "text-start":
      case "reasoning-start":
      case "tool-input-start":
        expect(open.has(p.id), `${where}: id ${p.id} opened twice`).toBe(false);
        open.set(p.id, p.type.replace("-start", ""));
        break;
      case "text-delta":
      case "reasoning-delta":
      case "tool-input-delta":
        expect(open.get(p.id), `${where}: delta outside its block`).toBe(p.type.replace("-delta", ""));
        break;
      case "text-end":
      case "reasoning-end":
      case "tool-input-end":
        expect(open.get(p.id), `${where}: end without start`).toBe(p.type.replace("-end", ""));
        open.delete(p.id);
        if (p.type === "tool-input-end") closedTools.add(p.id);
        break;
      case "tool-call":
        expect(closedTools.has(p.toolCallId), `${where}: tool-call before its tool-input-end`).toBe(true);
        called.add(p.toolCallId);
        break;
      case "finish":
        expect(i, "finish is the last part").toBe(parts.length - 1);
        break;
      default: {
        const never: never = p;
        throw new Error(`unknown part ${JSON.stringify(never)}`);
      }
    }
  });
  expect(open.size, `blocks left open: ${[...open.keys()].join(", ")}`).toBe(0);
  expect([...closedTools].sort()).toEqual([...called].sort());
  expect(parts.at(-1)?.type).toBe("finish");
}

/**
 * Declares the conformance tests of one adapter: generate, stream (part order), tools (round trip,
 * `toolChoice: "required"`), usage mapping (equal to the testkit's billing log, cache read and write,
 * reasoning where the wire has them), every testkit fault as the right `ProviderError` kind and
 * `retryable` flag, and abort (before and after the first part; `cancel()` closes the HTTP stream).
 *
 * @example
 * runAdapterConformance("openai", createOpenAIAdapter, { wire: "openai", reportsCacheWrites: false, reportsReasoning: true });
 */
export function runAdapterConformance(
  name: string,
  makeAdapter: AdapterFactory,
  options: ConformanceOptions,
): void {
  const { wire } = options;
  describe(`adapter conformance: ${name}`, () => {
    let kit: Testkit;
    let slowKit: Testkit;
    let adapter: ProviderAdapter;
    let slowAdapter: ProviderAdapter;

    const models: SimModelConfig[] = [
      { id: "m-text" },
      {
        id: "m-tools",
        response: (req) =>
          req.tools.length > 0 && !req.messages.some((m) => m.role === "tool")
            ? { toolCalls: [{ name: "get_weather", arguments: '{"city":"Paris"}' }] }
            : { text: "It is 18°C in Paris." },
      },
      { id: "m-reasoning", reasoningTokens: 32 },
      {
        id: "m-fault",
        faultSettings: { retryAfterMs: RETRY_AFTER_MS, slowTtftMs: SLOW_TTFT_MS, cutAfterChunks: 1 },
        response: { scripted: ["one two three four five six seven eight nine ten eleven twelve"] },
      },
    ];

    beforeAll(async () => {
      kit = await startTestkit({ timeScale: 0, providers: [{ name: PROVIDER, style: wire, models }] });
      // Real time: about 20 tokens a second, so a stream is still open when the test acts on it.
      slowKit = await startTestkit({
        timeScale: 1,
        providers: [
          {
            name: PROVIDER,
            style: wire,
            models: [{ id: "m-slow", latency: { ttftMs: 10, tokensPerSecond: 20 } }],
          },
        ],
      });
      const settings = (k: Testkit) => ({
        provider: PROVIDER,
        apiKey: KEY,
        baseURL: k.baseURL(PROVIDER),
        secrets: [KEY],
      });
      adapter = makeAdapter(settings(kit));
      slowAdapter = makeAdapter(settings(slowKit));
    });
    afterAll(async () => {
      await kit?.close();
      await slowKit?.close();
    });
    beforeEach(() => {
      kit.reset();
      slowKit.reset();
    });

    const call = (model: string, request: ModelRequest, extra: Partial<AdapterCall> = {}): AdapterCall => ({
      provider: PROVIDER,
      model,
      request,
      maxOutputTokens: 256,
      signal: new AbortController().signal,
      ...(options.promptCache ? { promptCache: options.promptCache } : {}),
      ...extra,
    });
    const ask = (text: string): ModelRequest => ({ messages: [{ role: "user", content: text }] });
    const lastBilled = () => kit.billing().at(-1)!;

    it("generate: text, finish reason, request id and usage equal to the billing log", async () => {
      const res = await adapter.generate(
        call("m-text", { system: "Be brief.", ...ask("hello conformance") }),
      );
      expect(res.text).toBe("hello conformance");
      expect(res.finishReason).toEqual({ unified: "stop", raw: wire === "openai" ? "stop" : "end_turn" });
      expect(res.toolCalls).toEqual([]);
      const billed = lastBilled();
      expect(billed.outcome).toBe("completed");
      expect(res.requestId).toBe(billed.requestId);
      expect(res.usage).toEqual(billed.usage);
      // The system prompt reached the provider as a system prompt, not as a user turn.
      const seen = kit.requests().at(-1)!;
      expect(seen.messages[0]).toMatchObject({ role: "system", content: "Be brief." });
      expect(seen.messages.filter((m) => m.role === "user")).toHaveLength(1);
    });

    it("stream: parts in order (start/delta/end with ids, finish last with the billed usage)", async () => {
      const { parts, error } = await drain(adapter, call("m-text", ask("alpha beta gamma delta")));
      expect(error).toBeUndefined();
      expectWellFormedStream(parts);
      const text = parts.flatMap((p) => (p.type === "text-delta" ? [p.delta] : [])).join("");
      expect(text).toBe("alpha beta gamma delta");
      expect(parts[0]?.type).toBe("text-start");
      const finish = parts.at(-1);
      expect(finish?.type === "finish" && finish.finishReason.unified).toBe("stop");
      expect(finish?.type === "finish" && finish.usage).toEqual(lastBilled().usage);
    });

    it("tools: toolChoice required reaches the wire, calls stream as tool-input-* then tool-call, results round-trip", async () => {
      const request: ModelRequest = {
        ...ask("Weather in Paris?"),
        tools: [WEATHER_TOOL],
        toolChoice: "required",
      };
      const res = await adapter.generate(call("m-tools", request));
      expect(res.finishReason.unified).toBe("tool-calls");
      expect(res.toolCalls).toHaveLength(1);
      expect(res.toolCalls[0]!.function.name).toBe("get_weather");
      expect(JSON.parse(res.toolCalls[0]!.function.arguments)).toEqual({ city: "Paris" });
      const body = kit.requests().at(-1)!.body;
      expect(body.tool_choice).toEqual(wire === "openai" ? "required" : { type: "any" });

      const { parts, error } = await drain(adapter, call("m-tools", request));
      expect(error).toBeUndefined();
      expectWellFormedStream(parts);
      const types = parts.map((p) => p.type);
      expect(types.indexOf("tool-input-start")).toBeLessThan(types.indexOf("tool-input-end"));
      expect(types.indexOf("tool-input-end")).toBeLessThan(types.indexOf("tool-call"));
      const tc = parts.find((p) => p.type === "tool-call");
      expect(tc?.type === "tool-call" && JSON.parse(tc.input)).toEqual({ city: "Paris" });
      const finish = parts.at(-1);
      expect(finish?.type === "finish" && finish.finishReason.unified).toBe("tool-calls");

      // The call and its result go back as the next turn.
      const id = res.toolCalls[0]!.id;
      const next = await adapter.generate(
        call("m-tools", {
          ...request,
          toolChoice: "auto",
          messages: [
            ...request.messages,
            { role: "assistant", content: null, tool_calls: res.toolCalls },
            { role: "tool", tool_call_id: id, content: "18°C" },
          ],
        }),
      );
      expect(next.text).toBe("It is 18°C in Paris.");
      const seen = kit.requests().at(-1)!;
      const assistant = seen.messages.find((m) => m.role === "assistant");
      expect(assistant?.toolCalls?.[0]).toMatchObject({ id, name: "get_weather" });
      expect(seen.messages.find((m) => m.role === "tool")?.content).toBe("18°C");
    });

    it("usage: cache reads (and writes where the wire has them) map exactly as billed", async () => {
      const request: ModelRequest = { system: LONG, ...ask("Summarize clause 7.") };
      const first = await adapter.generate(call("m-text", request));
      expect(first.usage).toEqual(lastBilled().usage);
      if (options.reportsCacheWrites)
        expect(first.usage.cacheWrite + first.usage.cacheWrite1h).toBeGreaterThan(1000);
      const { parts } = await drain(adapter, call("m-text", request));
      const finish = parts.at(-1);
      const streamed = finish?.type === "finish" ? finish.usage : undefined;
      expect(streamed).toEqual(lastBilled().usage);
      expect(streamed!.cacheRead).toBeGreaterThan(1000);
      const second = await adapter.generate(call("m-text", request));
      expect(second.usage).toEqual(lastBilled().usage);
      expect(second.usage.cacheRead).toBeGreaterThan(1000);
    });

    it.runIf(options.reportsReasoning)("usage: reasoning tokens apart from output", async () => {
      const res = await adapter.generate(call("m-reasoning", ask("think first")));
      expect(res.usage.reasoning).toBe(32);
      expect(res.usage).toEqual(lastBilled().usage);
      const { parts } = await drain(adapter, call("m-reasoning", ask("think first")));
      const finish = parts.at(-1);
      expect(finish?.type === "finish" && finish.usage.reasoning).toBe(32);
    });

    describe("faults surface as ProviderError with the right kind and retryable flag", () => {
      for (const stream of [false, true]) {
        for (const fault of FAULTS) {
          it(`${stream ? "stream" : "generate"}: ${fault}`, async () => {
            kit.setFaults(PROVIDER, "m-fault", [fault]);
            const controller = new AbortController();
            // Only the slow-TTFT fault needs the caller to give up: abort well before the headers come.
            const timer =
              fault === "slow-ttft"
                ? setTimeout(() => controller.abort(new Error("gave up")), 100)
                : undefined;
            const c = call("m-fault", ask("go"), { signal: controller.signal });
            let error: unknown;
            let parts: StreamPart[] = [];
            if (stream) ({ parts, error } = await drain(adapter, c));
            else
              error = await adapter.generate(c).then(
                () => undefined,
                (e: unknown) => e,
              );
            clearTimeout(timer);
            const want = expectedFault(fault, stream, wire);
            expect(error, `${fault} did not fail`).toBeInstanceOf(ProviderError);
            const e = error as ProviderError;
            expect({ kind: e.kind, retryable: e.retryable }).toEqual({
              kind: want.kind,
              retryable: want.retryable,
            });
            expect(e.provider).toBe(PROVIDER);
            expect(e.model).toBe("m-fault");
            if (want.status !== undefined) expect(e.status).toBe(want.status);
            if (want.retryAfterMs !== undefined) expect(e.retryAfterMs).toBe(want.retryAfterMs);
            // The message is the provider's, with no `provider/model:` prefix (the error has the fields).
            expect(e.message.startsWith(`${PROVIDER}/m-fault`)).toBe(false);
            expect(e.message).not.toContain(KEY);
            // Mid-stream faults: what came before the cut is well-formed and `finish` never came.
            if (stream) expect(parts.some((p) => p.type === "finish")).toBe(false);
            if (fault === "slow-ttft") {
              await expect
                .poll(() => kit.billing().at(-1)?.outcome, { timeout: 2000 })
                .toBe("client-aborted-before");
            }
          });
        }
      }
    });

    describe("abort", () => {
      it("a signal aborted before the call: rejects as aborted, nothing reaches the provider", async () => {
        const c = call("m-slow", ask("never sent"), { signal: AbortSignal.abort(new Error("stop")) });
        const gen = await slowAdapter.generate(c).then(
          () => undefined,
          (e: unknown) => e,
        );
        const str = (await drain(slowAdapter, c)).error;
        for (const error of [gen, str]) {
          expect(error).toBeInstanceOf(ProviderError);
          expect((error as ProviderError).kind).toBe("aborted");
          expect((error as ProviderError).retryable).toBe(false);
        }
        expect(slowKit.requests()).toHaveLength(0);
      });

      it("a signal aborted after the first part: iteration throws aborted, the provider bills a cut stream", async () => {
        const controller = new AbortController();
        const s = await slowAdapter.stream(
          call("m-slow", ask(LONG.slice(0, 600)), { signal: controller.signal }),
        );
        const parts: StreamPart[] = [];
        let error: unknown;
        try {
          for await (const p of s) {
            parts.push(p);
            if (p.type === "text-delta") controller.abort(new Error("enough"));
          }
        } catch (e) {
          error = e;
        }
        expect(parts.filter((p) => p.type === "text-delta")).toHaveLength(1);
        expect(error).toBeInstanceOf(ProviderError);
        expect((error as ProviderError).kind).toBe("aborted");
        await expect.poll(() => slowKit.billing().at(-1)?.outcome, { timeout: 2000 }).toBe("cut");
      });

      it("cancel() after the first part closes the HTTP stream: billed as cut, not completed", async () => {
        const s = await slowAdapter.stream(call("m-slow", ask(LONG.slice(0, 600))));
        const it = s[Symbol.asyncIterator]();
        const first = await it.next();
        expect(first.done).toBe(false);
        s.cancel();
        s.cancel(); // idempotent
        await expect.poll(() => slowKit.billing().at(-1)?.outcome, { timeout: 2000 }).toBe("cut");
        const billed = slowKit.billing().at(-1)!;
        expect(billed.usage.output).toBeLessThan(100);
      });
    });
  });
}
