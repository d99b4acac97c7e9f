import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors";
import { type ModelEntryInput, ModelEntrySchema } from "./model";
import {
  gapOfWinRate,
  qualityInForce,
  qualityLowerBound,
  qualityVersionInForce,
  ratingSigma,
  winRateOfGap,
  Z95,
} from "./quality-in-force";
import { parseWith } from "./validate";

const base: ModelEntryInput = {
  provider: "acme",
  id: "acme-chat",
  api: "openai",
  contextWindow: 128_000,
  maxOutput: 8192,
  capabilities: { tools: true, vision: false, structuredOutput: true, streaming: true, reasoning: false },
  tokenizer: "cl100k_base",
  prices: [
    {
      currency: "USD",
      effectiveFrom: "2025-01-01T00:00:00Z",
      input: "1",
      output: "2",
      source: { url: "https://acme.example", asOf: "2025-01-01" },
    },
  ],
};

const alias = parseWith(
  ModelEntrySchema,
  {
    ...base,
    quality: { general: { score: 0.7, source: "v2 rating" } },
    qualityVersions: [
      {
        effectiveFrom: "2025-06-01T00:00:00Z",
        servedModel: "acme-v2",
        scores: {
          general: { score: 0.7, low: 0.68, high: 0.72, source: "v2 rating", servedModel: "acme-v2" },
          code: { score: 0.75, source: "v2 coding rating", servedModel: "acme-v2" },
        },
      },
      {
        effectiveFrom: "2025-01-01T00:00:00Z",
        servedModel: "acme-v1",
        scores: {
          general: { score: 0.55, low: 0.5, high: 0.6, source: "v1 rating", servedModel: "acme-v1" },
        },
      },
    ],
  },
  "alias",
);

describe("qualityInForce", () => {
  it("scores an alias as the model it served at the instant", () => {
    expect(qualityInForce(alias, new Date("2025-03-01T00:00:00Z"), "general")?.servedModel).toBe("acme-v1");
    expect(qualityInForce(alias, new Date("2025-03-01T00:00:00Z"), "general")?.score).toBe(0.55);
    expect(qualityInForce(alias, new Date("2025-06-01T00:00:00Z"), "general")?.servedModel).toBe("acme-v2");
    expect(qualityInForce(alias, new Date("2026-01-01T00:00:00Z"), "general")?.versionFrom).toBe(
      "2025-06-01T00:00:00Z",
    );
    expect(qualityVersionInForce(alias, new Date("2025-05-31T23:59:59Z"))?.servedModel).toBe("acme-v1");
  });

  it("has no quality before the first dated version rather than a later model's", () => {
    expect(qualityInForce(alias, new Date("2024-12-31T23:59:59Z"), "general")).toBeUndefined();
  });

  it("falls back to general for a kind the source does not rate, and says so", () => {
    const math = qualityInForce(alias, new Date("2025-07-01T00:00:00Z"), "math")!;
    expect(math).toMatchObject({ score: 0.7, taskKind: "math", fromKind: "general", prior: false });
    const code = qualityInForce(alias, new Date("2025-07-01T00:00:00Z"), "code")!;
    expect(code).toMatchObject({ score: 0.75, fromKind: "code" });
  });

  it("reads the undated quality of a model without versions, and flags priors", () => {
    const plain = parseWith(
      ModelEntrySchema,
      {
        ...base,
        quality: { general: { score: 0.6, low: 0.4, high: 0.75, source: "prior", rule: "sibling − 50" } },
      },
      "plain",
    );
    const q = qualityInForce(plain, new Date("2020-01-01T00:00:00Z"), "chinese")!;
    expect(q).toMatchObject({ score: 0.6, prior: true, rule: "sibling − 50", versionFrom: undefined });
    expect(qualityInForce(parseWith(ModelEntrySchema, base, "base"), new Date(), "general")).toBeUndefined();
  });

  it("rejects a prior without its rule and duplicate version instants, naming the path", () => {
    expect(() =>
      parseWith(ModelEntrySchema, { ...base, quality: { general: { score: 0.5, source: "prior" } } }, "m"),
    ).toThrow(/quality\.general\.rule: a prior/);
    const dup = {
      ...base,
      qualityVersions: [
        { effectiveFrom: "2025-01-01T00:00:00Z", scores: {} },
        { effectiveFrom: "2025-01-01T00:00:00.000Z", scores: {} },
      ],
    };
    expect(() => parseWith(ModelEntrySchema, dup, "dup")).toThrow(ValidationError);
    expect(() => parseWith(ModelEntrySchema, dup, "dup")).toThrow(/qualityVersions\.1\.effectiveFrom/);
  });
});

describe("confidence bounds on the rating scale", () => {
  it("maps win rates to rating gaps and back", () => {
    expect(gapOfWinRate(0.5)).toBe(0);
    expect(winRateOfGap(gapOfWinRate(0.73))).toBeCloseTo(0.73, 12);
    expect(winRateOfGap(400)).toBeCloseTo(10 / 11, 12);
  });

  it("gives the point estimate at z = 0 and the interval's low end at z = 1.96", () => {
    // A symmetric interval in rating points: 100 ± 20 Elo over the reference.
    const score = { score: winRateOfGap(100), low: winRateOfGap(80), high: winRateOfGap(120) };
    expect(ratingSigma(score)).toBeCloseTo(40 / (2 * Z95), 9);
    expect(qualityLowerBound(score, 0)).toBe(score.score);
    expect(qualityLowerBound(score, Z95)).toBeCloseTo(score.low, 9);
    const oneSided95 = qualityLowerBound(score, 1.6448536269514722);
    expect(oneSided95).toBeLessThan(score.score);
    expect(oneSided95).toBeGreaterThan(score.low);
    // No interval: no spread.
    expect(qualityLowerBound({ score: 0.6 }, Z95)).toBe(0.6);
  });
});
