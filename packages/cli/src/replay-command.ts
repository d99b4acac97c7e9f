import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  type Catalog,
  detectFeedFormat,
  type FeedFormat,
  importPriceFeed,
  loadPriceTable,
} from "@tokenwise/catalog";
import { formatMoney, type Money, modelKey, TokenwiseError } from "@tokenwise/core";
import { parseLedgerJsonl } from "@tokenwise/router";
import { flag, instant, positional, table } from "./cli-args";
import type { CliIO } from "./index";
import { type ReplayOptions, type ReplayResult, type ReplayRow, replay } from "./replay";
import { replayPlotSpecs } from "./replay-plots";

type BenchModule = typeof import("@tokenwise/bench");

/** Boolean flags of `tokenwise replay` (they take no value). */
const SWITCHES = ["--no-reroute"];

/** `+12.3%` of `after` against `before`, or "" when `before` is 0. */
function change(before: Money, after: Money): string {
  if (before.atto === 0n) return "";
  const bp = Number(((after.atto - before.atto) * 100_000n) / before.atto) / 1000;
  return `${bp >= 0 ? "+" : ""}${bp.toFixed(1)}%`;
}

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

function rowsTable(title: string, rows: readonly ReplayRow[], limit: number, byModel: boolean): string[] {
  const header = byModel
    ? ["model", "calls", "recorded", "if nothing changes", "calls after", "re-routed"]
    : [title, "calls", "recorded", "if nothing changes", "re-routed", "change"];
  const shown = rows
    .slice(0, limit)
    .map((r) =>
      byModel
        ? [
            r.key,
            String(r.calls),
            formatMoney(r.recorded, 6),
            formatMoney(r.repriced, 6),
            String(r.reroutedCalls),
            formatMoney(r.rerouted, 6),
          ]
        : [
            r.key,
            String(r.calls),
            formatMoney(r.recorded, 6),
            formatMoney(r.repriced, 6),
            formatMoney(r.rerouted, 6),
            change(r.repriced, r.rerouted),
          ],
    );
  const out = table([header, ...shown], ["l", "r", "r", "r", "r", "r"]);
  if (rows.length > limit) out.push(`… ${rows.length - limit} more`);
  return out;
}

/** The printed report of a replay (what `tokenwise replay` writes to stdout). */
export function formatReplay(result: ReplayResult, describe: string[], limit = 15): string[] {
  const out = [...describe, ""];
  const t = result.recorded;
  const bar =
    t.estimated.atto === 0n
      ? ""
      : ` (exact ${formatMoney(t.exact, 6)} + estimated ${formatMoney(t.estimated, 6)}, bill in [${formatMoney(t.low, 6)}, ${formatMoney(t.high, 6)}])`;
  out.push(
    ...table(
      [
        ["bill", "total", "vs recorded"],
        ["recorded", formatMoney(t.total, 6), ""],
        ["if nothing changes", formatMoney(result.repriced, 6), change(t.total, result.repriced)],
        ["re-routed", formatMoney(result.rerouted, 6), change(t.total, result.rerouted)],
      ],
      ["l", "r", "r"],
    ),
  );
  if (bar) out.push(`recorded${bar}`);
  out.push(
    `re-routing vs nothing changes: ${change(result.repriced, result.rerouted) || "n/a"}; calls that move: ${result.moved.count} of ${result.calls} (${pct(result.moved.share)})`,
  );
  if (result.noCandidate > 0)
    out.push(`no model qualifies for ${result.noCandidate} calls: kept on their recorded model`);
  if (result.repricedOnly > 0)
    out.push(`${result.repricedOnly} calls re-priced only (no call record in the ledger, or --no-reroute)`);
  if (result.derivedFamilyCalls > 0)
    out.push(
      `${result.derivedFamilyCalls} calls lacked a tokenizer family some candidate needed: converted from a counted family by bytes per token`,
    );
  if (result.moves.length > 0) {
    out.push("", "moves:");
    for (const m of result.moves.slice(0, limit))
      out.push(`  ${m.from} → ${m.to}: ${m.calls} call${m.calls === 1 ? "" : "s"}`);
    if (result.moves.length > limit) out.push(`  … ${result.moves.length - limit} more`);
  }
  out.push("", "by model:", ...rowsTable("model", result.byModel, limit, true));
  if (result.byTag.length > 0) out.push("", "by tag:", ...rowsTable("tag", result.byTag, limit, false));
  out.push("", "by day:", ...rowsTable("day", result.byDay, 366, false));
  return out;
}

function constraintsArg(text: string | undefined, io: CliIO): ReplayOptions["constraints"] {
  if (text === undefined) return undefined;
  const raw = text.trim().startsWith("{")
    ? text
    : (io.readFile ?? ((p: string) => readFileSync(p, "utf8")))(text);
  try {
    return JSON.parse(raw) as ReplayOptions["constraints"];
  } catch (error) {
    throw new TokenwiseError({
      message: `--constraints: expected a JSON object or a .json file of constraints (${error instanceof Error ? error.message : String(error)})`,
    });
  }
}

