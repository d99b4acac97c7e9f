import { readFileSync, writeFileSync } from "node:fs";
import { type Catalog, catalogReport, createCatalog } from "@tokenwise/catalog";
import {
  convert,
  costOf,
  formatMoney,
  lifecycleState,
  type ModelEntry,
  makeUsage,
  modelKey,
  priceInForce,
  TokenwiseError,
} from "@tokenwise/core";
import { createRouter, type Plan, type RouterRequest } from "@tokenwise/router";
import { BENCH_USAGE, cmdBench, loadBench } from "./bench-command";
import { flag, instant, positional, table } from "./cli-args";
import { capIssues } from "./cli-flags";
import { jobsCommand, jobsFromRedis, jobsReport } from "./jobs-command";
import { formatModelsReport, modelsOptions, modelsReport, parseLatencyStats } from "./models-command";
import { cmdPricesDiff, cmdPricesPull } from "./prices-feeds";
import { cmdReplay } from "./replay-command";
import { cmdServe } from "./serve";
import { cmdTrain, TRAIN_USAGE } from "./train-command";

export {
  type ReplayCall,
  type ReplayOptions,
  type ReplayOutcome,
  type ReplayResult,
  type ReplayRow,
  replay,
} from "./replay";
export { formatReplay } from "./replay-command";
export { REPLAY_SCENARIOS, type ReplayPlotSpec, replayPlotSpecs } from "./replay-plots";

