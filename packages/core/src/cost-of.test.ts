import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COST_PARTS, costOf } from "./cost-of";
import { convertMoney, type FxRate } from "./fx";
import { moneyFromDecimal, moneyToDecimal } from "./money";
import { type PriceVersion, PriceVersionSchema } from "./price-version";
import { addUsage, makeUsage, type Usage, usageFromAnthropic, usageFromOpenAI } from "./usage";

const at = new Date("2026-11-27T12:00:00Z");
const src = { url: "https://example.test/pricing", asOf: "2026-11-01" };

const version = (input: Record<string, unknown>): PriceVersion =>
  PriceVersionSchema.parse({ currency: "USD", effectiveFrom: "2026-01-01T00:00:00Z", source: src, ...input });

const usageArb = fc.record({
  input: fc.nat(2_000_000),
  cacheRead: fc.nat(2_000_000),
  cacheWrite: fc.nat(200_000),
  cacheWrite1h: fc.nat(200_000),
  output: fc.nat(200_000),
  reasoning: fc.nat(200_000),
});
const decimalArb = fc
  .tuple(fc.nat(200), fc.nat(999_999))
  .map(([whole, frac]) => `${whole}.${String(frac).padStart(6, "0")}`);
const priceArb = fc
  .record({
    input: decimalArb,
    output: decimalArb,
    cacheRead: decimalArb,
    cacheWrite: decimalArb,
    cacheWrite1h: decimalArb,
    reasoning: decimalArb,
    perRequest: decimalArb,
  })
  .map((p) => version(p));
const kinds = ["input", "cacheRead", "cacheWrite", "cacheWrite1h", "output", "reasoning"] as const;

describe("costOf: properties", () => {
  it("is monotone in every token count", () => {
    fc.assert(
      fc.property(
        usageArb,
        priceArb,
        fc.constantFrom(...kinds),
        fc.nat(100_000),
        (usage, price, kind, extra) => {
          const more: Usage = { ...usage, [kind]: usage[kind] + extra };
          expect(costOf(more, price, { at }).total.atto >= costOf(usage, price, { at }).total.atto).toBe(
            true,
          );
        },
      ),
    );
  });

  it("is monotone across tier thresholds when tiers are dearer", () => {
    const tiered = version({
      input: "1.2",
      output: "6",
      tiers: [
        { aboveInputTokens: 32_000, input: "2.4", output: "24" },
        { aboveInputTokens: 128_000, input: "3", output: "30" },
      ],
    });
    fc.assert(
      fc.property(fc.nat(300_000), fc.nat(50_000), fc.nat(5_000), (input, extra, output) => {
        const a = costOf(makeUsage({ input, output }), tiered, { at }).total.atto;
        const b = costOf(makeUsage({ input: input + extra, output }), tiered, { at }).total.atto;
        expect(b >= a).toBe(true);
      }),
    );
  });

  it("keeps parts summing exactly to the total, and per-call costs sum exactly", () => {
    fc.assert(
      fc.property(fc.array(usageArb, { minLength: 1, maxLength: 20 }), priceArb, (calls, price) => {
        let sum = 0n;
        for (const usage of calls) {
          const cost = costOf(usage, price, { at });
          const parts = COST_PARTS.reduce((acc, p) => acc + cost.parts[p].atto, 0n);
          expect(parts).toBe(cost.total.atto);
          sum += cost.total.atto;
        }
        // Without tiers, the cost of the summed usage equals the sum of per-call costs less the extra fees.
        const merged = calls.reduce(addUsage);
        const mergedCost = costOf(merged, price, { at, perRequest: false }).total.atto;
        const fees = BigInt(calls.length) * costOf(makeUsage(), price, { at }).total.atto;
        expect(mergedCost + fees).toBe(sum);
      }),
    );
  });

  it("switches a tier exactly at its threshold (strictly above)", () => {
    const tiered = version({
      input: "0.8",
      output: "2",
      tiers: [{ aboveInputTokens: 32_000, input: "2.4", output: "6" }],
    });
    fc.assert(
      fc.property(fc.nat(1_000_000), (promptTokens) => {
        const cost = costOf(makeUsage({ input: promptTokens }), tiered, { at });
        expect(cost.tier).toBe(promptTokens > 32_000 ? 32_000 : null);
      }),
    );
    const split = (u: Partial<Usage>) => costOf(makeUsage(u), tiered, { at }).tier;
    expect(split({ input: 32_000 })).toBeNull();
    expect(split({ input: 32_001 })).toBe(32_000);
    // Cached and cache-write tokens count toward the threshold: the whole prompt decides.
    expect(split({ input: 1, cacheRead: 32_000 })).toBe(32_000);
    expect(split({ input: 0, cacheRead: 31_000, cacheWrite: 1_000 })).toBeNull();
  });
});

