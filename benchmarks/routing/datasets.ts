/**
 * The public data sets of the routing benchmark from this repository's copies in
 * benchmarks/data/routing (see SOURCE.md there); the adapters live in @tokenwise/bench.
 */
import { fileURLToPath } from "node:url";
import {
  dcRouterDataset as dcRouterFrom,
  mtBenchDataset as mtBenchFrom,
  type RoutingDataset,
  routeLlmDataset as routeLlmFrom,
} from "@tokenwise/bench";
import { foldGroupsOf, groupedKFoldSplits } from "@tokenwise/predictors/internal";

/** The directory holding the public data set files. */
export const ROUTING_DATA = fileURLToPath(new URL("../data/routing/", import.meta.url));

/** RouteLLM's MMLU or GSM8K. */
export const routeLlmDataset = (bench: "mmlu" | "gsm8k"): RoutingDataset => routeLlmFrom(bench, ROUTING_DATA);
/** RouteLLM's MT-Bench. */
export const mtBenchDataset = (): RoutingDataset => mtBenchFrom(ROUTING_DATA);
/** LLMRouter's dcrouter training set. */
export const dcRouterDataset = (): RoutingDataset => dcRouterFrom(ROUTING_DATA);

/** Seed of the dcrouter hold-out split (fixed once, before any result was seen). */
export const DCROUTER_HOLDOUT_SEED = 2026;

/**
 * dcrouter train split into a training part (4/5) and a held-out part (1/5) by grouped folds: copies
 * and near-duplicates of a prompt (`foldGroupsOf`) stay on one side. The goals are measured on the
 * held-out part with every knob fixed on the training part; LLMRouter's own test split stays outside
 * the project and is checked separately.
 */
export function dcRouterHoldout(): { train: RoutingDataset; heldout: RoutingDataset } {
  const all = dcRouterDataset();
  const fold = groupedKFoldSplits(foldGroupsOf(all.rows), 5, DCROUTER_HOLDOUT_SEED)[0]!;
  const note = `grouped 1-of-5 split of LLMRouter's dcrouter train (seed ${DCROUTER_HOLDOUT_SEED})`;
  return {
    train: {
      ...all,
      name: "dcrouter-train",
      description: `${all.description ?? ""}; 4/5 of a ${note}`,
      rows: fold.train.map((i) => all.rows[i]!),
    },
    heldout: {
      ...all,
      name: "dcrouter-heldout",
      description: `${all.description ?? ""}; the held-out 1/5 of a ${note}`,
      rows: fold.test.map((i) => all.rows[i]!),
    },
  };
}
