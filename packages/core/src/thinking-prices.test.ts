import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { costOf } from "./cost-of";
import { ValidationError } from "./errors";
import { ModelEntrySchema } from "./model";
import { moneyToDecimal } from "./money";
import { priceInForce, resolveRates, thinkingModeFor } from "./price-in-force";
import { PriceVersionSchema } from "./price-version";
import { makeUsage } from "./usage";
import { parseWith } from "./validate";

const src = { url: "https://example.test/pricing", asOf: "2026-09-27" };
const at = new Date("2026-10-01T00:00:00Z");

// qwen-plus on Model Studio (China), CNY per million tokens, as recorded by model-bank: input bands
// 0–128K / 128K–256K / 256K+, output 2 / 20 / 48 non-thinking and 8 / 24 / 64 thinking.
const qwenPlusVersion = PriceVersionSchema.parse({
  currency: "CNY",
  effectiveFrom: "2026-09-27T00:00:00Z",
  input: "0.8",
  output: "2",
  cacheRead: "0.16",
  thinking: { output: "8" },
  defaultMode: "non-thinking",
  tiers: [
    { aboveInputTokens: 128_000, input: "2.4", output: "20", cacheRead: "0.48", thinking: { output: "24" } },
    { aboveInputTokens: 256_000, input: "4.8", output: "48", cacheRead: "0.96", thinking: { output: "64" } },
  ],
  source: src,
});

const model = {
  provider: "qwen",
  id: "qwen-plus",
  api: "openai",
  contextWindow: 1_000_000,
  maxOutput: 32_768,
  capabilities: { tools: true, vision: false, structuredOutput: true, streaming: true, reasoning: true },
  tokenizer: "qwen",
  prices: [qwenPlusVersion],
};

