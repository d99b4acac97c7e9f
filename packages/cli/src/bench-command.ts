import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Catalog } from "@tokenwise/catalog";
import { modelKey, parseWith, priceInForce, ValidationError } from "@tokenwise/core";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { intFlag, parseFlags } from "./cli-flags";
import type { CliIO } from "./index";

export const BENCH_USAGE = `  tokenwise bench --data <dir> [--folds 5] [--seeds 1,2,3] [--out DIR]
                                                              the routing benchmark on the public data sets
                                                              (<dir>: benchmarks/data/routing of the repository)
  tokenwise bench <train.jsonl> --models <a/x,b/y | models.json> [--test <test.jsonl> [--dedupe]]
                  [--output-forecast N] [--reference KEY] [--folds 5] [--seeds 1,2,3] [--out DIR]
                                                              routing policies on your own outcomes; with --test,
                                                              each policy's knob is fixed on train, applied to test`;

const FLAGS = {
  "--data": "value",
  "--folds": "value",
  "--seeds": "value",
  "--out": "value",
  "--models": "value",
  "--test": "value",
  "--dedupe": "switch",
  "--output-forecast": "value",
  "--reference": "value",
} as const;

type BenchModule = typeof import("@tokenwise/bench");

/** How to install what `tokenwise bench` needs (optional peer dependencies of @tokenwise/cli). */
const BENCH_INSTALL = "npm i @tokenwise/bench vega vega-lite @resvg/resvg-js";

export async function loadBench(io: CliIO): Promise<BenchModule | undefined> {
  // An optional peer, loaded at run time: the other commands start without it and its plotting stack.
  const benchPackage = "@tokenwise/bench";
  try {
    return (await import(benchPackage)) as BenchModule;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw error;
    io.stderr(
      `tokenwise bench: @tokenwise/bench is not installed (an optional peer dependency of @tokenwise/cli): ${BENCH_INSTALL}`,
    );
    return undefined;
  }
}

/**
 * Bench models from `--models`: a JSON/YAML file of `BenchModelSchema` objects, or catalog keys
 * (`provider/id,…`) priced at the catalog's version in force now, counted with the model's tokenizer
 * when it is public, else with o200k at ratio 1 (stated in the model's tokenizer note).
 */
function benchModels(spec: string, io: CliIO, catalog: Catalog, at: Date, bench: BenchModule) {
  const looksLikeFile = /\.(json|ya?ml)$/i.test(spec);
  if (looksLikeFile) {
    const text = (io.readFile ?? ((f: string) => readFileSync(f, "utf8")))(spec);
    const data: unknown = /\.ya?ml$/i.test(spec) ? parseYaml(text) : JSON.parse(text);
    return parseWith(z.array(bench.BenchModelSchema).min(2), data, spec);
  }
  const keys = spec
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
  if (keys.length < 2) invalid("--models", "needs at least two models", spec);
  return keys.map((key) => {
    const model = catalog.find(key);
    const exact = model.tokenizer === "o200k_base" || model.tokenizer === "cl100k_base";
    return bench.BenchModelSchema.parse({
      key: modelKey(model),
      price: priceInForce(model, at),
      tokenizer: exact
        ? model.tokenizer
        : {
            estimateWith: "o200k_base",
            ratio: 1,
            note: `${model.tokenizer} has no in-process tokenizer: prompts counted with o200k_base, unscaled`,
          },
    });
  });
}

function invalid(flag: string, message: string, value?: unknown): never {
  throw new ValidationError({
    source: "arguments",
    issues: [value === undefined ? { path: [flag], message } : { path: [flag], message, value }],
  });
}

/** `--seeds 1,2,3`: distinct non-negative integers. */
function seedsFlag(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const seeds = text.split(",").map((x) => Number(x.trim()));
  if (
    seeds.length === 0 ||
    seeds.some((x) => !Number.isInteger(x) || x < 0) ||
    new Set(seeds).size !== seeds.length
  ) {
    invalid("--seeds", "must be distinct non-negative integers separated by commas, e.g. 1,2,3", text);
  }
  return seeds;
}

