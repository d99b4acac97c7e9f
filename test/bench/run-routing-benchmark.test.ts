import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BenchModelSchema,
  combineSeedRuns,
  formatBenchmarkTable,
  type OutcomeRow,
  type RoutingDataset,
  runRoutingBenchmark,
  writeBenchmarkOutputs,
} from "@tokenwise/bench";
import { crossValidatedPredictions } from "@tokenwise/bench/internal";
import { kFoldSplits, promptFeatures, seededRandom } from "@tokenwise/predictors/internal";
import { afterAll, describe, expect, it } from "vitest";

const source = { url: "https://example.com/prices", asOf: "2026-01-01" };
const models = [
  {
    key: "t/cheap",
    price: { currency: "USD", effectiveFrom: "2026-01-01T00:00:00Z", input: "0.1", output: "0.4", source },
    tokenizer: "o200k_base",
  },
  {
    key: "t/strong",
    price: { currency: "USD", effectiveFrom: "2026-01-01T00:00:00Z", input: "5", output: "15", source },
    tokenizer: "cl100k_base",
  },
].map((m) => BenchModelSchema.parse(m));

/** Arithmetic prompts the cheap model gets wrong, chit-chat it gets right; the strong model is right 90%. */
function synthetic(name: string, n: number, seed: number): RoutingDataset {
  const random = seededRandom(seed);
  const rows: OutcomeRow[] = Array.from({ length: n }, (_, i) => {
    const math = random() < 0.4;
    const prompt = math
      ? `Compute ${Math.floor(random() * 900)} * ${Math.floor(random() * 90)} + ${i} and explain.`
      : `Say hello to friend number ${i} in a short friendly sentence.`;
    return {
      id: `${name}-${i}`,
      prompt,
      scores: {
        "t/cheap": math ? (random() < 0.2 ? 1 : 0) : random() < 0.95 ? 1 : 0,
        "t/strong": random() < 0.9 ? 1 : 0,
      },
      tokens: { "t/cheap": { output: 20 }, "t/strong": { output: 18 } },
    };
  });
  return {
    name,
    models,
    rows,
    outputForecast: 50,
    outputForecastNote: "50 tokens (test)",
    referenceModel: "t/strong",
  };
}

