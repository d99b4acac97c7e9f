import {
  createMemoryKeyValueStore,
  type ModelEntry,
  type ModelEntryInput,
  ModelEntrySchema,
  type PriceVersionInput,
  ValidationError,
} from "@tokenwise/core";
import {
  type ChatMessage,
  createRouter,
  type RouterResult,
  type Session,
  type SessionRecord,
} from "@tokenwise/router";
import { cacheSettingsFor, type Testkit } from "@tokenwise/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { main as sessionsExample } from "../../examples/sessions";
import { KEY, setup } from "./fixtures";

// Synthetic test models: prices are test values in USD per million tokens, not catalog claims.
const src = { url: "https://example.test/prices", asOf: "2026-08-01" };
const price = (input: string, output: string, extra: Partial<PriceVersionInput> = {}): PriceVersionInput => ({
  currency: "USD",
  effectiveFrom: "2026-01-01T00:00:00Z",
  input,
  output,
  source: src,
  ...extra,
});
const caps = { tools: true, vision: false, structuredOutput: false, streaming: true, reasoning: false };
const model = (
  provider: string,
  id: string,
  api: "openai" | "anthropic",
  promptCache: ModelEntryInput["promptCache"],
  p: PriceVersionInput,
): ModelEntryInput => ({
  provider,
  id,
  api,
  ...(promptCache ? { promptCache } : {}),
  contextWindow: 128_000,
  maxOutput: 8_192,
  capabilities: caps,
  tokenizer: "o200k_base",
  quality: { general: { score: 0.8, source: "test" } },
  latency: { ttftMs: 300, outputTokensPerSec: 100, source: "test" },
  prices: [p],
});
const automatic = { mode: "automatic" as const, minPrefixTokens: 1024, ttls: [] };

/** a: automatic cache; b: automatic, 20% cheaper; c: explicit 1h cache; z: 20× cheaper than a. */
function sessionModels(): ModelEntry[] {
  return [
    model("openai", "a-auto", "openai", automatic, price("1", "2", { cacheRead: "0.1" })),
    model("openai", "b-auto", "openai", automatic, price("0.8", "2", { cacheRead: "0.08" })),
    model(
      "anthropic",
      "c-1h",
      "anthropic",
      { mode: "explicit", minPrefixTokens: 1024, ttls: ["1h"] },
      price("1", "2", { cacheRead: "0.1", cacheWrite: "1.25", cacheWrite1h: "2" }),
    ),
    model("openai", "z-cheap", "openai", automatic, price("0.05", "0.1", { cacheRead: "0.005" })),
  ].map((m) => ModelEntrySchema.parse(m));
}

// A long stable system prompt (about 3,000 tokens): what an agent re-sends every turn.
const SYSTEM = Array.from(
  { length: 300 },
  (_, i) => `Rule ${i}: answer airline customers politely, check reservation ${i * 7} first.`,
).join("\n");

/** An agent conversation: each turn appends the answer and a new user message. */
function conversation() {
  const messages: ChatMessage[] = [
    { role: "system", content: SYSTEM },
    { role: "user", content: "I want to change my flight." },
  ];
  let n = 0;
  return {
    messages,
    next(result: RouterResult) {
      n++;
      messages.push({ role: "assistant", content: result.text || "(tool call)" });
      messages.push({
        role: "user",
        content: `Turn ${n}: my reservation is ABC${n}, I prefer the morning flight.`,
      });
    },
  };
}

let kit: Testkit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

async function sessionSetup(extra: Parameters<typeof setup>[0] = {}) {
  const models = sessionModels();
  const s = await setup({
    ...extra,
    models,
    perModel: (m) => ({
      cache: cacheSettingsFor(models.find((x) => x.provider === m.provider && x.id === m.id)!.promptCache),
    }),
  });
  kit = s.kit;
  return s;
}

