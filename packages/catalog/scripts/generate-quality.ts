/**
 * Generates `src/data/quality.ts` and `src/data/latency.ts` from the LMArena copies and the latency
 * measurements in `data-sources/` (see SOURCE.md) and the curated picks in `./quality-picks.ts`.
 *
 *   npx tsx packages/catalog/scripts/generate-quality.ts
 *
 * One scale for every source: a rating becomes the Bradley–Terry expected win rate against
 * gpt-4o-2024-08-06 in the same snapshot and category, `1 / (1 + 10^((R_ref − R) / 400))`; `low`/`high`
 * apply it to the 95% interval. Per catalog model and category the newest snapshot that rates the model
 * there answers. Models without a rating get a flagged prior by a rule of `PRIOR_RULES`, never a bare number.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ModelEntrySchema, modelKey, parseWith, TASK_KINDS } from "../../core/src/index";
import { MODE_PICKS } from "./curated-modes";
import {
  LATENCY_MEASURED,
  LATENCY_PROVIDER,
  PRIOR_HALF_WIDTH,
  PRIOR_RULES,
  QUALITY_PICKS,
  type QualityPick,
} from "./quality-picks";
import { SELECTION as SELECTED } from "./selection";

/** Every catalog pick: selection.ts and the models curated-modes.ts adds for their thinking-mode prices. */
const SELECTION = [...SELECTED, ...MODE_PICKS];

const here = dirname(fileURLToPath(import.meta.url));
const sources = join(here, "..", "data-sources");
const out = join(here, "..", "src", "data");

/** The reference every score is a win rate against. */
export const REFERENCE = "gpt-4o-2024-08-06";

/** LMArena category → task kind. */
export const CATEGORIES: Record<string, string> = {
  full: "general",
  coding: "code",
  math: "math",
  hard_6: "reasoning",
  chinese: "chinese",
  creative_writing: "creative",
  if: "instruction",
  multiturn: "multiturn",
};

type Rating = [number, number, number];
interface Snapshot {
  file: string;
  label: string;
  asOf: string;
  models: Record<string, Record<string, Rating>>;
}

/** Newest first. */
const SNAPSHOTS: Snapshot[] = [
  {
    file: "lmarena-text-2026-llm-ranking-00de9fce.json",
    label: "2026 (arena.ai via SmallAi-API/LLM-Ranking @ 00de9fce, not before 2026-03-09)",
    asOf: "2026-03-09",
  },
  {
    file: "lmarena-text-2025-12-11.json",
    label: "2025-12-11 (lmarena/arena-catalog @ ea8297b5)",
    asOf: "2025-12-11",
  },
].map((s) => ({
  ...s,
  models: (JSON.parse(readFileSync(join(sources, s.file), "utf8")) as { models: Snapshot["models"] }).models,
}));

const winRate = (r: number, ref: number) => 1 / (1 + 10 ** ((ref - r) / 400));
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

type Json = Record<string, unknown>;

/** The newest snapshot rating `arena` in `category` (with the reference rated there too). */
function ratingOf(arena: string, category: string): { snap: Snapshot; r: Rating; ref: number } | undefined {
  for (const snap of SNAPSHOTS) {
    const r = snap.models[arena]?.[category];
    const ref = snap.models[REFERENCE]?.[category];
    if (r && ref) return { snap, r, ref: ref[0] };
  }
  return undefined;
}

function requireRated(arena: string, what: string): void {
  if (!SNAPSHOTS.some((s) => s.models[arena])) {
    throw new Error(
      `${what}: leaderboard id "${arena}" is in none of ${SNAPSHOTS.map((s) => s.file).join(", ")}`,
    );
  }
}

function rated(arena: string, note: string | undefined, what: string): Json {
  requireRated(arena, what);
  const scores: Json = {};
  for (const [cat, kind] of Object.entries(CATEGORIES)) {
    const hit = ratingOf(arena, cat);
    if (!hit) continue;
    const [rating, low, high] = hit.r;
    scores[kind] = {
      score: round4(winRate(rating, hit.ref)),
      low: round4(winRate(low, hit.ref)),
      high: round4(winRate(high, hit.ref)),
      source:
        `LMArena text ${hit.snap.label} (${hit.snap.file}): "${arena}" ${cat} ${rating} [${low}, ${high}], ` +
        `expected win rate vs ${REFERENCE} (${hit.ref})${note ? `; ${note}` : ""}`,
      asOf: hit.snap.asOf,
      rating: hit.r,
      servedModel: arena,
    };
  }
  return scores;
}

