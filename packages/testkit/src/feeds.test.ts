import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedBody, perTokenString } from "./feeds";
import { startTestkit, type Testkit } from "./testkit-server";

describe("feed bodies", () => {
  const prices = [
    { provider: "openai", id: "gpt-4o-mini", input: "0.15", output: "0.6", cacheRead: "0.075" },
    {
      provider: "xai",
      id: "grok-3-mini",
      input: "0.3",
      output: "0.5",
      contextWindow: 131072,
      maxOutput: 8192,
    },
  ];

  it("moves per-million prices to per-token ones exactly", () => {
    expect(perTokenString("0.15")).toBe("0.00000015");
    expect(perTokenString("2.5")).toBe("0.0000025");
    expect(perTokenString("1250")).toBe("0.00125");
    expect(perTokenString("0")).toBe("0");
  });

  it("writes each format with the feed's own provider names", () => {
    expect(feedBody("litellm", prices)).toEqual({
      "gpt-4o-mini": {
        litellm_provider: "openai",
        mode: "chat",
        input_cost_per_token: 1.5e-7,
        output_cost_per_token: 6e-7,
        cache_read_input_token_cost: 7.5e-8,
      },
      "xai/grok-3-mini": {
        litellm_provider: "xai",
        mode: "chat",
        input_cost_per_token: 3e-7,
        output_cost_per_token: 5e-7,
        max_input_tokens: 131072,
        max_output_tokens: 8192,
      },
    });
    expect(feedBody("genai-prices", prices)).toMatchObject([
      {
        id: "openai",
        models: [
          { id: "gpt-4o-mini", prices: { input_mtok: 0.15, output_mtok: 0.6, cache_read_mtok: 0.075 } },
        ],
      },
      { id: "x-ai", models: [{ id: "grok-3-mini", context_window: 131072 }] },
    ]);
    expect(feedBody("openrouter", prices)).toMatchObject({
      data: [
        {
          id: "openai/gpt-4o-mini",
          pricing: { prompt: "0.00000015", completion: "0.0000006", input_cache_read: "0.000000075" },
        },
        { id: "x-ai/grok-3-mini", context_length: 131072, top_provider: { max_completion_tokens: 8192 } },
      ],
    });
  });
});

describe("testkit feed endpoints", () => {
  let kit: Testkit;
  let clock = new Date("2026-11-30T10:00:00Z");
  beforeAll(async () => {
    kit = await startTestkit({
      timeScale: 0,
      now: () => clock,
      providers: [
        {
          name: "openai",
          style: "openai",
          models: [
            {
              id: "gpt-4o-mini",
              prices: [
                {
                  currency: "USD",
                  effectiveFrom: "2026-01-01T00:00:00Z",
                  input: "0.15",
                  output: "0.6",
                  source: { url: "https://openai.com/api/pricing", asOf: "2026-01-01" },
                },
              ],
            },
          ],
        },
      ],
    });
  });
  afterAll(() => kit.close());

  it("serves the priced models by default, with ETag and Last-Modified, and 304 to a conditional GET", async () => {
    const first = await fetch(kit.feeds.url("openrouter"));
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    expect(first.headers.get("last-modified")).toBe("Mon, 30 Nov 2026 10:00:00 GMT");
    expect(await first.json()).toMatchObject({
      data: [{ id: "openai/gpt-4o-mini", pricing: { prompt: "0.00000015" } }],
    });
    const again = await fetch(kit.feeds.url("openrouter"), { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    const since = await fetch(kit.feeds.url("openrouter"), {
      headers: { "if-modified-since": "Mon, 30 Nov 2026 10:00:00 GMT" },
    });
    expect(since.status).toBe(304);
    expect(kit.feeds.requests().map((r) => r.status)).toEqual([200, 304, 304]);
  });

  it("a price change gives a new ETag and a 200; a failing feed answers its status", async () => {
    const before = (await fetch(kit.feeds.url("litellm"))).headers.get("etag")!;
    clock = new Date("2026-11-30T11:00:00Z");
    kit.feeds.updatePrice("openai", "gpt-4o-mini", { input: "0.3" });
    const after = await fetch(kit.feeds.url("litellm"), { headers: { "if-none-match": before } });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(before);
    expect(
      ((await after.json()) as Record<string, { input_cost_per_token: number }>)["gpt-4o-mini"],
    ).toMatchObject({
      input_cost_per_token: 3e-7,
    });
    kit.feeds.fail(503);
    expect((await fetch(kit.feeds.url("genai-prices"))).status).toBe(503);
    kit.feeds.fail(undefined);
    expect((await fetch(kit.feeds.url("genai-prices"))).status).toBe(200);
    expect(() => kit.feeds.updatePrice("openai", "nope", {})).toThrow(/no feed price for openai\/nope/);
  });
});
