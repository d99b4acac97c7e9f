/**
 * Generates `src/data/<provider>.ts` from the copied source files in `data-sources/` (see SOURCE.md),
 * the hand-curated selection (`./selection.ts`) and the dated notices (`./notices.ts`).
 *
 *   npx tsx packages/catalog/scripts/generate.ts
 *
 * Every number written comes from a source file or a notice; the output is validated with core's
 * `ModelTableSchema` before anything is written.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ModelTableSchema, parseWith } from "../../core/src/index";
import { DEEPSEEK_2025_NOTE, NOTICE_VERSIONS } from "./notices";
import { type Pick, SELECTION } from "./selection";

const here = dirname(fileURLToPath(import.meta.url));
const sources = join(here, "..", "data-sources");
const out = join(here, "..", "src", "data");

// ── source snapshots ──────────────────────────────────────────────────────────────────────────────
const GENAI = {
  file: "genai-prices-v2.json",
  asOf: "2026-08-21",
  note: "as recorded by pydantic/genai-prices prices/new_data/v2/data.json @ 47df840a (2026-08-21)",
};
const BANK = {
  file: "cny-model-bank.jsonl",
  asOf: "2026-09-27",
  note: "as recorded by npm model-bank@1.0.20260927202305 (LobeHub)",
};
/** Pricing pages of the model-bank providers (model-bank records no URL). */
const BANK_URLS: Record<string, string> = {
  qwen: "https://help.aliyun.com/zh/model-studio/models",
  zhipu: "https://open.bigmodel.cn/pricing",
  volcengine: "https://www.volcengine.com/docs/82379",
  moonshot: "https://platform.moonshot.cn/docs/pricing/chat",
};
const ARENA = {
  file: "lmarena-text-2025-12-11.json",
  date: "2025-12-11",
  reference: "gpt-4o-2024-08-06",
};
const CATEGORIES: Record<string, string> = {
  full: "general",
  coding: "code",
  math: "math",
  hard_6: "reasoning",
  chinese: "chinese",
  creative_writing: "creative",
  if: "instruction",
  multiturn: "multiturn",
};

// ── helpers ───────────────────────────────────────────────────────────────────────────────────────
/** A float from a JSON file as a plain decimal string, with binary float noise removed (12 significant digits). */
function dec(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new Error(`bad price ${value}`);
  const clean = Number(value.toPrecision(12));
  const text = String(clean);
  return /e/i.test(text) ? clean.toFixed(20).replace(/\.?0+$/, "") : text;
}

type Json = Record<string, unknown>;
type Prices = Record<string, string>;
interface Tier extends Prices {}
interface Version extends Json {}

// ── genai-prices ──────────────────────────────────────────────────────────────────────────────────
interface GenaiPrice {
  base?: number;
  tiers?: { start: number; price: number }[];
}
const GENAI_FIELDS: Record<string, string> = {
  input_mtok: "input",
  output_mtok: "output",
  cache_read_mtok: "cacheRead",
  cache_write_mtok: "cacheWrite",
  cache_write_1h_mtok: "cacheWrite1h",
};

/** genai-prices price block → base prices + long-context tiers (a tier reprices the whole request). */
function genaiBlock(prices: Json): { base: Prices; tiers: Tier[] } {
  const base: Prices = {};
  const starts = new Set<number>();
  const fields: [string, number | GenaiPrice][] = [];
  for (const [key, field] of Object.entries(GENAI_FIELDS)) {
    const value = prices[key] as number | GenaiPrice | undefined;
    if (value === undefined) continue;
    fields.push([field, value]);
    if (typeof value === "number") base[field] = dec(value);
    else {
      base[field] = dec(value.base ?? 0);
      for (const t of value.tiers ?? []) starts.add(t.start);
    }
  }
  const tiers: Tier[] = [...starts]
    .sort((a, c) => a - c)
    .map((start) => {
      const tier: Tier = { aboveInputTokens: String(start) };
      for (const [field, value] of fields) {
        if (typeof value === "number") tier[field] = dec(value);
        else {
          const hit = (value.tiers ?? [])
            .filter((t) => t.start <= start)
            .sort((a, c) => c.start - a.start)[0];
          tier[field] = dec(hit ? hit.price : (value.base ?? 0));
        }
      }
      return tier;
    });
  return { base, tiers };
}

