import {
  createRouter,
  MissingApiKeyError,
  NoCandidateError,
  type Router,
  type RouterRequest,
  type RouterSettings,
  TokenwiseError,
  ValidationError,
} from "@tokenwise/router";
import type { Testkit } from "@tokenwise/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FX, setup, testModels } from "./fixtures";

const user = { role: "user" as const, content: "Say hello in five words." };
const ok = { messages: [user] };
const withConstraints = (constraints: Record<string, unknown>) => ({ ...ok, constraints });
const weather = {
  type: "function" as const,
  function: { name: "get_weather", parameters: { type: "object", properties: {} } },
};

/** A bad request, the path its ValidationError must name, and a fragment of that issue's message. */
interface BadInput {
  name: string;
  request: unknown;
  path: (string | number)[];
  says: string | RegExp;
}

// Every input listed in the issue ("Why"), then more found while writing the schemas.
const BAD_REQUESTS: BadInput[] = [
  { name: "messages: []", request: { messages: [] }, path: ["messages"], says: "must not be empty" },
  {
    name: "maxOutputTokens: -5",
    request: { ...ok, maxOutputTokens: -5 },
    path: ["maxOutputTokens"],
    says: "positive integer",
  },
  {
    name: "maxOutputTokens: 1.5",
    request: { ...ok, maxOutputTokens: 1.5 },
    path: ["maxOutputTokens"],
    says: "integer",
  },
  {
    name: 'maxOutputTokens: "100"',
    request: { ...ok, maxOutputTokens: "100" },
    path: ["maxOutputTokens"],
    says: "not a string",
  },
  {
    name: "maxOutputTokens: NaN",
    request: { ...ok, maxOutputTokens: Number.NaN },
    path: ["maxOutputTokens"],
    says: "positive integer",
  },
  {
    name: "maxOutputTokens: 2^53",
    request: { ...ok, maxOutputTokens: 2 ** 53 },
    path: ["maxOutputTokens"],
    says: "integer",
  },
  {
    name: 'temperature: "hot"',
    request: { ...ok, temperature: "hot" },
    path: ["temperature"],
    says: "[0, 2]",
  },
  { name: "temperature: 3", request: { ...ok, temperature: 3 }, path: ["temperature"], says: "[0, 2]" },
  {
    name: "temperature: Infinity",
    request: { ...ok, temperature: Number.POSITIVE_INFINITY },
    path: ["temperature"],
    says: "[0, 2]",
  },
  {
    name: "minQuality: NaN",
    request: withConstraints({ minQuality: Number.NaN }),
    path: ["constraints", "minQuality"],
    says: "[0, 1]",
  },
  {
    name: "minQuality: 1.2",
    request: withConstraints({ minQuality: 1.2 }),
    path: ["constraints", "minQuality"],
    says: "at most 1",
  },
  {
    name: "minQuality per kind: { code: NaN }",
    request: withConstraints({ minQuality: { code: Number.NaN } }),
    path: ["constraints", "minQuality", "code"],
    says: "NaN",
  },
  {
    name: "minQuality per kind: { poetry: 0.5 }",
    request: withConstraints({ minQuality: { poetry: 0.5 } }),
    path: ["constraints", "minQuality", "poetry"],
    says: "poetry",
  },
  {
    name: "maxLatencyMs: NaN",
    request: withConstraints({ maxLatencyMs: Number.NaN }),
    path: ["constraints", "maxLatencyMs"],
    says: "NaN",
  },
  {
    name: "maxLatencyMs: 0",
    request: withConstraints({ maxLatencyMs: 0 }),
    path: ["constraints", "maxLatencyMs"],
    says: "positive",
  },
  {
    name: "latencyPercentile: 1",
    request: withConstraints({ latencyPercentile: 1 }),
    path: ["constraints", "latencyPercentile"],
    says: "between 0 and 1",
  },
  { name: 'taskKind: "poetry"', request: { ...ok, taskKind: "poetry" }, path: ["taskKind"], says: "general" },
  {
    name: 'requiredCapabilities: ["telepathy"]',
    request: withConstraints({ requiredCapabilities: ["telepathy"] }),
    path: ["constraints", "requiredCapabilities", 0],
    says: "tools",
  },
  {
    name: 'requiredCapabilities: "tools"',
    request: withConstraints({ requiredCapabilities: "tools" }),
    path: ["constraints", "requiredCapabilities"],
    says: 'use ["tools"]',
  },
  {
    name: "allowModels typo",
    request: withConstraints({ allowModels: ["openai/gpt-4o-mnii"] }),
    path: ["constraints", "allowModels", 0],
    says: 'did you mean "openai/gpt-4o-mini"',
  },
  {
    name: "denyModels typo",
    request: withConstraints({ denyModels: ["anthropic/claude-sonet-4-5"] }),
    path: ["constraints", "denyModels", 0],
    says: 'did you mean "anthropic/claude-sonnet-4-5"',
  },
  {
    name: "denyModels bare id",
    request: withConstraints({ denyModels: ["deepseek-chat"] }),
    path: ["constraints", "denyModels", 0],
    says: 'did you mean "deepseek/deepseek-chat"',
  },
  {
    name: "allowProviders typo",
    request: withConstraints({ allowProviders: ["opnai"] }),
    path: ["constraints", "allowProviders", 0],
    says: 'did you mean "openai"',
  },
  {
    name: "denyProviders unknown",
    request: withConstraints({ denyProviders: ["mistral"] }),
    path: ["constraints", "denyProviders", 0],
    says: 'unknown provider "mistral"',
  },
  {
    name: 'maxCostPerCall: "abc"',
    request: withConstraints({ maxCostPerCall: "abc" }),
    path: ["constraints", "maxCostPerCall"],
    says: "decimal string",
  },
  {
    name: "maxCostPerCall: 0.01 (a number)",
    request: withConstraints({ maxCostPerCall: 0.01 }),
    path: ["constraints", "maxCostPerCall"],
    says: "decimal string",
  },
  {
    name: 'maxCostPerCall: "-1"',
    request: withConstraints({ maxCostPerCall: "-1" }),
    path: ["constraints", "maxCostPerCall"],
    says: "non-negative",
  },
  {
    name: "maxCostPerCall in CNY, costs in USD",
    request: withConstraints({ maxCostPerCall: { currency: "CNY", atto: 10n ** 16n } }),
    path: ["constraints", "maxCostPerCall", "currency"],
    says: "use the same currency",
  },
  {
    name: "maxCostPerCall Money in an unknown currency",
    request: withConstraints({ maxCostPerCall: { currency: "XXQ", atto: 1n } }),
    path: ["constraints", "maxCostPerCall", "currency"],
    says: "ISO 4217",
  },
  {
    name: 'currency: "usd"',
    request: withConstraints({ currency: "usd" }),
    path: ["constraints", "currency"],
    says: "ISO 4217",
  },
  {
    name: "constraints: unknown field",
    request: withConstraints({ minQuallity: 0.5 }),
    path: ["constraints", "minQuallity"],
    says: 'did you mean "minQuality"',
  },
  { name: 'tags: "a"', request: { ...ok, tags: "a" }, path: ["tags"], says: 'use ["a"]' },
  { name: "tags: [1]", request: { ...ok, tags: [1] }, path: ["tags", 0], says: "string" },
  { name: "tenant: 42", request: { ...ok, tenant: 42 }, path: ["tenant"], says: "string" },
  {
    name: 'sessionId: ""',
    request: { ...ok, sessionId: "" },
    path: ["sessionId"],
    says: "non-empty session id",
  },
  { name: "signal: {}", request: { ...ok, signal: {} }, path: ["signal"], says: "AbortSignal" },
  {
    name: 'reasoningEffort: "max"',
    request: { ...ok, reasoningEffort: "max" },
    path: ["reasoningEffort"],
    says: "low",
  },
  {
    name: 'responseFormat: { type: "xml" }',
    request: { ...ok, responseFormat: { type: "xml" } },
    path: ["responseFormat", "type"],
    says: "json_schema",
  },
  {
    name: "responseFormat json_schema without schema",
    request: { ...ok, responseFormat: { type: "json_schema", json_schema: { name: "x" } } },
    path: ["responseFormat", "json_schema", "schema"],
    says: "record",
  },
  {
    name: "toolChoice names no tool",
    request: { ...ok, tools: [weather], toolChoice: { type: "function", function: { name: "get_wether" } } },
    path: ["toolChoice", "function", "name"],
    says: "get_weather",
  },
  {
    name: 'toolChoice "required" without tools',
    request: { ...ok, toolChoice: "required" },
    path: ["toolChoice"],
    says: "`tools` is empty",
  },
  {
    name: "duplicate tool names",
    request: { ...ok, tools: [weather, weather] },
    path: ["tools", 1, "function", "name"],
    says: "duplicate",
  },
  {
    name: "tool name with a space",
    request: { ...ok, tools: [{ type: "function", function: { name: "get weather" } }] },
    path: ["tools", 0, "function", "name"],
    says: "letters, digits",
  },
  {
    name: "unknown request field",
    request: { ...ok, maxTokens: 100 },
    path: ["maxTokens"],
    says: 'did you mean "maxOutputTokens"',
  },
  { name: "plan(null)", request: null, path: [], says: "expected object" },
  { name: 'messages: "hi"', request: { messages: "hi" }, path: ["messages"], says: "array of messages" },
  { name: "message: null", request: { messages: [null] }, path: ["messages", 0], says: "message object" },
  {
    name: 'role: "bot"',
    request: { messages: [{ role: "bot", content: "hi" }] },
    path: ["messages", 0, "role"],
    says: '"user"',
  },
  {
    name: "user content: 42",
    request: { messages: [{ role: "user", content: 42 }] },
    path: ["messages", 0, "content"],
    says: "string or an array",
  },
  {
    name: "user part type",
    request: { messages: [{ role: "user", content: [{ type: "audio", data: "" }] }] },
    path: ["messages", 0, "content", 0, "type"],
    says: "image_url",
  },
  {
    name: "image url scheme",
    request: {
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "ftp://x/y.png" } }] }],
    },
    path: ["messages", 0, "content", 0, "image_url", "url"],
    says: "https: or data:",
  },
  {
    name: "system content: parts with an image",
    request: {
      messages: [
        { role: "system", content: [{ type: "image_url", image_url: { url: "https://x/y.png" } }] },
        user,
      ],
    },
    path: ["messages", 0, "content", 0, "type"],
    says: "only text parts",
  },
  {
    name: "assistant without content or tool_calls",
    request: { messages: [user, { role: "assistant", content: null }, user] },
    path: ["messages", 1, "content"],
    says: "content or tool_calls",
  },
  {
    name: "assistant without a content field",
    request: {
      messages: [
        user,
        {
          role: "assistant",
          tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }],
        },
      ],
    },
    path: ["messages", 1, "content"],
    says: "or null when the message only makes tool calls",
  },
  {
    name: "assistant tool call without type",
    request: {
      messages: [
        user,
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c1", function: { name: "f", arguments: "{}" } }],
        },
      ],
    },
    path: ["messages", 1, "tool_calls", 0, "type"],
    says: "function",
  },
  {
    name: "assistant tool call arguments as an object",
    request: {
      messages: [
        user,
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: {} } }],
        },
      ],
    },
    path: ["messages", 1, "tool_calls", 0, "function", "arguments"],
    says: "string",
  },
  {
    name: "tool message without tool_call_id",
    request: { messages: [user, { role: "tool", content: "42" }] },
    path: ["messages", 1, "tool_call_id"],
    says: "tool_call_id it answers",
  },
  {
    name: "tool message answering no call",
    request: { messages: [user, { role: "tool", tool_call_id: "c9", content: "42" }] },
    path: ["messages", 1, "tool_call_id"],
    says: "answers no tool call",
  },
];

