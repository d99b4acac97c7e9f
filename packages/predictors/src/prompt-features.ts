import type { PredictorInput } from "@tokenwise/core";

/** A sparse feature vector: hashed indices and their values (L2-normalised text part plus dense extras). */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

/** Options of the hashed featuriser; stored with a trained predictor so loading reproduces it. */
export interface FeatureOptions {
  /** log2 of the hashed space size (default 18). */
  bits: number;
  /** Word n-gram orders (default [1]). */
  wordNgrams: number[];
  /** Character n-gram orders over lower-cased text (default [4]). */
  charNgrams: number[];
  /** Characters of the prompt read (default 2000: longer prompts are truncated for features only). */
  maxChars: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  bits: 18,
  wordNgrams: [1],
  charNgrams: [4],
  maxChars: 2000,
};

/** Input to the featuriser: what the router knows at request time, plus an optional group label. */
export interface FeatureInput extends PredictorInput {
  /** A label known at request time (MMLU subject, product area). */
  group?: string;
}

/** FNV-1a over a string, 32-bit. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const MATH_RE =
  /[=+\-*/^√∑∫π]|\\frac|\\sqrt|\bsolve\b|\bequation\b|\bcalculate\b|\bcompute\b|\bhow many\b|\bhow much\b/gi;
const CODE_RE = /\bdef |\breturn\b|[{};]\s*$|=>|\bfunction\b|\bclass\b|```|\bimport\b/gm;

/**
 * Detects a coarse task kind from the text: `math`, `code`, `choice` (multiple choice), `puzzle` or `general`.
 *
 * @example
 * detectTaskKind("def add(a, b):\n    return a + b") // "code"
 */
export function detectTaskKind(prompt: string): string {
  const head = prompt.slice(0, 4000);
  if ((head.match(CODE_RE) ?? []).length >= 2) return "code";
  if (/\n\s*A[.)]\s.+\n\s*B[.)]\s/.test(head)) return "choice";
  if (/\bhouses?\b.*\bclues?\b/is.test(head)) return "puzzle";
  if ((head.match(MATH_RE) ?? []).length >= 2 || /\d+\s*[%$]|\$\s*\d/.test(head)) return "math";
  return "general";
}

/**
 * Featurises a prompt in-process: hashed word and character n-grams (L2-normalised), plus dense
 * features — length buckets, digit and math-marker density, detected task kind, declared task kind and
 * group. No vocabulary is fitted, so featurising never looks at other prompts.
 *
 * @example
 * const v = promptFeatures({ prompt: "What is 2+2?" }, DEFAULT_FEATURE_OPTIONS);
 */
export function promptFeatures(
  input: FeatureInput,
  options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
): SparseVector {
  const mask = (1 << options.bits) - 1;
  const counts = new Map<number, number>();
  const add = (key: string, seed: number, weight = 1) => {
    const idx = (hashString(key, seed) & mask) >>> 0;
    counts.set(idx, (counts.get(idx) ?? 0) + weight);
  };
  const text = input.prompt.slice(0, options.maxChars);
  const lower = text.toLowerCase();
  const words = lower.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
  for (const n of options.wordNgrams) {
    for (let i = 0; i + n <= words.length; i++) add(words.slice(i, i + n).join(" "), 0x9e3779b1 + n);
  }
  const squashed = ` ${lower.replace(/\s+/g, " ")} `;
  for (const n of options.charNgrams) {
    for (let i = 0; i + n <= squashed.length; i++) add(squashed.slice(i, i + n), 0x85ebca6b + n, 0.5);
  }
  let norm = 0;
  for (const v of counts.values()) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  const dense = new Map<number, number>();
  for (const [k, v] of counts) dense.set(k, v / norm);
  const flag = (name: string, value = 1) => {
    const idx = (hashString(name, 0xc2b2ae35) & mask) >>> 0;
    dense.set(idx, (dense.get(idx) ?? 0) + value);
  };
  flag("bias");
  const len = input.prompt.length;
  const lenBucket = Math.min(12, Math.floor(Math.log2(len + 1)));
  flag(`len:${lenBucket}`);
  flag("loglen", Math.log1p(len) / 10);
  const tokens = input.inputTokens;
  if (tokens !== undefined) flag(`tok:${Math.min(14, Math.floor(Math.log2(tokens + 1)))}`);
  const digits = (input.prompt.match(/\d/g) ?? []).length;
  flag("digits", Math.min(1, digits / 40));
  flag(`digits:${Math.min(6, Math.floor(Math.log2(digits + 1)))}`);
  const math = (input.prompt.slice(0, 4000).match(MATH_RE) ?? []).length;
  flag(`math:${Math.min(5, Math.floor(Math.log2(math + 1)))}`);
  const kind = detectTaskKind(input.prompt);
  flag(`kind:${kind}`);
  if (input.taskKind) flag(`declared:${input.taskKind}`);
  if (input.group) {
    flag(`group:${input.group}`);
    flag(`group:${input.group}|kind:${kind}`);
  }
  if (/\b(not|except|least|false)\b/i.test(input.prompt)) flag("negation");
  const entries = [...dense.entries()].sort((a, b) => a[0] - b[0]);
  return {
    indices: Uint32Array.from(entries.map((e) => e[0])),
    values: Float32Array.from(entries.map((e) => e[1])),
  };
}