function withTiers(version: Version, tiers: Tier[]): Version {
  if (tiers.length === 0) return version;
  return { ...version, tiers: tiers.map((t) => ({ ...t, aboveInputTokens: Number(t.aboveInputTokens) })) };
}

function genaiVersions(pick: Pick, provider: Json, model: Json): Version[] {
  const url = (provider.pricing_urls as string[])[0]!;
  const source = (note?: string) => ({
    url,
    asOf: GENAI.asOf,
    note: [GENAI.note, note].filter(Boolean).join("; "),
  });
  const raw = model.prices as Json | { constraint?: Json; prices: Json }[];
  const list = Array.isArray(raw) ? raw : [{ prices: raw }];
  const timed = list.find((p) => p.constraint?.start_time !== undefined);
  if (timed) {
    // DeepSeek: genai-prices puts the off-peak price first and the standard price under a time constraint.
    const offPeak = genaiBlock(list[0]!.prices);
    const standard = genaiBlock(timed.prices);
    const c = timed.constraint as { start_time: string; end_time: string };
    return [
      {
        currency: "USD",
        effectiveFrom: pick.since,
        ...standard.base,
        windows: [
          {
            name: "off-peak",
            timezone: "UTC",
            days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            start: c.end_time.slice(0, 5),
            end: c.start_time.slice(0, 5),
            prices: offPeak.base,
          },
        ],
        source: source(DEEPSEEK_2025_NOTE),
      },
    ];
  }
  const versions: Version[] = [];
  list.forEach((entry, i) => {
    const { base, tiers } = genaiBlock(entry.prices);
    const startDate = entry.constraint?.start_date as string | undefined;
    let effectiveFrom: string;
    let note: string | undefined;
    if (startDate) effectiveFrom = `${startDate}T00:00:00Z`;
    else if (i === 0 && pick.since) {
      effectiveFrom = pick.since.includes("T") ? pick.since : `${pick.since}T00:00:00Z`;
      note = `effectiveFrom: launch day of ${pick.id} at this price (curated)`;
    } else {
      effectiveFrom = `${GENAI.asOf}T00:00:00Z`;
      note = "start unknown: effectiveFrom is the snapshot date";
    }
    const comment = model.price_comments as string | undefined;
    versions.push(
      withTiers(
        {
          currency: "USD",
          effectiveFrom,
          ...base,
          source: source([note, comment].filter(Boolean).join("; ")),
        },
        tiers,
      ),
    );
  });
  // An undated first price that starts after the next dated one was superseded before the snapshot: drop it.
  return versions.filter((v, i) => {
    const next = versions[i + 1];
    return !next || Date.parse(v.effectiveFrom as string) < Date.parse(next.effectiveFrom as string);
  });
}

// ── model-bank ────────────────────────────────────────────────────────────────────────────────────
interface BankUnit {
  name: string;
  strategy: string;
  rate?: number | null;
  lookup?: { prices: Record<string, number>; pricingParams: string[] };
}
const BANK_FIELDS: Record<string, string> = {
  textInput: "input",
  textOutput: "output",
  textInput_cacheRead: "cacheRead",
  textInput_cacheWrite: "cacheWrite",
};