/**
 * `--prices FILE`: a tokenwise price table, or a price feed (LiteLLM, genai-prices, OpenRouter; the
 * format recognised from its shape or named with `--format`) imported onto the catalog's models as a
 * table: each mapped model with the feed's versions (dated the feed's as-of day, today), merged over
 * the catalog's history.
 */
function pricesArg(
  path: string,
  base: Catalog,
  read: (path: string) => string,
  format: string | undefined,
  now: () => Date,
) {
  if (path.endsWith(".json")) {
    const data = JSON.parse(read(path)) as unknown;
    const detected = (format as FeedFormat | undefined) ?? detectFeedFormat(data);
    if (detected !== undefined) {
      const feed = importPriceFeed(data, {
        format: detected,
        source: { url: path, asOf: now().toISOString().slice(0, 10) },
      });
      const models = feed.models
        .filter((m) => base.has(modelKey(m)))
        .map((m) => ({ ...base.find(modelKey(m)), prices: m.prices }));
      if (models.length === 0) {
        throw new TokenwiseError({
          message: `--prices ${path}: the ${detected} feed prices none of the catalog's models (${feed.unmapped.length} entries unmapped)`,
        });
      }
      return loadPriceTable({ models }, { name: `${detected} feed ${path}` });
    }
  }
  return loadPriceTable(path);
}

/**
 * `tokenwise replay calls.jsonl [--prices table|feed] [--format F] [--at ISO | --shift-days N] [--constraints JSON|file]
 * [--currency C] [--no-reroute] [--plot DIR] [--top N]`.
 */
export async function cmdReplay(
  argv: string[],
  io: CliIO,
  base: Catalog,
  now: () => Date,
  loadBench: (io: CliIO) => Promise<BenchModule | undefined>,
): Promise<number> {
  const args = argv.filter((a) => !SWITCHES.includes(a));
  const file = positional(args)[0];
  if (!file) throw new TokenwiseError({ message: "missing <calls.jsonl> (a ledger export)" });
  const cwd = io.cwd ?? process.cwd();
  const read = io.readFile ?? ((p: string) => readFileSync(p, "utf8"));
  const entries = parseLedgerJsonl(read(resolve(cwd, file)), { source: file });
  const prices = flag(args, "--prices");
  const catalog =
    prices === undefined
      ? base
      : base.extend(pricesArg(resolve(cwd, prices), base, read, flag(args, "--format"), now), {
          mode: "merge",
        });
  const atText = flag(args, "--at");
  const shiftText = flag(args, "--shift-days");
  const shiftDays = shiftText === undefined ? undefined : Number(shiftText);
  if (shiftDays !== undefined && !Number.isFinite(shiftDays))
    throw new TokenwiseError({ message: `--shift-days: not a number: ${shiftText}` });
  const limit = Number(flag(args, "--top") ?? 15);
  if (!Number.isInteger(limit) || limit < 1)
    throw new TokenwiseError({ message: "--top must be a positive integer" });
  const constraints = constraintsArg(flag(args, "--constraints"), io);
  const currency = flag(args, "--currency");
  const reroute = !argv.includes("--no-reroute");
  const result = replay({
    entries,
    models: catalog.list(),
    fx: catalog.fx,
    ...(atText !== undefined ? { at: instant(atText, now) } : {}),
    ...(shiftDays !== undefined ? { shiftDays } : {}),
    ...(constraints !== undefined ? { constraints } : {}),
    ...(currency !== undefined ? { currency } : {}),
    reroute,
  });
  const describe = [
    `replay of ${result.calls} calls (${result.entries} ledger lines) from ${file}, in ${result.currency}`,
    `prices: the catalog${prices ? ` with ${prices} merged over it` : ""}, ${
      atText !== undefined
        ? `in force at ${instant(atText, now).toISOString()}`
        : shiftDays !== undefined
          ? `in force ${shiftDays} days after each call`
          : "in force at each call's instant"
    }`,
    reroute
      ? `re-routed under each call's recorded constraints${constraints ? `, overridden by ${JSON.stringify(constraints)}` : ""}`
      : "not re-routed (--no-reroute)",
  ];
  for (const line of formatReplay(result, describe, limit)) io.stdout(line);
  const plotDir = flag(args, "--plot");
  if (plotDir !== undefined) {
    const bench = await loadBench(io);
    if (!bench) return 1;
    const dir = resolve(cwd, plotDir);
    mkdirSync(dir, { recursive: true });
    const specs = replayPlotSpecs(result);
    const written: string[] = [];
    for (const [name, spec] of Object.entries(specs)) {
      const svg = await bench.renderSvg(spec as unknown as Parameters<BenchModule["renderSvg"]>[0]);
      const base = join(dir, `replay-${name === "byDay" ? "by-day" : "by-model"}`);
      writeFileSync(`${base}.svg`, svg);
      writeFileSync(`${base}.png`, await bench.svgToPng(svg));
      written.push(`${base}.svg`, `${base}.png`);
    }
    io.stdout("");
    io.stdout(`plots: ${written.join(", ")}`);
  }
  return 0;
}
