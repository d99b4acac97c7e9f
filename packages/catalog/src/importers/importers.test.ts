import { readFileSync } from "node:fs";
import { ValidationError } from "@tokenwise/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  detectFeedFormat,
  importGenaiPrices,
  importLitellm,
  importOpenrouter,
  importPriceFeed,
  perMillion,
} from "./index";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8"));
const genaiData = (): unknown =>
  JSON.parse(readFileSync(new URL("../../data-sources/genai-prices-v2.json", import.meta.url), "utf8"));

const LITELLM_URL =
  "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json";
const source = { url: LITELLM_URL, asOf: "2026-11-30" };
const byKey = <M extends { provider: string; id: string }>(models: M[], key: string): M | undefined =>
  models.find((m) => `${m.provider}/${m.id}` === key);

describe("importLitellm on the real-format sample", () => {
  const result = importLitellm(fixture("litellm-subset.json"), { source });

  it("maps per-token prices to exact prices per million, with cache read, cache writes and the source", () => {
    const haiku = byKey(result.models, "anthropic/claude-haiku-4-5")!;
    expect(haiku.feedKey).toBe("claude-haiku-4-5");
    expect(haiku.prices).toEqual([
      {
        currency: "USD",
        effectiveFrom: "2026-11-30T00:00:00Z",
        input: "1",
        output: "5",
        cacheRead: "0.1",
        cacheWrite: "1.25",
        cacheWrite1h: "2",
        source: {
          url: LITELLM_URL,
          asOf: "2026-11-30",
          note: 'LiteLLM model_prices_and_context_window.json entry "claude-haiku-4-5"; undated: effectiveFrom is the feed\'s as-of day',
        },
      },
    ]);
    expect(haiku.limits).toEqual({ maxInputTokens: 200000, maxOutputTokens: 64000 });
  });

  it("turns *_above_200k_tokens keys into a long-context tier of the whole request", () => {
    const sonnet = byKey(result.models, "anthropic/claude-sonnet-4-5")!;
    expect(sonnet.prices[0]!.tiers).toEqual([
      {
        aboveInputTokens: 200000,
        input: "6",
        output: "22.5",
        cacheRead: "0.6",
        cacheWrite: "7.5",
        cacheWrite1h: "12",
      },
    ]);
  });

  it("reads any _above_<N>k_tokens tier (128k as well as 200k) and keeps untiered fields at their base price", () => {
    const r = importLitellm(
      {
        "xai/grok-4-0709": {
          litellm_provider: "xai",
          mode: "chat",
          input_cost_per_token: 3e-6,
          output_cost_per_token: 1.5e-5,
          cache_read_input_token_cost: 7.5e-7,
          input_cost_per_token_above_128k_tokens: 6e-6,
          output_cost_per_token_above_128k_tokens: 3e-5,
        },
      },
      { source },
    );
    expect(r.models[0]!.prices[0]!.tiers).toEqual([
      { aboveInputTokens: 128000, input: "6", output: "30", cacheRead: "0.75" },
    ]);
  });

  it("strips the provider prefix and leaves a 0.0 cache-write price out (writes bill at input, never $0)", () => {
    const chat = byKey(result.models, "deepseek/deepseek-chat")!;
    expect(chat.feedKey).toBe("deepseek/deepseek-chat");
    expect(chat.prices[0]).toMatchObject({ input: "0.28", output: "0.42", cacheRead: "0.028" });
    expect(chat.prices[0]!.cacheWrite).toBeUndefined();
  });

  it("reports resellers, unknown models and non-text entries instead of guessing", () => {
    const reasons = Object.fromEntries(result.unmapped.map((u) => [u.feedKey, u.reason]));
    expect(reasons).toEqual({
      "cerebras/zai-glm-4.7": "unknown-provider",
      "claude-haiku-4-5-20251001": "unknown-model",
      "claude-sonnet-4-5-20250929-v1:0": "unknown-provider",
      "deepseek/deepseek-v3": "unknown-model",
      "fireworks_ai/deepseek-v4-flash": "unknown-provider",
      "gpt-5.3-codex": "unknown-model",
    });
    expect(result.unmapped.find((u) => u.feedKey === "fireworks_ai/deepseek-v4-flash")!.detail).toBe(
      'provider "fireworks_ai" is not in the litellm alias table',
    );
    expect(result.skipped.map((s) => s.feedKey)).toEqual([
      "sample_spec",
      "1024-x-1024/dall-e-2",
      "gpt-realtime",
    ]);
    expect(result.models.map((m) => `${m.provider}/${m.id}`)).toEqual([
      "anthropic/claude-haiku-4-5",
      "anthropic/claude-opus-4-1",
      "anthropic/claude-opus-4-5",
      "anthropic/claude-opus-4-6",
      "anthropic/claude-sonnet-4-5",
      "anthropic/claude-sonnet-5",
      "deepseek/deepseek-chat",
      "deepseek/deepseek-reasoner",
      "openai/gpt-5-mini",
      "openai/gpt-5-nano",
    ]);
  });

  it("maps onto the models it is given (a router's), not only the catalog", () => {
    const only = importLitellm(fixture("litellm-subset.json"), {
      source,
      models: [{ provider: "openai", id: "gpt-5-mini" }],
    });
    expect(only.models.map((m) => m.id)).toEqual(["gpt-5-mini"]);
    expect(only.unmapped.find((u) => u.feedKey === "gpt-5-nano")!.reason).toBe("unknown-model");
  });

  it("reports two entries that claim one model with different prices as ambiguous, importing neither", () => {
    const data = {
      "mistral/mistral-large-2512": {
        litellm_provider: "mistral",
        mode: "chat",
        input_cost_per_token: 5e-7,
        output_cost_per_token: 1.5e-6,
      },
      "mistral-large-2512": {
        litellm_provider: "mistral",
        mode: "chat",
        input_cost_per_token: 2e-6,
        output_cost_per_token: 6e-6,
      },
    };
    const r = importLitellm(data, { source });
    expect(r.models).toEqual([]);
    expect(r.unmapped.map((u) => [u.feedKey, u.reason, u.candidates])).toEqual([
      ["mistral-large-2512", "ambiguous", ["mistral/mistral-large-2512", "mistral-large-2512"]],
      ["mistral/mistral-large-2512", "ambiguous", ["mistral/mistral-large-2512", "mistral-large-2512"]],
    ]);
  });

  it("rejects a malformed map with the zod path and value", () => {
    const bad = {
      "gpt-5-mini": {
        litellm_provider: "openai",
        input_cost_per_token: "cheap",
        output_cost_per_token: 1e-6,
      },
    };
    const error = (() => {
      try {
        importLitellm(bad, { source });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: ["gpt-5-mini", "input_cost_per_token"], message: expect.any(String), value: "cheap" },
    ]);
    expect(() =>
      importLitellm(
        { x: { litellm_provider: "openai", input_cost_per_token_above_200k_tokens: -1 } },
        { source },
      ),
    ).toThrow(/x\.input_cost_per_token_above_200k_tokens: a tier price must be a non-negative number/);
    expect(() => importLitellm([], { source })).toThrow(ValidationError);
  });

  it("checks the options before reading the feed", () => {
    expect(() => importLitellm({}, { source: { url: LITELLM_URL, asOf: "30/11/2026" } })).toThrow(
      /source\.asOf: must be a date YYYY-MM-DD/,
    );
  });
});

