import { hashString } from "./prompt-features";

/**
 * The text key under which two prompts count as the same prompt: lower-cased, with every run of
 * characters other than letters and digits collapsed to one space (so whitespace, punctuation and
 * case differences do not separate copies).
 *
 * @example
 * duplicateKey("What is 2+2?\n") === duplicateKey("what is 2 + 2") // true
 */
export function duplicateKey(prompt: string): string {
  return prompt
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** How a prompt duplicates another: the same string, the same after normalising, or high word 3-gram overlap. */
export type DuplicateKind = "exact" | "normalised" | "near";

/** Jaccard similarity of word 3-gram sets at or above which two prompts are near-duplicates (fixed a priori). */
export const NEAR_DUPLICATE_JACCARD = 0.8;
/** Shingles in more than this many indexed prompts are not used to find candidates (boilerplate; for speed). */
const MAX_POSTINGS = 100;

/** Distinct hashed word 3-grams of the normalised prompt (the whole normalised text when shorter than 3 words). */
export function shingles(prompt: string): Uint32Array {
  const words = duplicateKey(prompt).split(" ");
  const h = words.map((w) => hashString(w, 0x5bd1e995));
  const out = new Set<number>();
  if (words.length < 3) out.add(hashString(words.join(" "), 0x5bd1e995));
  for (let i = 0; i + 3 <= h.length; i++) {
    let x = Math.imul(h[i]! ^ 0x9e3779b9, 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13) ^ h[i + 1]!, 0xc2b2ae35);
    x = Math.imul(x ^ (x >>> 16) ^ h[i + 2]!, 0x27d4eb2f);
    out.add((x ^ (x >>> 15)) >>> 0);
  }
  return Uint32Array.from(out).sort();
}

/** An index of prompts answering "which indexed prompt does this one duplicate?". */
export class DuplicateIndex {
  private readonly exact = new Map<string, number>();
  private readonly normalised = new Map<string, number>();
  private readonly sets: Uint32Array[];
  private readonly postings = new Map<number, number[]>();
  private readonly counts: Int32Array;
  private readonly touched: Int32Array;

  constructor(prompts: readonly string[]) {
    this.sets = prompts.map(shingles);
    this.counts = new Int32Array(prompts.length);
    this.touched = new Int32Array(prompts.length);
    prompts.forEach((p, i) => {
      if (!this.exact.has(p)) this.exact.set(p, i);
      const key = duplicateKey(p);
      if (!this.normalised.has(key)) this.normalised.set(key, i);
      for (const s of this.sets[i]!) {
        const list = this.postings.get(s);
        if (list) list.push(i);
        else this.postings.set(s, [i]);
      }
    });
  }

  /**
   * The first indexed prompt `prompt` duplicates and how (exact, normalised, or word 3-gram Jaccard ≥
   * `threshold`), skipping indexed prompts for which `skip(i)` is true; undefined when none.
   */
  find(
    prompt: string,
    threshold = NEAR_DUPLICATE_JACCARD,
    skip?: (i: number) => boolean,
  ): { index: number; kind: DuplicateKind; jaccard: number } | undefined {
    const e = this.exact.get(prompt);
    if (e !== undefined && !skip?.(e)) return { index: e, kind: "exact", jaccard: 1 };
    const n = this.normalised.get(duplicateKey(prompt));
    if (n !== undefined && !skip?.(n)) return { index: n, kind: "normalised", jaccard: 1 };
    const mine = shingles(prompt);
    const counts = this.counts;
    let touched = 0;
    for (const sh of mine) {
      const list = this.postings.get(sh);
      if (!list || list.length > MAX_POSTINGS) continue;
      for (const j of list) {
        if (counts[j] === 0) this.touched[touched++] = j;
        counts[j] = counts[j]! + 1;
      }
    }
    let best: { index: number; kind: DuplicateKind; jaccard: number } | undefined;
    for (let z = 0; z < touched; z++) {
      const j = this.touched[z]!;
      const c = counts[j]!;
      counts[j] = 0;
      if (c < threshold * mine.length || skip?.(j)) continue;
      const jaccard = c / (mine.length + this.sets[j]!.length - c);
      if (
        jaccard >= threshold &&
        (!best || jaccard > best.jaccard || (jaccard === best.jaccard && j < best.index))
      ) {
        best = { index: j, kind: "near", jaccard };
      }
    }
    return best;
  }
}

/** Counts of test prompts that duplicate a training prompt, by kind. */
export interface DuplicateReport {
  exact: number;
  normalised: number;
  near: number;
  total: number;
  /** Per test prompt, the kind of its duplicate in train (undefined: none). */
  kinds: (DuplicateKind | undefined)[];
}

/**
 * Train ↔ test leakage: for each test prompt, whether it is a copy of a training prompt (exact, equal
 * after normalising case, whitespace and punctuation, or word 3-gram Jaccard ≥ `threshold`).
 *
 * @example
 * trainTestDuplicates(["What is 2+2?"], ["what is 2 + 2", "Name a colour."]).total // 1 (normalised)
 */
export function trainTestDuplicates(
  train: readonly string[],
  test: readonly string[],
  threshold = NEAR_DUPLICATE_JACCARD,
): DuplicateReport {
  const index = new DuplicateIndex(train);
  const kinds = test.map((p) => index.find(p, threshold)?.kind);
  const count = (k: DuplicateKind) => kinds.filter((x) => x === k).length;
  const out = {
    exact: count("exact"),
    normalised: count("normalised"),
    near: count("near"),
    total: 0,
    kinds,
  };
  out.total = out.exact + out.normalised + out.near;
  return out;
}

/**
 * Duplicates within one set: for each prompt that duplicates an earlier one (exact, normalised or
 * near, as {@link trainTestDuplicates}), its index `i`, the earlier prompt's `j` and the kind — one
 * entry per duplicated prompt, enough to join them into groups (see `foldGroupsOf`).
 *
 * @example
 * nearDuplicatePairs(["What is 2+2?", "what is 2 + 2"]) // [{ i: 1, j: 0, kind: "normalised" }]
 */
export function nearDuplicatePairs(
  prompts: readonly string[],
  threshold = NEAR_DUPLICATE_JACCARD,
): { i: number; j: number; kind: DuplicateKind }[] {
  const index = new DuplicateIndex(prompts);
  const pairs: { i: number; j: number; kind: DuplicateKind }[] = [];
  prompts.forEach((p, i) => {
    const hit = index.find(p, threshold, (j) => j >= i);
    if (hit) pairs.push({ i, j: hit.index, kind: hit.kind });
  });
  return pairs;
}
