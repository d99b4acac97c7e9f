import { ValidationError } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { loadEnsemblePredictor, trainEnsemblePredictor } from "./ensemble-predictor";
import type { TrainingExample } from "./logistic-predictor";

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

describe("trainEnsemblePredictor", () => {
  const predictor = trainEnsemblePredictor(examples(), { name: "ens", logistic: { features: { bits: 12 } } });

  it("averages its members and separates the kinds", () => {
    const input = { prompt: "Compute 12 * 9 + 4 = ?" };
    const math = predictor.predict(input);
    const text = predictor.predict({ prompt: "Name a capital city in Asia." });
    expect(math.get("x/small")!).toBeLessThan(0.3);
    expect(text.get("x/small")!).toBeGreaterThan(0.7);
    const l = predictor.logistic.predict(input).get("x/small")!;
    const k = predictor.knn.predict(input).get("x/small")!;
    expect(math.get("x/small")).toBeCloseTo((l + k) / 2, 12);
    expect(predictor.selection?.losses.length).toBeGreaterThan(0);
  });

  it("round-trips through JSON with identical predictions", () => {
    const loaded = loadEnsemblePredictor(JSON.parse(JSON.stringify(predictor.toJSON())));
    for (const prompt of ["Compute 1 + 1 = ?", "Name a river.", "anything else"]) {
      expect([...loaded.predict({ prompt })]).toEqual([...predictor.predict({ prompt })]);
    }
    expect(loaded.name).toBe("ens");
    expect(loaded.knnWeight).toBe(0.5);
  });

  it("rejects a damaged file and bad options", () => {
    const json = predictor.toJSON();
    expect(() => loadEnsemblePredictor({ ...json, knnWeight: 2 }, "e.json")).toThrow(ValidationError);
    expect(() => trainEnsemblePredictor(examples(), { knnWeight: -1 })).toThrow(/knnWeight/);
  });
});