/**
 * `tokenwise bench`: every flag, the models, the reference and the files are checked before any work
 * (an unknown flag such as `--fold`, a `--reference` that is not a `--models` model, a missing file).
 */
export async function cmdBench(
  argv: readonly string[],
  io: CliIO,
  catalog: Catalog,
  now: () => Date,
): Promise<number> {
  const flags = parseFlags(argv, FLAGS, "bench");
  const folds = intFlag(flags, "--folds", 5, 2, 100);
  const seeds = seedsFlag(flags.values.get("--seeds"));
  const testFile = flags.values.get("--test");
  if (flags.switches.has("--dedupe") && testFile === undefined) invalid("--dedupe", "needs --test");
  const bench = await loadBench(io);
  if (!bench) return 1;
  const files = flags.positionals;
  const cwd = io.cwd ?? process.cwd();
  const out = flags.values.get("--out");
  const options = {
    folds,
    ...(seeds ? { seeds } : {}),
    progress: process.stderr.isTTY ? bench.createProgressBar() : bench.silentProgress,
    ...(out ? { outDir: resolve(cwd, out) } : {}),
  };
  if (files.length === 0) {
    const dataDir = flags.values.get("--data");
    if (dataDir === undefined) {
      io.stderr(
        "tokenwise bench: give the public data sets' directory (--data benchmarks/data/routing in the tokenwise repository), " +
          "or your own outcomes: tokenwise bench outcomes.jsonl --models a/x,b/y",
      );
      return 1;
    }
    for (const f of ["--models", "--test", "--reference", "--output-forecast"]) {
      if (flags.values.has(f)) invalid(f, "applies to your own outcomes files, not to --data");
    }
    const result = await bench.runRoutingBenchmark({
      ...options,
      datasets: bench.publicDatasets(resolve(cwd, dataDir)),
    });
    io.stdout(bench.formatBenchmarkTable(result));
    return 0;
  }
  if (flags.values.has("--data")) invalid("--data", "give --data or outcomes files, not both");
  if (testFile !== undefined && files.length !== 1) {
    invalid("--test", "needs exactly one training file", files);
  }
  const modelsSpec = flags.values.get("--models");
  if (!modelsSpec) {
    invalid(
      "--models",
      "required with a data file: catalog keys (openai/gpt-4o,openai/gpt-4o-mini) or a models .json/.yaml",
    );
  }
  const models = benchModels(modelsSpec!, io, catalog, now(), bench);
  const keys = models.map((m) => m.key);
  const reference = flags.values.get("--reference");
  if (reference !== undefined && !keys.includes(reference)) {
    invalid("--reference", `must be one of the --models: ${keys.join(", ")}`, reference);
  }
  const forecast = intFlag(flags, "--output-forecast", 256, 0, Number.MAX_SAFE_INTEGER);
  const load = (file: string) => {
    const path = resolve(cwd, file);
    return {
      name: file.replace(/^.*[\\/]/, "").replace(/\.jsonl(\.gz)?$/, ""),
      description: path,
      models,
      rows: bench.loadOutcomesFile(path, { models: keys }),
      outputForecast: forecast,
      outputForecastNote: flags.values.has("--output-forecast")
        ? "--output-forecast"
        : "default 256 tokens per answer (rows without output tokens)",
      ...(reference ? { referenceModel: reference } : {}),
    };
  };
  const datasets = files.map(load);
  if (testFile !== undefined) {
    const test = load(testFile);
    if (test.name === datasets[0]!.name) test.name = `${test.name} (test)`;
    const result = await bench.runRoutingBenchmark({
      ...options,
      datasets: [datasets[0]!, test],
      crossValidate: [datasets[0]!.name],
      transfers: [{ train: datasets[0]!.name, test: test.name, dedupe: flags.switches.has("--dedupe") }],
    });
    io.stdout(bench.formatBenchmarkTable(result));
    return 0;
  }
  const result = await bench.runRoutingBenchmark({ ...options, datasets });
  io.stdout(bench.formatBenchmarkTable(result));
  return 0;
}
