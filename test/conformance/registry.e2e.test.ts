import {
  type ModelEntry,
  type ModelEntryInput,
  ModelEntrySchema,
  type PriceVersionInput,
} from "@tokenwise/core";
import {
  AllCandidatesFailedError,
  createRouter,
  NoCandidateError,
  type RouterSettings,
} from "@tokenwise/router";
import { startTestkit, type Testkit } from "@tokenwise/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPlainHttpAdapter, PLAIN_HTTP } from "./plain-http-adapter";

const KEY = "sk-registry-SECRET-0123456789";
const NOW = new Date("2026-09-02T10:00:00Z");
const price = (input: string, output: string, extra: Partial<PriceVersionInput> = {}): PriceVersionInput => ({
  currency: "USD",
  effectiveFrom: "2026-01-01T00:00:00Z",
  input,
  output,
  source: { url: "https://example.test/prices", asOf: "2026-08-01" },
  ...extra,
});
const caps = { tools: true, vision: false, structuredOutput: false, streaming: true, reasoning: false };

function model(provider: string, id: string, api: string, extra: Partial<ModelEntryInput> = {}): ModelEntry {
  return ModelEntrySchema.parse({
    provider,
    id,
    api,
    contextWindow: 128_000,
    maxOutput: 8_192,
    capabilities: caps,
    tokenizer: "o200k_base",
    quality: { general: { score: 0.7, source: "test" } },
    latency: { ttftMs: 300, outputTokensPerSec: 100, source: "test" },
    prices: [price("1", "4", { cacheRead: "0.1", cacheWrite: "1.25" })],
    ...extra,
  });
}

/** ~1,500 tokens: above every cache minimum. */
const LONG = Array.from({ length: 300 }, (_, i) => `Clause ${i}: the tenant keeps the premises tidy.`).join(
  " ",
);
const longRequest = { system: LONG, messages: [{ role: "user" as const, content: "Summarize clause 7." }] };

