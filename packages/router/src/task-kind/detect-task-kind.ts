import { type ChatMessage, TASK_KINDS, type TaskKind } from "@tokenwise/core";
import { newFeatureVector, type ScriptCounts, taskKindFeatures } from "./task-kind-features";
import { loadTaskKindModel, type TaskKindModel, taskKindProbabilities } from "./task-kind-model";
import { TASK_KIND_WEIGHTS } from "./task-kind-weights.generated";

/** What a request's `taskKind` may be: a task kind, or `auto` to have the router detect it per prompt. */
export const TASK_KIND_OPTIONS = [...TASK_KINDS, "auto"] as const;
export type TaskKindOption = (typeof TASK_KIND_OPTIONS)[number];

/**
 * Below this top probability the classifier's kind is not trusted and the call routes as `general`
 * (fixed a priori: a kind must be more likely than all the others together).
 */
export const TASK_KIND_MIN_CONFIDENCE = 0.5;

/**
 * Share of Han ideographs among the letters of the last user turn at or above which it is `chinese`
 * (when kana and Hangul are under a tenth of the Han count, so Japanese is not taken for Chinese).
 */
export const CHINESE_HAN_SHARE = 0.3;

/**
 * How the kind was decided, in the order the rules are tried:
 * - `no-text`: the last user turn has no text (e.g. only an image) → `general`;
 * - `script`: Han share ≥ {@link CHINESE_HAN_SHARE} → `chinese`;
 * - `turns`: two user turns or more → `multiturn`;
 * - `classifier`: the text classifier's top kind, with probability ≥ {@link TASK_KIND_MIN_CONFIDENCE};
 * - `low-confidence`: the top probability was lower → `general`.
 */
export type TaskKindRule = "no-text" | "script" | "turns" | "classifier" | "low-confidence";

/** What `taskKind: "auto"` found: the kind routed on, and why. */
export interface TaskKindDetection {
  /** The kind the call was routed as (its quality scores and floors). */
  kind: TaskKind;
  /** The classifier's top probability (`classifier`, `low-confidence`); 1 for the rules. */
  confidence: number;
  /** The classifier's probability per kind it knows (empty for `no-text`). */
  scores: Partial<Record<TaskKind, number>>;
  by: TaskKindRule;
}

/** Settings of {@link detectTaskKind}. */
export interface DetectTaskKindOptions {
  /** A classifier loaded with `loadTaskKindModel` (default: the one shipped with the router). */
  model?: TaskKindModel;
  /** Top probability under which the result is `general` (default {@link TASK_KIND_MIN_CONFIDENCE}). */
  minConfidence?: number;
}

let builtin: TaskKindModel | undefined;

/** The classifier shipped with the router (validated on first use). */
export function builtinTaskKindModel(): TaskKindModel {
  builtin ??= loadTaskKindModel(TASK_KIND_WEIGHTS, "@tokenwise/router task-kind weights");
  return builtin;
}

/** Text of the last user message (its text parts joined), "" when there is none. */
export function lastUserText(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === "user") {
      if (typeof m.content === "string") return m.content;
      let text = "";
      for (const p of m.content) if (p.type === "text") text += p.text;
      return text;
    }
  }
  return "";
}

const scratch = newFeatureVector();
const script: ScriptCounts = { letters: 0, han: 0, kanaHangul: 0 };

/**
 * Detects the task kind of a request from its messages: the last user turn's script (Chinese), the
 * number of user turns (multi-turn), else a small linear classifier over the last user turn (general,
 * code, math, reasoning, creative, instruction). Deterministic, in-process, no network.
 *
 * @example
 * detectTaskKind([{ role: "user", content: "Write a Python function that reverses a list." }])
 * // { kind: "code", confidence: 0.9…, scores: { code: 0.9…, … }, by: "classifier" }
 */
export function detectTaskKind(
  messages: readonly ChatMessage[],
  options: DetectTaskKindOptions = {},
): TaskKindDetection {
  const model = options.model ?? builtinTaskKindModel();
  const text = lastUserText(messages);
  if (text.trim() === "") return { kind: "general", confidence: 1, scores: {}, by: "no-text" };
  const x = taskKindFeatures(text, model.buckets, scratch, script);
  const p = taskKindProbabilities(model, x, new Float64Array(model.kinds.length));
  const scores: Partial<Record<TaskKind, number>> = {};
  let top = 0;
  for (let j = 0; j < p.length; j++) {
    scores[model.kinds[j]!] = p[j]!;
    if (p[j]! > p[top]!) top = j;
  }
  if (
    script.letters > 0 &&
    script.han >= CHINESE_HAN_SHARE * script.letters &&
    script.kanaHangul * 10 < script.han
  ) {
    return { kind: "chinese", confidence: 1, scores, by: "script" };
  }
  let users = 0;
  for (const m of messages) if (m.role === "user") users++;
  if (users >= 2) return { kind: "multiturn", confidence: 1, scores, by: "turns" };
  const confidence = p[top]!;
  return confidence >= (options.minConfidence ?? TASK_KIND_MIN_CONFIDENCE)
    ? { kind: model.kinds[top]!, confidence, scores, by: "classifier" }
    : { kind: "general", confidence, scores, by: "low-confidence" };
}

/**
 * A request with `taskKind: "auto"` resolved to the detected kind (other requests as they are), and
 * the detection.
 */
export function resolveTaskKind<R extends { taskKind?: TaskKindOption; messages: readonly ChatMessage[] }>(
  request: R,
): { request: Omit<R, "taskKind"> & { taskKind?: TaskKind }; detection?: TaskKindDetection } {
  if (request.taskKind !== "auto")
    return { request: request as Omit<R, "taskKind"> & { taskKind?: TaskKind } };
  const detection = detectTaskKind(request.messages);
  return { request: { ...request, taskKind: detection.kind }, detection };
}
