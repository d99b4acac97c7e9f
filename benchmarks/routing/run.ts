/**
 * Routing-policy benchmark on public data: `npx tsx benchmarks/routing/run.ts`.
 * Writes benchmarks/results/routing.json and routing-<data set>.svg/.png, prints a table.
 */
import { fileURLToPath } from "node:url";
import { createProgressBar, formatBenchmarkTable, runRoutingBenchmark } from "@tokenwise/bench";
import { dcRouterDataset, mtBenchDataset, routeLlmDataset } from "./datasets";

const ROUTELLM = "RouteLLM, Ong et al. 2024, arXiv 2406.18665 / lmsys.org blog 2024-07-01";
const CALLS = "share of calls not sent to GPT-4 at 95% of GPT-4's score";

const only = process.argv.slice(2);
const all = [routeLlmDataset("mmlu"), routeLlmDataset("gsm8k"), mtBenchDataset(), dcRouterDataset()];
const datasets = only.length > 0 ? all.filter((d) => only.includes(d.name)) : all;
const names = new Set(datasets.map((d) => d.name));

const started = Date.now();
const result = await runRoutingBenchmark({
  datasets,
  folds: 5,
  seed: 1,
  seeds: [1, 2, 3],
  transfers: [
    { train: "mmlu", test: "gsm8k" },
    { train: "gsm8k", test: "mmlu" },
  ].filter((t) => names.has(t.train) && names.has(t.test)),
  published: {
    mmlu: { costReduction: 0.45, measures: CALLS, source: ROUTELLM },
    gsm8k: { costReduction: 0.35, measures: CALLS, source: ROUTELLM },
    "mt-bench": { costReduction: 0.85, measures: CALLS, source: ROUTELLM },
  },
  outDir: fileURLToPath(new URL("../results/", import.meta.url)),
  progress: createProgressBar(),
});
console.log(formatBenchmarkTable(result));
console.log(
  `\n${((Date.now() - started) / 1000).toFixed(1)} s; wrote benchmarks/results/routing.json and plots`,
);