/** Runs one bad request through plan, generate and stream; returns the errors each produced. */
async function throughEveryEntryPoint(router: Router, request: unknown): Promise<unknown[]> {
  const r = request as RouterRequest;
  const errors: unknown[] = [];
  try {
    router.plan(r);
  } catch (error) {
    errors.push(error);
  }
  errors.push(await router.generate(r).catch((error: unknown) => error));
  const s = router.stream(r);
  const fromResult = await s.result.catch((error: unknown) => error);
  let fromIteration: unknown;
  try {
    for await (const _ of s.parts) break;
  } catch (error) {
    fromIteration = error;
  }
  expect(fromIteration).toBe(fromResult);
  errors.push(fromResult);
  return errors;
}

function expectIssue(error: unknown, path: (string | number)[], says: string | RegExp) {
  expect(error).toBeInstanceOf(ValidationError);
  const v = error as ValidationError;
  expect(TokenwiseError.isInstance(v)).toBe(true);
  const issue = v.issues.find((i) => JSON.stringify(i.path) === JSON.stringify(path));
  expect(issue, `no issue at ${JSON.stringify(path)}: ${v.message}`).toBeDefined();
  expect(issue!.message).toMatch(says);
  // The error serializes (bigints included) and its message names the path.
  expect(JSON.parse(JSON.stringify(v)).name).toBe("ValidationError");
  expect(v.message).toContain(path.length > 0 ? path.join(".") : "(root)");
}

