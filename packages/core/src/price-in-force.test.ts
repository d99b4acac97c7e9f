import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { costOf } from "./cost-of";
import { PriceUnavailableError, ValidationError } from "./errors";
import { ModelEntrySchema, ModelTableSchema } from "./model";
import { moneyToDecimal } from "./money";
import { priceInForce, resolveRates } from "./price-in-force";
import { PriceVersionSchema } from "./price-version";
import { isInWindow } from "./time-window";
import { makeUsage } from "./usage";
import { parseWith } from "./validate";

const src = { url: "https://example.test/pricing", asOf: "2026-11-01" };
const base = { currency: "USD", effectiveFrom: "2026-01-01T00:00:00Z", input: "1", output: "2", source: src };

describe("time windows", () => {
  const utcWindow = {
    name: "off-peak",
    timezone: "UTC",
    days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const,
  };

  it("switches at the exact instant, including windows that run past midnight", () => {
    const w = { ...utcWindow, days: [...utcWindow.days], start: "16:30", end: "00:30" };
    expect(isInWindow(w, new Date("2026-03-02T16:29:59.999Z"))).toBe(false);
    expect(isInWindow(w, new Date("2026-03-02T16:30:00.000Z"))).toBe(true);
    expect(isInWindow(w, new Date("2026-03-03T00:29:59.999Z"))).toBe(true);
    expect(isInWindow(w, new Date("2026-03-03T00:30:00.000Z"))).toBe(false);
  });

  it("follows wall-clock time in its own zone across DST changes", () => {
    const ny = {
      name: "business",
      timezone: "America/New_York",
      days: ["sun" as const],
      start: "09:00",
      end: "17:00",
    };
    // 2026-03-08: US DST starts at 02:00 local; 09:00 EDT = 13:00Z (a week earlier 09:00 EST = 14:00Z).
    expect(isInWindow(ny, new Date("2026-03-08T12:59:59.999Z"))).toBe(false);
    expect(isInWindow(ny, new Date("2026-03-08T13:00:00.000Z"))).toBe(true);
    expect(isInWindow(ny, new Date("2026-03-01T13:59:59.999Z"))).toBe(false);
    expect(isInWindow(ny, new Date("2026-03-01T14:00:00.000Z"))).toBe(true);
    // 2026-11-01: DST ends; 17:00 EST = 22:00Z.
    expect(isInWindow(ny, new Date("2026-11-01T21:59:59.999Z"))).toBe(true);
    expect(isInWindow(ny, new Date("2026-11-01T22:00:00.000Z"))).toBe(false);
  });

  it("agrees with a direct wall-clock computation at any instant (property)", () => {
    const w = {
      name: "w",
      timezone: "Asia/Shanghai",
      days: ["mon" as const, "wed" as const],
      start: "08:15",
      end: "19:45",
    };
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }), (t) => {
        const at = new Date(t);
        const local = new Date(t + 8 * 3600_000); // Shanghai has no DST: UTC+8.
        const dow = (local.getUTCDay() + 6) % 7;
        const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
        const expected = (dow === 0 || dow === 2) && minute >= 495 && minute < 1185;
        expect(isInWindow(w, at)).toBe(expected);
      }),
    );
  });

  it("prices by multiplier or by explicit prices inside the window", () => {
    const version = PriceVersionSchema.parse({
      ...base,
      input: "0.27",
      output: "1.1",
      cacheRead: "0.07",
      windows: [{ ...utcWindow, days: [...utcWindow.days], start: "16:30", end: "00:30", multiplier: "0.5" }],
    });
    const usage = makeUsage({ input: 1_000_000, cacheRead: 1_000_000, output: 1_000_000 });
    const peak = costOf(usage, version, { at: new Date("2026-03-02T12:00:00Z") });
    const off = costOf(usage, version, { at: new Date("2026-03-02T17:00:00Z") });
    expect(moneyToDecimal(peak.total)).toBe("1.44");
    expect(peak.window).toBeNull();
    expect(moneyToDecimal(off.total)).toBe("0.72");
    expect(off.window).toBe("off-peak");
  });
});