describe("thinking-mode prices", () => {
  it("prices a call in each mode (hand-computed)", () => {
    // 10,000 input, 2,000 cached, 1,000 output, 3,000 reasoning at ≤128K:
    // non-thinking: 10,000×0.8 + 2,000×0.16 + 4,000×2 = 8,000 + 320 + 8,000 = 16,320 CNY/M = 0.01632 CNY
    // thinking:     10,000×0.8 + 2,000×0.16 + 4,000×8 = 8,000 + 320 + 32,000 = 40,320 CNY/M = 0.04032 CNY
    const usage = makeUsage({ input: 10_000, cacheRead: 2_000, output: 1_000, reasoning: 3_000 });
    const off = costOf(usage, qwenPlusVersion, { at, mode: "non-thinking" });
    const on = costOf(usage, qwenPlusVersion, { at, mode: "thinking" });
    expect(moneyToDecimal(off.total)).toBe("0.01632");
    expect(moneyToDecimal(on.total)).toBe("0.04032");
    expect(off.mode).toBe("non-thinking");
    expect(on.mode).toBe("thinking");
    // Reasoning is billed at the mode's output rate (no separate reasoning price).
    expect(moneyToDecimal(on.parts.reasoning)).toBe("0.024");
  });

  it("uses the version's default mode when the call does not say", () => {
    // 100,000×0.8 + 1,000,000×2 = 80,000 + 2,000,000 = 2,080,000 /M = 2.08 CNY
    const usage = makeUsage({ input: 100_000, output: 1_000_000 });
    const cost = costOf(usage, qwenPlusVersion, { at });
    expect(cost.mode).toBe("non-thinking");
    expect(moneyToDecimal(cost.total)).toBe("2.08");
  });

  it("applies each tier's own thinking prices (the tier reprices the whole request)", () => {
    // 200,000 prompt tokens: the 128K tier. Thinking output 24, input 2.4.
    // 200,000×2.4 + 1,000×24 = 480,000 + 24,000 = 504,000 /M = 0.504 CNY
    const usage = makeUsage({ input: 200_000, output: 1_000 });
    expect(moneyToDecimal(costOf(usage, qwenPlusVersion, { at, mode: "thinking" }).total)).toBe("0.504");
    // Non-thinking: 480,000 + 20,000 = 0.5 CNY
    expect(moneyToDecimal(costOf(usage, qwenPlusVersion, { at, mode: "non-thinking" }).total)).toBe("0.5");
    const rates = resolveRates(qwenPlusVersion, { at, promptTokens: 300_000, mode: "thinking" });
    expect(rates.tier).toBe(256_000);
    expect(rates.output).toBe(64_000_000_000_000n);
    expect(rates.input).toBe(4_800_000_000_000n);
  });

  it("ignores the mode for versions that do not price modes apart", () => {
    const flat = PriceVersionSchema.parse({
      currency: "USD",
      effectiveFrom: "2026-01-01T00:00:00Z",
      input: "1",
      output: "2",
      source: src,
    });
    const cost = costOf(makeUsage({ output: 1_000_000 }), flat, { at, mode: "thinking" });
    expect(cost.mode).toBeNull();
    expect(moneyToDecimal(cost.total)).toBe("2");
  });

  it("composes with a multiplier window", () => {
    const version = PriceVersionSchema.parse({
      ...qwenPlusVersion,
      tiers: undefined,
      windows: [
        { name: "night", timezone: "UTC", days: ["thu"], start: "00:00", end: "06:00", multiplier: "0.5" },
      ],
    });
    // 2026-10-01 is a Thursday: 1M thinking output at 8 × 0.5 = 4 CNY
    expect(
      moneyToDecimal(costOf(makeUsage({ output: 1_000_000 }), version, { at, mode: "thinking" }).total),
    ).toBe("4");
  });

  it("maps the request's reasoning setting to a mode", () => {
    const withSwitch = { thinkingSwitch: "enable_thinking" as const };
    expect(thinkingModeFor(withSwitch, "low")).toBe("thinking");
    expect(thinkingModeFor(withSwitch, "high")).toBe("thinking");
    expect(thinkingModeFor(withSwitch, undefined)).toBeUndefined();
    // "none" asks for the non-thinking mode (a model whose default is thinking can be switched off).
    expect(thinkingModeFor({ thinkingSwitch: "thinking-type" }, "none")).toBe("non-thinking");
    expect(thinkingModeFor({}, "none")).toBeUndefined();
    // A model without a switch always answers in its default mode.
    expect(thinkingModeFor({}, "high")).toBeUndefined();
  });

  it("rejects incomplete thinking prices with paths", () => {
    const bad = {
      currency: "CNY",
      effectiveFrom: "2026-09-27T00:00:00Z",
      input: "0.8",
      output: "2",
      thinking: { output: "8" },
      tiers: [{ aboveInputTokens: 128_000, input: "2.4", output: "20" }],
      windows: [
        {
          name: "w",
          timezone: "UTC",
          days: ["mon"],
          start: "00:00",
          end: "01:00",
          prices: { input: "1", output: "1" },
        },
      ],
      source: src,
    };
    try {
      parseWith(PriceVersionSchema, bad, "test");
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error)).toBe(true);
      const paths = (error as ValidationError).issues.map((i) => i.path.join("."));
      expect(paths).toEqual(expect.arrayContaining(["defaultMode", "tiers.0.thinking", "windows.0.prices"]));
    }
    const empty = PriceVersionSchema.safeParse({ ...qwenPlusVersion, thinking: {} });
    expect(empty.success).toBe(false);
    const orphan = PriceVersionSchema.safeParse({ ...qwenPlusVersion, thinking: undefined });
    expect(orphan.success).toBe(false);
    expect(orphan.error?.issues.map((i) => i.path.join("."))).toEqual(
      expect.arrayContaining(["defaultMode", "tiers.0.thinking", "tiers.1.thinking"]),
    );
  });
});

