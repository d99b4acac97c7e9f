/**
 * Cross-data-set transfer experiments (issue 13, item 4): `npx tsx benchmarks/routing/transfer-experiments.ts`.
 * Trains on all of RouteLLM MMLU and tests on GSM8K, and the reverse, with variants of the predicted
 * gain P(GPT-4 right) − P(Mixtral right); prints, per variant, the share of GPT-4 calls and of cost saved
 * at 95% of GPT-4's accuracy, read on the test set's own curve (prompts sent to GPT-4 in order of
 * predicted gain: a measure of the ranking alone, RouteLLM-comparable). Writes nothing; an experiment
 * beside bench:routing, whose `transfer` figures (knob fixed on train) are the user-facing ones.
 */
import type { CurvePoint, RoutingDataset } from "@tokenwise/bench";
import { buildOutcomeMatrix, costAtQuality, type OutcomeMatrix } from "@tokenwise/bench/internal";
import { type FeatureOptions, trainDifficultyPredictor, trainEnsemblePredictor } from "@tokenwise/predictors";
import {
  DEFAULT_FEATURE_OPTIONS,
  difficultyFeatures,
  foldGroupsOf,
  promptFeatures,
  promptTerms,
} from "@tokenwise/predictors/internal";
import { routeLlmDataset } from "./datasets";

const STRONG = "openai/gpt-4-1106-preview";

/** Share of calls and of cost saved at 95% of the strong model's quality, routing by `gain` (descending). */
function savingsAt95(matrix: OutcomeMatrix, gain: Float64Array): { calls: number; cost: number } {
  const strong = matrix.models.indexOf(STRONG);
  const weak = strong === 0 ? 1 : 0;
  const order = Array.from({ length: matrix.n }, (_, i) => i).sort((a, b) => gain[b]! - gain[a]! || a - b);
  let cost = 0;
  let quality = 0;
  for (let i = 0; i < matrix.n; i++) {
    cost += matrix.cost[weak]![i]!;
    quality += matrix.scores[weak]![i]!;
  }
  const points: (CurvePoint & { calls: number })[] = [{ cost, quality: quality / matrix.n, calls: 0 }];
  order.forEach((i, r) => {
    cost += matrix.cost[strong]![i]! - matrix.cost[weak]![i]!;
    quality += matrix.scores[strong]![i]! - matrix.scores[weak]![i]!;
    points.push({ cost, quality: quality / matrix.n, calls: (r + 1) / matrix.n });
  });
  const all = points[points.length - 1]!;
  const goal = 0.95 * all.quality;
  const at = costAtQuality(points, goal);
  const firstCalls = points.find((p) => p.quality >= goal)?.calls ?? 1;
  return { calls: 1 - firstCalls, cost: at ? 1 - at.cost / all.cost : 0 };
}

function run(train: RoutingDataset, test: RoutingDataset, features: FeatureOptions): void {
  const models = [...new Set(train.rows.flatMap((r) => Object.keys(r.scores)))].sort();
  const examples = train.rows.map((r) => ({ prompt: r.prompt, scores: r.scores }));
  const ensemble = trainEnsemblePredictor(examples, {
    models,
    logistic: { features },
    vectors: examples.map((e) => promptFeatures(e, features)),
    terms: examples.map((e) => promptTerms(e)),
    groups: foldGroupsOf(train.rows),
    seed: 1,
  });
  const difficulty = trainDifficultyPredictor(examples, {
    models,
    features: train.rows.map((r) => difficultyFeatures(r.prompt)),
  });
  const prior = models.map((m) => train.rows.reduce((a, r) => a + (r.scores[m] ?? 0), 0) / train.rows.length);
  const matrix = buildOutcomeMatrix({ ...test, rows: test.rows });
  const s = models.indexOf(STRONG);
  const w = s === 0 ? 1 : 0;
  const variants: Record<string, Float64Array> = {};
  const put = (name: string, i: number, p: ArrayLike<number>) => {
    variants[name] ??= new Float64Array(matrix.n);
    variants[name]![i] = p[s]! - p[w]!;
  };
  const knnPrior = ensemble.knn.settings.prior;
  let evidenceSum = 0;
  test.rows.forEach((r, i) => {
    const input = { prompt: r.prompt };
    const vector = promptFeatures(input, features);
    const terms = promptTerms(input);
    const l = ensemble.logistic.predictVector(vector);
    const k = ensemble.knn.predictTerms(terms);
    const d = difficulty.predictFeatures(difficultyFeatures(r.prompt));
    const e = Float64Array.from(l, (x, m) => 0.5 * x + 0.5 * k[m]!);
    put("ensemble (½ logistic + ½ kNN)", i, e);
    put("logistic alone", i, l);
    put("kNN alone", i, k);
    put("difficulty alone", i, d);
    put(
      "blend (½ ensemble + ½ difficulty)",
      i,
      Float64Array.from(e, (x, m) => 0.5 * x + 0.5 * d[m]!),
    );
    // Shrinkage toward the training prior by the kNN's own evidence rule: weight S / (S + prior), S the
    // summed similarity of the k nearest training prompts (the kNN member is already shrunk this way).
    const evidence = ensemble.knn.evidence(terms);
    evidenceSum += evidence;
    const weight = evidence / (evidence + knnPrior);
    const shrunk = Float64Array.from(l, (x, m) => weight * x + (1 - weight) * prior[m]!);
    put(
      "ensemble, logistic shrunk by kNN evidence",
      i,
      Float64Array.from(shrunk, (x, m) => 0.5 * x + 0.5 * k[m]!),
    );
    // Out of distribution, lean on what transfers: the difficulty model's weight grows as evidence falls.
    put(
      "evidence-weighted: ensemble × S/(S+prior) + difficulty × prior/(S+prior)",
      i,
      Float64Array.from(e, (x, m) => weight * x + (1 - weight) * d[m]!),
    );
  });
  const random = new Float64Array(matrix.n);
  let seed = 7;
  for (let i = 0; i < matrix.n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    random[i] = seed / 2 ** 32;
  }
  variants["random order"] = random;
  console.log(
    `\ntrained on ${train.name} (${train.rows.length}), tested on ${test.name} (${test.rows.length}); kNN k=${ensemble.knn.settings.k} prior=${knnPrior}; mean evidence S on test ${(evidenceSum / matrix.n).toFixed(2)}`,
  );
  for (const [name, gain] of Object.entries(variants)) {
    const r = savingsAt95(matrix, gain);
    console.log(
      `  ${name.padEnd(74)} calls↓ ${(r.calls * 100).toFixed(1)}%  cost↓ ${(r.cost * 100).toFixed(1)}%`,
    );
  }
}

const features = DEFAULT_FEATURE_OPTIONS;
const mmlu = routeLlmDataset("mmlu");
const gsm8k = routeLlmDataset("gsm8k");
run(mmlu, gsm8k, features);
run(gsm8k, mmlu, features);
