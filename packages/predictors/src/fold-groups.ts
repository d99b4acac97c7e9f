import { duplicateKey, NEAR_DUPLICATE_JACCARD, nearDuplicatePairs } from "./near-duplicates";

/** What {@link foldGroupsOf} needs of a row: its prompt and, optionally, a declared fold group. */
export interface FoldGroupInput {
  prompt: string;
  /** Rows with the same `foldGroup` must never be split across train and test. */
  foldGroup?: string;
}

/**
 * Cross-validation groups of a data set's rows: rows are in one group when they share a declared
 * `foldGroup` (e.g. an MT-Bench question id), the same prompt up to `duplicateKey`, or a near-duplicate
 * prompt (word 3-gram Jaccard ≥ 0.8, `nearDuplicatePairs`), transitively.
 * Every other row is its own group. Returns one label per row (the index of the group's first row) —
 * pass it to `groupedKFoldSplits` so no group spans train and test.
 *
 * @example
 * foldGroupsOf([{ prompt: "a", foldGroup: "q1" }, { prompt: "b", foldGroup: "q1" }, { prompt: "A!" }, { prompt: "c" }])
 * // [0, 0, 0, 3]: rows 0 and 1 share a question, row 2 is row 0's prompt up to case and punctuation
 */
export function foldGroupsOf(
  rows: readonly FoldGroupInput[],
  options: {
    /** Word 3-gram Jaccard at or above which prompts are joined too (default 0.8; `false`: exact and normalised copies only). */
    nearDuplicates?: number | false;
  } = {},
): number[] {
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[i] !== r) {
      const next = parent[i]!;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const firstByGroup = new Map<string, number>();
  const firstByText = new Map<string, number>();
  rows.forEach((row, i) => {
    if (row.foldGroup !== undefined) {
      const first = firstByGroup.get(row.foldGroup);
      if (first === undefined) firstByGroup.set(row.foldGroup, i);
      else union(first, i);
    }
    const key = duplicateKey(row.prompt);
    const first = firstByText.get(key);
    if (first === undefined) firstByText.set(key, i);
    else union(first, i);
  });
  const near = options.nearDuplicates ?? NEAR_DUPLICATE_JACCARD;
  if (near !== false) {
    for (const { i, j } of nearDuplicatePairs(
      rows.map((r) => r.prompt),
      near,
    ))
      union(i, j);
  }
  return rows.map((_, i) => find(i));
}

/**
 * Counts of a grouping: groups, rows in groups of two or more, and the largest group's size.
 *
 * @example
 * groupStats([0, 0, 2]) // { groups: 2, rowsInSharedGroups: 2, largestGroup: 2 }
 */
export function groupStats(groups: readonly (string | number)[]): {
  groups: number;
  rowsInSharedGroups: number;
  largestGroup: number;
} {
  const size = new Map<string | number, number>();
  for (const g of groups) size.set(g, (size.get(g) ?? 0) + 1);
  let shared = 0;
  let largest = 0;
  for (const s of size.values()) {
    if (s > 1) shared += s;
    largest = Math.max(largest, s);
  }
  return { groups: size.size, rowsInSharedGroups: shared, largestGroup: largest };
}