describe("bad input is refused before any estimate or provider call", () => {
  let kit: Testkit;
  let router: Router;
  beforeAll(async () => {
    ({ kit, router } = await setup());
  });
  afterAll(async () => {
    await kit.close();
  });

  it.each(BAD_REQUESTS)("$name → ValidationError at its path", async ({ request, path, says }) => {
    const errors = await throughEveryEntryPoint(router, request);
    expect(errors).toHaveLength(3);
    for (const error of errors) expectIssue(error, path, says);
    expect(kit.requests()).toHaveLength(0);
    expect(kit.billing()).toHaveLength(0);
  });

  it("lists every problem of a request in one error", async () => {
    const error = await router
      .generate({ messages: [], maxOutputTokens: -1, constraints: { minQuality: 2 } } as RouterRequest)
      .catch((e: unknown) => e);
    expect((error as ValidationError).issues.map((i) => i.path.join("."))).toEqual([
      "maxOutputTokens",
      "constraints.minQuality",
      "messages",
    ]);
  });

  it("a valid request after all of them is served: the testkit saw that one request only", async () => {
    const result = await router.generate({ ...ok, tags: ["a"], maxOutputTokens: 20, temperature: 0 });
    expect(result.report.tags).toEqual(["a"]);
    expect(kit.requests()).toHaveLength(1);
  });

  it("a huge message is not printed: the error carries a bounded preview", async () => {
    const big = "x".repeat(300_000);
    const error = (await router
      .generate({
        messages: [
          { role: "user", content: big },
          { role: "tool", content: big },
        ],
      } as RouterRequest)
      .catch((e: unknown) => e)) as ValidationError;
    expectIssue(error, ["messages", 1, "tool_call_id"], "tool_call_id it answers");
    expect(error.message.length).toBeLessThan(500);
    expect(JSON.stringify(error).length).toBeLessThan(5_000);
  });
});

