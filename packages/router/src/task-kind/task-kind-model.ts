import { parseWith, TASK_KINDS, type TaskKind, ValidationError } from "@tokenwise/core";
import { z } from "zod";
import { DENSE_FEATURES, type FeatureVector, TASK_KIND_TEXT_LIMIT } from "./task-kind-features";

/** Format tag of a task-kind weights file. */
export const TASK_KIND_WEIGHTS_FORMAT = "tokenwise-task-kind";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * A task-kind weights file (version 1): a multinomial logistic regression over the hashed and dense
 * features of `task-kind-features.ts`, weights quantised to int8 per kind (`weight = q × scale[kind]`),
 * stored row-major (feature × kind) in base64.
 */
export const TaskKindWeightsSchema = z
  .object({
    format: z.literal(TASK_KIND_WEIGHTS_FORMAT),
    version: z.literal(1),
    /** The kinds the model scores, in column order. */
    kinds: z
      .array(z.enum(TASK_KINDS))
      .min(2, "a classifier needs at least two kinds")
      .refine((k) => new Set(k).size === k.length, "kinds must be distinct"),
    /** Hashed feature slots: a power of two. */
    buckets: z
      .number()
      .int()
      .min(256)
      .max(1 << 20)
      .refine((b) => (b & (b - 1)) === 0, "must be a power of two"),
    /** The dense features after the hashed slots, in order: must be this version's list. */
    dense: z
      .array(z.string())
      .refine(
        (d) => d.length === DENSE_FEATURES.length && d.every((x, i) => x === DENSE_FEATURES[i]),
        `must be ${JSON.stringify(DENSE_FEATURES)} (the features this version computes)`,
      ),
    /** Characters of the last user turn the weights were trained on. */
    textLimit: z.literal(TASK_KIND_TEXT_LIMIT),
    bias: z.array(z.number().finite()),
    scale: z.array(z.number().finite().positive()),
    /** int8 weights, (buckets + dense) × kinds, base64. */
    weights: z.string().regex(BASE64, "must be base64"),
    /** How the weights were made: data, split, seed, figures (provenance; not read by the classifier). */
    training: z.record(z.string(), z.unknown()),
  })
  .superRefine((w, ctx) => {
    const k = w.kinds.length;
    if (w.bias.length !== k)
      ctx.addIssue({ code: "custom", path: ["bias"], message: `needs ${k} values (one per kind)` });
    if (w.scale.length !== k)
      ctx.addIssue({ code: "custom", path: ["scale"], message: `needs ${k} values (one per kind)` });
    const want = (w.buckets + w.dense.length) * k;
    const got = base64Bytes(w.weights);
    if (got !== want) {
      ctx.addIssue({
        code: "custom",
        path: ["weights"],
        message: `decodes to ${got} bytes; (buckets ${w.buckets} + ${w.dense.length} dense) × ${k} kinds = ${want}`,
      });
    }
  });
export type TaskKindWeights = z.infer<typeof TaskKindWeightsSchema>;

/** A loaded (validated, decoded) task-kind classifier. */
export interface TaskKindModel {
  kinds: readonly TaskKind[];
  buckets: number;
  bias: Float64Array;
  scale: Float64Array;
  /** (buckets + dense) × kinds, row-major. */
  weights: Int8Array;
  /** Provenance from the weights file. */
  training: Readonly<Record<string, unknown>>;
}

function base64Bytes(b64: string): number {
  const pad = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
  return (b64.length / 4) * 3 - pad;
}

/**
 * Validates a weights file and decodes it; a wrong field is a `ValidationError` naming its path.
 *
 * @example
 * const model = loadTaskKindModel(JSON.parse(readFileSync("task-kind.json", "utf8")));
 * detectTaskKind(messages, { model });
 */
export function loadTaskKindModel(data: unknown, source = "task-kind weights"): TaskKindModel {
  const w = parseWith(TaskKindWeightsSchema, data, source);
  if (w.weights.length % 4 !== 0) {
    throw new ValidationError({
      source,
      issues: [{ path: ["weights"], message: "base64 length must be a multiple of 4" }],
    });
  }
  const bin = atob(w.weights);
  const weights = new Int8Array(bin.length);
  for (let i = 0; i < bin.length; i++) weights[i] = (bin.charCodeAt(i) << 24) >> 24;
  return {
    kinds: w.kinds,
    buckets: w.buckets,
    bias: Float64Array.from(w.bias),
    scale: Float64Array.from(w.scale),
    weights,
    training: w.training,
  };
}

/** Encodes int8 weights as the file's base64 (the training script's counterpart of {@link loadTaskKindModel}). */
export function encodeTaskKindWeights(weights: Int8Array): string {
  let bin = "";
  for (let i = 0; i < weights.length; i++) bin += String.fromCharCode(weights[i]! & 0xff);
  return btoa(bin);
}

/**
 * Softmax probabilities of the model's kinds for a feature vector, written into `out` (length
 * `model.kinds.length`).
 */
export function taskKindProbabilities(
  model: TaskKindModel,
  x: FeatureVector,
  out: Float64Array,
): Float64Array {
  const k = model.kinds.length;
  const raw = out;
  raw.fill(0);
  const w = model.weights;
  for (let i = 0; i < x.size; i++) {
    const v = x.value[i]!;
    const row = x.index[i]! * k;
    for (let j = 0; j < k; j++) raw[j] = raw[j]! + w[row + j]! * v;
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < k; j++) {
    raw[j] = model.bias[j]! + model.scale[j]! * raw[j]!;
    if (raw[j]! > max) max = raw[j]!;
  }
  let sum = 0;
  for (let j = 0; j < k; j++) {
    raw[j] = Math.exp(raw[j]! - max);
    sum += raw[j]!;
  }
  for (let j = 0; j < k; j++) raw[j] = raw[j]! / sum;
  return raw;
}
