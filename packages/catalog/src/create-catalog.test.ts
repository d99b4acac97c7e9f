import {
  costOf,
  lifecycleState,
  type ModelEntryInput,
  makeUsage,
  moneyToDecimal,
  PriceUnavailableError,
  qualityInForce,
  UnknownModelError,
} from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { createCatalog } from "./create-catalog";

const now = new Date("2026-11-27T12:00:00Z");
const catalog = createCatalog({ now: () => now });

const acme = (overrides: Partial<ModelEntryInput> = {}): ModelEntryInput => ({
  provider: "acme",
  id: "m1",
  api: "openai",
  contextWindow: 32_000,
  maxOutput: 4_096,
  capabilities: { tools: true, vision: false, structuredOutput: false, streaming: true, reasoning: false },
  tokenizer: "cl100k_base",
  prices: [
    {
      currency: "USD",
      effectiveFrom: "2026-01-01T00:00:00Z",
      input: "1",
      output: "2",
      source: { url: "https://acme.test/pricing", asOf: "2026-01-01" },
    },
  ],
  ...overrides,
});

describe("createCatalog", () => {
  it("finds models by provider/id and by unique bare id", () => {
    expect(catalog.get("openai", "gpt-4o").id).toBe("gpt-4o");
    expect(catalog.find("anthropic/claude-haiku-4-5").provider).toBe("anthropic");
    expect(catalog.find("qwen3-max").provider).toBe("qwen");
    expect(catalog.has("nope/nope")).toBe(false);
  });

  it("throws UnknownModelError for unknown models", () => {
    expect(() => catalog.get("openai", "gpt-9")).toThrow(UnknownModelError);
    expect(() => catalog.find("gpt-9")).toThrow(/Unknown model "gpt-9"/);
  });

  it("lists providers and filters by the currency in force", () => {
    expect(catalog.providers()).toEqual(
      expect.arrayContaining([
        "anthropic",
        "deepseek",
        "doubao",
        "google",
        "mistral",
        "moonshot",
        "openai",
        "qwen",
        "xai",
        "zhipu",
      ]),
    );
    const cny = catalog.list({ currency: "CNY" });
    expect(cny.length).toBeGreaterThan(20);
    expect(cny.every((m) => ["qwen", "zhipu", "moonshot", "doubao"].includes(m.provider))).toBe(true);
    expect(catalog.list({ provider: "deepseek" })).toHaveLength(4);
  });

  it("prices a past instant as it was then (o3's 2025-06-10 cut, Claude Sonnet 5's 2026-09-01 rise)", () => {
    expect(catalog.priceAt("openai/o3", new Date("2025-05-01T00:00:00Z")).input).toBe("10");
    expect(catalog.priceAt("openai/o3", new Date("2025-06-10T00:00:00Z")).input).toBe("2");
    expect(catalog.priceAt("anthropic/claude-sonnet-5", new Date("2026-08-31T23:59:59Z")).output).toBe("10");
    expect(catalog.priceAt("anthropic/claude-sonnet-5", new Date("2026-09-01T00:00:00Z")).output).toBe("15");
    expect(() => catalog.priceAt("openai/o3", new Date("2025-01-01T00:00:00Z"))).toThrow(
      PriceUnavailableError,
    );
  });

  it("uses the injected clock for the price in force", () => {
    const before = createCatalog({ now: () => new Date("2026-08-25T00:00:00Z") });
    expect(before.priceAt("anthropic/claude-sonnet-5").input).toBe("2");
    expect(catalog.priceAt("anthropic/claude-sonnet-5").input).toBe("3");
  });

  it("reports stale models against a configurable age", () => {
    // Only ministral-8b-2410's price was last read long ago: Mistral's announcement (2024-10-16); the
    // newer genai-prices row disagrees on its output price and is not used (docs/catalog.md).
    expect(catalog.stale().map((s) => s.key)).toEqual(["mistral/ministral-8b-2410"]);
    const later = createCatalog({ now: () => new Date("2027-03-01T00:00:00Z"), staleAfterDays: 180 });
    const stale = later.stale();
    expect(stale.some((s) => s.key === "openai/gpt-5.4" && s.newestAsOf === "2026-08-21")).toBe(true);
    // A model retired by then is not stale: its prices can no longer change (gpt-4o retires 2027-01-14).
    expect(stale.some((s) => s.key === "openai/gpt-4o")).toBe(false);
    expect(stale.some((s) => s.provider === "qwen")).toBe(false); // model-bank as-of 2026-09-27: 155 days
    const live = catalog.list().filter((m) => lifecycleState(m, now) !== "retired");
    // Every live model but mistral-small-2506, whose price was read on 2026-11-29, after this `now`.
    const monthOld = createCatalog({ now: () => now, staleAfterDays: 30 }).stale();
    expect(monthOld.length).toBe(live.length - 1);
    expect(monthOld.some((s) => s.key === "mistral/mistral-small-2506")).toBe(false);
  });

  it("extends with user tables: replace by default, adds new models", () => {
    const gpt4o = catalog.get("openai", "gpt-4o");
    const mine = {
      ...gpt4o,
      prices: [{ ...gpt4o.prices[0]!, input: "1", effectiveFrom: "2026-10-01T00:00:00Z" }],
    };
    const extended = catalog.extend([mine, acme()]);
    expect(extended.get("openai", "gpt-4o").prices).toHaveLength(1);
    expect(extended.priceAt("openai/gpt-4o").input).toBe("1");
    expect(extended.find("acme/m1").id).toBe("m1");
    expect(catalog.has("acme/m1")).toBe(false); // the original is unchanged
    expect(extended.list().length).toBe(catalog.list().length + 1);
  });

  it("merges price versions by effectiveFrom in merge mode", () => {
    const flash = catalog.get("deepseek", "deepseek-v4-flash");
    const next = {
      ...flash,
      prices: [
        {
          currency: "USD",
          effectiveFrom: "2026-12-01T00:00:00Z",
          input: "0.5",
          output: "2",
          source: { url: "https://example.test/notice", asOf: "2026-11-20" },
        },
      ],
    };
    const merged = catalog.extend({ models: [next] }, { mode: "merge" });
    const prices = merged.get("deepseek", "deepseek-v4-flash").prices;
    expect(prices.map((p) => p.effectiveFrom)).toEqual([
      "2026-04-24T00:00:00Z",
      "2026-04-26T12:15:00Z",
      "2026-08-16T16:00:00Z",
      "2026-09-10T04:00:00Z",
      "2026-12-01T00:00:00Z",
    ]);
    expect(merged.priceAt("deepseek-v4-flash", new Date("2026-12-02T02:00:00Z")).input).toBe("0.5");
    // billed as DeepSeek-V4.1-Flash since 2026-09-10 04:00 UTC (peak input $0.30)
    expect(merged.priceAt("deepseek-v4-flash", new Date("2026-11-02T02:00:00Z")).input).toBe("0.3");
  });

  it("lets a merged user quality override an alias's dated versions for that kind", () => {
    const chat = catalog.get("deepseek", "deepseek-chat");
    const mine = { general: { score: 0.42, source: "our own eval, 2026-11" } };
    const merged = catalog.extend(
      { models: [{ ...chat, qualityVersions: undefined, quality: mine }] },
      { mode: "merge" },
    );
    const m = merged.get("deepseek", "deepseek-chat");
    expect(m.qualityVersions?.map((v) => v.servedModel)).toEqual(
      chat.qualityVersions?.map((v) => v.servedModel),
    );
    for (const iso of ["2025-06-01T00:00:00Z", "2026-10-01T00:00:00Z"]) {
      expect(qualityInForce(m, new Date(iso), "general")).toMatchObject({
        score: 0.42,
        source: "our own eval, 2026-11",
      });
    }
    // Kinds the user did not score keep the served model's rating.
    expect(qualityInForce(m, new Date("2026-10-01T00:00:00Z"), "code")?.servedModel).toBe(
      "deepseek-v4-flash",
    );
  });

  it("starts from options.models and layers options.tables", () => {
    const c = createCatalog({ models: [acme()], tables: [[acme({ id: "m2" })]], now: () => now });
    expect(c.list().map((m) => m.id)).toEqual(["m1", "m2"]);
    const cost = costOf(makeUsage({ input: 1_000_000, output: 500_000 }), c.priceAt("acme/m2"), { at: now });
    expect(moneyToDecimal(cost.total)).toBe("2");
  });

  it("converts to CNY with the default FX table and names the rate", () => {
    const cost = costOf(makeUsage({ input: 1_000_000 }), catalog.priceAt("openai/gpt-4o"), {
      at: now,
      currency: "CNY",
      fx: catalog.fx,
    });
    // 2.5 USD × 7.0197 (CFETS central parity, 2026-01-08)
    expect(moneyToDecimal(cost.total)).toBe("17.54925");
    expect(cost.fx?.rate.date).toBe("2026-01-08");
  });

  it("rejects a negative staleAfterDays", () => {
    expect(() => createCatalog({ staleAfterDays: -1 })).toThrow(/staleAfterDays/);
  });
});