describe("perMillion", () => {
  it("moves any per-token decimal six places exactly, from a string or a JSON float", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.integer({ min: 0, max: 12 }),
        (units, scale) => {
          const perMillionText = scaled(units, scale);
          const perTokenText = scaled(units, scale + 6);
          expect(perMillion(perTokenText)).toBe(perMillionText);
        },
      ),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 6 }), (units, scale) => {
        // Prices as a JSON file writes them (2.5e-7): the float of a short decimal maps back to it.
        const perMillionText = scaled(BigInt(units), scale);
        expect(perMillion(Number(perMillionText) / 1e6)).toBe(perMillionText);
      }),
    );
  });
});

/** `units / 10^scale` as a plain decimal string without trailing zeros. */
function scaled(units: bigint, scale: number): string {
  const text = units.toString().padStart(scale + 1, "0");
  const whole = text.slice(0, text.length - scale);
  const frac = text.slice(text.length - scale).replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : whole;
}

describe("importGenaiPrices on genai-prices data.json", () => {
  const result = importGenaiPrices(genaiData(), {
    source: {
      url: "https://github.com/pydantic/genai-prices/blob/47df840a/prices/new_data/v2/data.json",
      asOf: "2026-08-21",
    },
  });

  it("keeps dated constraints: a start_date price is a version from that day, a later one is scheduled", () => {
    const flash = byKey(result.models, "google/gemini-3.6-flash")!;
    expect(flash.prices.map((p) => [p.effectiveFrom, p.input, p.output])).toEqual([
      ["2026-08-21T00:00:00Z", "0.75", "3.75"],
      ["2027-01-01T00:00:00Z", "1.5", "7.5"],
    ]);
    const o3 = byKey(result.models, "openai/o3")!;
    expect(o3.prices.map((p) => [p.effectiveFrom, p.input, p.output])).toEqual([
      ["2025-06-10T00:00:00Z", "2", "8"],
    ]);
    expect(result.skipped.find((s) => s.feedKey === "openai/o3 (undated price)")!.reason).toMatch(
      /replaced by the 2025-06-10 price/,
    );
  });

  it("turns {base, tiers} into tiers and start_time/end_time into a daily UTC window", () => {
    expect(byKey(result.models, "openai/gpt-5.4")!.prices[0]!.tiers).toEqual([
      { aboveInputTokens: 272000, input: "5", output: "22.5", cacheRead: "0.5" },
    ]);
    const chat = byKey(result.models, "deepseek/deepseek-chat")!.prices[0]!;
    expect(chat).toMatchObject({ input: "0.135", output: "0.55", cacheRead: "0.035" });
    expect(chat.windows).toEqual([
      {
        name: "00:30-16:30 UTC",
        timezone: "UTC",
        days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        start: "00:30",
        end: "16:30",
        prices: { input: "0.27", output: "1.1", cacheRead: "0.07" },
      },
    ]);
  });

  it("maps through the alias table, and leaves mistral-small-latest off the dated mistral-small-2506", () => {
    expect(byKey(result.models, "mistral/mistral-medium-2505")!.feedKey).toBe("mistral/mistral-medium-3");
    expect(byKey(result.models, "xai/grok-4-0709")!.feedKey).toBe("x-ai/grok-4-0709");
    expect(byKey(result.models, "mistral/mistral-small-2506")).toBeUndefined();
    expect(result.unmapped.find((u) => u.feedKey === "mistral/mistral-small-latest")!.reason).toBe(
      "unknown-model",
    );
    expect(result.unmapped.find((u) => u.feedKey === "zai/GLM-5.2")!.detail).toMatch(/mainland CNY list/);
  });

  it("rejects a malformed file with the zod path", () => {
    const bad = [{ id: "openai", models: [{ id: "gpt-x", prices: { input_mtok: -1, output_mtok: 2 } }] }];
    expect(() => importGenaiPrices(bad, { source })).toThrow(/0\.models\.0\.prices\.input_mtok/);
  });
});