describe("adapter registry: a third adapter registered from outside the router", () => {
  let kit: Testkit;
  const plain = model("plainco", "plain-1", PLAIN_HTTP);

  beforeAll(async () => {
    kit = await startTestkit({
      timeScale: 0,
      now: () => NOW,
      providers: [
        // The plain-http adapter speaks the OpenAI wire: the testkit serves it as such.
        { name: "plainco", style: "openai", models: [{ id: "plain-1", prices: plain.prices }] },
      ],
    });
  });
  afterAll(async () => kit?.close());
  beforeEach(() => kit.reset());

  const settings = (extra: Partial<RouterSettings> = {}): RouterSettings => ({
    models: [plain],
    providers: { plainco: { apiKey: KEY, baseURL: kit.baseURL("plainco") } },
    now: () => NOW,
    env: {},
    ...extra,
  });

  it("routes, streams and accounts through createRouter({ adapters }) to the cent the provider billed", async () => {
    const router = createRouter(settings({ adapters: { [PLAIN_HTTP]: createPlainHttpAdapter } }));
    const res = await router.generate({ messages: [{ role: "user", content: "hello plain http" }] });
    expect(res.text).toBe("hello plain http");
    expect(res.report.provider).toBe("plainco");
    expect(res.report.attempts).toHaveLength(1);
    expect(res.report.attempts[0]!.requestId).toBe(kit.billing()[0]!.requestId);

    const s = router.stream({ messages: [{ role: "user", content: "and streamed" }] });
    let text = "";
    for await (const t of s.textStream) text += t;
    expect(text).toBe("and streamed");
    const { report } = await s.result;
    expect(report.streamed).toBe(true);
    expect(report.realized.usage).toEqual(kit.billing()[1]!.usage);

    // What the router recorded equals what the provider billed, to the atto.
    expect(router.ledger.total("USD").atto).toBe(kit.billingTotal("USD").atto);
  });

  it("retries through the registered adapter like a built-in one (its ProviderError drives the retry)", async () => {
    const router = createRouter(
      settings({
        adapters: { [PLAIN_HTTP]: createPlainHttpAdapter },
        retry: { initialDelayMs: 1, maxDelayMs: 5 },
      }),
    );
    kit.setFaults("plainco", "plain-1", ["500", "ok"]);
    const res = await router.generate({ messages: [{ role: "user", content: "again" }] });
    expect(res.report.attempts.map((a) => a.status)).toEqual(["error", "ok"]);
    expect(res.report.attempts[0]!.httpStatus).toBe(500);
    expect(res.report.attempts[0]!.error?.retryable).toBe(true);
  });

  it("names the model once in a failure's message (the adapter's message carries no provider/model prefix)", async () => {
    const router = createRouter(
      settings({ adapters: { [PLAIN_HTTP]: createPlainHttpAdapter }, retry: { maxRetries: 0 } }),
    );
    kit.setFaults("plainco", "plain-1", ["reset-before"]);
    const error = await router
      .generate({ messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AllCandidatesFailedError);
    const message = (error as Error).message;
    expect(message.split("plainco/plain-1").length - 1, message).toBe(1);
    expect(message).not.toContain(KEY);
  });

  it("without the adapter, the model is rejected in selection with a no-adapter reason", async () => {
    const router = createRouter(settings());
    const plan = router.plan({ messages: [{ role: "user", content: "hi" }] });
    expect(plan.ranked).toHaveLength(0);
    expect(plan.rejected).toEqual([
      expect.objectContaining({
        provider: "plainco",
        model: "plain-1",
        code: "no-adapter",
        reason: expect.stringContaining(`"${PLAIN_HTTP}"`),
      }),
    ]);
    await expect(router.generate({ messages: [{ role: "user", content: "hi" }] })).rejects.toBeInstanceOf(
      NoCandidateError,
    );
    expect(kit.requests()).toHaveLength(0);
  });

  it("the testkit serves only the wire formats it speaks: a custom style is served as the wire it uses", async () => {
    await expect(
      startTestkit({ providers: [{ name: "plainco", style: PLAIN_HTTP, models: [{ id: "plain-1" }] }] }),
    ).rejects.toThrow(/not a wire format the testkit speaks/);
  });

  it("a provider's `api` setting picks the adapter for all its models", () => {
    const router = createRouter(
      settings({
        models: [model("plainco", "plain-1", "openai")],
        providers: { plainco: { apiKey: KEY, baseURL: kit.baseURL("plainco"), api: "nowhere" } },
      }),
    );
    expect(router.plan({ messages: [{ role: "user", content: "hi" }] }).rejected[0]?.code).toBe("no-adapter");
  });
});

describe("prompt cache is model data: selection and the adapter call follow `promptCache`", () => {
  let kit: Testkit;
  const explicit = { mode: "explicit" as const, minPrefixTokens: 1024, ttls: ["5m" as const, "1h" as const] };
  const automatic = { mode: "automatic" as const, minPrefixTokens: 1024, ttls: [] };

  beforeAll(async () => {
    kit = await startTestkit({
      timeScale: 0,
      now: () => NOW,
      providers: [
        { name: "anthropic", style: "anthropic", models: [{ id: "claude-x" }, { id: "claude-y" }] },
        { name: "openai", style: "openai", models: [{ id: "gpt-x" }, { id: "gpt-y" }] },
      ],
    });
  });
  afterAll(async () => kit?.close());
  beforeEach(() => kit.reset());

  const router = (models: ModelEntry[], extra: Partial<RouterSettings> = {}) =>
    createRouter({
      models,
      providers: {
        anthropic: { apiKey: KEY, baseURL: kit.baseURL("anthropic") },
        openai: { apiKey: KEY, baseURL: kit.baseURL("openai") },
      },
      now: () => NOW,
      env: {},
      ...extra,
    });
  const estimated = (r: ReturnType<typeof router>, key: string) =>
    r.plan(longRequest).ranked.find((c) => `${c.provider}/${c.model}` === key)?.estimated.usage;

  it("explicit: expects cache writes, sends breakpoints with the first TTL; none without the policy or with promptCaching off", async () => {
    const withPolicy = model("anthropic", "claude-x", "anthropic", { promptCache: explicit });
    const without = model("anthropic", "claude-y", "anthropic");
    const r = router([withPolicy, without]);
    expect(estimated(r, "anthropic/claude-x")!.cacheWrite).toBeGreaterThan(1000);
    expect(estimated(r, "anthropic/claude-y")!.cacheWrite).toBe(0);
    expect(estimated(router([withPolicy], { promptCaching: false }), "anthropic/claude-x")!.cacheWrite).toBe(
      0,
    );

    await r.generate({ ...longRequest, constraints: { allowModels: ["anthropic/claude-x"] } });
    const body = kit.requests({ model: "claude-x" })[0]!.body as { system: { cache_control?: unknown }[] };
    expect(body.system.at(-1)!.cache_control).toEqual({ type: "ephemeral" });
    await r.generate({ ...longRequest, constraints: { allowModels: ["anthropic/claude-y"] } });
    const plainBody = kit.requests({ model: "claude-y" })[0]!.body as {
      system: { cache_control?: unknown }[];
    };
    expect(plainBody.system.at(-1)!.cache_control).toBeUndefined();
    // After the first call the prefix is expected to be read back.
    expect(estimated(r, "anthropic/claude-x")!.cacheRead).toBeGreaterThan(1000);
  });

  it("automatic: expects reads of a seen prefix above the model's minimum, never writes; none without a policy", async () => {
    const r = router([
      model("openai", "gpt-x", "openai", { promptCache: automatic }),
      model("openai", "gpt-y", "openai"),
    ]);
    await r.generate({ ...longRequest, constraints: { allowModels: ["openai/gpt-x"] } });
    await r.generate({ ...longRequest, constraints: { allowModels: ["openai/gpt-y"] } });
    const x = estimated(r, "openai/gpt-x")!;
    expect(x.cacheRead).toBeGreaterThan(1000);
    expect(x.cacheWrite).toBe(0);
    expect(estimated(r, "openai/gpt-y")!.cacheRead).toBe(0);
    // A router-wide floor above the prefix length turns the expectation off.
    const floored = router([model("openai", "gpt-x", "openai", { promptCache: automatic })], {
      minCacheTokens: 100_000,
    });
    await floored.generate(longRequest);
    expect(estimated(floored, "openai/gpt-x")!.cacheRead).toBe(0);
  });
});