const minutes = (t: Date, m: number) => new Date(t.getTime() + m * 60_000);
const pin = (key: string) => ({ constraints: { allowModels: [key] } });

/** Runs `turns` turns of a conversation through a session (the first pinned when `first` is given). */
async function run(session: Session, conv: ReturnType<typeof conversation>, turns: number, first?: string) {
  const out: RouterResult[] = [];
  for (let i = 0; i < turns; i++) {
    const r = await session.generate({
      messages: [...conv.messages],
      maxOutputTokens: 200,
      ...(i === 0 && first ? pin(first) : {}),
    });
    out.push(r);
    conv.next(r);
  }
  return out;
}

describe("router.session", () => {
  it("stays on the model whose cache is warm, reading it from the second turn", async () => {
    const { router } = await sessionSetup();
    const session = router.session({
      id: "sticky",
      constraints: { denyModels: ["openai/z-cheap", "anthropic/c-1h"] },
    });
    const conv = conversation();
    const results = await run(session, conv, 5, "openai/a-auto");
    expect(results.map((r) => r.model)).toEqual(["a-auto", "a-auto", "a-auto", "a-auto", "a-auto"]);
    // Cold (another agent's system prompt: no cache anywhere), b-auto is the cheaper of the two.
    const cold = router.plan({
      messages: [
        { role: "system", content: `${SYSTEM}\nDesk 2.` },
        { role: "user", content: "Hello." },
      ],
      maxOutputTokens: 200,
      constraints: { denyModels: ["openai/z-cheap", "anthropic/c-1h"] },
    });
    expect(cold.ranked[0]!.model).toBe("b-auto");
    for (const r of results.slice(1)) expect(r.usage.cacheRead).toBeGreaterThan(2000);
    const report = session.report();
    expect(report.totals.calls).toBe(5);
    expect(report.totals.switches).toBe(0);
    expect(report.calls.every((c) => !c.switched)).toBe(true);
    expect(report.totals.cacheHitRate).toBeGreaterThan(0.6);
    expect(report.totals.saved.atto).toBeGreaterThan(0n);
    expect(report.model).toBe("openai/a-auto");
  });

  it("moves when the warm model's cache expired (injected clock past its TTL)", async () => {
    const { router, clock } = await sessionSetup();
    const session = router.session({
      id: "expiry",
      constraints: { denyModels: ["openai/z-cheap", "anthropic/c-1h"] },
    });
    const conv = conversation();
    const t0 = clock.t;
    await run(session, conv, 3, "openai/a-auto");
    // 4 minutes later the 5-minute automatic cache is still warm: stay.
    clock.t = minutes(t0, 4);
    const warm = await session.generate({ messages: [...conv.messages], maxOutputTokens: 200 });
    expect(warm.model).toBe("a-auto");
    expect(warm.usage.cacheRead).toBeGreaterThan(0);
    conv.next(warm);
    // 6 minutes after that it has expired: a cold a-auto costs more than a cold b-auto.
    clock.t = minutes(t0, 10);
    const moved = await session.generate({ messages: [...conv.messages], maxOutputTokens: 200 });
    expect(moved.model).toBe("b-auto");
    const report = session.report();
    expect(report.calls.at(-1)!.switched).toBe(true);
    expect(report.totals.switches).toBe(1);
    expect(report.model).toBe("openai/b-auto");
  });

  it("keeps a 1-hour explicit cache after 10 minutes, where a stateless call moves", async () => {
    const { router, clock } = await sessionSetup();
    const session = router.session({ id: "one-hour", constraints: { denyModels: ["openai/z-cheap"] } });
    const conv = conversation();
    const t0 = clock.t;
    const [first] = await run(session, conv, 1, "anthropic/c-1h");
    expect(first!.usage.cacheWrite1h).toBeGreaterThan(2000);
    clock.t = minutes(t0, 10);
    const request = { messages: [...conv.messages], maxOutputTokens: 200 };
    // Without the session the router's prefix sightings are 5 minutes old at most: c-1h looks cold.
    expect(router.plan(request).ranked[0]!.model).not.toBe("c-1h");
    const stayed = await session.generate(request);
    expect(stayed.model).toBe("c-1h");
    expect(stayed.usage.cacheRead).toBeGreaterThan(2000);
  });

  it("moves when another model is cheaper even after pricing the warm cache", async () => {
    const { router } = await sessionSetup();
    const session = router.session({ id: "cheaper" });
    const conv = conversation();
    const results = await run(session, conv, 3, "openai/a-auto");
    expect(results.map((r) => r.model)).toEqual(["a-auto", "z-cheap", "z-cheap"]);
    expect(results[2]!.usage.cacheRead).toBeGreaterThan(0);
    expect(session.report().totals.switches).toBe(1);
  });

  it("sends prompt_cache_key (OpenAI) and top-level cache_control (Anthropic) on the wire", async () => {
    const { router } = await sessionSetup();
    const openai = router.session({ id: "wire-openai", constraints: { denyModels: ["openai/z-cheap"] } });
    await run(openai, conversation(), 2, "openai/a-auto");
    const sent = kit!.requests({ provider: "openai" });
    expect(sent.length).toBe(2);
    for (const r of sent) {
      expect(r.body.prompt_cache_key).toBe("wire-openai");
      expect(r.promptCacheKey).toBe("wire-openai");
    }
    const anthropic = router.session({
      id: "wire-anthropic",
      constraints: pin("anthropic/c-1h").constraints,
    });
    const conv = conversation();
    const results = await run(anthropic, conv, 2);
    const sentAnthropic = kit!.requests({ provider: "anthropic" });
    expect(sentAnthropic.length).toBe(2);
    for (const { body } of sentAnthropic) {
      expect(body.cache_control).toEqual({ type: "ephemeral", ttl: "1h" });
      const system = body.system as { cache_control?: unknown }[];
      expect(system.at(-1)!.cache_control).toEqual({ type: "ephemeral", ttl: "1h" });
      const messages = body.messages as { content: { cache_control?: unknown }[] }[];
      // The conversation is cached by the top-level marker, not by a block breakpoint.
      expect(messages.at(-1)!.content.at(-1)!.cache_control).toBeUndefined();
    }
    // The testkit honours it: the first turn writes (1h), the second reads that whole prompt.
    expect(results[0]!.usage.cacheWrite1h).toBeGreaterThan(2000);
    expect(results[1]!.usage.cacheRead).toBe(results[0]!.usage.cacheWrite1h);
    // A stateless call on the same router sends no cache key and marks its last block instead.
    await router.generate({ messages: [...conv.messages], ...pin("openai/a-auto") });
    await router.generate({ messages: [...conv.messages], ...pin("anthropic/c-1h") });
    expect(kit!.requests({ provider: "openai" }).at(-1)!.body.prompt_cache_key).toBeUndefined();
    const plain = kit!.requests({ provider: "anthropic" }).at(-1)!.body as {
      cache_control?: unknown;
      messages: { content: { cache_control?: unknown }[] }[];
    };
    expect(plain.cache_control).toBeUndefined();
    expect(plain.messages.at(-1)!.content.at(-1)!.cache_control).toEqual({ type: "ephemeral", ttl: "1h" });
  });

  it("reports cost per call, hit rate and saving that match the billing log to the atto", async () => {
    const { router, clock, models } = await sessionSetup();
    const session = router.session({ id: "billing", constraints: { denyModels: ["openai/z-cheap"] } });
    const conv = conversation();
    const t0 = clock.t;
    await run(session, conv, 3, "anthropic/c-1h");
    clock.t = minutes(t0, 90); // past the 1-hour cache: the session moves
    const more = await session.generate({ messages: [...conv.messages], maxOutputTokens: 200 });
    conv.next(more);
    await session.generate({ messages: [...conv.messages], maxOutputTokens: 200 });
    const report = session.report();
    expect(report.calls.length).toBe(5);
    const billing = kit!.billing();
    expect(billing.length).toBe(5);
    let cost = 0n;
    let full = 0n;
    let prompt = 0;
    let cached = 0;
    for (const call of report.calls) {
      const result = router.ledger.entries().find((e) => e.callId === call.callId)!;
      const entry = billing.find((b) => b.requestId === result.requestId)!;
      expect(entry.cost!.total.atto).toBe(call.cost.atto);
      const u = entry.usage;
      const p = u.input + u.cacheRead + u.cacheWrite + u.cacheWrite1h;
      expect(call.promptTokens).toBe(p);
      expect(call.cachedTokens).toBe(u.cacheRead);
      expect(call.cacheWriteTokens).toBe(u.cacheWrite + u.cacheWrite1h);
      // Full input price, by hand: every prompt token at the input rate (price per million × 10^12 atto).
      const m = models.find((x) => x.id === entry.model)!;
      const rate = (s: string) => BigInt(Math.round(Number(s) * 1e6)) * 1_000_000n;
      const fullHere = BigInt(p) * rate(m.prices[0]!.input) + BigInt(u.output) * rate(m.prices[0]!.output);
      expect(call.fullPrice.atto).toBe(fullHere);
      expect(call.saved.atto).toBe(fullHere - call.cost.atto);
      cost += entry.cost!.total.atto;
      full += fullHere;
      prompt += p;
      cached += u.cacheRead;
    }
    expect(report.totals.cost).toEqual({ currency: "USD", atto: cost });
    expect(report.totals.cost.atto).toBe(kit!.billingTotal("USD").atto);
    expect(report.totals.fullPrice.atto).toBe(full);
    expect(report.totals.saved.atto).toBe(full - cost);
    expect(report.totals.cacheHitRate).toBe(cached / prompt);
    expect(report.totals.switches).toBe(1);
  });

  it("streams a turn and records it like a generated one", async () => {
    const { router } = await sessionSetup();
    const session = router.session({
      id: "stream",
      constraints: { denyModels: ["openai/z-cheap", "anthropic/c-1h"] },
    });
    const conv = conversation();
    await run(session, conv, 1, "openai/a-auto");
    const s = session.stream({ messages: [...conv.messages], maxOutputTokens: 200 });
    let text = "";
    for await (const t of s.textStream) text += t;
    const result = await s.result;
    expect(text).toBe(result.text);
    expect(result.model).toBe("a-auto");
    expect(result.usage.cacheRead).toBeGreaterThan(0);
    expect(kit!.requests().at(-1)!.body.prompt_cache_key).toBe("stream");
    expect(session.report().totals.calls).toBe(2);
  });

  it("counts a stream left early (billed, estimated) in its totals, equal to the ledger", async () => {
    // Slow output (real time): the consumer leaves while the provider is still streaming.
    const { router } = await sessionSetup({
      timeScale: 1,
      latency: { ttftMs: 5, tokensPerSecond: 40, jitter: 0 },
    });
    const session = router.session({
      id: "left-early",
      constraints: { denyModels: ["openai/z-cheap", "anthropic/c-1h"] },
    });
    const conv = conversation();
    await run(session, conv, 1, "openai/a-auto");
    const s = session.stream({ messages: [...conv.messages], maxOutputTokens: 200 });
    for await (const _ of s.textStream) break;
    await expect(s.result).rejects.toMatchObject({ name: "CallAbortedError" });
    const totals = session.report().totals;
    expect(totals.calls).toBe(1);
    expect(totals.failedCalls).toBe(1);
    expect(totals.cost.atto).toBe(router.ledger.total("USD").atto);
  });

  it("never fails a call for its store: the error goes to onStoreError, the local view counts", async () => {
    const errors: unknown[] = [];
    const { router } = await sessionSetup();
    const failing = {
      get: async () => {
        throw new Error("store down");
      },
      getMany: async () => {
        throw new Error("store down");
      },
      set: async () => {
        throw new Error("store down");
      },
      update: async () => {
        throw new Error("store down");
      },
      delete: async () => {},
    };
    const other = createRouter({
      models: router.models(),
      providers: { openai: { apiKey: KEY, baseURL: kit!.baseURL("openai") } },
      env: {},
      onStoreError: (e) => errors.push(e),
    });
    const session = other.session({
      id: "down",
      store: failing,
      constraints: pin("openai/a-auto").constraints,
    });
    const conv = conversation();
    const results = await run(session, conv, 2);
    expect(results[1]!.usage.cacheRead).toBeGreaterThan(0);
    expect(session.report().totals.calls).toBe(2);
    expect(errors.length).toBe(4);
    expect(errors[0]).toMatchObject({ name: "StoreError", store: "session", operation: "get", key: "down" });
  });

  it("continues in another router (process) over a shared store", async () => {
    const { router, models } = await sessionSetup();
    const store = createMemoryKeyValueStore<SessionRecord>();
    const options = {
      id: "shared",
      store,
      constraints: { denyModels: ["openai/z-cheap"] },
    };
    const conv = conversation();
    await run(router.session(options), conv, 2, "openai/a-auto");
    // A second router (another worker) with no prefix sightings of its own.
    const providers = { openai: { apiKey: KEY, baseURL: kit!.baseURL("openai") } };
    const other = createRouter({
      models: models.filter((m) => m.provider === "openai"),
      providers,
      now: () => new Date("2026-09-02T10:01:00Z"),
      env: {},
    });
    const continued = other.session(options);
    const r = await continued.generate({ messages: [...conv.messages], maxOutputTokens: 200 });
    expect(r.model).toBe("a-auto");
    expect(r.usage.cacheRead).toBeGreaterThan(0);
    const totals = continued.report().totals;
    expect(totals.calls).toBe(3);
    expect(totals.switches).toBe(0);
  });

  it("refuses bad options and requests with a ValidationError naming the field", async () => {
    const { router } = await sessionSetup();
    const bad = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(ValidationError.isInstance(e)).toBe(true);
        return (e as ValidationError).issues;
      }
      throw new Error("expected a ValidationError");
    };
    expect(bad(() => router.session({ id: "" }))[0]!.path).toEqual(["id"]);
    expect(bad(() => router.session({ id: "x", expectedTurn: 3 } as never))[0]!.message).toContain(
      'did you mean "expectedTurns"',
    );
    expect(bad(() => router.session({ id: "x", constraints: { minQuality: 2 } }))[0]!.path).toEqual([
      "constraints",
      "minQuality",
    ]);
    const session = router.session({ id: "x" });
    await expect(
      session.generate({ messages: [{ role: "user", content: "hi" }], constraints: { currency: "CNY" } }),
    ).rejects.toMatchObject({ issues: [{ path: ["constraints", "currency"] }] });
    await expect(
      session.generate({ messages: [{ role: "user", content: "hi" }], sessionId: "other" }),
    ).rejects.toMatchObject({ issues: [{ path: ["sessionId"] }] });
    const s = session.stream({ messages: [{ role: "user", content: "hi" }], sessionId: "other" });
    await expect(s.result).rejects.toBeInstanceOf(ValidationError);
    expect(kit!.requests().length).toBe(0);
  });

  it("examples/sessions.ts runs: a tau-bench trajectory as one session", async () => {
    const lines: string[] = [];
    const report = await sessionsExample((l) => lines.push(l));
    expect(report.totals.calls).toBeGreaterThan(3);
    expect(report.totals.cacheHitRate).toBeGreaterThan(0.5);
    expect(report.totals.saved.atto).toBeGreaterThan(0n);
    expect(lines.at(-1)).toMatch(/^session: \d+ calls, .* cache hit rate \d+\.\d%/);
  });
});
