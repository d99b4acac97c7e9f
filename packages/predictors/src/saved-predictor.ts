import {
  parseWith,
  type QualityOperatingPoint,
  type QualityPredictor,
  type QualityTarget,
  TokenwiseError,
  ValidationError,
} from "@tokenwise/core";
import { z } from "zod";
import { type CalibrationSet, calibrateFloor } from "./calibrate-target";
import {
  type DifficultyPredictor,
  loadDifficultyPredictor,
  SerializedDifficultyPredictorSchema,
  trainDifficultyPredictor,
} from "./difficulty-predictor";
import {
  type EnsemblePredictor,
  loadEnsemblePredictor,
  SerializedEnsemblePredictorSchema,
  trainEnsemblePredictor,
} from "./ensemble-predictor";
import { foldGroupsOf } from "./fold-groups";
import { groupedKFoldSplits } from "./k-fold";
import {
  type KnnPredictor,
  loadKnnPredictor,
  SerializedKnnPredictorSchema,
  trainKnnPredictor,
} from "./knn-predictor";
import {
  type LogisticPredictor,
  loadLogisticPredictor,
  SerializedLogisticPredictorSchema,
  type TrainingExample,
  trainLogisticPredictor,
} from "./logistic-predictor";
import type { FeatureInput, FeatureOptions } from "./prompt-features";

/** The kinds of predictor {@link trainPredictor} trains. */
export const PREDICTOR_KINDS = ["ensemble", "logistic", "knn", "difficulty"] as const;
export type PredictorKind = (typeof PREDICTOR_KINDS)[number];

type MemberPredictor = LogisticPredictor | KnnPredictor | EnsemblePredictor | DifficultyPredictor;

const base64Floats = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: "must be base64" });

/** Held-back calibration data as saved: per model, float32 predictions and scores (base64). */
export const SerializedCalibrationSchema = z.object({
  /** Calibration prompts (none of them trained on). */
  prompts: z.number().int().min(1),
  /** Base64 of little-endian float32 predictions, one array per model (in the predictor's model order). */
  predicted: z.array(base64Floats),
  /** Base64 of little-endian float32 realised scores, same layout. */
  scores: z.array(base64Floats),
  /** How the calibration prompts were chosen. */
  note: z.string().min(1),
});
export type SerializedCalibration = z.infer<typeof SerializedCalibrationSchema>;

/**
 * A saved predictor: `tokenwise.predictor/v1` wraps one trained predictor (by its own versioned format)
 * with what it was trained on and, optionally, held-back calibration data for quality targets.
 */
export const SavedPredictorSchema = z.object({
  format: z.literal("tokenwise.predictor/v1"),
  predictor: z.discriminatedUnion("format", [
    SerializedEnsemblePredictorSchema,
    SerializedLogisticPredictorSchema,
    SerializedKnnPredictorSchema,
    SerializedDifficultyPredictorSchema,
  ]),
  trainedOn: z.object({
    /** Prompts the predictor was fitted on. */
    examples: z.number().int().min(1),
    /** Where they came from (a file name), when known. */
    source: z.string().optional(),
    /** When it was trained (ISO instant). */
    at: z.string().optional(),
  }),
  calibration: SerializedCalibrationSchema.optional(),
});
export type SavedPredictor = z.infer<typeof SavedPredictorSchema>;

/** A loaded or freshly trained predictor: core's `QualityPredictor`, with an operating point when calibrated. */
export interface TrainedPredictor extends QualityPredictor {
  /** The trained member (ensemble, logistic, kNN or difficulty). */
  readonly member: MemberPredictor;
  /** The held-back calibration data, when saved with it. */
  readonly calibration: CalibrationSet | undefined;
  predict(input: FeatureInput): Map<string, number>;
  /** The versioned JSON form; `loadPredictor(toJSON())` predicts identically. */
  toJSON(): SavedPredictor;
}

const floats = (a: Float64Array): string => {
  const f = Float32Array.from(a);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString("base64");
};

function readFloats(b64: string, n: number, source: string, path: (string | number)[]): Float64Array {
  const bytes = new Uint8Array(Buffer.from(b64, "base64"));
  if (bytes.byteLength !== n * 4) {
    throw new ValidationError({
      source,
      issues: [{ path, message: `holds ${bytes.byteLength} bytes, expected ${n * 4} (${n} float32)` }],
    });
  }
  return Float64Array.from(new Float32Array(bytes.buffer, 0, n));
}