describe("thinking-mode prices: properties", () => {
  const dec = fc.integer({ min: 0, max: 50_000 }).map((n) => (n / 1000).toString());
  const usageArb = fc.record({
    input: fc.nat(400_000),
    cacheRead: fc.nat(50_000),
    output: fc.nat(50_000),
    reasoning: fc.nat(50_000),
  });
  it("a mode's cost is the cost of the version with that mode's prices written in (tiers included)", () => {
    fc.assert(
      fc.property(usageArb, dec, dec, dec, dec, (u, out, thinkOut, tierOut, tierThinkOut) => {
        const version = PriceVersionSchema.parse({
          currency: "USD",
          effectiveFrom: "2026-01-01T00:00:00Z",
          input: "1",
          output: out,
          thinking: { output: thinkOut },
          defaultMode: "non-thinking",
          tiers: [
            { aboveInputTokens: 128_000, input: "2", output: tierOut, thinking: { output: tierThinkOut } },
          ],
          source: src,
        });
        const flat = (o: string, t: string) =>
          PriceVersionSchema.parse({
            currency: "USD",
            effectiveFrom: "2026-01-01T00:00:00Z",
            input: "1",
            output: o,
            tiers: [{ aboveInputTokens: 128_000, input: "2", output: t }],
            source: src,
          });
        const usage = makeUsage(u);
        const on = costOf(usage, version, { at, mode: "thinking" });
        const off = costOf(usage, version, { at, mode: "non-thinking" });
        expect(on.total.atto).toBe(costOf(usage, flat(thinkOut, tierThinkOut), { at }).total.atto);
        expect(off.total.atto).toBe(costOf(usage, flat(out, tierOut), { at }).total.atto);
        // The default mode is the non-thinking one here; parts still sum to the total.
        expect(costOf(usage, version, { at }).total.atto).toBe(off.total.atto);
        expect(Object.values(on.parts).reduce((a, p) => a + p.atto, 0n)).toBe(on.total.atto);
      }),
      { numRuns: 200 },
    );
  });
});

describe("model entry: input limit and API id", () => {
  it("accepts maxInputTokens within the context window and refuses one above it", () => {
    const ok = ModelEntrySchema.parse({ ...model, contextWindow: 400_000, maxInputTokens: 272_000 });
    expect(ok.maxInputTokens).toBe(272_000);
    const bad = ModelEntrySchema.safeParse({ ...model, contextWindow: 400_000, maxInputTokens: 400_001 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["maxInputTokens"]);
    expect(bad.error?.issues[0]?.message).toContain("400001 is above the context window 400000");
  });

  it("keeps the API id apart from the catalog id", () => {
    const entry = ModelEntrySchema.parse({
      ...model,
      provider: "doubao",
      id: "doubao-seed-2.0-pro",
      apiId: "doubao-seed-2-0-pro-260215",
    });
    expect(entry.id).toBe("doubao-seed-2.0-pro");
    expect(entry.apiId).toBe("doubao-seed-2-0-pro-260215");
    expect(ModelEntrySchema.safeParse({ ...model, apiId: "" }).success).toBe(false);
  });

  it("prices the model in force with its thinking switch", () => {
    const entry = ModelEntrySchema.parse({ ...model, thinkingSwitch: "enable_thinking" });
    const version = priceInForce(entry, at);
    const usage = makeUsage({ input: 1_000, output: 1_000 });
    const asked = costOf(usage, version, { at, mode: thinkingModeFor(entry, "medium") });
    const plain = costOf(usage, version, { at, mode: thinkingModeFor(entry, undefined) });
    // 1,000×0.8 + 1,000×8 = 8,800 /M; 1,000×0.8 + 1,000×2 = 2,800 /M
    expect(moneyToDecimal(asked.total)).toBe("0.0088");
    expect(moneyToDecimal(plain.total)).toBe("0.0028");
    expect(ModelEntrySchema.safeParse({ ...model, thinkingSwitch: "on" }).success).toBe(false);
  });
});
