import { parseWith, type QualityPredictor, TokenwiseError } from "@tokenwise/core";
import { z } from "zod";
import {
  type KnnPredictor,
  type KnnSelection,
  type KnnSettings,
  loadKnnPredictor,
  promptTerms,
  SerializedKnnPredictorSchema,
  selectKnnSettings,
  type TermCounts,
  trainKnnPredictor,
} from "./knn-predictor";
import {
  type LogisticPredictor,
  type LogisticTrainOptions,
  loadLogisticPredictor,
  SerializedLogisticPredictorSchema,
  type TrainingExample,
  trainLogisticPredictor,
} from "./logistic-predictor";
import { type FeatureInput, promptFeatures, type SparseVector } from "./prompt-features";

/** Options of {@link trainEnsemblePredictor}. */
export interface EnsembleTrainOptions {
  /** Name shown in router reports; default `ensemble-logistic-knn`. */
  name?: string;
  /** Model keys to learn; default: the keys of the first example's scores. */
  models?: readonly string[];
  /** Weight of the kNN member in the average (default 0.5, fixed a priori); the logistic gets 1 − weight. */
  knnWeight?: number;
  /** Logistic member settings. */
  logistic?: Omit<LogisticTrainOptions, "models" | "vectors" | "name">;
  /** kNN neighbourhood; default: chosen by {@link selectKnnSettings} on an inner split of `examples`. */
  knn?: KnnSettings;
  /** Seed of the logistic shuffle and of the inner split (default 1). */
  seed?: number;
  /** Pre-computed logistic features of the examples (same order). */
  vectors?: readonly SparseVector[];
  /** Pre-computed kNN terms of the examples (same order). */
  terms?: readonly TermCounts[];
  /** Cross-validation group per example (same order): nested selection never splits a group. */
  groups?: readonly (string | number)[];
}

/** A prompt featurised for both members. */
export interface EnsembleInput {
  vector: SparseVector;
  terms: TermCounts;
}

/** Average of a logistic and a kNN quality predictor; implements core's `QualityPredictor`. */
export interface EnsemblePredictor extends QualityPredictor {
  readonly logistic: LogisticPredictor;
  readonly knn: KnnPredictor;
  readonly knnWeight: number;
  /** How the kNN settings were chosen (when chosen by nested selection). */
  readonly selection?: KnnSelection;
  /** Predicted quality per model for a prompt featurised both ways, in `models` order. */
  predictPrepared(input: EnsembleInput): Float64Array;
  /** Serialisable form; see {@link loadEnsemblePredictor}. */
  toJSON(): SerializedEnsemblePredictor;
  predict(input: FeatureInput): Map<string, number>;
}

export const SerializedEnsemblePredictorSchema = z.object({
  format: z.literal("tokenwise.ensemble-predictor/v1"),
  name: z.string().min(1),
  models: z.array(z.string().min(1)).min(1),
  knnWeight: z.number().min(0).max(1),
  logistic: SerializedLogisticPredictorSchema,
  knn: SerializedKnnPredictorSchema,
});
export type SerializedEnsemblePredictor = z.infer<typeof SerializedEnsemblePredictorSchema>;

function makeEnsemble(
  name: string,
  logistic: LogisticPredictor,
  knn: KnnPredictor,
  knnWeight: number,
  selection?: KnnSelection,
): EnsemblePredictor {
  if (logistic.models.join("\n") !== knn.models.join("\n")) {
    throw new TokenwiseError({ message: `ensemble ${name}: the members predict different models` });
  }
  const models = [...logistic.models];
  const predictPrepared = (input: EnsembleInput): Float64Array => {
    const a = logistic.predictVector(input.vector);
    const b = knn.predictTerms(input.terms);
    return Float64Array.from(a, (x, m) => (1 - knnWeight) * x + knnWeight * b[m]!);
  };
  const out: EnsemblePredictor = {
    name,
    models,
    logistic,
    knn,
    knnWeight,
    predictPrepared,
    predict(input) {
      const p = predictPrepared({
        vector: promptFeatures(input, logistic.features),
        terms: promptTerms(input, knn.bits),
      });
      return new Map(models.map((m, i) => [m, p[i]!]));
    },
    toJSON() {
      return {
        format: "tokenwise.ensemble-predictor/v1",
        name,
        models,
        knnWeight,
        logistic: logistic.toJSON(),
        knn: knn.toJSON(),
      };
    },
  };
  if (selection) return { ...out, selection };
  return out;
}

/**
 * Trains the ensemble predictor: the mean (weight `knnWeight`, default ½) of a per-model logistic
 * regression over hashed n-grams and a kNN over TF-IDF n-grams. The logistic generalises from features;
 * the kNN reads every model's outcome off the same similar prompts, so the difference between models is
 * estimated directly. Unless `knn` is given, its neighbourhood is chosen by nested selection on an inner
 * split of `examples` only (see {@link selectKnnSettings}). In-process; no network, no weights.
 *
 * @example
 * const predictor = trainEnsemblePredictor(examples, { name: "ensemble@mine" });
 * writeFileSync("predictor.json", JSON.stringify(predictor.toJSON()));
 */
export function trainEnsemblePredictor(
  examples: readonly TrainingExample[],
  options: EnsembleTrainOptions = {},
): EnsemblePredictor {
  const models = options.models ?? Object.keys(examples[0]?.scores ?? {});
  const seed = options.seed ?? 1;
  const knnWeight = options.knnWeight ?? 0.5;
  if (!(knnWeight >= 0 && knnWeight <= 1)) {
    throw new TokenwiseError({
      message: `trainEnsemblePredictor: knnWeight must be in 0–1 (got ${knnWeight})`,
    });
  }
  const terms = options.terms ?? examples.map((e) => promptTerms(e));
  const logisticOptions: LogisticTrainOptions = { seed, ...options.logistic, models };
  if (options.vectors) logisticOptions.vectors = options.vectors;
  const logistic = trainLogisticPredictor(examples, logisticOptions);
  const selection = options.knn
    ? undefined
    : selectKnnSettings(examples, {
        models,
        terms,
        seed,
        ...(options.groups ? { groups: options.groups } : {}),
      });
  const settings = options.knn ?? selection!.settings;
  const knn = trainKnnPredictor(examples, { ...settings, models, terms });
  return makeEnsemble(options.name ?? "ensemble-logistic-knn", logistic, knn, knnWeight, selection);
}

/**
 * Loads an ensemble saved with `predictor.toJSON()` (validated; a bad file throws naming `source`).
 *
 * @example
 * const predictor = loadEnsemblePredictor(JSON.parse(readFileSync("predictor.json", "utf8")));
 * // createRouter({ ..., qualityPredictor: predictor })
 */
export function loadEnsemblePredictor(json: unknown, source = "predictor.json"): EnsemblePredictor {
  const data = parseWith(SerializedEnsemblePredictorSchema, json, source);
  return makeEnsemble(
    data.name,
    loadLogisticPredictor(data.logistic, `${source}: logistic`),
    loadKnnPredictor(data.knn, `${source}: knn`),
    data.knnWeight,
  );
}
