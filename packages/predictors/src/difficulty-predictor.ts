import { parseWith, type QualityPredictor, TokenwiseError } from "@tokenwise/core";
import { z } from "zod";
import type { FeatureInput } from "./prompt-features";

/** Names of the dense features {@link difficultyFeatures} returns, in order. */
export const DIFFICULTY_FEATURE_NAMES = [
  "log numbers",
  "log distinct numbers",
  "log words",
  "log sentences",
  "log largest number",
  "has decimal",
  "percent mentions",
  "fraction mentions",
  "multiplicative words",
  "time units",
  "money words",
  "comparison words",
  "sequence/condition words",
  "physical units",
  "aggregation words",
  "rate/finance words",
  "longer than 400 characters",
] as const;

const count = (text: string, re: RegExp): number => (text.match(re) ?? []).length;

/**
 * Dense proxies of how many reasoning steps a (word) problem needs, computed in-process from the text:
 * how many numbers (and distinct ones) it carries, its length in words and sentences, the size of its
 * largest number, decimals, percentages, fractions, multiplicative words (times, each, per), unit and
 * money words, comparisons, conditions and sequences, aggregations, rates. Fits nothing.
 *
 * @example
 * difficultyFeatures("Tom has 3 apples and buys 20% more each day for 2 weeks. How many?").length // 17
 */
export function difficultyFeatures(prompt: string): number[] {
  const text = prompt.slice(0, 4000);
  const numbers = text.match(/\d[\d,]*(\.\d+)?/g) ?? [];
  const values = numbers.map((x) => Number(x.replace(/,/g, ""))).filter((x) => Number.isFinite(x));
  return [
    Math.log1p(numbers.length),
    Math.log1p(new Set(numbers).size),
    Math.log1p(count(text, /[A-Za-z]+/g)),
    Math.log1p(text.split(/[.?!]+\s/).length),
    Math.log1p(Math.max(0, ...values)),
    /\d+\.\d+/.test(text) ? 1 : 0,
    count(text, /%|percent/gi),
    count(text, /\d+\/\d+|half|third|quarter|fraction/gi),
    count(text, /\b(times|twice|double|triple|each|per|every)\b/gi),
    count(text, /\b(hours?|minutes?|seconds?|days?|weeks?|months?|years?)\b/gi),
    count(text, /\b(dollars?|cents?)\b|\$/gi),
    count(text, /\b(more|less|fewer|than)\b/gi),
    count(text, /\b(if|then|after|before|remaining|left|rest)\b/gi),
    count(text, /\b(miles?|feet|foot|inch|inches|pounds?|ounces?|gallons?|meters?|kilograms?|liters?)\b/gi),
    count(text, /\b(average|total|altogether|combined|sum)\b/gi),
    count(text, /\b(profit|discount|interest|tax|tip|rate)\b/gi),
    text.length > 400 ? 1 : 0,
  ];
}

/** Options of {@link trainDifficultyPredictor}; the defaults are fixed a priori. */
export interface DifficultyTrainOptions {
  /** Name shown in router reports; default `logistic-difficulty`. */
  name?: string;
  /** Model keys to learn; default: the keys of the first example's scores. */
  models?: readonly string[];
  /** L2 penalty on the standardised weights (default 0.01). */
  l2?: number;
  /** Full-batch gradient steps (default 300, step 0.5). */
  iterations?: number;
  /** Pre-computed {@link difficultyFeatures} of the examples (same order). */
  features?: readonly number[][];
}

/** A per-model logistic regression over {@link difficultyFeatures}; implements core's `QualityPredictor`. */
export interface DifficultyPredictor extends QualityPredictor {
  /** Predicted P(good answer) per model from a prompt's difficulty features, in `models` order. */
  predictFeatures(features: readonly number[]): Float64Array;
  /** Serialisable form; see {@link loadDifficultyPredictor}. */
  toJSON(): SerializedDifficultyPredictor;
  predict(input: FeatureInput): Map<string, number>;
}

export const SerializedDifficultyPredictorSchema = z.object({
  format: z.literal("tokenwise.difficulty-predictor/v1"),
  name: z.string().min(1),
  models: z.array(z.string().min(1)).min(1),
  /** Standardisation fitted on the training prompts: per feature mean and standard deviation. */
  mean: z.array(z.number()).length(DIFFICULTY_FEATURE_NAMES.length),
  scale: z.array(z.number().positive()).length(DIFFICULTY_FEATURE_NAMES.length),
  /** Per model: one weight per feature, then the bias. */
  weights: z.array(z.array(z.number()).length(DIFFICULTY_FEATURE_NAMES.length + 1)),
});
export type SerializedDifficultyPredictor = z.infer<typeof SerializedDifficultyPredictorSchema>;