function bankVersion(pick: Pick, row: Json): Version {
  const units = (row.units as BankUnit[]).filter((u) => u.name in BANK_FIELDS);
  // Volcengine's cacheWrite is a storage price per hour (ttl lookup), not a write price: not representable.
  const usable = units.filter((u) => !(u.name === "textInput_cacheWrite" && row.provider === "volcengine"));
  const bands = new Set<number>([0]);
  const fixed: Prices = {};
  const banded: [string, [number, number][]][] = [];
  for (const unit of usable) {
    const field = BANK_FIELDS[unit.name]!;
    if (unit.strategy === "fixed") {
      if (typeof unit.rate !== "number") throw new Error(`${pick.id}: ${unit.name} has no rate`);
      fixed[field] = dec(unit.rate);
    } else if (unit.strategy === "lookup" && unit.lookup) {
      const params = unit.lookup.pricingParams;
      if (params.length !== 1 || !["textInputRange", "textInput"].includes(params[0]!)) {
        throw new Error(`${pick.id}: ${unit.name} is priced by ${params.join("+")}: not representable`);
      }
      const list: [number, number][] = Object.entries(unit.lookup.prices).map(([key, price]) => {
        const m = /^\[([\d.]+),\s*([\d.]+|infinity)\]$/.exec(key);
        if (!m) throw new Error(`${pick.id}: band "${key}"`);
        const from = Math.round(Number(m[1]) * 1_000_000);
        bands.add(from);
        return [from, price];
      });
      banded.push([field, list.sort((a, c) => a[0] - c[0])]);
    } else throw new Error(`${pick.id}: ${unit.name} strategy ${unit.strategy} not representable`);
  }
  const at = (from: number): Prices => {
    const prices: Prices = { ...fixed };
    for (const [field, list] of banded) {
      const hit = list.filter(([start]) => start <= from).pop();
      if (!hit) throw new Error(`${pick.id}: no ${field} band at ${from}`);
      prices[field] = dec(hit[1]);
    }
    return prices;
  };
  const sorted = [...bands].sort((a, c) => a - c);
  const tiers = sorted.slice(1).map((from) => ({ aboveInputTokens: from, ...at(from) }));
  const version: Version = {
    currency: row.currency as string,
    effectiveFrom: `${BANK.asOf}T00:00:00Z`,
    ...at(0),
    source: {
      url:
        BANK_URLS[row.provider as string] ??
        "https://github.com/lobehub/lobe-chat/tree/main/packages/model-bank",
      asOf: BANK.asOf,
      note: `${BANK.note}; start unknown: effectiveFrom is the snapshot date${
        tiers.length ? "; input-length bands as tiers (tokens above the band's lower bound)" : ""
      }`,
    },
  };
  if (tiers.length) version.tiers = tiers;
  return version;
}

// ── quality ───────────────────────────────────────────────────────────────────────────────────────
const arena = JSON.parse(readFileSync(join(sources, ARENA.file), "utf8")) as {
  models: Record<string, Record<string, [number, number, number]>>;
};
const winRate = (r: number, ref: number) => 1 / (1 + 10 ** ((ref - r) / 400));
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

function quality(arenaId: string | undefined): Json {
  if (!arenaId) return {};
  const ratings = arena.models[arenaId];
  if (!ratings) throw new Error(`arena id ${arenaId} not in ${ARENA.file}`);
  const ref = arena.models[ARENA.reference]!;
  const scores: Json = {};
  for (const [cat, kind] of Object.entries(CATEGORIES)) {
    const r = ratings[cat];
    const refR = ref[cat];
    if (!r || !refR) continue;
    const [rating, low, high] = r;
    scores[kind] = {
      score: round4(winRate(rating, refR[0])),
      low: round4(winRate(low, refR[0])),
      high: round4(winRate(high, refR[0])),
      source: `LMArena text ${ARENA.date} (${ARENA.file}): "${arenaId}" ${cat} ${rating} [${low}, ${high}], expected win rate vs ${ARENA.reference} (${refR[0]})`,
    };
  }
  return scores;
}

// ── build ─────────────────────────────────────────────────────────────────────────────────────────
const genai = JSON.parse(readFileSync(join(sources, GENAI.file), "utf8")) as Json[];
const bank = readFileSync(join(sources, BANK.file), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Json);