const BAD_SETTINGS: {
  name: string;
  settings: (s: RouterSettings) => unknown;
  path: (string | number)[];
  says: string;
}[] = [
  {
    name: "neither models nor catalog",
    settings: ({ models: _m, ...rest }) => rest,
    path: ["models"],
    says: "`models` or `catalog`",
  },
  {
    name: "unknown setting",
    settings: (s) => ({ ...s, retries: 3 }),
    path: ["retries"],
    says: 'did you mean "retry"',
  },
  {
    name: "retry.maxRetries: 1.5",
    settings: (s) => ({ ...s, retry: { maxRetries: 1.5 } }),
    path: ["retry", "maxRetries"],
    says: "whole number",
  },
  {
    name: "retry.factor: 0.5",
    settings: (s) => ({ ...s, retry: { factor: 0.5 } }),
    path: ["retry", "factor"],
    says: "at least 1",
  },
  {
    name: "attemptTimeoutMs: NaN",
    settings: (s) => ({ ...s, attemptTimeoutMs: Number.NaN }),
    path: ["attemptTimeoutMs"],
    says: "NaN",
  },
  {
    name: "minCacheTokens: -1",
    settings: (s) => ({ ...s, minCacheTokens: -1 }),
    path: ["minCacheTokens"],
    says: ">=0",
  },
  {
    name: "circuitBreaker.failureThreshold: 0",
    settings: (s) => ({ ...s, circuitBreaker: { failureThreshold: 0 } }),
    path: ["circuitBreaker", "failureThreshold"],
    says: "positive whole number",
  },
  {
    name: "observers: [42]",
    settings: (s) => ({ ...s, observers: [42] }),
    path: ["observers", 0],
    says: "function",
  },
  {
    name: "ledger without record()",
    settings: (s) => ({ ...s, ledger: { total() {} } }),
    path: ["ledger"],
    says: "record()",
  },
  {
    name: "defaults.minQuality: NaN",
    settings: (s) => ({ ...s, defaults: { minQuality: Number.NaN } }),
    path: ["defaults", "minQuality"],
    says: "[0, 1]",
  },
  {
    name: "defaults.allowModels typo",
    settings: (s) => ({ ...s, defaults: { allowModels: ["openai/gpt4o"] } }),
    path: ["defaults", "allowModels", 0],
    says: 'did you mean "openai/gpt-4o"',
  },
  {
    name: "defaults.maxCostPerCall in CNY, costs in USD",
    settings: (s) => ({ ...s, defaults: { maxCostPerCall: { currency: "CNY", atto: 1n } } }),
    path: ["defaults", "maxCostPerCall", "currency"],
    says: "use the same currency",
  },
  {
    name: "defaults.currency: EURO",
    settings: (s) => ({ ...s, defaults: { currency: "EURO" } }),
    path: ["defaults", "currency"],
    says: "ISO 4217",
  },
  {
    name: "providers typo",
    settings: (s) => ({ ...s, providers: { ...s.providers, opneai: { apiKey: "k" } } }),
    path: ["providers", "opneai"],
    says: 'did you mean "openai"',
  },
  {
    name: "providers.openai.baseURL not a URL",
    settings: (s) => ({ ...s, providers: { openai: { baseURL: "localhost:1234" } } }),
    path: ["providers", "openai", "baseURL"],
    says: "absolute http(s) URL",
  },
  {
    name: "duplicate model",
    settings: (s) => ({ ...s, models: [...(s.models ?? []), s.models![0]] }),
    path: ["models", 4],
    says: "duplicate model openai/gpt-4o-mini",
  },
  {
    name: "a model with a NaN context window",
    settings: (s) => ({ ...s, models: [{ ...s.models![0], contextWindow: Number.NaN }] }),
    path: ["models", 0, "contextWindow"],
    says: "NaN",
  },
];