describe("importOpenrouter on the /api/v1/models sample", () => {
  const result = importOpenrouter(fixture("openrouter-models.json"), {
    source: { url: "https://openrouter.ai/api/v1/models", asOf: "2026-03-05" },
  });

  it("moves per-token strings to per million exactly and maps dotted Claude ids through the alias table", () => {
    const opus = byKey(result.models, "anthropic/claude-opus-4-6")!;
    expect(opus.feedKey).toBe("anthropic/claude-opus-4.6");
    expect(opus.prices[0]).toMatchObject({ input: "5", output: "25", cacheRead: "0.5", cacheWrite: "6.25" });
    expect(opus.limits).toEqual({ contextWindow: 1000000, maxOutputTokens: 128000 });
    expect(byKey(result.models, "openai/gpt-5.4")!.prices[0]).toMatchObject({
      input: "2.5",
      output: "15",
      cacheRead: "0.25",
    });
  });

  it("never maps open-weight models served by third-party hosts", () => {
    const qwen = result.unmapped.find((u) => u.feedKey === "qwen/qwen3.5-flash-02-23")!;
    expect(qwen.reason).toBe("unknown-provider");
    expect(qwen.detail).toMatch(/third-party hosts/);
    // The price is still carried (a `prices diff` of two feeds shows it).
    expect(
      result.unmapped.find((u) => u.feedKey === "google/gemini-3.1-flash-lite-preview")!.prices[0],
    ).toMatchObject({
      cacheWrite: "0.08333333333333334",
      reasoning: "1.5",
    });
  });

  it("reports an alias that could mean two models as ambiguous", () => {
    const r = importOpenrouter(
      { data: [{ id: "x-ai/grok-4.1-fast", pricing: { prompt: "0.0000002", completion: "0.0000005" } }] },
      { source },
    );
    expect(r.unmapped[0]).toMatchObject({
      reason: "ambiguous",
      candidates: ["xai/grok-4-1-fast-reasoning", "xai/grok-4-1-fast-non-reasoning"],
    });
  });

  it('skips "-1" (variable) prices and rejects a non-decimal price with its path', () => {
    const r = importOpenrouter(
      { data: [{ id: "openrouter/auto", pricing: { prompt: "-1", completion: "-1" } }] },
      { source },
    );
    expect(r.skipped).toEqual([
      { feedKey: "openrouter/auto", reason: 'a "-1" price: decided per request, not listed' },
    ]);
    expect(() =>
      importOpenrouter(
        { data: [{ id: "openai/gpt-5.4", pricing: { prompt: "1e-6", completion: "0" } }] },
        { source },
      ),
    ).toThrow(/data\.0\.pricing\.prompt/);
  });
});

describe("importPriceFeed", () => {
  it("recognises each format by its shape", () => {
    expect(detectFeedFormat(fixture("litellm-subset.json"))).toBe("litellm");
    expect(detectFeedFormat(genaiData())).toBe("genai-prices");
    expect(detectFeedFormat(fixture("openrouter-models.json"))).toBe("openrouter");
    expect(detectFeedFormat({ hello: 1 })).toBeUndefined();
  });

  it("dispatches on the format and rejects an unknown one", () => {
    expect(importPriceFeed(fixture("openrouter-models.json"), { source }).format).toBe("openrouter");
    expect(() => importPriceFeed({ hello: 1 }, { source })).toThrow(/not a recognised price feed/);
    expect(() => importPriceFeed({}, { source, format: "csv" as never })).toThrow(/format: must be one of/);
  });
});
