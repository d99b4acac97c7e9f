import {
  type ModelEntry,
  modelKey,
  type PriceVersion,
  priceInForce,
  type TokenPrices,
} from "@tokenwise/core";
import { parseFraction } from "@tokenwise/core/internal";
import type { FeedImport, FeedLimits } from "./feed-types";

/** One field whose value differs between two price versions (or two snapshots of a model). */
export interface FieldChange {
  /** `input`, `cacheRead`, `tiers[>200000].output`, `windows`, `limits.maxOutputTokens`, … */
  field: string;
  /** The old (or catalog) value as written, `absent`, or the fallback it bills at, e.g. `3 (input)`. */
  old: string;
  /** The new (or feed) value, same form. */
  new: string;
}

type PriceField = keyof TokenPrices;
/** Token price fields with the field an absent one bills at (core's fallbacks: `Cost.fallbacks`). */
const FALLBACKS: [PriceField, PriceField | undefined][] = [
  ["input", undefined],
  ["output", undefined],
  ["cacheRead", "input"],
  ["cacheWrite", "input"],
  ["cacheWrite1h", "cacheWrite"],
  ["reasoning", "output"],
];

/** Two decimals are equal as numbers (`"0.30"` = `"0.3"`). */
function sameDecimal(a: string, b: string): boolean {
  const x = parseFraction(a);
  const y = parseFraction(b);
  return x.num === y.num && x.scale === y.scale;
}

/** A field's value, or the value it falls back to with the name of that field. */
function effective(prices: TokenPrices, field: PriceField): { value: string; shown: string } {
  let f: PriceField | undefined = field;
  while (f !== undefined) {
    const v = prices[f];
    if (v !== undefined) return { value: v, shown: f === field ? v : `${v} (${f})` };
    f = FALLBACKS.find(([name]) => name === f)?.[1];
  }
  return { value: "0", shown: "absent" };
}

/** Fields absent on both sides are not listed: their difference is the one of the field they bill at. */
function compareTokenPrices(a: TokenPrices, b: TokenPrices, prefix: string, out: FieldChange[]): void {
  for (const [field] of FALLBACKS) {
    if (a[field] === undefined && b[field] === undefined) continue;
    const x = effective(a, field);
    const y = effective(b, field);
    if (!sameDecimal(x.value, y.value)) out.push({ field: `${prefix}${field}`, old: x.shown, new: y.shown });
  }
}

/**
 * The fields in which two price versions differ, comparing what each bills (an absent cache-read
 * price bills at input, so `absent` and the input price are the same): currency, token prices, the
 * per-request fee, every long-context tier and the time-of-day windows. Batch multipliers are not
 * compared (no feed carries them). Decimals compare as numbers.
 *
 * @example
 * comparePriceVersions(catalogVersion, feedVersion) // [{ field: "output", old: "15", new: "10" }]
 */
export function comparePriceVersions(a: PriceVersion, b: PriceVersion): FieldChange[] {
  const out: FieldChange[] = [];
  if (a.currency !== b.currency) out.push({ field: "currency", old: a.currency, new: b.currency });
  compareTokenPrices(a, b, "", out);
  if (!sameDecimal(a.perRequest ?? "0", b.perRequest ?? "0")) {
    out.push({ field: "perRequest", old: a.perRequest ?? "absent", new: b.perRequest ?? "absent" });
  }
  const thresholds = new Set([...(a.tiers ?? []), ...(b.tiers ?? [])].map((t) => t.aboveInputTokens));
  for (const above of [...thresholds].sort((x, y) => x - y)) {
    const ta = a.tiers?.find((t) => t.aboveInputTokens === above);
    const tb = b.tiers?.find((t) => t.aboveInputTokens === above);
    const name = `tiers[>${above}]`;
    if (ta && tb) compareTokenPrices(ta, tb, `${name}.`, out);
    else
      out.push({ field: name, old: ta ? describeTier(ta) : "absent", new: tb ? describeTier(tb) : "absent" });
  }
  const wa = describeWindows(a);
  const wb = describeWindows(b);
  if (wa !== wb) out.push({ field: "windows", old: wa, new: wb });
  return out;
}

function describeTier(t: TokenPrices): string {
  return FALLBACKS.filter(([f]) => t[f] !== undefined)
    .map(([f]) => `${f} ${t[f]}`)
    .join(", ");
}