const CAPS: Record<string, string> = { t: "tools", v: "vision", s: "structuredOutput", r: "reasoning" };

function build(pick: Pick): Json {
  let versions: Version[];
  let contextWindow = pick.contextWindow;
  let displayName = pick.displayName;
  if (pick.from.file === "genai") {
    const { provider: pid, id } = pick.from;
    const provider = genai.find((p) => p.id === pid);
    const model = (provider?.models as Json[] | undefined)?.find((m) => m.id === id);
    if (!provider || !model) throw new Error(`genai-prices has no ${pid}/${id}`);
    versions = genaiVersions(pick, provider, model);
    contextWindow ??= model.context_window as number | undefined;
    displayName ??= model.name as string | undefined;
  } else {
    const { provider: pid, id } = pick.from;
    const row = bank.find((r) => r.provider === pid && r.id === id && r.type === "chat");
    if (!row) throw new Error(`model-bank has no ${pid}/${id}`);
    versions = [bankVersion(pick, row)];
    contextWindow ??= row.contextWindowTokens as number | undefined;
    displayName ??= row.displayName as string | undefined;
  }
  versions.push(...(NOTICE_VERSIONS[`${pick.provider}/${pick.id}`] ?? []));
  if (!contextWindow) throw new Error(`${pick.id}: no context window`);
  const capabilities: Record<string, boolean> = { streaming: true };
  for (const [letter, cap] of Object.entries(CAPS)) capabilities[cap] = pick.caps.includes(letter);
  const entry: Json = {
    provider: pick.provider,
    id: pick.id,
    api: pick.api,
    ...(displayName ? { displayName } : {}),
    contextWindow,
    maxOutput: pick.maxOutput,
    capabilities,
    tokenizer: pick.tokenizer,
    quality: quality(pick.arena),
    ...(pick.latency ? { latency: pick.latency } : {}),
    prices: versions,
  };
  return entry;
}

const entries = SELECTION.map(build);
parseWith(ModelTableSchema, entries, "catalog generator output");

const byProvider = new Map<string, Json[]>();
for (const e of entries) {
  const list = byProvider.get(e.provider as string) ?? [];
  list.push(e);
  byProvider.set(e.provider as string, list);
}

const camel = (s: string) => s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
const header = (provider: string) =>
  `// Generated by packages/catalog/scripts/generate.ts from data-sources/ (see SOURCE.md): do not edit by hand.\n` +
  `// Provider: ${provider}\n` +
  `// biome-ignore-all lint/suspicious/noApproximativeNumericConstant: generated win rates, not constants\n` +
  `import type { ModelEntryInput } from "@tokenwise/core";\n\n`;

const names: [string, string][] = [];
for (const [provider, list] of byProvider) {
  const name = `${camel(provider)}Models`;
  names.push([provider, name]);
  const body = `/** ${provider}: ${list.length} models. */\nexport const ${name}: ModelEntryInput[] = ${JSON.stringify(list, null, 2)};\n`;
  writeFileSync(join(out, `${provider}.ts`), header(provider) + body);
}
const index =
  `// Generated by packages/catalog/scripts/generate.ts: do not edit by hand.\n` +
  `import type { ModelEntryInput } from "@tokenwise/core";\n` +
  names.map(([file, name]) => `import { ${name} } from "./${file}";\n`).join("") +
  `\n/** Every built-in model, provider by provider. */\nexport const BUILTIN_MODELS: readonly ModelEntryInput[] = [\n` +
  names.map(([, name]) => `  ...${name},\n`).join("") +
  `];\n`;
writeFileSync(join(out, "builtin-models.ts"), index);
execFileSync("npx", ["biome", "check", "--write", out], { stdio: "inherit" });
console.log(
  `wrote ${entries.length} models: ${[...byProvider].map(([p, l]) => `${p} ${l.length}`).join(", ")}`,
);