describe("createRouter refuses bad settings", () => {
  const base: RouterSettings = {
    models: testModels(),
    fx: FX,
    providers: { openai: { apiKey: "k" } },
    env: {},
  };
  it.each(BAD_SETTINGS)("$name → ValidationError at its path", ({ settings, path, says }) => {
    let error: unknown;
    try {
      createRouter(settings(base) as RouterSettings);
    } catch (e) {
      error = e;
    }
    expectIssue(error, path, says);
    expect((error as ValidationError).source).toBe("createRouter");
  });
});

describe("a provider without a key names the option and the environment variable", () => {
  it("in the no-credentials rejection, in NoCandidateError and in MissingApiKeyError", async () => {
    const router = createRouter({
      models: testModels(),
      fx: FX,
      env: {},
      now: () => new Date("2026-09-02T10:00:00Z"),
    });
    const plan = router.plan({ ...ok, constraints: { allowProviders: ["openai"] } });
    const openai = plan.rejected.filter((r) => r.provider === "openai" && r.code === "no-credentials");
    expect(openai).toHaveLength(2);
    expect(openai[0]!.reason).toBe(
      "no API key for provider openai: pass `providers.openai.apiKey` or set the OPENAI_API_KEY environment variable",
    );
    const error = await router
      .generate({ ...ok, constraints: { allowProviders: ["openai"] } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoCandidateError);
    expect((error as Error).message).toContain("OPENAI_API_KEY");
    const custom = createRouter({
      models: testModels(),
      env: {},
      providers: { deepseek: { apiKeyEnv: "MY_DEEPSEEK_KEY" } },
    }).plan(ok);
    expect(custom.rejected.find((r) => r.provider === "deepseek")!.reason).toContain("MY_DEEPSEEK_KEY");
    const missing = new MissingApiKeyError({
      provider: "openai",
      option: "providers.openai.apiKey",
      envVar: "OPENAI_API_KEY",
    });
    expect(JSON.parse(JSON.stringify(missing))).toMatchObject({
      name: "MissingApiKeyError",
      option: "providers.openai.apiKey",
      envVar: "OPENAI_API_KEY",
    });
  });
});
