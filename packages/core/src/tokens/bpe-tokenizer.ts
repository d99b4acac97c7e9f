import type { PieceSplitter } from "./pre-tokenize";
import type { RankTable } from "./rank-table";

const NONE = 0x7fffffff;
/** Pieces longer than this (in bytes) merge through a heap: O(n log n) instead of O(n²). */
const HEAP_THRESHOLD = 256;
/** Bound of the piece cache (entries); it is cleared when full. */
const PIECE_CACHE_LIMIT = 65_536;

/**
 * Byte-pair encoder over a {@link RankTable} with a hand-written pre-tokenizer.
 * Produces exactly js-tiktoken's `encode(text, [], [])` (special tokens are plain
 * text), much faster: no regex, no string keys, typed-array merges, and a bounded
 * cache of multi-token pieces.
 */
export class BpeTokenizer {
  private readonly table: RankTable;
  private readonly split: PieceSplitter;
  private buf = new Uint8Array(1024);
  private starts = new Int32Array(1025);
  private ranks = new Int32Array(1025);
  private readonly pieceCache = new Map<string, number>();

  constructor(table: RankTable, split: PieceSplitter) {
    this.table = table;
    this.split = split;
  }

  /**
   * Number of tokens of `text` (special-token text counts as ordinary text).
   *
   * @example
   * tokenizer.count("Hello world") // 2
   */
  count(text: string): number {
    let total = 0;
    const n = text.length;
    for (let i = 0; i < n; ) {
      const e = this.split(text, i);
      total += this.countPiece(text, i, e);
      i = e;
    }
    return total;
  }

  /**
   * Token ids of `text`, identical to js-tiktoken's `encode(text, [], [])`.
   *
   * @example
   * tokenizer.encode("Hello world") // [13225, 2375] with o200k_base
   */
  encode(text: string): number[] {
    const out: number[] = [];
    const n = text.length;
    for (let i = 0; i < n; ) {
      const e = this.split(text, i);
      const len = this.utf8(text, i, e);
      const whole = len === 1 ? this.table.rankOf(this.buf, 0, 1) : this.table.rankOf(this.buf, 0, len);
      if (whole >= 0) out.push(whole);
      else this.merge(len, out);
      i = e;
    }
    return out;
  }

  /** Forgets cached pieces (benchmarks use it to measure cold counting). */
  clearCache(): void {
    this.pieceCache.clear();
  }

  private countPiece(text: string, s: number, e: number): number {
    const len = this.utf8(text, s, e);
    if (len === 1) return 1;
    if (this.table.rankOf(this.buf, 0, len) >= 0) return 1;
    const key = text.slice(s, e);
    const cached = this.pieceCache.get(key);
    if (cached !== undefined) return cached;
    const c = this.merge(len, null);
    if (this.pieceCache.size >= PIECE_CACHE_LIMIT) this.pieceCache.clear();
    this.pieceCache.set(key, c);
    return c;
  }

