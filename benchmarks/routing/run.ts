/**
 * Routing-policy benchmark on public data: `npx tsx benchmarks/routing/run.ts [data set …]`.
 * Cross-validates with fold seeds 1, 2 and 3 — seed 1 (and the transfers) in this process, seeds 2 and 3
 * in child processes running this file at the same time — and reports the mean with per-seed values.
 * Writes benchmarks/results/routing.json and routing-<data set>.svg/.png, prints a table.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  combineSeedRuns,
  createProgressBar,
  formatBenchmarkTable,
  type RoutingBenchmarkResult,
  runRoutingBenchmark,
  silentProgress,
  writeBenchmarkOutputs,
} from "@tokenwise/bench";
import { mergeTaskKindAccuracy } from "../task-kind/evaluate";
import { dcRouterHoldout, mtBenchDataset, routeLlmDataset } from "./datasets";

const ROUTELLM = "RouteLLM, Ong et al. 2024, arXiv 2406.18665 / lmsys.org blog 2024-07-01";
const CALLS = "share of calls not sent to GPT-4 at 95% of GPT-4's score";
const SEEDS = [1, 2, 3];

const args = process.argv.slice(2);
const workerAt = args.indexOf("--seed-worker");
/** In a child: `--seed-worker <seed> <out.json>`; the data set names follow. */
const worker = workerAt >= 0 ? { seed: Number(args[workerAt + 1]), out: args[workerAt + 2]! } : undefined;
const only = worker ? args.slice(workerAt + 3) : args;
const dc = dcRouterHoldout();
const all = [routeLlmDataset("mmlu"), routeLlmDataset("gsm8k"), mtBenchDataset(), dc.train, dc.heldout];
const known = [...all.map((d) => d.name), "dcrouter"];
const unknown = only.filter((n) => !known.includes(n));
if (unknown.length > 0) {
  console.error(`unknown data set(s): ${unknown.join(", ")} (known: ${known.join(", ")})`);
  process.exit(2);
}
// "dcrouter" names both parts of the held-out split.
const wanted = only.flatMap((n) => (n === "dcrouter" ? [dc.train.name, dc.heldout.name] : [n]));
const datasets = only.length > 0 ? all.filter((d) => wanted.includes(d.name)) : all;
const names = new Set(datasets.map((d) => d.name));
/** The held-out part is only ever tested on, never cross-validated. */
const crossValidate = [...names].filter((n) => n !== dc.heldout.name);

if (worker) {
  const result = await runRoutingBenchmark({
    datasets,
    folds: 5,
    seed: worker.seed,
    crossValidate,
    guarantee: false,
    progress: silentProgress,
  });
  writeFileSync(worker.out, JSON.stringify(result));
} else {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), "tw-routing-"));
  const script = fileURLToPath(import.meta.url);
  const children = SEEDS.slice(1).map(
    (seed) =>
      new Promise<RoutingBenchmarkResult>((resolve, reject) => {
        const out = join(dir, `seed-${seed}.json`);
        const child = spawn(
          process.execPath,
          [...process.execArgv, script, "--seed-worker", String(seed), out, ...only],
          {
            stdio: ["ignore", "ignore", "inherit"],
          },
        );
        child.on("error", reject);
        child.on("exit", (code) =>
          code === 0
            ? resolve(JSON.parse(readFileSync(out, "utf8")) as RoutingBenchmarkResult)
            : reject(new Error(`seed ${seed} worker exited with ${code}`)),
        );
      }),
  );
  try {
    const first = await runRoutingBenchmark({
      datasets,
      folds: 5,
      seed: SEEDS[0]!,
      crossValidate,
      transfers: [
        { train: dc.train.name, test: dc.heldout.name, dedupe: true },
        { train: "mmlu", test: "gsm8k" },
        { train: "gsm8k", test: "mmlu" },
      ].filter((t) => names.has(t.train) && names.has(t.test)),
      published: {
        mmlu: { costReduction: 0.45, measures: CALLS, source: ROUTELLM },
        gsm8k: { costReduction: 0.35, measures: CALLS, source: ROUTELLM },
        "mt-bench": { costReduction: 0.85, measures: CALLS, source: ROUTELLM },
      },
      progress: createProgressBar(),
    });
    const result = combineSeedRuns([first, ...(await Promise.all(children))]);
    await writeBenchmarkOutputs(result, fileURLToPath(new URL("../results/", import.meta.url)));
    // taskKind "auto" accuracy (bench:task-kind) kept in the rewritten routing.json.
    mergeTaskKindAccuracy(fileURLToPath(new URL("../results/routing.json", import.meta.url)));
    console.log(formatBenchmarkTable(result));
    console.log(
      `\n${((Date.now() - started) / 1000).toFixed(1)} s; wrote benchmarks/results/routing.json and plots`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
