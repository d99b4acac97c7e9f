import { type ModelEntry, modelKey, type PriceVersion } from "@tokenwise/core";

/**
 * How a user table meets the catalog for a `provider/id` both hold:
 * - `replace` (default): the user's entry replaces the built-in one entirely (metadata and prices);
 * - `merge`: the user's metadata wins, quality scores are merged kind by kind, and price versions are
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
  const versions = new Map<number, PriceVersion>();
  for (const v of [...old.prices, ...next.prices]) versions.set(Date.parse(v.effectiveFrom), v);
  const prices = [...versions.entries()].sort(([a], [b]) => a - b).map(([, v]) => v);
  return { ...old, ...next, quality: { ...old.quality, ...next.quality }, prices };
}
