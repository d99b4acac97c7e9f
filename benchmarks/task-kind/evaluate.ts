/**
 * Figures of `taskKind: "auto"`: accuracy of the shipped classifier on the held-out side of the
 * grouped split (never trained on), and its cost per prompt. Used by run.ts (`bench:task-kind`), by the
 * routing benchmark (so a full `bench:routing` keeps `task_kind_accuracy`) and by `bench:overhead`
 * (`task_kind_us`).
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { TaskKind } from "@tokenwise/core";
import { detectTaskKind, type TaskKindDetection } from "@tokenwise/router";
import { lastUserText } from "@tokenwise/router/internal";
import { type LabelledRequest, TASK_KIND_SEED, taskKindSplit } from "./data";

/** Accuracy figures, as written to routing.json `task_kind_accuracy`. */
export interface TaskKindAccuracy {
  /** Share of held-out single-turn prompts whose detected kind (fallback rule included) is their label. */
  accuracy: number;
  n: number;
  /** Mean of the per-kind accuracies (each kind counts the same). */
  balanced_accuracy: number;
  per_kind: Partial<Record<TaskKind, { n: number; correct: number; accuracy: number }>>;
  /** confusion[label][detected] = count. */
  confusion: Partial<Record<TaskKind, Partial<Record<TaskKind, number>>>>;
  /**
   * Per data set (mmlu, gsm8k, mt-bench, dcrouter): MT-Bench's free-form prompts share no template with
   * the other sources, so its row is the nearest to unseen traffic.
   */
  per_source: Record<string, { n: number; correct: number; accuracy: number }>;
  /** Held-out prompts routed as `general` because the top probability was under the threshold. */
  low_confidence: number;
  /** The real multi-turn requests (tau-bench), decided by the turn rule. */
  multiturn: { n: number; correct: number; accuracy: number };
  /** Everything together: the single-turn prompts and the multi-turn requests. */
  with_multiturn: { n: number; accuracy: number };
  split: {
    train_rows: number;
    heldout_rows: number;
    grouped_rows: number;
    conflicting_groups: number;
    seed: number;
    method: string;
  };
}

function tally(rows: readonly LabelledRequest[], detected: readonly TaskKindDetection[]) {
  const per_kind: TaskKindAccuracy["per_kind"] = {};
  const confusion: TaskKindAccuracy["confusion"] = {};
  let correct = 0;
  rows.forEach((r, i) => {
    const d = detected[i]!.kind;
    const k = per_kind[r.kind] ?? { n: 0, correct: 0, accuracy: 0 };
    per_kind[r.kind] = k;
    k.n++;
    const row = confusion[r.kind] ?? {};
    confusion[r.kind] = row;
    row[d] = (row[d] ?? 0) + 1;
    if (d === r.kind) {
      k.correct++;
      correct++;
    }
  });
  for (const k of Object.values(per_kind)) k.accuracy = round4(k.correct / k.n);
  return { per_kind, confusion, correct };
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** Accuracy of the shipped classifier on the held-out split. */
export function taskKindAccuracy(): TaskKindAccuracy {
  const split = taskKindSplit();
  const single = split.heldout.filter((r) => r.kind !== "multiturn");
  const multi = split.heldout.filter((r) => r.kind === "multiturn");
  const ds = single.map((r) => detectTaskKind(r.messages));
  const dm = multi.map((r) => detectTaskKind(r.messages));
  const s = tally(single, ds);
  const m = tally(multi, dm);
  const kinds = Object.values(s.per_kind);
  const per_source: TaskKindAccuracy["per_source"] = {};
  single.forEach((r, i) => {
    const name = r.source.split(":")[0]!;
    const x = per_source[name] ?? { n: 0, correct: 0, accuracy: 0 };
    per_source[name] = x;
    x.n++;
    if (ds[i]!.kind === r.kind) x.correct++;
  });
  for (const x of Object.values(per_source)) x.accuracy = round4(x.correct / x.n);
  return {
    accuracy: round4(s.correct / single.length),
    n: single.length,
    balanced_accuracy: round4(kinds.reduce((a, k) => a + k.accuracy, 0) / kinds.length),
    per_kind: s.per_kind,
    confusion: s.confusion,
    per_source,
    low_confidence: ds.filter((d) => d.by === "low-confidence").length,
    multiturn: {
      n: multi.length,
      correct: m.correct,
      accuracy: round4(m.correct / Math.max(multi.length, 1)),
    },
    with_multiturn: {
      n: single.length + multi.length,
      accuracy: round4((s.correct + m.correct) / (single.length + multi.length)),
    },
    split: {
      train_rows: split.train.length,
      heldout_rows: split.heldout.length,
      grouped_rows: split.groupedRows,
      conflicting_groups: split.conflictingGroups,
      seed: TASK_KIND_SEED,
      method:
        "per kind, the first of 5 grouped folds held out; copies, near-duplicates (word 3-gram Jaccard ≥ 0.8) and a conversation's turns on one side; tau-bench multi-turn requests held out only",
    },
  };
}

/** Cost per prompt, as written to overhead.json `task_kind_us`. */
export interface TaskKindCost {
  /** Per-call wall time of `detectTaskKind` over the held-out prompts, µs. */
  p50: number;
  p99: number;
  /** Process CPU time over all timed calls / calls, µs. */
  cpu_us_per_call: number;
  calls: number;
  /** Median length of the prompts timed (characters of the last user turn). */
  prompt_chars_p50: number;
}

/**
 * Times `detectTaskKind` on every held-out request (single- and multi-turn), `passes` times after two
 * warm-up passes; each call is timed on its own (`process.hrtime.bigint`).
 */
export function taskKindCost(passes = 5): TaskKindCost {
  const rows = taskKindSplit().heldout;
  for (let w = 0; w < 2; w++) for (const r of rows) detectTaskKind(r.messages);
  const samples: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let p = 0; p < passes; p++) {
    for (const r of rows) {
      const t0 = process.hrtime.bigint();
      detectTaskKind(r.messages);
      samples.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  }
  const cpu = process.cpuUsage(cpu0);
  samples.sort((a, b) => a - b);
  const chars = rows.map((r) => lastUserText(r.messages).length).sort((a, b) => a - b);
  const at = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
  return {
    p50: round4(at(samples, 0.5)),
    p99: round4(at(samples, 0.99)),
    cpu_us_per_call: round4((cpu.user + cpu.system) / samples.length),
    calls: samples.length,
    prompt_chars_p50: at(chars, 0.5),
  };
}

/** Merges `task_kind_accuracy` into a routing.json, leaving every other key as it is. */
export function mergeTaskKindAccuracy(routingJson: string, accuracy = taskKindAccuracy()): TaskKindAccuracy {
  const json = JSON.parse(readFileSync(routingJson, "utf8")) as Record<string, unknown>;
  json.task_kind_accuracy = accuracy;
  writeFileSync(routingJson, `${JSON.stringify(json, null, 2)}\n`);
  return accuracy;
}

/** Merges `task_kind_us` into an overhead.json, leaving every other key as it is. */
export function mergeTaskKindCost(overheadJson: string, cost = taskKindCost()): TaskKindCost {
  const json = JSON.parse(readFileSync(overheadJson, "utf8")) as Record<string, unknown>;
  json.task_kind_us = cost;
  writeFileSync(overheadJson, `${JSON.stringify(json, null, 2)}\n`);
  return cost;
}
