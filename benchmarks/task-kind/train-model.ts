/**
 * Trains the task-kind classifier: multinomial logistic regression over the router's own features
 * (`taskKindFeatures`), AdaGrad with L2, class-balanced loss, seeded shuffles — the same rows and
 * settings give the same bytes. The weights are quantised to int8 per kind for the shipped file.
 */
import { TASK_KINDS, type TaskKind } from "@tokenwise/core";
import { seededRandom } from "@tokenwise/core/internal";
import {
  DENSE_FEATURES,
  encodeTaskKindWeights,
  lastUserText,
  newFeatureVector,
  TASK_KIND_TEXT_LIMIT,
  TASK_KIND_WEIGHTS_FORMAT,
  type TaskKindWeights,
  taskKindFeatures,
} from "@tokenwise/router/internal";
import type { LabelledRequest } from "./data";

/** Training settings, fixed a priori (not tuned on the held-out split). */
export interface TrainSettings {
  buckets: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const TRAIN_SETTINGS: TrainSettings = {
  buckets: 1 << 14,
  epochs: 10,
  learningRate: 0.2,
  l2: 1e-5,
  seed: 13,
};

/** The kinds a rule decides (never learned from text). */
const RULE_KINDS: ReadonlySet<TaskKind> = new Set(["chinese", "multiturn"]);

/** Trains on `rows` (their last user turn) and returns a weights file (validated by the router on load). */
export function trainTaskKindModel(
  rows: readonly LabelledRequest[],
  settings: TrainSettings = TRAIN_SETTINGS,
  provenance: Record<string, unknown> = {},
): TaskKindWeights {
  const learned = rows.filter((r) => !RULE_KINDS.has(r.kind));
  const kinds = TASK_KINDS.filter((k) => learned.some((r) => r.kind === k));
  const K = kinds.length;
  const D = settings.buckets + DENSE_FEATURES.length;
  const x = newFeatureVector();
  const data = learned.map((r) => {
    taskKindFeatures(lastUserText(r.messages), settings.buckets, x);
    return { index: x.index.slice(0, x.size), value: x.value.slice(0, x.size), y: kinds.indexOf(r.kind) };
  });
  const counts = kinds.map((_, k) => data.filter((d) => d.y === k).length);
  // Balanced loss: each kind weighs as much in total as any other.
  const classWeight = counts.map((n) => data.length / (K * n));
  const W = new Float64Array(D * K);
  const G = new Float64Array(D * K);
  const b = new Float64Array(K);
  const Gb = new Float64Array(K);
  const p = new Float64Array(K);
  const g = new Float64Array(K);
  const random = seededRandom(settings.seed);
  const order = data.map((_, i) => i);
  const eps = 1e-8;
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const n of order) {
      const d = data[n]!;
      for (let k = 0; k < K; k++) p[k] = b[k]!;
      for (let i = 0; i < d.index.length; i++) {
        const row = d.index[i]! * K;
        const v = d.value[i]!;
        for (let k = 0; k < K; k++) p[k] = p[k]! + W[row + k]! * v;
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < K; k++) if (p[k]! > max) max = p[k]!;
      let sum = 0;
      for (let k = 0; k < K; k++) {
        p[k] = Math.exp(p[k]! - max);
        sum += p[k]!;
      }
      const cw = classWeight[d.y]!;
      for (let k = 0; k < K; k++) g[k] = cw * (p[k]! / sum - (k === d.y ? 1 : 0));
      for (let k = 0; k < K; k++) {
        Gb[k] = Gb[k]! + g[k]! * g[k]!;
        b[k] = b[k]! - (settings.learningRate * g[k]!) / Math.sqrt(Gb[k]! + eps);
      }
      for (let i = 0; i < d.index.length; i++) {
        const row = d.index[i]! * K;
        const v = d.value[i]!;
        for (let k = 0; k < K; k++) {
          const at = row + k;
          const grad = g[k]! * v + settings.l2 * W[at]!;
          G[at] = G[at]! + grad * grad;
          W[at] = W[at]! - (settings.learningRate * grad) / Math.sqrt(G[at]! + eps);
        }
      }
    }
  }
  // int8 per kind: weight = q × scale[k], scale = max |w| / 127.
  const scale = kinds.map((_, k) => {
    let m = 0;
    for (let i = 0; i < D; i++) m = Math.max(m, Math.abs(W[i * K + k]!));
    return m > 0 ? m / 127 : 1;
  });
  const q = new Int8Array(D * K);
  for (let i = 0; i < D; i++)
    for (let k = 0; k < K; k++) q[i * K + k] = Math.round(W[i * K + k]! / scale[k]!);
  return {
    format: TASK_KIND_WEIGHTS_FORMAT,
    version: 1,
    kinds,
    buckets: settings.buckets,
    dense: [...DENSE_FEATURES],
    textLimit: TASK_KIND_TEXT_LIMIT,
    bias: [...b].map(round6),
    scale: scale.map((s) => Number(s.toPrecision(8))),
    weights: encodeTaskKindWeights(q),
    training: {
      ...provenance,
      settings,
      rows: Object.fromEntries(kinds.map((k, i) => [k, counts[i]])),
    },
  };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