/** Where the CLI writes and what it reads; injected so `main` is testable. */
export interface CliIO {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Reads a file as text. Default: `fs.readFileSync`. */
  readFile?(path: string): string;
  /** Writes a text file (`models --json`). Default: `fs.writeFileSync`. */
  writeFile?(path: string, text: string): void;
  /** The clock. Default `() => new Date()`. */
  now?(): Date;
  /** The catalog to use. Default `createCatalog()`. */
  catalog?: Catalog;
  /** Stops `serve` (a graceful close). Default: SIGINT or SIGTERM. */
  signal?: AbortSignal;
  /** Environment `serve` reads provider keys from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Working directory (for `bench`). Default `process.cwd()`. */
  cwd?: string;
  /** HTTP client of `prices pull <url>`. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
}

const USAGE = `tokenwise — route each LLM call to the cheapest model that qualifies

usage:
  tokenwise plan <request.json> [--at ISO] [--currency USD]   explain a routing decision (no call)
  tokenwise estimate <request.json>                           input tokens per tokenizer family
  tokenwise prices [--at ISO] [--currency CNY] [--input N --output N] [--provider P] [--limit N]
                                                              prices in force at an instant, compared
  tokenwise prices pull <url|file> [--format litellm|genai-prices|openrouter] [--cache-dir DIR] [--as-of DAY]
                  [--table FILE]                              import a price feed (LiteLLM, genai-prices,
                                                              OpenRouter /api/v1/models; format recognised
                                                              when not given): what it prices for the catalog's
                                                              models, what it cannot map. A URL goes through a
                                                              local cache with ETag / If-Modified-Since: an
                                                              unchanged feed is a 304 and says so. Cache:
                                                              $TOKENWISE_CACHE_DIR, else <user cache>/tokenwise/feeds.
                                                              --table FILE: also write them as a tokenwise
                                                              price table (load it with mode "merge")
  tokenwise prices diff <old> <new> [--format F] [--at ISO] [--as-of DAY]
                                                              what changed between two feeds or price tables
                                                              (.json/.yaml), by model and field: added and
                                                              removed models, each changed field old → new
  tokenwise catalog                                           what the catalog holds, with sources
  tokenwise models [--task KIND] [--provider P] [--at ISO] [--latency-stats FILE] [--json FILE|-]
                                                              quality per task kind (score, interval, source,
                                                              date) and latency (measured or prior) per model;
                                                              --latency-stats: a JSON dump of a latency store
                                                              ({ "provider/id": LatencyStat }) shown beside it
${BENCH_USAGE}
${TRAIN_USAGE}
  tokenwise replay <calls.jsonl> [--prices table.yaml|feed.json [--format F]] [--at ISO | --shift-days N]
                  [--constraints JSON|file] [--currency C] [--no-reroute] [--plot DIR] [--top N]
                                                              re-price and re-route a ledger export: totals
                                                              before/after, by model, tag and day, the calls
                                                              that move; --plot writes Vega-Lite SVG/PNG
  tokenwise serve --config <tokenwise.yaml> [--port N] [--host H]
                                                              OpenAI-compatible endpoint over the router (virtual keys)
  tokenwise serve --hash-key <key>                            the hash of a virtual key, for the config
  tokenwise jobs <jobs.json> [--status S]                     deferred jobs (queued, waiting, in-batch, running,
                                                              done, failed) with expected and realised cost, and
                                                              what each mechanism saved; <jobs.json>: a snapshot
                                                              written with jobsToJSON(router.jobs.list())
  tokenwise jobs --redis <url> [--prefix P] [--status S]      the same from the Redis job store (createRedisJobStore,
                                                              prefix default tw)
  tokenwise help`;

function readRequest(path: string | undefined, io: CliIO): RouterRequest {
  if (!path) throw new TokenwiseError({ message: "missing <request.json>" });
  const text = (io.readFile ?? ((p: string) => readFileSync(p, "utf8")))(path);
  const value = JSON.parse(text) as RouterRequest;
  if (!value || !Array.isArray(value.messages)) {
    throw new TokenwiseError({ message: `${path}: expected a request with a "messages" array` });
  }
  return value;
}

function printPlan(plan: Plan, io: CliIO): void {
  io.stdout(
    `plan at ${plan.at.toISOString()} in ${plan.currency}, task ${plan.taskKind}, policy ${plan.policy}${plan.predictor ? `, predictor ${plan.predictor}` : ""}`,
  );
  const est = Object.entries(plan.estimates)
    .map(([f, e]) => `${f} ${e.tokens} [${e.low}–${e.high}]`)
    .join(", ");
  io.stdout(`input tokens: ${est || "(none counted)"}`);
  io.stdout("");
  if (plan.ranked.length === 0) io.stdout("no candidate qualifies");
  else {
    const rows = [
      [
        "#",
        "model",
        "expected cost",
        "prompt",
        "cached",
        "output",
        "quality",
        "latency",
        "price from",
        "window",
      ],
    ];
    plan.ranked.forEach((r, i) => {
      rows.push([
        String(i + 1),
        `${r.provider}/${r.model}`,
        r.cost ? formatMoney(r.cost.total, 6) : r.expectedCost.toPrecision(4),
        String(r.estimated.prompt),
        String(r.estimated.usage.cacheRead),
        String(r.estimated.usage.output),
        r.quality.score === null ? "-" : r.quality.score.toFixed(3),
        r.predictedLatencyMs === null ? "unknown" : `${Math.round(r.predictedLatencyMs)} ms`,
        r.priceVersion.slice(0, 10),
        r.window ?? "",
      ]);
    });
    for (const line of table(rows, ["r", "l", "r", "r", "r", "r", "r", "r", "l", "l"])) io.stdout(line);
    const warnings = plan.ranked.flatMap((r) => r.warnings ?? []);
    if (warnings.length > 0) {
      io.stdout("");
      io.stdout(`lifecycle (${warnings.length}):`);
      for (const w of warnings) io.stdout(`  ${w.message}`);
    }
  }
  if (plan.rejected.length > 0) {
    io.stdout("");
    io.stdout(`rejected (${plan.rejected.length}):`);
    for (const r of plan.rejected) io.stdout(`  ${r.provider}/${r.model}: ${r.code} — ${r.reason}`);
  }
}

function routerFor(catalog: Catalog, now: () => Date) {
  // Plans do not emit warnings (they list them); nothing is called from the CLI.
  return createRouter({ models: catalog.list(), fx: catalog.fx, now, env: {}, onWarning: () => {} });
}

function cmdPlan(argv: string[], io: CliIO, catalog: Catalog, now: () => Date): number {
  const request = readRequest(positional(argv)[0], io);
  const at = instant(flag(argv, "--at"), now);
  const currency = flag(argv, "--currency");
  if (currency) request.constraints = { ...request.constraints, currency };
  const plan = routerFor(catalog, () => at).plan(request, { ignoreCredentials: true });
  printPlan(plan, io);
  return plan.ranked.length > 0 ? 0 : 2;
}

function cmdEstimate(argv: string[], io: CliIO, catalog: Catalog, now: () => Date): number {
  const request = readRequest(positional(argv)[0], io);
  const plan = routerFor(catalog, now).plan(request, { ignoreCredentials: true });
  const rows = [["family", "tokens", "low", "high"]];
  for (const [family, e] of Object.entries(plan.estimates)) {
    rows.push([family, String(e.tokens), String(e.low), String(e.high)]);
  }
  for (const line of table(rows, ["l", "r", "r", "r"])) io.stdout(line);
  const out = plan.ranked[0]?.estimated.usage.output;
  if (out !== undefined)
    io.stdout(
      `output forecast: ${out} tokens${request.maxOutputTokens ? ` (max ${request.maxOutputTokens})` : ""}`,
    );
  return 0;
}

/** `retired 2026-07-24` / `retires 2026-11-30` for models past or near their end of life, else "". */
function lifecycleNote(model: ModelEntry, at: Date): string {
  const state = lifecycleState(model, at);
  if (state === "active") return "";
  const l = model.lifecycle!;
  if (l.retiresOn === undefined) return `deprecated ${l.deprecatedOn}`;
  return state === "retired" ? `retired ${l.retiresOn}` : `retires ${l.retiresOn}`;
}

function cmdPrices(argv: string[], io: CliIO, catalog: Catalog, now: () => Date): number {
  const extra = positional(argv);
  if (extra.length > 0) {
    throw new TokenwiseError({
      message: `unknown prices subcommand "${extra[0]}" (pull, diff, or flags only)`,
    });
  }
  const at = instant(flag(argv, "--at"), now);
  const currency = flag(argv, "--currency") ?? "USD";
  const input = Number(flag(argv, "--input") ?? 1_000_000);
  const output = Number(flag(argv, "--output") ?? 0);
  const provider = flag(argv, "--provider");
  const limit = Number(flag(argv, "--limit") ?? Number.POSITIVE_INFINITY);
  if (!(input >= 0) || !(output >= 0))
    throw new TokenwiseError({ message: "--input and --output must be ≥ 0" });
  const usage = makeUsage({ input, output });
  const rows: { cells: string[]; atto: bigint }[] = [];
  const missing: string[] = [];
  for (const model of catalog.list(provider ? { provider } : undefined)) {
    try {
      const price = priceInForce(model, at);
      const cost = costOf(usage, price, { at, currency, fx: catalog.fx });
      const native = price.currency === currency ? "" : `${price.input}/${price.output} ${price.currency}`;
      rows.push({
        atto: cost.total.atto,
        cells: [
          modelKey(model),
          formatMoney(cost.total, 6),
          native || `${price.input}/${price.output}`,
          price.cacheRead ?? "-",
          cost.window ?? "",
          cost.tier === null ? "" : `>${cost.tier}`,
          price.effectiveFrom.slice(0, 10),
          price.source.asOf,
          lifecycleNote(model, at),
        ],
      });
    } catch {
      missing.push(modelKey(model));
    }
  }
  rows.sort((a, b) => (a.atto < b.atto ? -1 : a.atto > b.atto ? 1 : 0));
  io.stdout(
    `prices in force at ${at.toISOString()}, cost of ${input} input + ${output} output tokens in ${currency}`,
  );
  const fx =
    currency === "USD"
      ? undefined
      : convert({ currency: "USD", atto: 10n ** 18n }, currency, catalog.fx, at).fx;
  if (fx)
    io.stdout(
      `FX: 1 ${fx.rate.base} = ${fx.rate.rate} ${fx.rate.quote} (${fx.rate.date}, ${fx.rate.source})`,
    );
  const header = [
    "model",
    "cost",
    "input/output per M",
    "cache read",
    "window",
    "tier",
    "from",
    "as of",
    "lifecycle",
  ];
  const shown = rows.slice(0, limit).map((r) => r.cells);
  for (const line of table([header, ...shown], ["l", "r", "r", "r", "l", "l", "l", "l", "l"]))
    io.stdout(line);
  if (missing.length > 0) {
    io.stdout("");
    io.stdout(`no price in force at that instant (${missing.length}): ${missing.join(", ")}`);
  }
  return 0;
}

function cmdModels(argv: string[], io: CliIO, catalog: Catalog, now: () => Date): number {
  const statsFile = flag(argv, "--latency-stats");
  const report = modelsReport(catalog, instant(flag(argv, "--at"), now), {
    ...modelsOptions(catalog, flag(argv, "--task"), flag(argv, "--provider")),
    ...(statsFile === undefined
      ? {}
      : {
          observedLatency: parseLatencyStats(
            (io.readFile ?? ((p: string) => readFileSync(p, "utf8")))(statsFile),
            statsFile,
          ),
        }),
  });
  const json = flag(argv, "--json");
  if (json === "-") {
    io.stdout(JSON.stringify(report, null, 2));
    return 0;
  }
  for (const line of formatModelsReport(report)) io.stdout(line);
  if (json !== undefined) {
    (io.writeFile ?? ((path, text) => writeFileSync(path, text)))(
      json,
      `${JSON.stringify(report, null, 2)}\n`,
    );
    io.stdout(`wrote ${json}`);
  }
  return 0;
}

/**
 * Runs the `tokenwise` command with `argv` (without `node` and the script) and returns the exit code.
 *
 * @example
 * await main(["prices", "--currency", "CNY", "--input", "100000", "--output", "2000"], { stdout: console.log, stderr: console.error })
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  const now = io.now ?? (() => new Date());
  try {
    switch (command) {
      case "plan":
        return cmdPlan(rest, io, io.catalog ?? createCatalog({ now }), now);
      case "estimate":
        return cmdEstimate(rest, io, io.catalog ?? createCatalog({ now }), now);
      case "prices":
        if (rest[0] === "pull") return await cmdPricesPull(rest.slice(1), io);
        if (rest[0] === "diff") return await cmdPricesDiff(rest.slice(1), io);
        return cmdPrices(rest, io, io.catalog ?? createCatalog({ now }), now);
      case "catalog":
        io.stdout(catalogReport(io.catalog ?? createCatalog({ now })));
        return 0;
      case "models":
        return cmdModels(rest, io, io.catalog ?? createCatalog({ now }), now);
      case "bench":
        return await cmdBench(rest, io, io.catalog ?? createCatalog({ now }), now);
      case "replay":
        return await cmdReplay(rest, io, io.catalog ?? createCatalog({ now }), now, loadBench);
      case "train":
        return cmdTrain(rest, io, now);
      case "serve":
        return await cmdServe(rest, io, () => io.catalog ?? createCatalog({ now }));
      case "jobs": {
        const status = flag(rest, "--status");
        const options = status === undefined ? {} : { status };
        const url = flag(rest, "--redis");
        if (url !== undefined) {
          for (const line of jobsReport(await jobsFromRedis(url, flag(rest, "--prefix") ?? "tw"), options))
            io.stdout(line);
          return 0;
        }
        const file = positional(rest)[0];
        if (file === undefined)
          throw new TokenwiseError({
            message:
              "needs a jobs file (jobsToJSON(router.jobs.list())) or --redis URL (the Redis job store)",
          });
        const text = (io.readFile ?? ((p: string) => readFileSync(p, "utf8")))(file);
        for (const line of jobsCommand(text, options)) io.stdout(line);
        return 0;
      }
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.stdout(USAGE);
        return command === undefined ? 1 : 0;
      default:
        io.stderr(`unknown command "${command}"\n\n${USAGE}`);
        return 1;
    }
  } catch (thrown) {
    const error = capIssues(thrown);
    io.stderr(`tokenwise ${command}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
