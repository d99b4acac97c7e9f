/**
 * The corrected catalog's price history, pinned by hand-computed cases (costOf, exact decimals).
 *
 * - Every model's first price version starts on or before its first public price date
 *   (`data/first-prices.ts`), or the model is a listed exception with its reason.
 * - A call at 2025-06-01 12:00 UTC and one at 2026-07-24 12:00 UTC is priced from the version in force
 *   for every model on sale then: a written-out table of expected versions and costs.
 * - Each correction of issue 12 has its own case.
 *
 * Unless a case says otherwise the call is 100,000 input tokens and 10,000 output tokens, so with
 * prices per million tokens its cost is input/10 + output/100 (below every long-context threshold).
 */
import { costOf, makeUsage, modelKey, moneyToDecimal, type Usage } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { createCatalog } from "./create-catalog";
import { FIRST_PRICE_EXCEPTIONS, FIRST_PRICES } from "./data/first-prices";

const catalog = createCatalog({ now: () => new Date("2026-11-27T12:00:00Z") });
const call = makeUsage({ input: 100_000, output: 10_000 });

function price(key: string, usage: Usage, iso: string) {
  const at = new Date(iso);
  const version = catalog.priceAt(key, at);
  const cost = costOf(usage, version, { at });
  return {
    total: moneyToDecimal(cost.total),
    currency: cost.currency,
    tier: cost.tier,
    from: version.effectiveFrom,
  };
}

/** Keys of the models that have a price at `iso`. */
function pricedAt(iso: string): string[] {
  const at = new Date(iso);
  return catalog
    .list()
    .filter((m) => m.prices.some((v) => Date.parse(v.effectiveFrom) <= at.getTime()))
    .map(modelKey)
    .sort();
}