const dir = mkdtempSync(join(tmpdir(), "tw-bench-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("runRoutingBenchmark", () => {
  it("rewriting routing.json keeps the top-level keys other scripts wrote there", async () => {
    const out = mkdtempSync(join(tmpdir(), "tw-bench-keep-"));
    try {
      writeFileSync(
        join(out, "routing.json"),
        JSON.stringify({ generatedAt: "old", datasets: { gone: {} }, task_kind_accuracy: { accuracy: 0.9 } }),
      );
      const result = await runRoutingBenchmark({
        datasets: [synthetic("gamma", 120, 3)],
        folds: 3,
        guarantee: false,
        now: () => new Date("2026-02-03T04:05:06Z"),
      });
      await writeBenchmarkOutputs(result, out, false);
      const json = JSON.parse(readFileSync(join(out, "routing.json"), "utf8"));
      expect(json.task_kind_accuracy).toEqual({ accuracy: 0.9 });
      expect(json.generatedAt).toBe("2026-02-03T04:05:06.000Z");
      expect(Object.keys(json.datasets)).toEqual(["gamma"]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("produces routing.json with the documented shape, plots and a table", async () => {
    const result = await runRoutingBenchmark({
      datasets: [synthetic("alpha", 300, 1), synthetic("beta", 200, 2)],
      folds: 3,
      transfers: [{ train: "alpha", test: "beta" }],
      published: { alpha: { costReduction: 0.4, measures: "calls", source: "test" } },
      outDir: dir,
      now: () => new Date("2026-02-03T04:05:06Z"),
    });
    const json = JSON.parse(readFileSync(join(dir, "routing.json"), "utf8"));
    expect(json.generatedAt).toBe("2026-02-03T04:05:06.000Z");
    expect(Object.keys(json.datasets)).toEqual(["alpha", "beta", "beta@alpha"]);
    const alpha = json.datasets.alpha;
    expect(alpha.evaluation).toBe("3-fold CV");
    expect(json.datasets["beta@alpha"].evaluation).toMatch(
      /^trained on alpha \(all 300 prompts\), tested on beta$/,
    );
    for (const key of ["best_single", "oracle", "cost_reduction_at_95pct", "aiq", "policies"])
      expect(alpha).toHaveProperty(key);
    for (const policy of [
      "single:t/cheap",
      "single:t/strong",
      "oracle",
      "random",
      "cheapest-qualifying",
      "cascade",
      "learned-threshold",
      "learned-utility",
    ]) {
      expect(alpha.policies[policy]).toMatchObject({ cost: expect.any(Number), quality: expect.any(Number) });
    }
    expect(alpha.best_single.model).toBe("t/strong");
    expect(alpha.oracle.quality).toBeGreaterThanOrEqual(alpha.best_single.quality);
    expect(alpha.oracle.cost).toBeLessThan(alpha.best_single.cost);
    expect(alpha.cost_reduction_at_95pct.target).toBeCloseTo(0.95 * alpha.reference.quality, 12);
    expect(alpha.cost_reduction_at_95pct.published.costReduction).toBe(0.4);
    // The learned policy finds the pattern: well above random at 95% of the strong model's quality.
    const learned = alpha.cost_reduction_at_95pct.policies["learned-utility"];
    const random = alpha.cost_reduction_at_95pct.policies.random;
    expect(learned.costReduction).toBeGreaterThan(random.costReduction + 0.1);
    expect(alpha.aiq.policies["learned-utility"]).toBeGreaterThan(alpha.aiq.policies.random);
    // Single-model costs are exact sums of prices × tokens: strong = Σ(input × $5 + 18 × $15)/1M.
    expect(alpha.models[1].cost).toBeGreaterThan(300 * 18 * 15e-6);
    for (const ext of ["svg", "png"]) expect(existsSync(join(dir, `routing-alpha.${ext}`))).toBe(true);
    expect(readFileSync(join(dir, "routing-alpha.svg"), "utf8")).toMatch(/^<svg/);
    expect(formatBenchmarkTable(result)).toContain("learned-utility");
    expect(alpha.folds).toMatchObject({ groups: 300, rowsInSharedGroups: 0 });
    expect(alpha.policies["blend-gain"]).toMatchObject({ cost: expect.any(Number) });
  });

  it("averages the headline figures over fold seeds, with each seed's value beside the mean", async () => {
    const result = await runRoutingBenchmark({
      datasets: [synthetic("alpha", 200, 1)],
      folds: 3,
      seeds: [1, 2, 3],
    });
    const alpha = result.datasets.alpha!;
    expect(alpha.seeds).toEqual([1, 2, 3]);
    expect(alpha.evaluation).toBe("3-fold CV, mean of 3 fold seeds");
    const perSeed = alpha.cost_reduction_at_95pct.perSeed["ensemble-gain"]!;
    expect(perSeed).toHaveLength(3);
    const mean = perSeed.reduce((a, x) => a + x!.callShareReduction!, 0) / 3;
    expect(alpha.cost_reduction_at_95pct.policies["ensemble-gain"]!.callShareReduction).toBeCloseTo(mean, 12);
    expect(alpha.aiq.perSeed["learned-gain"]).toHaveLength(3);
    expect(formatBenchmarkTable(result)).toContain("mean over fold seeds 1, 2, 3");
  });

  it("combines single-seed runs (e.g. from separate processes) exactly as one multi-seed run", async () => {
    const datasets = [synthetic("alpha", 120, 5)];
    const now = () => new Date("2026-01-01T00:00:00Z");
    const together = await runRoutingBenchmark({ datasets, folds: 3, seeds: [1, 2], now });
    const apart = combineSeedRuns([
      await runRoutingBenchmark({ datasets, folds: 3, seed: 1, now }),
      JSON.parse(JSON.stringify(await runRoutingBenchmark({ datasets, folds: 3, seed: 2, now }))),
    ]);
    expect(apart).toEqual(together);
  });

  it("rejects a transfer between data sets with different models", async () => {
    const other = { ...synthetic("gamma", 30, 3), models: [models[0]!] };
    other.rows = other.rows.map((r) => ({ ...r, scores: { "t/cheap": r.scores["t/cheap"]! } }));
    await expect(
      runRoutingBenchmark({
        datasets: [synthetic("alpha", 30, 1), other],
        folds: 2,
        transfers: [{ train: "alpha", test: "gamma" }],
      }),
    ).rejects.toThrow(/different models/);
  });
});

describe("no train/test leakage", () => {
  it("trains each fold's scorer only on prompts outside that fold's test set", () => {
    const rows = synthetic("leak", 120, 4).rows;
    const vectors = rows.map((r) => promptFeatures({ prompt: r.prompt }));
    const folds = kFoldSplits(rows.length, 5, 9);
    const seen: number[][] = [];
    const { predicted, foldOf } = crossValidatedPredictions(vectors, folds, 1, (train, f) => {
      seen[f] = [...train];
      const trainSet = new Set(train);
      // A scorer that reports whether it was trained on the prompt it is asked about.
      return {
        predictVector: (v) => Float64Array.of(vectors.some((x, i) => x === v && trainSet.has(i)) ? 1 : 0),
      };
    });
    expect([...predicted[0]!].every((p) => p === 0)).toBe(true);
    folds.forEach((fold, f) => {
      const test = new Set(fold.test);
      expect(seen[f]!.some((i) => test.has(i))).toBe(false);
    });
    expect([...foldOf].every((f) => f >= 0)).toBe(true);
  });
});
