import { ValidationError } from "@tokenwise/core";
import { seededRandom } from "@tokenwise/core/internal";
import { describe, expect, it } from "vitest";
import { kFoldSplits } from "./k-fold";
import {
  type KnnExample,
  loadKnnPredictor,
  promptTerms,
  selectKnnSettings,
  trainKnnPredictor,
} from "./knn-predictor";

/** Fraction questions the small model fails, capital questions it answers; the large model gets 90% of both. */
function examples(n: number, seed: number): KnnExample[] {
  const random = seededRandom(seed);
  const out: KnnExample[] = [];
  for (let i = 0; i < n; i++) {
    const hard = random() < 0.5;
    out.push({
      prompt: hard
        ? `What fraction of ${Math.floor(random() * 90)} apples remain after sharing a third of them?`
        : `Which city is the capital of country number ${Math.floor(random() * 90)}?`,
      scores: { "x/small": hard ? 0 : random() < 0.95 ? 1 : 0, "x/large": random() < 0.9 ? 1 : 0 },
    });
  }
  return out;
}

describe("trainKnnPredictor", () => {
  it("evidence: the summed similarity of the neighbours, near 0 out of distribution", () => {
    const knn = trainKnnPredictor(examples(200, 4), { k: 10, prior: 2 });
    const near = knn.evidence(promptTerms({ prompt: "Which city is the capital of country number 12?" }));
    const far = knn.evidence(promptTerms({ prompt: "Translate zebra giraffe octopus into Welsh please" }));
    expect(near).toBeGreaterThan(5);
    expect(near).toBeLessThanOrEqual(10);
    expect(far).toBeLessThan(1);
    // With no evidence at all the prediction is the training mean (the prior).
    const none = knn.predictTerms(promptTerms({ prompt: "zzqx" }));
    const data = examples(200, 4);
    const meanSmall = data.reduce((a, e) => a + e.scores["x/small"]!, 0) / 200;
    expect(knn.evidence(promptTerms({ prompt: "zzqx" }))).toBe(0);
    expect(none[knn.models.indexOf("x/small")]).toBeCloseTo(meanSmall, 12);
  });

  it("beats chance on held-out prompts: ranks where the large model adds quality", () => {
    const data = examples(300, 1);
    const [fold] = kFoldSplits(data.length, 3, 1);
    const knn = trainKnnPredictor(
      fold!.train.map((i) => data[i]!),
      { k: 10 },
    );
    let right = 0;
    for (const i of fold!.test) {
      const p = knn.predict({ prompt: data[i]!.prompt });
      const gain = p.get("x/large")! - p.get("x/small")!;
      const hard = data[i]!.prompt.startsWith("What fraction");
      if (hard === gain > 0.4) right++;
    }
    expect(right / fold!.test.length).toBeGreaterThan(0.9);
  });

  it("shrinks toward the training mean when no neighbour shares a term", () => {
    const data = examples(100, 2);
    const knn = trainKnnPredictor(data, { k: 5, prior: 2 });
    const mean = data.reduce((s, e) => s + e.scores["x/small"]!, 0) / data.length;
    expect(knn.predict({ prompt: "zzz qqq" }).get("x/small")).toBeCloseTo(mean, 6);
  });

  it("round-trips through JSON with identical predictions", () => {
    const data = examples(120, 3).map((e, i) => ({ ...e, scores: { ...e.scores, "x/large": (i % 7) / 7 } }));
    const knn = trainKnnPredictor(data, { name: "knn-test", k: 7 });
    const loaded = loadKnnPredictor(JSON.parse(JSON.stringify(knn.toJSON())));
    for (const prompt of ["What fraction of 3 apples?", "capital city", "nothing alike"]) {
      expect([...loaded.predict({ prompt })]).toEqual([...knn.predict({ prompt })]);
    }
    expect(loaded.name).toBe("knn-test");
    expect(loaded.settings).toEqual({ k: 7, prior: 2 });
  });

  it("rejects a damaged file with a typed error naming the path", () => {
    const json = trainKnnPredictor(examples(30, 4)).toJSON();
    expect(() => loadKnnPredictor({ ...json, lengths: "x" }, "k.json")).toThrow(ValidationError);
    expect(() => loadKnnPredictor({ ...json, ids: "AAAA" }, "k.json")).toThrow(/k\.json: ids: holds 3 bytes/);
    expect(() => trainKnnPredictor(examples(10, 5), { k: 0 })).toThrow(/positive integer/);
  });
});

describe("selectKnnSettings (nested)", () => {
  it("validates on an inner split of the examples it is given, never beyond them", () => {
    const data = examples(200, 6);
    const [outer] = kFoldSplits(data.length, 5, 1);
    const train = outer!.train.map((i) => data[i]!);
    const selection = selectKnnSettings(train, { seed: 1 });
    expect(selection.losses).toHaveLength(8);
    expect(selection.validation.length).toBe(Math.floor(train.length / 4));
    // Validation indices point into the training fold only: the outer test fold is out of reach.
    expect(Math.max(...selection.validation)).toBeLessThan(train.length);
    expect(selection.losses[selection.losses.indexOf(Math.min(...selection.losses))]).toBeDefined();
    expect(selection.settings).toEqual(
      expect.objectContaining({ k: expect.any(Number), prior: expect.any(Number) }),
    );
  });

  it("keeps each cross-validation group on one side of the inner split", () => {
    const data = examples(200, 6);
    const groups = data.map((_, i) => i >> 1);
    const selection = selectKnnSettings(data, { seed: 3, groups });
    const validation = new Set(selection.validation);
    for (let i = 0; i < data.length; i += 2) expect(validation.has(i)).toBe(validation.has(i + 1));
  });

  it("hashes a group label as a term", () => {
    const a = promptTerms({ prompt: "same words" });
    const b = promptTerms({ prompt: "same words", group: "algebra" });
    expect(b.ids.length).toBe(a.ids.length + 1);
  });
});