describe("priceInForce", () => {
  const model = ModelEntrySchema.parse({
    provider: "p",
    id: "m",
    api: "openai",
    contextWindow: 128_000,
    maxOutput: 8_192,
    capabilities: { tools: true, vision: false, structuredOutput: true, streaming: true, reasoning: false },
    tokenizer: "o200k_base",
    prices: [
      { ...base, effectiveFrom: "2026-03-17T00:00:00Z", input: "1.34" },
      { ...base, effectiveFrom: "2025-01-01T00:00:00Z" },
    ],
  });

  it("picks the newest version effective at the instant, to the millisecond", () => {
    expect(priceInForce(model, new Date("2026-03-16T23:59:59.999Z")).input).toBe("1");
    expect(priceInForce(model, new Date("2026-03-17T00:00:00.000Z")).input).toBe("1.34");
  });

  it("throws a typed error before the first version", () => {
    expect(() => priceInForce(model, new Date("2024-12-31T00:00:00Z"))).toThrow(PriceUnavailableError);
  });

  it("falls back to named rates for components a version does not price", () => {
    const rates = resolveRates(PriceVersionSchema.parse(base), { at: new Date(), promptTokens: 10 });
    expect(rates.cacheRead).toBe(rates.input);
    expect(rates.fallbacks).toContain("cacheRead→input");
  });
});

describe("validation of price tables", () => {
  const issuesOf = (data: unknown) => {
    try {
      parseWith(ModelTableSchema, data, "prices.json");
    } catch (error) {
      if (error instanceof ValidationError) return error;
      throw error;
    }
    throw new Error("expected a ValidationError");
  };
  const entry = (prices: Record<string, unknown>, id = "m") => ({
    provider: "p",
    id,
    api: "openai",
    contextWindow: 1000,
    maxOutput: 100,
    capabilities: { tools: false, vision: false, structuredOutput: false, streaming: true, reasoning: false },
    tokenizer: "o200k_base",
    prices: [{ ...base, ...prices }],
  });

  it("rejects a negative price with its path and value", () => {
    const error = issuesOf([entry({ output: "-2" })]);
    expect(error.issues[0]).toMatchObject({ path: [0, "prices", 0, "output"], value: "-2" });
    expect(error.message).toMatch(/prices\.json: 0\.prices\.0\.output: must not be negative/);
  });
  it("rejects an unknown currency", () => {
    expect(issuesOf([entry({ currency: "XYZ" })]).message).toMatch(
      /0\.prices\.0\.currency: unknown currency.*"XYZ"/,
    );
  });
  it("rejects an unparsable effectiveFrom", () => {
    expect(issuesOf([entry({ effectiveFrom: "next tuesday" })]).message).toMatch(
      /effectiveFrom: must be an ISO 8601/,
    );
    expect(issuesOf([entry({ effectiveFrom: "2026-02-30T00:00:00" })]).message).toMatch(/effectiveFrom/);
  });
  it("rejects overlapping windows", () => {
    const w = { timezone: "UTC", days: ["mon"], multiplier: "0.5" };
    const error = issuesOf([
      entry({
        windows: [
          { ...w, name: "a", start: "10:00", end: "12:00" },
          { ...w, name: "b", start: "11:59", end: "13:00" },
        ],
      }),
    ]);
    expect(error.message).toMatch(/windows\.1: window "b" overlaps window "a"/);
  });
  it("rejects duplicate model ids", () => {
    expect(issuesOf([entry({}), entry({})]).message).toMatch(/1\.id: duplicate model id "p\/m"/);
  });
  it("rejects a tier below zero", () => {
    const error = issuesOf([entry({ tiers: [{ aboveInputTokens: -1, input: "2", output: "4" }] })]);
    expect(error.message).toMatch(/tiers\.0\.aboveInputTokens: tier threshold must not be below zero/);
  });
});