describe("FX", () => {
  const rate: FxRate = { base: "CNY", quote: "USD", rate: "0.140845", date: "2026-11-02", source: "test" };
  it("CNY → USD → CNY at a stated rate round-trips exactly", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), (micro) => {
        // Costs from prices with ≤ 6 decimals per million tokens are multiples of 10^6 atto.
        const cny = { currency: "CNY", atto: micro * 10n ** 6n };
        const usd = convertMoney(cny, "USD", rate, true);
        expect(usd.fx.exact).toBe(true);
        const back = convertMoney(usd.money, "CNY", rate, false);
        expect(back.money).toEqual(cny);
        expect(back.fx.exact).toBe(true);
      }),
    );
  });
  it("names the rate and rounds half to even when inexact", () => {
    const inverse = convertMoney(moneyFromDecimal("1", "USD"), "CNY", rate, false);
    expect(inverse.fx.rate.date).toBe("2026-11-02");
    expect(inverse.fx.exact).toBe(false);
    expect(moneyToDecimal(inverse.money)).toBe("7.100003550001775001");
  });
  it("converts each part and keeps the total the sum of converted parts", () => {
    const cny = PriceVersionSchema.parse({
      currency: "CNY",
      effectiveFrom: "2026-01-01T00:00:00Z",
      input: "2",
      output: "8",
      cacheRead: "0.5",
      source: src,
    });
    const fx = { rates: [{ base: "USD", quote: "CNY", rate: "7.0833", date: "2026-11-02", source: "test" }] };
    const cost = costOf(makeUsage({ input: 12_345, cacheRead: 1_000, output: 777 }), cny, {
      at,
      currency: "USD",
      fx,
    });
    expect(cost.currency).toBe("USD");
    expect(cost.fx?.rate.rate).toBe("7.0833");
    expect(COST_PARTS.reduce((a, p) => a + cost.parts[p].atto, 0n)).toBe(cost.total.atto);
    expect(() => costOf(makeUsage({ input: 1 }), cny, { at, currency: "USD" })).toThrow(
      /No FX rate from CNY to USD/,
    );
  });
});

describe("provider-documented usage, priced", () => {
  it("Anthropic: cache_creation and cache_read tokens are priced at their own rates, input excludes them", () => {
    // Shape from Anthropic's prompt-caching docs: input_tokens excludes cache reads and writes.
    const usage = usageFromAnthropic({
      input_tokens: 21,
      cache_creation_input_tokens: 188_086,
      cache_read_input_tokens: 0,
      output_tokens: 393,
    });
    expect(usage).toEqual({
      input: 21,
      cacheRead: 0,
      cacheWrite: 188_086,
      cacheWrite1h: 0,
      output: 393,
      reasoning: 0,
    });
    const read = usageFromAnthropic({
      input_tokens: 21,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 188_086,
      output_tokens: 393,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    });
    // Claude Sonnet 4.5 list prices per million: input 3, output 15, cache read 0.30, 5m write 3.75, 1h write 6.
    const sonnet = version({
      input: "3",
      output: "15",
      cacheRead: "0.3",
      cacheWrite: "3.75",
      cacheWrite1h: "6",
    });
    const write = costOf(usage, sonnet, { at });
    expect(moneyToDecimal(write.parts.input)).toBe("0.000063");
    expect(moneyToDecimal(write.parts.cacheWrite)).toBe("0.7053225");
    expect(moneyToDecimal(write.parts.output)).toBe("0.005895");
    expect(moneyToDecimal(write.total)).toBe("0.7112805");
    expect(moneyToDecimal(costOf(read, sonnet, { at }).total)).toBe("0.0623838");
    const split = usageFromAnthropic({
      input_tokens: 10,
      cache_creation_input_tokens: 3_000,
      cache_creation: { ephemeral_5m_input_tokens: 1_000, ephemeral_1h_input_tokens: 2_000 },
      output_tokens: 5,
    });
    expect(split).toMatchObject({ cacheWrite: 1_000, cacheWrite1h: 2_000 });
    expect(moneyToDecimal(costOf(split, sonnet, { at }).total)).toBe("0.015855");
  });

  it("OpenAI: cached_tokens inside prompt_tokens and reasoning_tokens inside completion_tokens count once", () => {
    // Shape from OpenAI's chat completions reference (usage object with details).
    const usage = usageFromOpenAI({
      prompt_tokens: 2_006,
      completion_tokens: 300,
      total_tokens: 2_306,
      prompt_tokens_details: { cached_tokens: 1_920 },
      completion_tokens_details: { reasoning_tokens: 192 },
    });
    expect(usage).toEqual({
      input: 86,
      cacheRead: 1_920,
      cacheWrite: 0,
      cacheWrite1h: 0,
      output: 108,
      reasoning: 192,
    });
    // o4-mini list prices per million: input 1.10, cached input 0.275, output 4.40.
    const o4mini = version({ input: "1.1", output: "4.4", cacheRead: "0.275" });
    const cost = costOf(usage, o4mini, { at });
    expect(moneyToDecimal(cost.parts.input)).toBe("0.0000946");
    expect(moneyToDecimal(cost.parts.cacheRead)).toBe("0.000528");
    expect(moneyToDecimal(cost.parts.output)).toBe("0.0004752");
    expect(moneyToDecimal(cost.parts.reasoning)).toBe("0.0008448");
    expect(moneyToDecimal(cost.total)).toBe("0.0019426");
    expect(cost.fallbacks).toEqual(["cacheWrite→input", "cacheWrite1h→cacheWrite", "reasoning→output"]);
  });

  it("DeepSeek's own prompt_cache_hit_tokens field is read when cached_tokens is absent", () => {
    expect(
      usageFromOpenAI({ prompt_tokens: 100, completion_tokens: 10, prompt_cache_hit_tokens: 64 }),
    ).toMatchObject({
      input: 36,
      cacheRead: 64,
    });
  });
});
