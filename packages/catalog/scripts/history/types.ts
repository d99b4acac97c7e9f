/**
 * Hand-curated price history: the dated facts the copied price files lack (launch dates, earlier prices,
 * tiers a file leaves out, whole histories rebuilt from a provider's own pages). Every version and every
 * launch date carries its `source`. `generate.ts` merges these onto the versions read from the files.
 */

/** Where a dated fact comes from. */
export interface HistorySource {
  url: string;
  /** The day the source was read (or, for an archived copy, the day of the copy). */
  asOf: string;
  note?: string;
}

/** A price version as written in the generated data (decimal strings, per million tokens). */
export interface CuratedVersion {
  currency: string;
  effectiveFrom: string;
  input: string;
  output: string;
  cacheRead?: string;
  cacheWrite?: string;
  cacheWrite1h?: string;
  tiers?: ({ aboveInputTokens: number } & Record<string, string | number>)[];
  windows?: Record<string, unknown>[];
  source: HistorySource;
}

/** The curated history of one model (`provider/id`): `launch`/`earlier`/`tiers` amend the file, `versions` replaces it. */
export interface CuratedHistory {
  /**
   * The price file's first (undated) price is the model's launch price, public since `at` (an ISO
   * instant, or a date meaning 00:00 UTC), per `source`. Without it the undated price starts at the
   * file's snapshot date.
   */
  launch?: { at: string; source: HistorySource };
  /** Versions before the file's first price, oldest first (a launch price later changed). */
  earlier?: CuratedVersion[];
  /** Long-context tiers the file leaves out, added to every version read from the file. */
  tiers?: { tiers: NonNullable<CuratedVersion["tiers"]>; source: HistorySource };
  /** The complete history, replacing the file's versions (the file's record is wrong or incomplete). */
  versions?: CuratedVersion[];
}

/** `YYYY-MM-DD` → midnight UTC; an instant stays as it is. */
export function instant(at: string): string {
  return at.includes("T") ? at : `${at}T00:00:00Z`;
}
