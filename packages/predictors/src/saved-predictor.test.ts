import { ValidationError } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import type { TrainingExample } from "./logistic-predictor";
import { loadPredictor, trainPredictor } from "./saved-predictor";

/** Arithmetic the small model gets wrong, greetings it gets right; the large model is right on both. */
function examples(n: number): TrainingExample[] {
  return Array.from({ length: n }, (_, i) => {
    const math = i % 2 === 0;
    return {
      prompt: math ? `Compute ${i} * ${i + 3} + 17 = ?` : `Say hello to guest number ${i} politely.`,
      scores: { "x/small": math ? (i % 10 === 0 ? 1 : 0) : 1, "x/large": i % 7 === 0 ? 0 : 1 },
    };
  });
}

describe("trainPredictor / loadPredictor", () => {
  const trained = trainPredictor(examples(400), {
    source: "synthetic.jsonl",
    features: { bits: 12 },
    now: () => new Date("2026-11-30T00:00:00Z"),
  });

  it("holds a grouped quarter back as calibration data and records what it trained on", () => {
    const json = trained.toJSON();
    expect(json.format).toBe("tokenwise.predictor/v1");
    expect(json.predictor.format).toBe("tokenwise.ensemble-predictor/v1");
    expect(json.trainedOn).toStrictEqual({
      examples: 300,
      source: "synthetic.jsonl",
      at: "2026-11-30T00:00:00.000Z",
    });
    expect(json.calibration?.prompts).toBe(100);
    expect(trained.name).toBe("ensemble@synthetic.jsonl");
  });

  it("round-trips through JSON text: same predictions, same operating point", () => {
    const loaded = loadPredictor(JSON.parse(JSON.stringify(trained.toJSON())), "p.json");
    for (const prompt of ["Compute 4 * 9 + 17 = ?", "Say hello to guest number 3 politely."]) {
      const a = trained.predict({ prompt });
      const b = loaded.predict({ prompt });
      for (const m of ["x/small", "x/large"]) expect(b.get(m)).toBeCloseTo(a.get(m)!, 6);
    }
    const target = { target: 0.95, of: "best", confidence: 0.9 } as const;
    const order = ["x/small", "x/large"];
    expect(loaded.operatingPoint?.(target, order)).toEqual(trained.operatingPoint?.(target, order));
    expect(loaded.toJSON()).toEqual(trained.toJSON());
  });

  it("finds a certified floor that the greetings pass, with the target met on the calibration data", () => {
    const point = trained.operatingPoint!({ target: 0.95, of: "x/large", confidence: 0.9 }, [
      "x/small",
      "x/large",
    ]);
    expect(point.reference).toBe("x/large");
    expect(point.minQuality).not.toBeNull();
    expect(point.calibration.prompts).toBe(100);
    expect(point.calibration.lowerBound).toBeGreaterThanOrEqual(0);
    expect(point.calibration.quality).toBeGreaterThanOrEqual(0.95 * point.calibration.referenceQuality);
    expect(point.calibration.shares["x/small"]).toBeGreaterThan(0.3);
    const small = trained.predict({ prompt: "Say hello to guest number 1001 politely." }).get("x/small")!;
    const math = trained.predict({ prompt: "Compute 1001 * 3 + 17 = ?" }).get("x/small")!;
    expect(small).toBeGreaterThanOrEqual(point.minQuality!);
    expect(math).toBeLessThan(small);
  });

  it("rejects a corrupt file with a ValidationError naming the path", () => {
    const json = trained.toJSON();
    const bad = structuredClone(json) as unknown as { predictor: { logistic: { weights: unknown[] } } };
    bad.predictor.logistic.weights[0] = 42;
    let error: unknown;
    try {
      loadPredictor(bad, "bad.json");
    } catch (e) {
      error = e;
    }
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues[0]!.path).toEqual(["predictor", "logistic", "weights", 0]);

    const truncated = structuredClone(json);
    truncated.calibration!.scores[1] = truncated.calibration!.scores[1]!.slice(0, 40);
    expect(() => loadPredictor(truncated, "cut.json")).toThrow(
      /cut\.json: calibration\.scores\.1: holds 30 bytes, expected 400/,
    );

    const shortWeights = structuredClone(json);
    shortWeights.predictor = { ...shortWeights.predictor } as typeof shortWeights.predictor;
    const p = shortWeights.predictor as { logistic: { weights: string[] } };
    p.logistic.weights[1] = "AAAA";
    expect(() => loadPredictor(shortWeights, "w.json")).toThrow(ValidationError);

    expect(() => loadPredictor({ format: "tokenwise.predictor/v2" }, "v2.json")).toThrow(/v2\.json: format/);
  });

  it("loads a bare member file too, without calibration", () => {
    const bare = loadPredictor(trained.member.toJSON(), "member.json");
    expect(bare.calibration).toBeUndefined();
    expect(bare.operatingPoint).toBeUndefined();
    expect(bare.predict({ prompt: "Compute 3 * 3 = ?" }).size).toBe(2);
  });
});
