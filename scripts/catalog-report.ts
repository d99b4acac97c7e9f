/**
 * Prints the catalog report: models per provider and currency, the oldest price as-of date, stale entries.
 *
 *   npx tsx scripts/catalog-report.ts [--stale-after <days>] [--at <ISO instant>]
 */
import { catalogReport, createCatalog } from "@tokenwise/catalog";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const staleAfter = option("--stale-after");
const at = option("--at");
const catalog = createCatalog({
  ...(staleAfter !== undefined ? { staleAfterDays: Number(staleAfter) } : {}),
  ...(at !== undefined ? { now: () => new Date(at) } : {}),
});
console.log(catalogReport(catalog));
