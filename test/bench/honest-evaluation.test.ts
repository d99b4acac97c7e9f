import {
  BenchModelSchema,
  type OutcomeRow,
  type RoutingDataset,
  runRoutingBenchmark,
} from "@tokenwise/bench";
import { buildOutcomeMatrix, costAtQuality, oracleFrontier, summarize } from "@tokenwise/bench/internal";
import { seededRandom } from "@tokenwise/predictors/internal";
import { describe, expect, it } from "vitest";

const source = { url: "https://example.com/prices", asOf: "2026-01-01" };
const price = (input: string, output: string) => ({
  currency: "USD",
  effectiveFrom: "2026-01-01T00:00:00Z",
  input,
  output,
  source,
});
const models = [
  { key: "t/cheap", price: price("0.1", "0.4"), tokenizer: "o200k_base" },
  { key: "t/strong", price: price("5", "15"), tokenizer: "o200k_base" },
  { key: "t/pricey", price: price("30", "60"), tokenizer: "o200k_base" },
].map((m) => BenchModelSchema.parse(m));

const TOPICS = ["apples", "trains", "rivers", "stars", "coins", "clocks", "gardens", "bridges"];

/** Word problems the cheap model fails, chit-chat it passes; `pricey` is no better than `strong`. */
function dataset(name: string, n: number, seed: number, copiesFrom?: OutcomeRow[]): RoutingDataset {
  const random = seededRandom(seed);
  const rows: OutcomeRow[] = Array.from({ length: n }, (_, i) => {
    if (copiesFrom && i < 10) return { ...copiesFrom[i]!, id: `${name}-${i}` };
    const math = random() < 0.5;
    const topic = TOPICS[Math.floor(random() * TOPICS.length)]!;
    const prompt = math
      ? `A shop has ${Math.floor(random() * 900)} ${topic} and sells ${Math.floor(random() * 90)} of them each day for ${i % 7} days; how many remain?`
      : `Write one warm sentence about ${topic} for reader ${seed}-${i}.`;
    const strong = random() < 0.9 ? 1 : 0;
    return {
      id: `${name}-${i}`,
      prompt,
      scores: {
        "t/cheap": math ? (random() < 0.15 ? 1 : 0) : random() < 0.95 ? 1 : 0,
        "t/strong": strong,
        "t/pricey": strong,
      },
      tokens: { "t/cheap": { output: 20 }, "t/strong": { output: 20 }, "t/pricey": { output: 20 } },
    };
  });
  return { name, models, rows, outputForecast: 20, outputForecastNote: "20 tokens (test)" };
}