function makeDifficulty(data: SerializedDifficultyPredictor): DifficultyPredictor {
  const D = DIFFICULTY_FEATURE_NAMES.length;
  const predictFeatures = (x: readonly number[]): Float64Array =>
    Float64Array.from(data.weights, (w) => {
      let z = w[D]!;
      for (let j = 0; j < D; j++) z += (w[j]! * (x[j]! - data.mean[j]!)) / data.scale[j]!;
      return 1 / (1 + Math.exp(-z));
    });
  return {
    name: data.name,
    models: [...data.models],
    predictFeatures,
    predict(input) {
      const p = predictFeatures(difficultyFeatures(input.prompt));
      return new Map(data.models.map((m, i) => [m, p[i]!]));
    },
    toJSON: () => structuredClone(data),
  };
}

/**
 * Trains one logistic regression per model on the standardised {@link difficultyFeatures} of the
 * examples (full-batch gradient descent, L2; settings fixed a priori). Small (18 weights per model) and
 * in-process; it complements text predictors with a smooth "how many steps" signal.
 *
 * @example
 * const difficulty = trainDifficultyPredictor(examples);
 * difficulty.predict({ prompt: "A train travels 60 miles per hour for 2.5 hours…" })
 */
export function trainDifficultyPredictor(
  examples: readonly { prompt: string; scores: Record<string, number> }[],
  options: DifficultyTrainOptions = {},
): DifficultyPredictor {
  const models = [...(options.models ?? Object.keys(examples[0]?.scores ?? {}))];
  if (models.length === 0 || examples.length === 0) {
    throw new TokenwiseError({ message: "trainDifficultyPredictor: no models or no examples" });
  }
  const X = options.features ?? examples.map((e) => difficultyFeatures(e.prompt));
  if (X.length !== examples.length) {
    throw new TokenwiseError({ message: "trainDifficultyPredictor: features and examples differ in length" });
  }
  const D = DIFFICULTY_FEATURE_NAMES.length;
  const n = X.length;
  const mean = new Array<number>(D).fill(0);
  const scale = new Array<number>(D).fill(0);
  for (const x of X) for (let j = 0; j < D; j++) mean[j] = mean[j]! + x[j]! / n;
  for (const x of X) for (let j = 0; j < D; j++) scale[j] = scale[j]! + (x[j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < D; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  const Z = X.map((x) => Float64Array.from({ length: D }, (_, j) => (x[j]! - mean[j]!) / scale[j]!));
  const l2 = options.l2 ?? 0.01;
  const iterations = options.iterations ?? 300;
  const weights = models.map((model) => {
    const y = examples.map((e) => e.scores[model] ?? 0);
    const w = new Float64Array(D + 1);
    const g = new Float64Array(D + 1);
    for (let it = 0; it < iterations; it++) {
      g.fill(0);
      for (let i = 0; i < n; i++) {
        const z = Z[i]!;
        let s = w[D]!;
        for (let j = 0; j < D; j++) s += w[j]! * z[j]!;
        const e = 1 / (1 + Math.exp(-s)) - y[i]!;
        for (let j = 0; j < D; j++) g[j] = g[j]! + e * z[j]!;
        g[D] = g[D]! + e;
      }
      for (let j = 0; j <= D; j++) w[j] = w[j]! - 0.5 * (g[j]! / n + (j < D ? l2 * w[j]! : 0));
    }
    return [...w];
  });
  return makeDifficulty({
    format: "tokenwise.difficulty-predictor/v1",
    name: options.name ?? "logistic-difficulty",
    models,
    mean,
    scale,
    weights,
  });
}

/**
 * Loads a predictor saved with `predictor.toJSON()` (validated; a bad file throws naming `source`).
 *
 * @example
 * const difficulty = loadDifficultyPredictor(JSON.parse(readFileSync("difficulty.json", "utf8")));
 */
export function loadDifficultyPredictor(json: unknown, source = "predictor.json"): DifficultyPredictor {
  return makeDifficulty(parseWith(SerializedDifficultyPredictorSchema, json, source));
}