function prior(p: Extract<QualityPick, { prior: unknown }>["prior"], what: string): Json {
  requireRated(p.sibling, what);
  const margin = PRIOR_RULES[p.rule];
  const scores: Json = {};
  for (const [cat, kind] of Object.entries(CATEGORIES)) {
    const hit = ratingOf(p.sibling, cat);
    if (!hit) continue;
    const r = hit.r[0] - margin;
    scores[kind] = {
      score: round4(winRate(r, hit.ref)),
      low: round4(winRate(r - PRIOR_HALF_WIDTH, hit.ref)),
      high: round4(winRate(r + PRIOR_HALF_WIDTH, hit.ref)),
      source: "prior",
      rule:
        `${p.rule} prior: sibling "${p.sibling}" ${cat} ${hit.r[0]} (LMArena text ${hit.snap.label}) − ${margin} = ${r}, ` +
        `95% interval ± ${PRIOR_HALF_WIDTH}, expected win rate vs ${REFERENCE} (${hit.ref}); ${p.why}`,
      asOf: hit.snap.asOf,
      rating: [r, r - PRIOR_HALF_WIDTH, r + PRIOR_HALF_WIDTH],
    };
  }
  return scores;
}

function qualityOf(key: string, pick: QualityPick): Json {
  if ("arena" in pick) return { quality: rated(pick.arena, pick.note, key) };
  if ("prior" in pick) return { quality: prior(pick.prior, key) };
  const versions = pick.alias.map((v) => ({
    effectiveFrom: v.from,
    servedModel: v.arena,
    note: v.note,
    scores: rated(v.arena, `served by ${key.split("/")[1]} from ${v.from.slice(0, 10)}`, key),
  }));
  // `quality` is the newest version's scores (what the alias serves now); routing reads the versions.
  return { quality: versions[versions.length - 1]!.scores, qualityVersions: versions };
}

// ── latency ───────────────────────────────────────────────────────────────────────────────────────
const AA = JSON.parse(readFileSync(join(sources, "aa-provider-speed-2026-04-07.json"), "utf8")) as {
  asOf: string;
  providers: Record<string, { outputTokensPerSec: number; ttftS: number }>;
};
/** Provider averages above this (seconds) carry reasoning models' thinking time: not used for TTFT. */
const TTFT_AVERAGE_CAP_S = 5;
const slowestSpeed = Math.min(...Object.values(AA.providers).map((p) => p.outputTokensPerSec));
const slowestPlainTtft = Math.max(
  ...Object.values(AA.providers)
    .map((p) => p.ttftS)
    .filter((t) => t <= TTFT_AVERAGE_CAP_S),
);

function latencyOf(key: string, provider: string): Json {
  const measured = LATENCY_MEASURED[key];
  if (measured) return measured;
  if (!(provider in LATENCY_PROVIDER))
    throw new Error(`${key}: provider ${provider} has no latency prior mapping`);
  const aaName = LATENCY_PROVIDER[provider];
  const avg = aaName ? AA.providers[aaName] : undefined;
  if (aaName && !avg) throw new Error(`${key}: ${aaName} not in aa-provider-speed`);
  const speedBase = avg?.outputTokensPerSec ?? slowestSpeed;
  const ttftBase = avg && avg.ttftS <= TTFT_AVERAGE_CAP_S ? avg.ttftS : slowestPlainTtft;
  const speedWhy = avg
    ? `${aaName}'s average ${avg.outputTokensPerSec} t/s`
    : `no ${provider} average published: the slowest provider average, ${slowestSpeed} t/s`;
  const ttftWhy =
    avg && avg.ttftS <= TTFT_AVERAGE_CAP_S
      ? `${aaName}'s average ${avg.ttftS} s`
      : `${avg ? `${aaName}'s average (${avg.ttftS} s) includes reasoning models' thinking` : `no ${provider} average published`}: the slowest average without it, ${slowestPlainTtft} s`;
  return {
    ttftMs: Math.round(ttftBase * 2 * 1000),
    outputTokensPerSec: speedBase / 2,
    source: "prior",
    rule:
      `provider prior (no measurement of this model cited): TTFT 2 × ${ttftWhy}; speed ½ × ${speedWhy} ` +
      `(Artificial Analysis provider averages of ${AA.asOf}, data-sources/aa-provider-speed-2026-04-07.json)`,
  };
}

// ── build ─────────────────────────────────────────────────────────────────────────────────────────
const keys = SELECTION.map((p) => `${p.provider}/${p.id}`);
const missing = keys.filter((k) => !(k in QUALITY_PICKS));
const extra = Object.keys(QUALITY_PICKS).filter((k) => !keys.includes(k));
if (missing.length || extra.length) {
  throw new Error(
    `quality-picks.ts out of step with selection.ts: missing ${missing.join(", ") || "none"}; unknown ${extra.join(", ") || "none"}`,
  );
}