function describeWindows(v: PriceVersion): string {
  const windows = v.windows ?? [];
  if (windows.length === 0) return "none";
  return windows
    .map((w) => {
      const what = w.multiplier !== undefined ? `×${w.multiplier}` : describeTier(w.prices!);
      return `${w.name} ${w.days.join(",")} ${w.start}-${w.end} ${w.timezone}: ${what}`;
    })
    .join("; ");
}

/** One model in a {@link PriceSnapshot}: the version in force, the ones scheduled after, its limits. */
export interface SnapshotModel {
  version: PriceVersion | undefined;
  scheduled: PriceVersion[];
  limits: FeedLimits;
}

/** Models by name (`provider/id`, or the feed's own name for entries that map onto no catalog model). */
export type PriceSnapshot = Map<string, SnapshotModel>;

/**
 * A comparable view of a feed import (mapped models by `provider/id`, unmapped ones by their feed
 * name) or of a model table (by `provider/id`), with each model's version in force at `at`.
 */
export function priceSnapshot(source: FeedImport | readonly ModelEntry[], at: Date): PriceSnapshot {
  const snapshot: PriceSnapshot = new Map();
  const add = (key: string, prices: PriceVersion[], limits: FeedLimits) => {
    let version: PriceVersion | undefined;
    try {
      version = priceInForce({ provider: "", id: key, prices }, at);
    } catch {
      version = undefined; // nothing in force yet: shown as "none in force"
    }
    const scheduled = prices.filter((p) => Date.parse(p.effectiveFrom) > at.getTime());
    snapshot.set(key, { version, scheduled, limits });
  };
  if (Array.isArray(source)) {
    for (const m of source as readonly ModelEntry[]) {
      add(modelKey(m), m.prices, { contextWindow: m.contextWindow, maxOutputTokens: m.maxOutput });
    }
  } else {
    const feed = source as FeedImport;
    for (const m of feed.models) add(modelKey(m), m.prices, m.limits);
    for (const m of feed.unmapped) add(m.feedKey, m.prices, m.limits);
  }
  return snapshot;
}

/** What changed between two snapshots, by model and field. */
export interface PriceDiff {
  added: string[];
  removed: string[];
  changed: { model: string; changes: FieldChange[] }[];
  /** Models present in both with no change. */
  unchanged: number;
}

/**
 * Compares two snapshots model by model: models added and removed, and for the others every field
 * that changed (prices in force, scheduled versions, limits stated by both sides).
 *
 * @example
 * const diff = diffPriceSnapshots(priceSnapshot(before, at), priceSnapshot(after, at));
 */
export function diffPriceSnapshots(before: PriceSnapshot, after: PriceSnapshot): PriceDiff {
  const added = [...after.keys()].filter((k) => !before.has(k)).sort();
  const removed = [...before.keys()].filter((k) => !after.has(k)).sort();
  const changed: PriceDiff["changed"] = [];
  let unchanged = 0;
  for (const key of [...before.keys()].filter((k) => after.has(k)).sort()) {
    const a = before.get(key)!;
    const b = after.get(key)!;
    const changes: FieldChange[] = [];
    if (a.version && b.version) changes.push(...comparePriceVersions(a.version, b.version));
    else if (a.version || b.version) {
      changes.push({
        field: "price",
        old: a.version ? "in force" : "none in force",
        new: b.version ? "in force" : "none in force",
      });
    }
    const sa = a.scheduled.map(describeScheduled).join("; ") || "none";
    const sb = b.scheduled.map(describeScheduled).join("; ") || "none";
    if (sa !== sb) changes.push({ field: "scheduled", old: sa, new: sb });
    for (const limit of ["contextWindow", "maxInputTokens", "maxOutputTokens"] as const) {
      const x = a.limits[limit];
      const y = b.limits[limit];
      if (x !== undefined && y !== undefined && x !== y) {
        changes.push({ field: `limits.${limit}`, old: String(x), new: String(y) });
      }
    }
    if (changes.length > 0) changed.push({ model: key, changes });
    else unchanged++;
  }
  return { added, removed, changed, unchanged };
}

function describeScheduled(v: PriceVersion): string {
  return `${v.effectiveFrom}: input ${v.input}, output ${v.output}`;
}
