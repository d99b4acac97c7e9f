import { type ModelEntry, modelKey } from "@tokenwise/core";

/**
 * How a user table meets the catalog for a `provider/id` both hold:
 * - `replace` (default): the user's entry replaces the built-in one entirely (metadata and prices);
 * - `merge`: the user's metadata wins, quality scores are merged kind by kind (a kind the user scores
 *   replaces that kind in every built-in quality version too, so an alias cannot keep a built-in score
 *   the user overrode; user quality versions are merged by `effectiveFrom`), and price versions are
 *   merged by `effectiveFrom`: a user version replaces the one starting at the same instant, the others
 *   are added (so a table holding only next month's prices adds a dated version to the built-in history).
 * Models the catalog does not hold are added in both modes.
 */
export type MergeMode = "replace" | "merge";

/**
 * Layers `extra` over `base` by `provider/id` (see {@link MergeMode}); order is kept, new models last.
 *
 * @example
 * mergeModels(builtinModels(), table.models, "merge")
 */
export function mergeModels(
  base: readonly ModelEntry[],
  extra: readonly ModelEntry[],
  mode: MergeMode = "replace",
): ModelEntry[] {
  const out = new Map<string, ModelEntry>(base.map((m) => [modelKey(m), m]));
  for (const entry of extra) {
    const key = modelKey(entry);
    const existing = out.get(key);
    out.set(key, existing && mode === "merge" ? mergeEntry(existing, entry) : entry);
  }
  return [...out.values()];
}

function mergeEntry(old: ModelEntry, next: ModelEntry): ModelEntry {
  const prices = byEffectiveFrom([...old.prices, ...next.prices]);
  const merged: ModelEntry = { ...old, ...next, quality: { ...old.quality, ...next.quality }, prices };
  if (old.qualityVersions || next.qualityVersions) {
    const overridden = (old.qualityVersions ?? []).map((v) => ({
      ...v,
      scores: { ...v.scores, ...next.quality },
    }));
    merged.qualityVersions = byEffectiveFrom([...overridden, ...(next.qualityVersions ?? [])]);
  }
  return merged;
}

/** Versions sorted by `effectiveFrom`; a later one in the list replaces one starting at the same instant. */
function byEffectiveFrom<V extends { effectiveFrom: string }>(list: readonly V[]): V[] {
  const versions = new Map<number, V>();
  for (const v of list) versions.set(Date.parse(v.effectiveFrom), v);
  return [...versions.entries()].sort(([a], [b]) => a - b).map(([, v]) => v);
}
