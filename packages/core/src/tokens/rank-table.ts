/**
 * A byte-string → rank table built straight from a tiktoken rank file (the
 * `bpe_ranks` string js-tiktoken ships: lines of `name offset base64 base64 ...`).
 * All token bytes sit in one buffer and an open-addressing hash table maps a byte
 * slice to its rank without creating any string: a few MB instead of js-tiktoken's
 * ~150 MB of `Map<"1,2,3", rank>`, and built in a fraction of the time.
 */

const B64 = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  B64["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charCodeAt(i)] = i;
}

/** FNV-1a over `bytes[start, end)`. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h;
}

/** Ranks of the byte strings of one encoding. */
export class RankTable {
  /** Number of ranks held. */
  readonly size: number;
  private readonly bytes: Uint8Array;
  private readonly starts: Uint32Array;
  private readonly lengths: Uint16Array;
  private readonly slots: Int32Array;
  private readonly slotHashes: Int32Array;
  private readonly mask: number;

  private constructor(
    bytes: Uint8Array,
    starts: Uint32Array,
    lengths: Uint16Array,
    ranks: Int32Array,
    count: number,
  ) {
    this.bytes = bytes;
    this.starts = starts;
    this.lengths = lengths;
    this.size = count;
    let capacity = 1;
    while (capacity < count * 2) capacity <<= 1;
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity);
    this.slotHashes = new Int32Array(capacity);
    for (let t = 0; t < count; t++) {
      const rank = ranks[t]!;
      const s = starts[rank]!;
      const h = hashBytes(bytes, s, s + lengths[rank]!);
      let idx = h & this.mask;
      while (this.slots[idx] !== 0) idx = (idx + 1) & this.mask;
      this.slots[idx] = rank + 1;
      this.slotHashes[idx] = h;
    }
  }

  /**
   * Parses a tiktoken `bpe_ranks` string.
   *
   * @example
   * const table = RankTable.parse(o200k.bpe_ranks);
   */
  static parse(bpeRanks: string): RankTable {
    const n = bpeRanks.length;
    // Pass 1: count tokens and the highest rank.
    let count = 0;
    let maxRank = -1;
    let lineStart = 0;
    while (lineStart < n) {
      let lineEnd = bpeRanks.indexOf("\n", lineStart);
      if (lineEnd < 0) lineEnd = n;
      const s1 = bpeRanks.indexOf(" ", lineStart);
      if (s1 > 0 && s1 < lineEnd) {
        const s2 = bpeRanks.indexOf(" ", s1 + 1);
        const offEnd = s2 < 0 || s2 > lineEnd ? lineEnd : s2;
        const offset = Number.parseInt(bpeRanks.slice(s1 + 1, offEnd), 10);
        let tokens = 0;
        for (let i = offEnd; i < lineEnd; i++) if (bpeRanks.charCodeAt(i) === 0x20) tokens++;
        count += tokens;
        if (tokens > 0) maxRank = Math.max(maxRank, offset + tokens - 1);
      }
      lineStart = lineEnd + 1;
    }
    const bytes = new Uint8Array(Math.ceil((n * 3) / 4));
    const starts = new Uint32Array(maxRank + 1);
    const lengths = new Uint16Array(maxRank + 1);
    const ranks = new Int32Array(count);
    // Pass 2: decode base64 tokens into one buffer.
    let out = 0;
    let t = 0;
    lineStart = 0;
    while (lineStart < n) {
      let lineEnd = bpeRanks.indexOf("\n", lineStart);
      if (lineEnd < 0) lineEnd = n;
      const s1 = bpeRanks.indexOf(" ", lineStart);
      if (s1 > 0 && s1 < lineEnd) {
        const s2 = bpeRanks.indexOf(" ", s1 + 1);
        if (s2 > 0 && s2 < lineEnd) {
          let rank = Number.parseInt(bpeRanks.slice(s1 + 1, s2), 10);
          let i = s2 + 1;
          while (i < lineEnd) {
            const tokenStart = out;
            let acc = 0;
            let bits = 0;
            for (; i < lineEnd; i++) {
              const c = bpeRanks.charCodeAt(i);
              if (c === 0x20) break;
              const v = B64[c]!;
              if (v < 0) continue; // '=' padding
              acc = (acc << 6) | v;
              bits += 6;
              if (bits >= 8) {
                bits -= 8;
                bytes[out++] = (acc >> bits) & 0xff;
              }
            }
            i++;
            starts[rank] = tokenStart;
            lengths[rank] = out - tokenStart;
            ranks[t++] = rank;
            rank++;
          }
        }
      }
      lineStart = lineEnd + 1;
    }
    return new RankTable(bytes, starts, lengths, ranks, t);
  }

  /**
   * The rank of `buf[start, end)`, or -1.
   *
   * @example
   * table.rankOf(new TextEncoder().encode("hello"), 0, 5)
   */
  rankOf(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const slots = this.slots;
    const mask = this.mask;
    let idx = h & mask;
    for (;;) {
      const r = slots[idx]!;
      if (r === 0) return -1;
      if (this.slotHashes[idx] === h) {
        const rank = r - 1;
        if (this.lengths[rank] === len) {
          const s = this.starts[rank]!;
          const bytes = this.bytes;
          let same = true;
          for (let i = 0; i < len; i++) {
            if (bytes[s + i] !== buf[start + i]) {
              same = false;
              break;
            }
          }
          if (same) return rank;
        }
      }
      idx = (idx + 1) & mask;
    }
  }

  /** The bytes of a rank (a view, do not modify). */
  bytesOf(rank: number): Uint8Array {
    const s = this.starts[rank]!;
    return this.bytes.subarray(s, s + this.lengths[rank]!);
  }
}
