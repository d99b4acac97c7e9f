import {
  type PredictorInput,
  parseWith,
  type QualityPredictor,
  TokenwiseError,
  ValidationError,
} from "@tokenwise/core";
import { seededRandom } from "@tokenwise/core/internal";
import { z } from "zod";
import {
  DEFAULT_FEATURE_OPTIONS,
  type FeatureInput,
  type FeatureOptions,
  promptFeatures,
  type SparseVector,
} from "./prompt-features";

/** One training example: the prompt as the router would see it and each model's outcome (0–1). */
export interface TrainingExample extends FeatureInput {
  scores: Record<string, number>;
}

/** Options of {@link trainLogisticPredictor}. */
export interface LogisticTrainOptions {
  /** Name shown in router reports; default `logistic-hashed-ngrams`. */
  name?: string;
  /** Model keys to learn; default: the keys of the first example's scores. */
  models?: readonly string[];
  /** Featuriser settings (stored with the predictor). */
  features?: Partial<FeatureOptions>;
  /** Passes over the training set (default 4). */
  epochs?: number;
  /** AdaGrad base learning rate (default 0.1). */
  learningRate?: number;
  /** L2 penalty per update (default 1e-4). */
  l2?: number;
  /** Seed of the example shuffle (default 1). */
  seed?: number;
  /** Pre-computed features of the examples, same order (to share featurisation across folds). */
  vectors?: readonly SparseVector[];
}

/** A trained per-prompt quality predictor (one logistic regression per model over hashed n-grams). */
export interface LogisticPredictor extends QualityPredictor {
  readonly features: FeatureOptions;
  /** Predicted P(good answer) per model for a featurised prompt, in `models` order. */
  predictVector(vector: SparseVector): Float64Array;
  /** Serialisable form; see {@link loadLogisticPredictor}. */
  toJSON(): SerializedLogisticPredictor;
  /** Predicts with a group label (e.g. MMLU subject) when the caller knows one. */
  predict(input: PredictorInput & { group?: string }): Map<string, number>;
}

export const SerializedLogisticPredictorSchema = z.object({
  format: z.literal("tokenwise.logistic-predictor/v1"),
  name: z.string().min(1),
  models: z.array(z.string().min(1)).min(1),
  features: z.object({
    bits: z.number().int().min(8).max(24),
    wordNgrams: z.array(z.number().int().min(1)),
    charNgrams: z.array(z.number().int().min(1)),
    maxChars: z.number().int().positive(),
  }),
  /** Base64 of little-endian float32 weights, one array of 2^bits per model. */
  weights: z.array(z.string()),
  trainedOn: z.object({ examples: z.number().int().min(0), note: z.string().optional() }),
});
export type SerializedLogisticPredictor = z.infer<typeof SerializedLogisticPredictorSchema>;

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function makePredictor(
  name: string,
  models: readonly string[],
  features: FeatureOptions,
  weights: Float32Array[],
  examples: number,
  note?: string,
): LogisticPredictor {
  const predictVector = (v: SparseVector): Float64Array => {
    const out = new Float64Array(models.length);
    for (let m = 0; m < models.length; m++) {
      const w = weights[m]!;
      let z = 0;
      for (let k = 0; k < v.indices.length; k++) z += w[v.indices[k]!]! * v.values[k]!;
      out[m] = sigmoid(z);
    }
    return out;
  };
  return {
    name,
    models: [...models],
    features,
    predictVector,
    predict(input) {
      const p = predictVector(promptFeatures(input, features));
      return new Map(models.map((m, i) => [m, p[i]!]));
    },
    toJSON() {
      const out: SerializedLogisticPredictor = {
        format: "tokenwise.logistic-predictor/v1",
        name,
        models: [...models],
        features,
        weights: weights.map((w) => Buffer.from(w.buffer, w.byteOffset, w.byteLength).toString("base64")),
        trainedOn: note === undefined ? { examples } : { examples, note },
      };
      return out;
    },
  };
}