describe("first public prices", () => {
  const keys = catalog.list().map(modelKey);

  it("lists every model once: with its first public price date, or as an exception with a reason", () => {
    for (const key of keys) {
      const listed = Number(key in FIRST_PRICES) + Number(key in FIRST_PRICE_EXCEPTIONS);
      expect(listed, key).toBe(1);
    }
    for (const key of [...Object.keys(FIRST_PRICES), ...Object.keys(FIRST_PRICE_EXCEPTIONS)]) {
      expect(keys, `${key} is not in the catalog`).toContain(key);
    }
  });

  it.each(Object.entries(FIRST_PRICES))("%s: the first version starts on or before %o", (key, first) => {
    const start = catalog.find(key).prices[0]!.effectiveFrom;
    const day = first.date.includes("T") ? first.date : `${first.date}T00:00:00Z`;
    expect(Date.parse(start), `${key} starts ${start}`).toBeLessThanOrEqual(Date.parse(day));
    expect(first.source).toMatch(/^https:\/\//);
  });

  it.each(Object.entries(FIRST_PRICE_EXCEPTIONS))(
    "%s is an exception with a documented reason",
    (key, ex) => {
      expect(ex.reason.length).toBeGreaterThan(80);
      expect(catalog.find(key).prices[0]!.effectiveFrom.slice(0, 10)).toBe(ex.historyFrom);
      if (ex.firstPublic) expect(ex.firstPublic < ex.historyFrom).toBe(true);
    },
  );

  it("keeps the exceptions to the models the stored copies cannot date (CNY snapshot, three aliases)", () => {
    const exceptions = Object.keys(FIRST_PRICE_EXCEPTIONS);
    expect(exceptions.filter((k) => catalog.find(k).prices[0]!.currency === "USD")).toEqual([
      "openai/gpt-3.5-turbo",
      "anthropic/claude-3-5-haiku-latest",
      "deepseek/deepseek-chat",
    ]);
    expect(exceptions.length).toBe(42);
  });
});

describe("a call at 2025-06-01 12:00 UTC is priced from the version then in force", () => {
  const at = "2025-06-01T12:00:00Z";
  // [model, effectiveFrom of the version in force, cost of 100K in + 10K out] — input/10 + output/100
  const expected: [string, string, string][] = [
    ["openai/gpt-4o", "2024-10-02T00:00:00Z", "0.35"], // 2.5/10 + 10/100
    ["openai/gpt-4o-mini", "2024-07-18T00:00:00Z", "0.021"], // 0.15/10 + 0.6/100
    ["openai/gpt-4.1", "2025-04-14T00:00:00Z", "0.28"], // 2/10 + 8/100
    ["openai/gpt-4.1-mini", "2025-04-14T00:00:00Z", "0.056"], // 0.4/10 + 1.6/100
    ["openai/gpt-4.1-nano", "2025-04-14T00:00:00Z", "0.014"], // 0.1/10 + 0.4/100
    ["openai/o3", "2025-04-16T00:00:00Z", "1.4"], // 10/10 + 40/100
    ["openai/o3-mini", "2025-01-31T00:00:00Z", "0.154"], // 1.1/10 + 4.4/100
    ["openai/o4-mini", "2025-04-16T00:00:00Z", "0.154"], // 1.1/10 + 4.4/100
    ["openai/o1", "2024-12-17T00:00:00Z", "2.1"], // 15/10 + 60/100
    ["openai/gpt-4-turbo", "2024-04-09T00:00:00Z", "1.3"], // 10/10 + 30/100
    ["anthropic/claude-sonnet-4-0", "2025-05-22T00:00:00Z", "0.45"], // 3/10 + 15/100
    ["google/gemini-2.0-flash", "2025-02-05T00:00:00Z", "0.014"], // 0.1/10 + 0.4/100
    ["deepseek/deepseek-chat", "2025-02-26T16:30:00Z", "0.038"], // 0.27/10 + 1.1/100
    ["deepseek/deepseek-reasoner", "2025-02-26T16:30:00Z", "0.0769"], // 0.55/10 + 2.19/100
    ["mistral/mistral-medium-2505", "2025-05-07T00:00:00Z", "0.06"], // 0.4/10 + 2/100
    ["mistral/ministral-8b-2410", "2024-10-16T00:00:00Z", "0.011"], // 0.1/10 + 0.1/100
    ["xai/grok-3-mini", "2025-04-09T00:00:00Z", "0.035"], // 0.3/10 + 0.5/100
  ];

  it("prices exactly the models on sale then", () => {
    expect(pricedAt(at)).toEqual(expected.map(([key]) => key).sort());
  });

  it.each(expected)("%s from %s: %s USD", (key, from, total) => {
    expect(price(key, call, at)).toMatchObject({ from, total, currency: "USD", tier: null });
  });
});

describe("a call at 2026-07-24 12:00 UTC is priced from the version then in force", () => {
  const at = "2026-07-24T12:00:00Z";
  // [model, effectiveFrom of the version in force, cost of 100K in + 10K out] — input/10 + output/100.
  // No CNY model: their prices start at the model-bank snapshot (2026-09-27), see FIRST_PRICE_EXCEPTIONS.
  const expected: [string, string, string][] = [
    ["openai/gpt-4o", "2024-10-02T00:00:00Z", "0.35"], // 2.5/10 + 10/100
    ["openai/gpt-4o-mini", "2024-07-18T00:00:00Z", "0.021"], // 0.15/10 + 0.6/100
    ["openai/gpt-4.1", "2025-04-14T00:00:00Z", "0.28"], // 2/10 + 8/100
    ["openai/gpt-4.1-mini", "2025-04-14T00:00:00Z", "0.056"], // 0.4/10 + 1.6/100
    ["openai/gpt-4.1-nano", "2025-04-14T00:00:00Z", "0.014"], // 0.1/10 + 0.4/100
    ["openai/o3", "2025-06-10T00:00:00Z", "0.28"], // 2/10 + 8/100
    ["openai/o3-mini", "2025-01-31T00:00:00Z", "0.154"], // 1.1/10 + 4.4/100
    ["openai/o4-mini", "2025-04-16T00:00:00Z", "0.154"], // 1.1/10 + 4.4/100
    ["openai/gpt-5", "2025-08-07T00:00:00Z", "0.225"], // 1.25/10 + 10/100
    ["openai/gpt-5-mini", "2025-08-07T00:00:00Z", "0.045"], // 0.25/10 + 2/100
    ["openai/gpt-5-nano", "2025-08-07T00:00:00Z", "0.009"], // 0.05/10 + 0.4/100
    ["openai/gpt-5.1", "2025-11-13T00:00:00Z", "0.225"], // 1.25/10 + 10/100
    ["openai/gpt-5.4", "2026-03-05T00:00:00Z", "0.4"], // 2.5/10 + 15/100
    ["openai/gpt-5.2", "2025-12-11T00:00:00Z", "0.315"], // 1.75/10 + 14/100
    ["openai/gpt-5.4-mini", "2026-03-17T00:00:00Z", "0.12"], // 0.75/10 + 4.5/100
    ["openai/gpt-5.4-nano", "2026-03-17T00:00:00Z", "0.0325"], // 0.2/10 + 1.25/100
    ["openai/gpt-5.5", "2026-04-23T00:00:00Z", "0.8"], // 5/10 + 30/100
    ["openai/gpt-5.6-sol", "2026-06-26T00:00:00Z", "0.8"], // 5/10 + 30/100
    ["openai/gpt-5.6-terra", "2026-06-26T00:00:00Z", "0.4"], // 2.5/10 + 15/100
    ["openai/gpt-5.6-luna", "2026-06-26T00:00:00Z", "0.16"], // 1/10 + 6/100
    ["openai/o1", "2024-12-17T00:00:00Z", "2.1"], // 15/10 + 60/100
    ["openai/gpt-4-turbo", "2024-04-09T00:00:00Z", "1.3"], // 10/10 + 30/100
    ["anthropic/claude-opus-4-5", "2025-11-24T00:00:00Z", "0.75"], // 5/10 + 25/100
    ["anthropic/claude-sonnet-4-5", "2025-09-29T00:00:00Z", "0.45"], // 3/10 + 15/100
    ["anthropic/claude-haiku-4-5", "2025-10-15T00:00:00Z", "0.15"], // 1/10 + 5/100
    ["anthropic/claude-sonnet-4-0", "2025-05-22T00:00:00Z", "0.45"], // 3/10 + 15/100
    ["anthropic/claude-opus-4-1", "2025-08-05T00:00:00Z", "2.25"], // 15/10 + 75/100
    ["anthropic/claude-opus-4-6", "2026-03-13T00:00:00Z", "0.75"], // 5/10 + 25/100
    ["anthropic/claude-sonnet-5", "2026-06-30T00:00:00Z", "0.3"], // 2/10 + 10/100
    ["anthropic/claude-sonnet-4-6", "2026-03-13T00:00:00Z", "0.45"], // 3/10 + 15/100
    ["anthropic/claude-opus-4-7", "2026-04-16T00:00:00Z", "0.75"], // 5/10 + 25/100
    ["anthropic/claude-opus-4-8", "2026-05-28T00:00:00Z", "0.75"], // 5/10 + 25/100
    ["anthropic/claude-opus-5", "2026-07-24T00:00:00Z", "0.75"], // 5/10 + 25/100
    ["google/gemini-2.5-pro", "2025-06-17T00:00:00Z", "0.225"], // 1.25/10 + 10/100
    ["google/gemini-2.5-flash", "2025-06-17T00:00:00Z", "0.055"], // 0.3/10 + 2.5/100
    ["google/gemini-2.5-flash-lite", "2025-07-22T00:00:00Z", "0.014"], // 0.1/10 + 0.4/100
    ["google/gemini-2.0-flash", "2025-02-05T00:00:00Z", "0.014"], // 0.1/10 + 0.4/100
    ["google/gemini-3-pro-preview", "2025-11-18T00:00:00Z", "0.32"], // 2/10 + 12/100
    ["google/gemini-3-flash-preview", "2025-12-17T00:00:00Z", "0.08"], // 0.5/10 + 3/100
    ["google/gemini-3.6-flash", "2026-07-21T00:00:00Z", "0.1125"], // 0.75/10 + 3.75/100
    ["google/gemini-3.1-pro-preview", "2026-02-19T00:00:00Z", "0.32"], // 2/10 + 12/100
    ["google/gemini-3.1-flash-lite", "2026-05-07T00:00:00Z", "0.04"], // 0.25/10 + 1.5/100
    ["google/gemini-3.5-flash", "2026-05-19T00:00:00Z", "0.24"], // 1.5/10 + 9/100
    ["google/gemini-3.5-flash-lite", "2026-07-21T00:00:00Z", "0.055"], // 0.3/10 + 2.5/100
    // deepseek-chat and deepseek-reasoner were still served until 15:59 UTC that day (the catalog
    // stops routing to them at 00:00 UTC, see lifecycle.ts); their price on the day is still known.
    ["deepseek/deepseek-chat", "2026-04-26T12:15:00Z", "0.0168"], // 0.14/10 + 0.28/100
    ["deepseek/deepseek-reasoner", "2026-04-26T12:15:00Z", "0.0168"], // 0.14/10 + 0.28/100
    ["deepseek/deepseek-v4-flash", "2026-04-26T12:15:00Z", "0.0168"], // 0.14/10 + 0.28/100
    ["deepseek/deepseek-v4-pro", "2026-04-26T12:15:00Z", "0.0522"], // 0.435/10 + 0.87/100
    ["mistral/mistral-large-2512", "2025-12-02T00:00:00Z", "0.065"], // 0.5/10 + 1.5/100
    ["mistral/mistral-medium-2505", "2025-05-07T00:00:00Z", "0.06"], // 0.4/10 + 2/100
    ["mistral/mistral-small-2506", "2025-06-20T00:00:00Z", "0.013"], // 0.1/10 + 0.3/100
    ["mistral/codestral-2508", "2025-07-30T00:00:00Z", "0.039"], // 0.3/10 + 0.9/100
    ["mistral/ministral-8b-2410", "2024-10-16T00:00:00Z", "0.011"], // 0.1/10 + 0.1/100
    ["mistral/mistral-medium-3.5", "2026-04-29T00:00:00Z", "0.225"], // 1.5/10 + 7.5/100
    ["xai/grok-4-0709", "2025-07-09T00:00:00Z", "0.45"], // 3/10 + 15/100
    ["xai/grok-4-1-fast-reasoning", "2025-11-19T00:00:00Z", "0.025"], // 0.2/10 + 0.5/100
    ["xai/grok-4-1-fast-non-reasoning", "2025-11-19T00:00:00Z", "0.025"], // 0.2/10 + 0.5/100
    ["xai/grok-3-mini", "2025-04-09T00:00:00Z", "0.035"], // 0.3/10 + 0.5/100
    ["xai/grok-code-fast-1", "2025-08-28T00:00:00Z", "0.035"], // 0.2/10 + 1.5/100
    ["xai/grok-4-fast-reasoning", "2025-09-19T00:00:00Z", "0.025"], // 0.2/10 + 0.5/100
    ["xai/grok-4-fast-non-reasoning", "2025-09-19T00:00:00Z", "0.025"], // 0.2/10 + 0.5/100
    ["xai/grok-4.3", "2026-04-30T00:00:00Z", "0.15"], // 1.25/10 + 2.5/100
    ["xai/grok-4.5", "2026-07-08T00:00:00Z", "0.26"], // 2/10 + 6/100
    ["moonshot-intl/kimi-k2-0711-preview", "2025-07-11T00:00:00Z", "0.085"], // 0.6/10 + 2.5/100
    ["moonshot-intl/kimi-k2-0905-preview", "2025-09-05T00:00:00Z", "0.085"], // 0.6/10 + 2.5/100
    ["moonshot-intl/kimi-k2-thinking-turbo", "2025-11-06T00:00:00Z", "0.195"], // 1.15/10 + 8/100
    ["moonshot-intl/kimi-k2-thinking", "2025-11-06T00:00:00Z", "0.085"], // 0.6/10 + 2.5/100
    ["moonshot-intl/kimi-k2.5", "2026-01-27T00:00:00Z", "0.09"], // 0.6/10 + 3/100
  ];

  it("prices exactly the models on sale then", () => {
    expect(pricedAt(at)).toEqual(expected.map(([key]) => key).sort());
  });

  it.each(expected)("%s from %s: %s USD", (key, from, total) => {
    expect(price(key, call, at)).toMatchObject({ from, total, currency: "USD", tier: null });
  });
});

describe("the corrections of issue 12, each by a hand-computed case", () => {
  it("gpt-4o: launched at $5 / $15, $2.50 / $10 once the alias moved to 2024-08-06 (2024-10-02)", () => {
    // 100000×5/1e6 + 10000×15/1e6 = 0.5 + 0.15
    expect(price("openai/gpt-4o", call, "2024-06-01T00:00:00Z").total).toBe("0.65");
    // 100000×2.5/1e6 + 10000×10/1e6 = 0.25 + 0.1
    expect(price("openai/gpt-4o", call, "2024-10-02T00:00:00Z").total).toBe("0.35");
    expect(() => catalog.priceAt("openai/gpt-4o", new Date("2024-05-12T00:00:00Z"))).toThrow();
  });

  it("mistral-small-2506 has its own dated record, not mistral-small-latest's row", () => {
    // 100000×0.1/1e6 + 10000×0.3/1e6 = 0.01 + 0.003
    expect(price("mistral/mistral-small-2506", call, "2025-07-01T00:00:00Z").total).toBe("0.013");
    const [first] = catalog.find("mistral/mistral-small-2506").prices;
    expect(first!.source.url).toContain("small-2506");
    expect(first!.source.url).not.toContain("latest");
  });

  it("grok-4-0709 bills the whole request at $6 / $30 above 128K prompt tokens", () => {
    const at = "2026-01-10T00:00:00Z";
    // at the threshold: 128000×3/1e6 + 10000×15/1e6 = 0.384 + 0.15
    expect(price("xai/grok-4-0709", makeUsage({ input: 128_000, output: 10_000 }), at)).toMatchObject({
      total: "0.534",
      tier: null,
    });
    // above it: 128001×6/1e6 + 10000×30/1e6 = 0.768006 + 0.3
    expect(price("xai/grok-4-0709", makeUsage({ input: 128_001, output: 10_000 }), at)).toMatchObject({
      total: "1.068006",
      tier: 128_000,
    });
  });

  it.each(["xai/grok-4-1-fast-reasoning", "xai/grok-4-1-fast-non-reasoning"])(
    "%s bills $0.40 / $1.00 above 128K prompt tokens",
    (key) => {
      const at = "2026-01-10T00:00:00Z";
      // 100000×0.2/1e6 + 10000×0.5/1e6 = 0.02 + 0.005
      expect(price(key, call, at)).toMatchObject({ total: "0.025", tier: null });
      // 200000×0.4/1e6 + 10000×1/1e6 = 0.08 + 0.01; cache reads keep $0.05: + 50000×0.05/1e6 = 0.0025
      expect(price(key, makeUsage({ input: 200_000, output: 10_000 }), at).total).toBe("0.09");
      expect(price(key, makeUsage({ input: 150_000, cacheRead: 50_000, output: 10_000 }), at)).toMatchObject({
        total: "0.0725", // 150000×0.4/1e6 + 0.0025 + 0.01 = 0.06 + 0.0025 + 0.01
        tier: 128_000,
      });
    },
  );

  it("qwen-turbo keeps the thinking-mode output rate (¥3 / M), the only sourced one", () => {
    // 100000×0.3/1e6 + 10000×3/1e6 = 0.03 + 0.03 CNY — an upper bound for non-thinking calls
    expect(price("qwen/qwen-turbo", call, "2026-10-01T00:00:00Z")).toMatchObject({
      total: "0.06",
      currency: "CNY",
    });
  });

  it("gemini-3.6-flash: $0.75 / $3.75 now (two lists agree), $1.50 / $7.50 from 2027-01-01", () => {
    // 100000×0.75/1e6 + 10000×3.75/1e6 = 0.075 + 0.0375
    expect(price("google/gemini-3.6-flash", call, "2026-10-01T00:00:00Z").total).toBe("0.1125");
    // 100000×1.5/1e6 + 10000×7.5/1e6 = 0.15 + 0.075
    expect(price("google/gemini-3.6-flash", call, "2027-01-01T00:00:00Z").total).toBe("0.225");
  });

  it("limits: gpt-4.1 has a 1,047,576 window; every Gemini Flash model 1,048,576", () => {
    for (const id of ["gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano"]) {
      expect(catalog.find(`openai/${id}`).contextWindow).toBe(1_047_576);
    }
    const flash = catalog.list().filter((m) => m.provider === "google" && m.id.includes("flash"));
    expect(flash.length).toBe(8);
    for (const m of flash) expect(m.contextWindow, m.id).toBe(1_048_576);
  });

  it("claude-opus-4-6: long-context tier from launch until the flat 1M price of 2026-03-13", () => {
    const long = makeUsage({ input: 300_000, output: 10_000 });
    // tier: 300000×10/1e6 + 10000×37.5/1e6 = 3 + 0.375
    expect(price("anthropic/claude-opus-4-6", long, "2026-03-01T00:00:00Z").total).toBe("3.375");
    // flat: 300000×5/1e6 + 10000×25/1e6 = 1.5 + 0.25
    expect(price("anthropic/claude-opus-4-6", long, "2026-03-13T00:00:00Z").total).toBe("1.75");
  });

  it("new models: gpt-5.6-luna's 80% cut on 2026-07-30, grok-4.3's tier above 200K", () => {
    // 100000×1/1e6 + 10000×6/1e6 = 0.1 + 0.06; after: 100000×0.2/1e6 + 10000×1.2/1e6 = 0.02 + 0.012
    expect(price("openai/gpt-5.6-luna", call, "2026-07-29T00:00:00Z").total).toBe("0.16");
    expect(price("openai/gpt-5.6-luna", call, "2026-07-30T00:00:00Z").total).toBe("0.032");
    // 300000×2.5/1e6 + 10000×5/1e6 = 0.75 + 0.05
    expect(
      price("xai/grok-4.3", makeUsage({ input: 300_000, output: 10_000 }), "2026-10-01T00:00:00Z"),
    ).toMatchObject({ total: "0.8", tier: 200_000 });
  });
});
