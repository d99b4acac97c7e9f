import { ValidationError } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { loadLogisticPredictor, type TrainingExample, trainLogisticPredictor } from "./logistic-predictor";

function examples(): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (let i = 0; i < 200; i++) {
    const math = i % 2 === 0;
    out.push({
      prompt: math ? `Compute ${i} * ${i + 3} + 17 = ?` : `Name a capital city in Europe, example ${i}.`,
      scores: { "x/small": math ? 0 : 1, "x/large": 1 },
    });
  }
  return out;
}

describe("trainLogisticPredictor", () => {
  const predictor = trainLogisticPredictor(examples(), { name: "test-predictor", features: { bits: 12 } });

  it("learns per-prompt quality that separates the kinds", () => {
    const math = predictor.predict({ prompt: "Compute 12 * 9 + 4 = ?" });
    const text = predictor.predict({ prompt: "Name a capital city in Asia." });
    expect(math.get("x/small")!).toBeLessThan(0.3);
    expect(text.get("x/small")!).toBeGreaterThan(0.7);
    expect(math.get("x/large")!).toBeGreaterThan(0.7);
    expect(predictor.name).toBe("test-predictor");
    expect(predictor.models).toEqual(["x/small", "x/large"]);
  });

  it("round-trips through JSON with identical predictions", () => {
    const json = JSON.parse(JSON.stringify(predictor.toJSON()));
    const loaded = loadLogisticPredictor(json);
    for (const prompt of ["Compute 1 + 1 = ?", "Name a river.", "anything else"]) {
      expect([...loaded.predict({ prompt })]).toEqual([...predictor.predict({ prompt })]);
    }
    expect(loaded.name).toBe("test-predictor");
  });

  it("rejects a damaged file with a typed error naming the path", () => {
    const json = predictor.toJSON();
    expect(() => loadLogisticPredictor({ ...json, models: "x" }, "p.json")).toThrow(ValidationError);
    expect(() => loadLogisticPredictor({ ...json, models: "x" }, "p.json")).toThrow(/p\.json: models/);
    expect(() => loadLogisticPredictor({ ...json, weights: ["AAAA", "AAAA"] }, "p.json")).toThrow(
      /p\.json: weights\.0: holds 3 bytes/,
    );
  });
});
