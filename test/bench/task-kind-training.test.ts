import { TASK_KINDS } from "@tokenwise/core";
import { duplicateKey } from "@tokenwise/predictors";
import { builtinTaskKindModel, loadTaskKindModel } from "@tokenwise/router";
import { lastUserText } from "@tokenwise/router/internal";
import { describe, expect, it } from "vitest";
import { taskKindSplit } from "../../benchmarks/task-kind/data";
import { TRAIN_SETTINGS, trainTaskKindModel } from "../../benchmarks/task-kind/train-model";
import { TASK_KIND_WEIGHTS } from "../../packages/router/src/task-kind/task-kind-weights.generated";

const split = taskKindSplit();

describe("task-kind classifier: data, split and training", () => {
  it("the held-out side shares no prompt (up to case and punctuation) and no conversation with the train side", () => {
    const train = new Set(split.train.map((r) => duplicateKey(lastUserText(r.messages))));
    const leaked = split.heldout.filter((r) => train.has(duplicateKey(lastUserText(r.messages))));
    expect(leaked).toEqual([]);
    const trainGroups = new Set(split.train.flatMap((r) => (r.group ? [r.group] : [])));
    expect(split.heldout.filter((r) => r.group && trainGroups.has(r.group))).toEqual([]);
    // Every learned kind is on both sides; the multi-turn requests only on the held-out side.
    for (const kind of ["general", "code", "math", "reasoning", "creative", "instruction"] as const) {
      expect(split.train.some((r) => r.kind === kind)).toBe(true);
      expect(split.heldout.some((r) => r.kind === kind)).toBe(true);
    }
    expect(split.train.some((r) => r.kind === "multiturn")).toBe(false);
    expect(split.heldout.filter((r) => r.kind === "multiturn").length).toBeGreaterThan(0);
    for (const r of split.heldout.filter((x) => x.kind === "multiturn")) {
      expect(r.messages.filter((m) => m.role === "user").length).toBeGreaterThanOrEqual(2);
    }
  });

  it("training is deterministic, and the shipped weights are what the script makes from the train side", () => {
    const small = split.train.filter((_, i) => i % 10 === 0);
    const settings = { ...TRAIN_SETTINGS, epochs: 2 };
    expect(trainTaskKindModel(small, settings)).toEqual(trainTaskKindModel(small, settings));
    const shipped = TASK_KIND_WEIGHTS as { weights: string; bias: number[]; training: { trainRows: number } };
    expect(shipped.training.trainRows).toBe(split.train.length);
    const fresh = trainTaskKindModel(split.train, TRAIN_SETTINGS);
    expect(fresh.weights).toBe(shipped.weights);
    expect(fresh.bias).toEqual(shipped.bias);
    // A freshly trained file loads like the shipped one.
    expect(loadTaskKindModel(fresh).kinds).toEqual(builtinTaskKindModel().kinds);
    expect(TASK_KINDS.filter((k) => !fresh.kinds.includes(k))).toEqual(["chinese", "multiturn"]);
  });
});
