import type { Catalog } from "@tokenwise/catalog";
import {
  type ModelEntry,
  modelKey,
  priceInForce,
  type QualityInForce,
  qualityInForce,
  qualityVersionInForce,
  TASK_KINDS,
  type TaskKind,
  type ThinkingMode,
  ValidationError,
} from "@tokenwise/core";
import { describeLatency, type LatencyEstimate, type LatencyStat } from "@tokenwise/router";
import { latencyPrior } from "@tokenwise/router/internal";
import { z } from "zod";

/** One model's quality and latency at an instant, as `tokenwise models --json` writes it. */
export interface ModelReport {
  key: string;
  provider: string;
  id: string;
  /** For an alias: the leaderboard model it serves at the instant. */
  serves?: string;
  quality: Partial<Record<TaskKind, QualityInForce | null>>;
  /** The dated models an alias served, oldest first. */
  qualityVersions?: { effectiveFrom: string; servedModel?: string; note?: string }[];
  latency: { ttftMs: number; outputTokensPerSec: number; kind: "measured" | "prior"; source: string } | null;
  /** Context window, the provider's input limit where it is below it, and the maximum output. */
  limits: { contextWindow: number; maxInputTokens?: number; maxOutput: number };
  /** The id a call sends, when it differs from `id`. */
  apiId?: string;
  /** A hybrid model's thinking switch and, when the price in force tells the modes apart, its default mode. */
  thinking?: { switch: string | null; defaultMode: ThinkingMode | null };
  /** What the router observed (from `--latency-stats`), beside the catalog figure above. */
  observedLatency?: LatencyEstimate;
}

/** What `tokenwise models` reports. */
export interface ModelsReport {
  at: string;
  /** What a score is. */
  scale: string;
  kinds: TaskKind[];
  models: ModelReport[];
  summary: {
    models: number;
    /** Per task kind: how many models have a sourced rating, a flagged prior, or nothing. */
    quality: Partial<Record<TaskKind, { rated: number; prior: number; none: number }>>;
    latency: { measured: number; prior: number; none: number };
  };
}

const SCALE =
  "Bradley–Terry expected win rate against gpt-4o-2024-08-06 in the same LMArena snapshot and category; low/high from the 95% interval";

/** Quality per task kind and latency of every model (or one provider's) at `at`. */
export function modelsReport(
  catalog: Catalog,
  at: Date,
  options: {
    taskKind?: TaskKind;
    provider?: string;
    /** Latency stats by model key (`provider/id`), e.g. a dump of a router's latency store. */
    observedLatency?: Readonly<Record<string, LatencyStat>>;
  } = {},
): ModelsReport {
  const kinds = options.taskKind ? [options.taskKind] : [...TASK_KINDS];
  const models = catalog
    .list()
    .filter((m) => options.provider === undefined || m.provider === options.provider);
  const summary: ModelsReport["summary"] = {
    models: models.length,
    quality: Object.fromEntries(kinds.map((k) => [k, { rated: 0, prior: 0, none: 0 }])),
    latency: { measured: 0, prior: 0, none: 0 },
  };
  const reports = models.map((m) => {
    const out = reportOf(m, at, kinds, summary);
    const stat = options.observedLatency?.[out.key];
    const observed = stat && stat.count > 0 ? describeLatency(stat, latencyPrior(m.latency)) : undefined;
    if (observed) out.observedLatency = observed;
    return out;
  });
  return { at: at.toISOString(), scale: SCALE, kinds, models: reports, summary };
}

function reportOf(m: ModelEntry, at: Date, kinds: TaskKind[], summary: ModelsReport["summary"]): ModelReport {
  const quality: ModelReport["quality"] = {};
  for (const kind of kinds) {
    const q = qualityInForce(m, at, kind) ?? null;
    quality[kind] = q;
    const tally = summary.quality[kind]!;
    if (q === null) tally.none++;
    else if (q.prior) tally.prior++;
    else tally.rated++;
  }
  const latency = m.latency
    ? {
        ttftMs: m.latency.ttftMs,
        outputTokensPerSec: m.latency.outputTokensPerSec,
        kind: m.latency.source === "prior" ? ("prior" as const) : ("measured" as const),
        source: m.latency.source === "prior" ? (m.latency.rule ?? "prior") : m.latency.source,
      }
    : null;
  if (latency === null) summary.latency.none++;
  else summary.latency[latency.kind]++;
  const limits: ModelReport["limits"] = { contextWindow: m.contextWindow, maxOutput: m.maxOutput };
  if (m.maxInputTokens !== undefined) limits.maxInputTokens = m.maxInputTokens;
  const out: ModelReport = { key: modelKey(m), provider: m.provider, id: m.id, quality, latency, limits };
  if (m.apiId !== undefined) out.apiId = m.apiId;
  let defaultMode: ThinkingMode | null = null;
  try {
    const price = priceInForce(m, at);
    if (price.thinking !== undefined) defaultMode = price.defaultMode ?? null;
  } catch {
    // No price in force at `at`: only the switch is shown.
  }
  if (m.thinkingSwitch !== undefined || defaultMode !== null) {
    out.thinking = { switch: m.thinkingSwitch ?? null, defaultMode };
  }
  if (m.qualityVersions?.length) {
    const serves = qualityVersionInForce(m, at)?.servedModel;
    if (serves) out.serves = serves;
    out.qualityVersions = [...m.qualityVersions]
      .sort((a, b) => Date.parse(a.effectiveFrom) - Date.parse(b.effectiveFrom))
      .map((v) => ({
        effectiveFrom: v.effectiveFrom,
        ...(v.servedModel ? { servedModel: v.servedModel } : {}),
        ...(v.note ? { note: v.note } : {}),
      }));
  }
  return out;
}