  /** UTF-8 of `text[s, e)` into `this.buf` (lone surrogates become U+FFFD, as TextEncoder does). */
  private utf8(text: string, s: number, e: number): number {
    if ((e - s) * 3 > this.buf.length) this.buf = new Uint8Array((e - s) * 3 + 16);
    const buf = this.buf;
    let o = 0;
    for (let i = s; i < e; i++) {
      let c = text.charCodeAt(i);
      if (c < 0x80) {
        buf[o++] = c;
      } else if (c < 0x800) {
        buf[o++] = 0xc0 | (c >> 6);
        buf[o++] = 0x80 | (c & 0x3f);
      } else if ((c & 0xf800) !== 0xd800) {
        buf[o++] = 0xe0 | (c >> 12);
        buf[o++] = 0x80 | ((c >> 6) & 0x3f);
        buf[o++] = 0x80 | (c & 0x3f);
      } else {
        const d = i + 1 < e ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && (d & 0xfc00) === 0xdc00) {
          c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          i++;
          buf[o++] = 0xf0 | (c >> 18);
          buf[o++] = 0x80 | ((c >> 12) & 0x3f);
          buf[o++] = 0x80 | ((c >> 6) & 0x3f);
          buf[o++] = 0x80 | (c & 0x3f);
        } else {
          buf[o++] = 0xef;
          buf[o++] = 0xbf;
          buf[o++] = 0xbd;
        }
      }
    }
    return o;
  }

  /** Merges `this.buf[0, len)`; pushes ids to `out` when given; returns the token count. */
  private merge(len: number, out: number[] | null): number {
    if (len > HEAP_THRESHOLD) return this.mergeWithHeap(len, out);
    if (len + 1 > this.starts.length) {
      this.starts = new Int32Array(len + 1);
      this.ranks = new Int32Array(len + 1);
    }
    const table = this.table;
    const buf = this.buf;
    const starts = this.starts;
    const ranks = this.ranks;
    let m = len + 1; // number of boundaries
    for (let i = 0; i <= len; i++) starts[i] = i;
    for (let i = 0; i < len - 1; i++) {
      const r = table.rankOf(buf, i, i + 2);
      ranks[i] = r < 0 ? NONE : r;
    }
    ranks[len - 1] = NONE;
    ranks[len] = NONE;
    while (m > 2) {
      let minRank = NONE;
      let minI = -1;
      for (let i = 0; i < m - 2; i++) {
        const r = ranks[i]!;
        if (r < minRank) {
          minRank = r;
          minI = i;
        }
      }
      if (minI < 0) break;
      const i = minI;
      if (i > 0) {
        const r = i + 2 < m ? table.rankOf(buf, starts[i - 1]!, starts[i + 2]!) : -1;
        ranks[i - 1] = r < 0 ? NONE : r;
      }
      const r = i + 3 < m ? table.rankOf(buf, starts[i]!, starts[i + 3]!) : -1;
      ranks[i] = r < 0 ? NONE : r;
      starts.copyWithin(i + 1, i + 2, m);
      ranks.copyWithin(i + 1, i + 2, m);
      m--;
    }
    if (out !== null) {
      for (let i = 0; i < m - 1; i++) out.push(table.rankOf(buf, starts[i]!, starts[i + 1]!));
    }
    return m - 1;
  }

  /** The same merge order (lowest rank, then leftmost) driven by a binary heap. */
  private mergeWithHeap(len: number, out: number[] | null): number {
    const table = this.table;
    const buf = this.buf;
    const next = new Int32Array(len + 1);
    const prev = new Int32Array(len + 1);
    const alive = new Uint8Array(len + 1);
    for (let i = 0; i <= len; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
      alive[i] = 1;
    }
    // Heap of candidate merges keyed by rank * 2^32 + left start; `ends` holds the pair's end.
    let keys = new Float64Array(len);
    let ends = new Int32Array(len);
    let size = 0;
    const push = (rank: number, start: number, end: number): void => {
      if (size === keys.length) {
        const k2 = new Float64Array(size * 2);
        k2.set(keys);
        keys = k2;
        const e2 = new Int32Array(size * 2);
        e2.set(ends);
        ends = e2;
      }
      const key = rank * 4294967296 + start;
      let i = size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (keys[p]! <= key) break;
        keys[i] = keys[p]!;
        ends[i] = ends[p]!;
        i = p;
      }
      keys[i] = key;
      ends[i] = end;
    };
    const pop = (): void => {
      const key = keys[--size]!;
      const end = ends[size]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && keys[c + 1]! < keys[c]!) c++;
        if (keys[c]! >= key) break;
        keys[i] = keys[c]!;
        ends[i] = ends[c]!;
        i = c;
      }
      keys[i] = key;
      ends[i] = end;
    };
    const consider = (start: number): void => {
      const mid = next[start]!;
      if (mid >= len) return;
      const end = next[mid]!;
      const r = table.rankOf(buf, start, end);
      if (r >= 0) push(r, start, end);
    };
    for (let i = 0; i < len - 1; i++) consider(i);
    let parts = len;
    while (size > 0) {
      const key = keys[0]!;
      const end = ends[0]!;
      pop();
      const start = key % 4294967296;
      if (alive[start] === 0 || next[next[start]!] !== end) continue;
      const mid = next[start]!;
      alive[mid] = 0;
      next[start] = end;
      prev[end] = start;
      parts--;
      if (start > 0) consider(prev[start]!);
      consider(start);
    }
    if (out !== null) {
      for (let s = 0; s < len; s = next[s]!) out.push(table.rankOf(buf, s, next[s]!));
    }
    return parts;
  }
}
