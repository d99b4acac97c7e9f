import { lifecycleState, type ModelEntry, modelKey } from "@tokenwise/core";

/** A model whose newest price was read longer ago than the catalog's staleness limit. */
export interface StaleEntry {
  /** `provider/id`. */
  key: string;
  provider: string;
  id: string;
  /** The newest `source.asOf` among the model's price versions. */
  newestAsOf: string;
  /** Whole days from `newestAsOf` to the instant checked. */
  ageDays: number;
}

const DAY_MS = 86_400_000;

/** The newest `source.asOf` of a model's price versions (`YYYY-MM-DD`). */
export function newestAsOf(model: Pick<ModelEntry, "prices">): string {
  let newest = "";
  for (const v of model.prices) if (v.source.asOf > newest) newest = v.source.asOf;
  return newest;
}

/**
 * Models whose newest price as-of date is more than `staleAfterDays` days before `at`, oldest first.
 * A model retired at `at` is not listed: its prices can no longer change.
 *
 * @example
 * staleEntries(catalog.list(), new Date("2027-06-01T00:00:00Z"), 180).map((s) => s.key)
 */
export function staleEntries(models: readonly ModelEntry[], at: Date, staleAfterDays: number): StaleEntry[] {
  const out: StaleEntry[] = [];
  for (const model of models) {
    if (lifecycleState(model, at) === "retired") continue;
    const asOf = newestAsOf(model);
    const ageDays = Math.floor((at.getTime() - Date.parse(`${asOf}T00:00:00Z`)) / DAY_MS);
    if (ageDays > staleAfterDays) {
      out.push({ key: modelKey(model), provider: model.provider, id: model.id, newestAsOf: asOf, ageDays });
    }
  }
  return out.sort((a, b) => b.ageDays - a.ageDays || a.key.localeCompare(b.key));
}