function makeTrained(
  member: MemberPredictor,
  saved: Omit<SavedPredictor, "predictor">,
  calibration?: CalibrationSet,
): TrainedPredictor {
  const out: TrainedPredictor = {
    name: member.name,
    models: member.models,
    member,
    calibration,
    predict: (input) => member.predict(input),
    toJSON() {
      const json: SavedPredictor = { ...saved, predictor: member.toJSON() };
      return json;
    },
  };
  if (calibration) {
    return {
      ...out,
      operatingPoint: (target: QualityTarget, costOrder: readonly string[]): QualityOperatingPoint => {
        const { certified: _, ...point } = calibrateFloor(calibration, target, costOrder);
        return point;
      },
    };
  }
  return out;
}

function loadMember(json: { format: string }, source: string): MemberPredictor {
  switch (json.format) {
    case "tokenwise.ensemble-predictor/v1":
      return loadEnsemblePredictor(json, source);
    case "tokenwise.logistic-predictor/v1":
      return loadLogisticPredictor(json, source);
    case "tokenwise.knn-predictor/v1":
      return loadKnnPredictor(json, source);
    case "tokenwise.difficulty-predictor/v1":
      return loadDifficultyPredictor(json, source);
    default:
      throw new ValidationError({
        source,
        issues: [{ path: ["format"], message: "not a tokenwise predictor format", value: json.format }],
      });
  }
}

/**
 * Loads a saved predictor (`tokenwise.predictor/v1`, as written by `tokenwise train` or
 * `predictor.toJSON()`), or a bare member file (`tokenwise.ensemble-predictor/v1`, …). The JSON is checked
 * against its schema first: a corrupt or truncated file throws a `ValidationError` naming the path
 * (`predictor.logistic.weights.0`, `calibration.scores.1`, …). The result implements core's
 * `QualityPredictor` (with `operatingPoint` when the file carries calibration data).
 *
 * @example
 * const qualityPredictor = loadPredictor(JSON.parse(readFileSync("predictor.json", "utf8")), "predictor.json");
 * const router = createRouter({ catalog, qualityPredictor, quality: { target: 0.95, of: "best", confidence: 0.9 } });
 */
export function loadPredictor(json: unknown, source = "predictor.json"): TrainedPredictor {
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== "tokenwise.predictor/v1" && typeof format === "string" && format.endsWith("-predictor/v1")) {
    const member = loadMember(json as { format: string }, source);
    return makeTrained(member, { format: "tokenwise.predictor/v1", trainedOn: { examples: 1 } });
  }
  const data = parseWith(SavedPredictorSchema, json, source);
  const member = withPathPrefix(["predictor"], () => loadMember(data.predictor, source));
  let calibration: CalibrationSet | undefined;
  if (data.calibration) {
    const c = data.calibration;
    const models = member.models;
    for (const field of ["predicted", "scores"] as const) {
      if (c[field].length !== models.length) {
        throw new ValidationError({
          source,
          issues: [
            {
              path: ["calibration", field],
              message: `${c[field].length} arrays for ${models.length} models (${models.join(", ")})`,
            },
          ],
        });
      }
    }
    calibration = {
      models,
      predicted: c.predicted.map((b, m) => readFloats(b, c.prompts, source, ["calibration", "predicted", m])),
      scores: c.scores.map((b, m) => readFloats(b, c.prompts, source, ["calibration", "scores", m])),
    };
  }
  const { predictor: _, ...rest } = data;
  return makeTrained(member, rest, calibration);
}

/** Re-throws a member's `ValidationError` with `prefix` before each issue's path. */
function withPathPrefix<T>(prefix: (string | number)[], run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!ValidationError.isInstance(error)) throw error;
    const e = error as ValidationError;
    throw new ValidationError({
      source: e.source,
      issues: e.issues.map((i) => ({ ...i, path: [...prefix, ...i.path] })),
      cause: e,
    });
  }
}

