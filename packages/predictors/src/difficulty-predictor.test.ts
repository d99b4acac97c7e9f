import { describe, expect, it } from "vitest";
import {
  DIFFICULTY_FEATURE_NAMES,
  difficultyFeatures,
  loadDifficultyPredictor,
  trainDifficultyPredictor,
} from "./difficulty-predictor";

describe("difficulty predictor", () => {
  it("computes one value per named feature", () => {
    const x = difficultyFeatures("Tom has 3 apples and buys 20% more each day for 2 weeks. How many?");
    expect(x).toHaveLength(DIFFICULTY_FEATURE_NAMES.length);
    expect(x[0]).toBeCloseTo(Math.log1p(3), 12);
    expect(x[6]).toBe(1);
  });

  it("learns that many-step problems defeat the small model, and round-trips through JSON", () => {
    const examples = Array.from({ length: 200 }, (_, i) => {
      const steps = 1 + (i % 6);
      const prompt = Array.from(
        { length: steps },
        (_, s) => `Then she buys ${s + i} more at ${s + 2} dollars each.`,
      ).join(" ");
      return { prompt, scores: { small: steps <= 2 ? 1 : 0, large: 1 } };
    });
    const predictor = trainDifficultyPredictor(examples);
    const easy = predictor.predict({ prompt: "She buys 4 pens." }).get("small")!;
    const hard = predictor.predict({ prompt: examples[5]!.prompt }).get("small")!;
    expect(easy).toBeGreaterThan(0.7);
    expect(hard).toBeLessThan(0.3);
    const loaded = loadDifficultyPredictor(JSON.parse(JSON.stringify(predictor.toJSON())));
    expect(loaded.predict({ prompt: examples[5]!.prompt })).toEqual(
      predictor.predict({ prompt: examples[5]!.prompt }),
    );
    expect(() => loadDifficultyPredictor({ format: "nope" })).toThrow();
  });
});