const quality: Record<string, Json> = {};
const latency: Record<string, Json> = {};
for (const pick of SELECTION) {
  const key = `${pick.provider}/${pick.id}`;
  quality[key] = qualityOf(key, QUALITY_PICKS[key]!);
  latency[key] = latencyOf(key, pick.provider);
  // Validate the merged shape with core's schema (a stand-in price: only quality and latency are checked here).
  parseWith(
    ModelEntrySchema,
    {
      provider: pick.provider,
      id: pick.id,
      api: pick.api,
      contextWindow: 1,
      maxOutput: 1,
      capabilities: {
        tools: false,
        vision: false,
        structuredOutput: false,
        streaming: true,
        reasoning: false,
      },
      tokenizer: pick.tokenizer,
      ...quality[key],
      latency: latency[key],
      prices: [
        {
          currency: "USD",
          effectiveFrom: "2025-01-01T00:00:00Z",
          input: "0",
          output: "0",
          source: { url: "https://x", asOf: "2025-01-01" },
        },
      ],
    },
    `quality/latency of ${modelKey(pick)}`,
  );
}

const HEADER =
  "// Generated by packages/catalog/scripts/generate-quality.ts from data-sources/ (see SOURCE.md) and\n" +
  "// scripts/quality-picks.ts: do not edit by hand.\n" +
  "// biome-ignore-all lint/suspicious/noApproximativeNumericConstant: generated win rates, not constants\n" +
  'import type { ModelEntryInput } from "@tokenwise/core";\n\n';
writeFileSync(
  join(out, "quality.ts"),
  `${HEADER}/** Quality per built-in model (\`provider/id\`): ratings with their source and date, dated versions for aliases, flagged priors. */\n` +
    `export const QUALITY_DATA: Record<string, Pick<ModelEntryInput, "quality" | "qualityVersions">> = ${JSON.stringify(quality, null, 2)};\n`,
);
writeFileSync(
  join(out, "latency.ts"),
  `${HEADER}/** Latency profile per built-in model (\`provider/id\`): a cited measurement or a flagged provider prior. */\n` +
    `export const LATENCY_DATA: Record<string, NonNullable<ModelEntryInput["latency"]>> = ${JSON.stringify(latency, null, 2)};\n`,
);
execFileSync("npx", ["biome", "check", "--write", join(out, "quality.ts"), join(out, "latency.ts")], {
  stdio: "inherit",
});
// ── the per-model table in docs/catalog.md (between its markers) ─────────────────────────────────
const docs = join(here, "..", "..", "..", "docs", "catalog.md");
const START =
  "<!-- quality-latency-table:start (generated by packages/catalog/scripts/generate-quality.ts) -->";
const END = "<!-- quality-latency-table:end -->";
const snapOf = (file: string) => SNAPSHOTS.find((s) => s.file === file)!.asOf;
const fileOf = (arena: string) => SNAPSHOTS.find((s) => s.models[arena])!.file;
const rows = SELECTION.map((pick) => {
  const key = `${pick.provider}/${pick.id}`;
  const q = QUALITY_PICKS[key]!;
  let source: string;
  if ("arena" in q) source = `\`${q.arena}\` (${snapOf(fileOf(q.arena))})${q.note ? `: ${q.note}` : ""}`;
  else if ("prior" in q)
    source = `**prior** (${q.prior.rule}, −${PRIOR_RULES[q.prior.rule]}): sibling \`${q.prior.sibling}\` (${snapOf(fileOf(q.prior.sibling))}); ${q.prior.why}`;
  else
    source = q.alias
      .map((v) => `from ${v.from.slice(0, 10)} \`${v.arena}\` (${snapOf(fileOf(v.arena))})`)
      .join("; ");
  const l = latency[key]!;
  const lat =
    l.source === "prior"
      ? `prior ${l.ttftMs} ms, ${l.outputTokensPerSec} t/s (${LATENCY_PROVIDER[pick.provider] ?? "no provider average"})`
      : `measured ${l.ttftMs} ms, ${l.outputTokensPerSec} t/s (Artificial Analysis)`;
  return `| \`${key}\` | ${source} | ${lat} |`;
});
const table = [
  "| model | quality: leaderboard entry (snapshot) or prior | latency |",
  "| --- | --- | --- |",
  ...rows,
].join("\n");
const doc = readFileSync(docs, "utf8");
const a = doc.indexOf(START);
const b = doc.indexOf(END);
if (a < 0 || b < 0) throw new Error(`docs/catalog.md lacks the markers ${START} … ${END}`);
writeFileSync(docs, `${doc.slice(0, a + START.length)}\n${table}\n${doc.slice(b)}`);

const priors = Object.values(quality).filter((q) =>
  Object.values(q.quality as Record<string, { source: string }>).some((s) => s.source === "prior"),
).length;
const latencyPriors = Object.values(latency).filter((l) => l.source === "prior").length;
console.log(
  `wrote quality for ${keys.length} models (${keys.length - priors} rated, ${priors} priors; kinds: ${TASK_KINDS.length}) and latency (${keys.length - latencyPriors} measured, ${latencyPriors} priors)`,
);
