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

/** The directory holding the public data set files. */
export const ROUTING_DATA = fileURLToPath(new URL("../data/routing/", import.meta.url));

/** RouteLLM's MMLU or GSM8K. */
export const routeLlmDataset = (bench: "mmlu" | "gsm8k"): RoutingDataset => routeLlmFrom(bench, ROUTING_DATA);
/** RouteLLM's MT-Bench. */
export const mtBenchDataset = (): RoutingDataset => mtBenchFrom(ROUTING_DATA);
/** LLMRouter's dcrouter training set. */
export const dcRouterDataset = (): RoutingDataset => dcRouterFrom(ROUTING_DATA);