/** Options of {@link trainPredictor}. */
export interface TrainPredictorOptions {
  /** Which predictor (default `ensemble`: logistic + kNN). */
  kind?: PredictorKind;
  /** Name shown in router reports (default `<kind>@<source>` or the member's default). */
  name?: string;
  /** Model keys to learn (default: the first example's). */
  models?: readonly string[];
  /**
   * Share of the examples held back (never trained on) as calibration data for quality targets
   * (default 0.25; 0 saves none). Whole groups are held back: copies of a prompt and rows sharing a
   * `foldGroup` never straddle training and calibration.
   */
  calibrationShare?: number;
  /** Calibration examples from elsewhere (then nothing is held back from `examples`). */
  calibrationExamples?: readonly (TrainingExample & { foldGroup?: string })[];
  /** Seed of the hold-out split and the shuffles (default 1). */
  seed?: number;
  /** Hashed-feature settings of the logistic member (e.g. `{ bits: 14 }` for a smaller file; default 2^18 weights per model). */
  features?: Partial<FeatureOptions>;
  /** Where the examples came from, saved in `trainedOn.source`. */
  source?: string;
  /** Clock for `trainedOn.at` (default `new Date()`). */
  now?: () => Date;
}

/**
 * Trains a predictor on outcomes (prompt + per-model scores in 0–1) and, unless told otherwise, holds a
 * grouped 25% back to calibrate quality targets on (see `calibrateFloor`). What `tokenwise train` runs.
 *
 * @example
 * const predictor = trainPredictor(rows, { source: "outcomes.jsonl" });
 * writeFileSync("predictor.json", JSON.stringify(predictor.toJSON()));
 */
export function trainPredictor(
  examples: readonly (TrainingExample & { foldGroup?: string })[],
  options: TrainPredictorOptions = {},
): TrainedPredictor {
  const kind = options.kind ?? "ensemble";
  const seed = options.seed ?? 1;
  const models = [...(options.models ?? Object.keys(examples[0]?.scores ?? {}))];
  if (models.length === 0 || examples.length === 0) {
    throw new TokenwiseError({ message: "trainPredictor: no examples or no models to learn" });
  }
  const share = options.calibrationShare ?? (options.calibrationExamples ? 0 : 0.25);
  if (!(share >= 0 && share < 1)) {
    throw new ValidationError({
      source: "trainPredictor",
      issues: [{ path: ["calibrationShare"], message: "must be in [0, 1)", value: share }],
    });
  }
  let train: readonly (TrainingExample & { foldGroup?: string })[] = examples;
  let held: readonly TrainingExample[] = options.calibrationExamples ?? [];
  let note = `${held.length} calibration examples given separately`;
  if (share > 0) {
    const groups = foldGroupsOf(examples);
    const k = Math.max(2, Math.round(1 / share));
    const fold = groupedKFoldSplits(groups, k, seed)[0]!;
    train = fold.train.map((i) => examples[i]!);
    held = fold.test.map((i) => examples[i]!);
    note = `1 of ${k} grouped folds (seed ${seed}) held back: ${held.length} of ${examples.length} prompts, never trained on`;
  }
  const name = options.name ?? (options.source ? `${kind}@${options.source}` : undefined);
  const common = { models, ...(name ? { name } : {}) };
  const member: MemberPredictor =
    kind === "ensemble"
      ? trainEnsemblePredictor(train, {
          ...common,
          seed,
          groups: foldGroupsOf(train),
          ...(options.features ? { logistic: { features: options.features } } : {}),
        })
      : kind === "logistic"
        ? trainLogisticPredictor(train, {
            ...common,
            seed,
            ...(options.features ? { features: options.features } : {}),
          })
        : kind === "knn"
          ? trainKnnPredictor(train, common)
          : trainDifficultyPredictor(train, common);
  // In the schema's key order, so a loaded file saves back byte for byte.
  const trainedOn: SavedPredictor["trainedOn"] = {
    examples: train.length,
    ...(options.source ? { source: options.source } : {}),
    at: (options.now ?? (() => new Date()))().toISOString(),
  };
  const saved: Omit<SavedPredictor, "predictor"> = { format: "tokenwise.predictor/v1", trainedOn };
  let calibration: CalibrationSet | undefined;
  if (held.length > 0) {
    const predicted = models.map(() => new Float64Array(held.length));
    const scores = models.map((m) => Float64Array.from(held, (e) => e.scores[m] ?? 0));
    held.forEach((e, i) => {
      const p = member.predict(e);
      models.forEach((m, j) => {
        predicted[j]![i] = p.get(m) ?? 0;
      });
    });
    // Stored at float32 precision, as saved, so a loaded predictor calibrates identically.
    const f32 = (a: Float64Array) => Float64Array.from(Float32Array.from(a));
    calibration = { models, predicted: predicted.map(f32), scores: scores.map(f32) };
    saved.calibration = {
      prompts: held.length,
      predicted: predicted.map(floats),
      scores: scores.map(floats),
      note,
    };
  }
  return makeTrained(member, saved, calibration);
}