/**
 * Trains a per-prompt quality predictor: for each model, a logistic regression (AdaGrad, L2) on hashed
 * word/char n-grams and dense prompt features, predicting P(score = 1) (graded scores act as soft labels).
 * Runs in-process in seconds; no network, no downloaded weights.
 *
 * @example
 * const predictor = trainLogisticPredictor(examples, { name: "logistic@mmlu-train" });
 * predictor.predict({ prompt: "Solve 3x + 2 = 11" }) // Map { "openai/gpt-4o" => 0.93, … }
 */
export function trainLogisticPredictor(
  examples: readonly TrainingExample[],
  options: LogisticTrainOptions = {},
): LogisticPredictor {
  const models = options.models ?? Object.keys(examples[0]?.scores ?? {});
  if (models.length === 0)
    throw new TokenwiseError({ message: "trainLogisticPredictor: no models to learn" });
  const features: FeatureOptions = { ...DEFAULT_FEATURE_OPTIONS, ...options.features };
  const dim = 1 << features.bits;
  const vectors = options.vectors ?? examples.map((e) => promptFeatures(e, features));
  if (vectors.length !== examples.length) {
    throw new TokenwiseError({ message: "trainLogisticPredictor: vectors and examples differ in length" });
  }
  const weights = models.map(() => new Float32Array(dim));
  const grads = models.map(() => new Float32Array(dim));
  const lr = options.learningRate ?? 0.1;
  const l2 = options.l2 ?? 1e-4;
  const epochs = options.epochs ?? 4;
  const random = seededRandom(options.seed ?? 1);
  const order = examples.map((_, i) => i);
  const labels = models.map((m) => Float64Array.from(examples, (e) => e.scores[m] ?? 0));
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const v = vectors[i]!;
      for (let m = 0; m < models.length; m++) {
        const w = weights[m]!;
        const G = grads[m]!;
        let z = 0;
        for (let k = 0; k < v.indices.length; k++) z += w[v.indices[k]!]! * v.values[k]!;
        const g = sigmoid(z) - labels[m]![i]!;
        for (let k = 0; k < v.indices.length; k++) {
          const j = v.indices[k]!;
          const gj = g * v.values[k]! + l2 * w[j]!;
          G[j] = G[j]! + gj * gj;
          w[j] = w[j]! - (lr * gj) / Math.sqrt(G[j]! + 1e-8);
        }
      }
    }
  }
  return makePredictor(options.name ?? "logistic-hashed-ngrams", models, features, weights, examples.length);
}

/**
 * Loads a predictor saved with `predictor.toJSON()` (validated; a bad file throws a `ValidationError`
 * naming the path). The result implements core's `QualityPredictor`, ready for `createRouter({ qualityPredictor })`.
 *
 * @example
 * const predictor = loadLogisticPredictor(JSON.parse(readFileSync("predictor.json", "utf8")));
 */
export function loadLogisticPredictor(json: unknown, source = "predictor.json"): LogisticPredictor {
  const data = parseWith(SerializedLogisticPredictorSchema, json, source);
  const dim = 1 << data.features.bits;
  if (data.weights.length !== data.models.length) {
    throw new ValidationError({
      source,
      issues: [
        {
          path: ["weights"],
          message: `${data.weights.length} weight arrays for ${data.models.length} models`,
        },
      ],
    });
  }
  const weights = data.weights.map((b64, m) => {
    const bytes = Buffer.from(b64, "base64");
    if (bytes.byteLength !== dim * 4) {
      throw new ValidationError({
        source,
        issues: [
          {
            path: ["weights", m],
            message: `holds ${bytes.byteLength} bytes, expected ${dim * 4} (2^${data.features.bits} float32)`,
          },
        ],
      });
    }
    const copy = new Uint8Array(bytes);
    return new Float32Array(copy.buffer, 0, dim);
  });
  return makePredictor(
    data.name,
    data.models,
    data.features,
    weights,
    data.trainedOn.examples,
    data.trainedOn.note,
  );
}