/** A short label for where a score comes from (the JSON keeps the full source). */
function shortSource(q: QualityInForce): string {
  if (q.prior) return `prior: ${q.rule?.split(";")[0] ?? ""}`;
  const file = /\((lmarena-text-[^)]+\.json)\)/.exec(q.source)?.[1];
  const category = /" (\w+) [\d.]+ \[/.exec(q.source)?.[1];
  if (file && q.servedModel)
    return `LMArena "${q.servedModel}" ${category ?? ""} (${file})`.replace("  ", " ");
  return q.source;
}

const int = (n: number) => n.toLocaleString("en-US");

const f3 = (x: number | undefined) => (x === undefined ? "-" : x.toFixed(3));

/** The report as text lines: one block per model, one line per task kind, then latency. */
export function formatModelsReport(report: ModelsReport): string[] {
  const lines = [`models at ${report.at}: ${report.models.length}; quality = ${report.scale}`];
  for (const m of report.models) {
    lines.push("", `${m.key}${m.serves ? `  (alias: serves ${m.serves} now)` : ""}`);
    for (const kind of report.kinds) {
      const q = m.quality[kind];
      if (!q) {
        lines.push(`  ${kind.padEnd(11)} -      no rating and no prior`);
        continue;
      }
      const from = q.fromKind !== kind ? ` [${q.fromKind}]` : "";
      lines.push(
        `  ${kind.padEnd(11)} ${f3(q.score)}  [${f3(q.low)}, ${f3(q.high)}]  ${q.asOf ?? "-"}  ${shortSource(q)}${from}`,
      );
    }
    const l = m.latency;
    lines.push(
      l
        ? `  ${"latency".padEnd(11)} TTFT ${l.ttftMs} ms, ${l.outputTokensPerSec} t/s  ${l.kind}: ${l.source}`
        : `  ${"latency".padEnd(11)} none`,
    );
    const o = m.observedLatency;
    if (o) {
      lines.push(
        `  ${"observed".padEnd(11)} TTFT p50 ${Math.round(o.ttftP50Ms)} ms, p90 ${Math.round(o.ttftP90Ms)} ms, ${Math.round(o.tokensPerSec)} t/s  ${o.observations} calls${o.updatedAt ? `, last ${o.updatedAt.toISOString()}` : ""}`,
      );
    }
    const lim = m.limits;
    lines.push(
      `  ${"limits".padEnd(11)} context ${int(lim.contextWindow)}${
        lim.maxInputTokens !== undefined ? `, input ≤ ${int(lim.maxInputTokens)}` : ""
      }, output ≤ ${int(lim.maxOutput)}`,
    );
    if (m.apiId !== undefined) lines.push(`  ${"api id".padEnd(11)} ${m.apiId} (sent instead of ${m.id})`);
    if (m.thinking) {
      lines.push(
        `  ${"thinking".padEnd(11)} ${m.thinking.switch ?? "no switch"}; ${
          m.thinking.defaultMode
            ? `priced apart, default ${m.thinking.defaultMode}`
            : "one price for both modes"
        }`,
      );
    }
  }
  lines.push("", "coverage:");
  for (const kind of report.kinds) {
    const t = report.summary.quality[kind]!;
    lines.push(`  ${kind.padEnd(11)} ${t.rated} rated, ${t.prior} priors, ${t.none} without`);
  }
  const lat = report.summary.latency;
  lines.push(`  ${"latency".padEnd(11)} ${lat.measured} measured, ${lat.prior} priors, ${lat.none} without`);
  lines.push(
    '[general] = the source has no score for that kind; its general score stands in. Priors are used for routing only with unknownQuality: "prior".',
  );
  return lines;
}

/** Checks `--task` and `--provider` against what exists, with a clear error. */
export function modelsOptions(
  catalog: Catalog,
  task: string | undefined,
  provider: string | undefined,
): { taskKind?: TaskKind; provider?: string } {
  const out: { taskKind?: TaskKind; provider?: string } = {};
  if (task !== undefined) {
    if (!(TASK_KINDS as readonly string[]).includes(task)) {
      throw new ValidationError({
        source: "tokenwise models",
        issues: [{ path: ["--task"], message: `must be one of ${TASK_KINDS.join(", ")}`, value: task }],
      });
    }
    out.taskKind = task as TaskKind;
  }
  if (provider !== undefined) {
    const providers = [...new Set(catalog.list().map((m) => m.provider))].sort();
    if (!providers.includes(provider)) {
      throw new ValidationError({
        source: "tokenwise models",
        issues: [
          { path: ["--provider"], message: `must be one of ${providers.join(", ")}`, value: provider },
        ],
      });
    }
    out.provider = provider;
  }
  return out;
}

const LatencyStatSchema = z.looseObject({
  ttftMean: z.number().nonnegative(),
  ttftDev: z.number().nonnegative(),
  tokensPerSec: z.number().positive(),
  count: z.number().int().nonnegative(),
  source: z.string(),
  priorWeight: z.number().nonnegative().optional(),
  updatedAt: z.number().optional(),
});

/**
 * Reads `--latency-stats`: a JSON object of latency stats by model key (what a router's latency store
 * holds), checked with a clear error naming the file, the key and the field.
 */
export function parseLatencyStats(text: string, file: string): Record<string, LatencyStat> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ValidationError({
      source: file,
      issues: [{ path: [], message: `not JSON: ${(error as Error).message}` }],
    });
  }
  const parsed = z.record(z.string(), LatencyStatSchema).safeParse(json);
  if (!parsed.success) {
    throw new ValidationError({
      source: file,
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  return parsed.data as Record<string, LatencyStat>;
}