describe("honest evaluation", () => {
  it("fixes each knob on train, reports duplicates, a capped oracle share, call share only where it means something, and a guarantee", async () => {
    const train = dataset("train", 400, 1);
    const test = dataset("test", 240, 2, train.rows);
    const ticks: number[] = [];
    let total = 0;
    const result = await runRoutingBenchmark({
      datasets: [train, test],
      crossValidate: ["train"],
      folds: 3,
      transfers: [{ train: "train", test: "test" }],
      guarantee: { splits: 30 },
      progress: { start: (t) => (total = t), tick: (_l, u = 1) => ticks.push(u), stop() {} },
    });
    // The bar reaches its total exactly.
    expect(ticks.reduce((a, b) => a + b, 0)).toBe(total);
    expect(Object.keys(result.datasets)).toEqual(["train", "test@train"]);
    const held = result.datasets["test@train"]!;
    expect(held.duplicates?.trainTest).toMatchObject({ total: 10, exact: 10 });
    const t = held.transfer!;
    expect(t.knobChosenOn).toMatch(/training set's 3-fold CV curve/);
    const ens = t.policies["ensemble-gain"]!.target!;
    // The knob is the one chosen on train's curve; the test figures are what that knob gets on test.
    const trainCurve = result.datasets.train!.policies["ensemble-gain"]!.curve!;
    const onTrain = trainCurve.find((c) => c.knob === ens.knob)!;
    expect(onTrain.quality).toBe(ens.trainQuality);
    const onTest = held.policies["ensemble-gain"]!.curve!.find((c) => c.knob === ens.knob)!;
    expect(onTest.quality).toBe(ens.quality);
    expect(ens.goal).toBeCloseTo(0.95 * held.reference.quality, 12);
    expect(ens.met).toBe(ens.quality >= ens.goal);
    // The pricey model is the priciest but not the reference: no call-share figure.
    expect(held.reference.model).toBe("t/strong");
    for (const r of Object.values(held.cost_reduction_at_95pct.policies))
      if (r) expect(r.callShareReduction).toBeNull();
    expect(held.cost_reduction_at_95pct.label).toMatch(/^RouteLLM-comparable/);
    for (const share of Object.values(held.oracle_saving_captured.policies))
      if (share !== null) expect(share).toBeLessThanOrEqual(1);
    const g = held.guarantee!;
    expect(g).toMatchObject({ target: 0.95, confidence: 0.9, of: "t/strong", splits: 30 });
    expect(g.coverage).toBeGreaterThanOrEqual(0.9);
    expect(g.calibrationPrompts + g.testPrompts).toBe(240);
    // Certified for the next test-part calls; the population-only figure is kept beside it.
    expect(g.horizon).toBe(g.testPrompts);
    expect(g.method).toMatch(/two-sample normal prediction bound/);
    const pop = held.guaranteePopulation!;
    expect(pop.horizon).toBeUndefined();
    expect(pop.method).toMatch(/population guarantee/);
    expect(pop.splits).toBe(30);
    // The one-standard-error rule: the cheapest train point whose quality less its paired standard
    // error reaches the goal, so never a cheaper knob than the exact-goal pick.
    for (const [name, p] of Object.entries(t.policies)) {
      if (!p.bestSingleOneSe || !p.bestSingle) continue;
      const curve = result.datasets.train!.policies[name]!.curve!;
      const chosen = curve.find((c) => c.knob === p.bestSingleOneSe!.knob)!;
      expect(chosen.se).toBeDefined();
      const reaches = curve.filter((c) => c.quality - c.se!.bestSingle >= p.bestSingleOneSe!.trainGoal);
      if (reaches.length > 0) {
        expect(chosen.quality - chosen.se!.bestSingle).toBeGreaterThanOrEqual(p.bestSingleOneSe.trainGoal);
        expect(chosen.cost).toBe(Math.min(...reaches.map((c) => c.cost)));
      }
      expect(chosen.cost).toBeGreaterThanOrEqual(curve.find((c) => c.knob === p.bestSingle!.knob)!.cost);
    }
  });

  it("dedupe leaves the copies out of the test set", async () => {
    const train = dataset("train", 300, 3);
    const test = dataset("test", 120, 4, train.rows);
    const result = await runRoutingBenchmark({
      datasets: [train, test],
      crossValidate: [],
      folds: 3,
      transfers: [{ train: "train", test: "test", dedupe: true }],
      guarantee: false,
    });
    const held = result.datasets["test@train"]!;
    expect(held.prompts).toBe(110);
    expect(held.duplicates).toMatchObject({ excluded: 10, trainTest: { total: 10 } });
    expect(held.evaluation).toMatch(/without its 10 duplicates of training prompts/);
    expect(held.guarantee).toBeUndefined();
  });

  it("the oracle frontier is the least cost of any routing at its quality", () => {
    const d = dataset("x", 200, 9);
    const matrix = buildOutcomeMatrix(d);
    const frontier = oracleFrontier(matrix);
    const random = seededRandom(1);
    for (let trial = 0; trial < 50; trial++) {
      const answer = Int32Array.from({ length: matrix.n }, () => Math.floor(random() * 3));
      const point = summarize(matrix, { answer });
      expect(costAtQuality(frontier, point.quality)!.cost).toBeLessThanOrEqual(point.cost + 1e-12);
    }
  });
});
