import {
  CC_LETTER,
  CC_LOWER,
  CC_MARK,
  CC_NEWLINE,
  CC_NUMBER,
  CC_OTHER_LETTER,
  CC_PREFIX,
  CC_SYMBOL,
  CC_UPPER,
  CC_WHITESPACE,
  charClass,
} from "./char-class";

/** The split patterns implemented by hand here (the tiktoken `pat_str` of each encoding). */
export type SplitPattern = "o200k" | "cl100k";

/** Finds the end (exclusive, UTF-16 index) of the piece that starts at `start`. */
export type PieceSplitter = (text: string, start: number) => number;

const APOSTROPHE = 0x27;

function cpAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? charClass(c) : charClass(cpAt(text, i));
}

function widthAt(text: string, i: number): number {
  return (text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
}

/** `('s|'t|'re|'ve|'m|'ll|'d)` in any letter case, ASCII apostrophe only; returns the end or `p`. */
function contraction(text: string, p: number): number {
  if (text.charCodeAt(p) !== APOSTROPHE) return p;
  const a = text.charCodeAt(p + 1) | 0x20;
  if (a === 0x73 || a === 0x74 || a === 0x6d || a === 0x64) return p + 2; // s t m d
  const b = text.charCodeAt(p + 2) | 0x20;
  if ((a === 0x72 || a === 0x76) && b === 0x65) return p + 3; // re ve
  if (a === 0x6c && b === 0x6c) return p + 3; // ll
  return p;
}

const UPPERISH = CC_UPPER | CC_OTHER_LETTER | CC_MARK; // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
const LOWERISH = CC_LOWER | CC_OTHER_LETTER | CC_MARK; // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
const BOTH = CC_OTHER_LETTER | CC_MARK;

/** o200k word body 1: `UPPERISH* LOWERISH+ contraction?`, with the regex's backtracking. */
function o200kWordLowerTail(text: string, j: number, n: number): number {
  let p = j;
  let lastBothEnd = -1;
  while (p < n) {
    const k = classAt(text, p);
    if ((k & UPPERISH) === 0) break;
    p += widthAt(text, p);
    if ((k & BOTH) !== 0) lastBothEnd = p;
  }
  if (p < n && (classAt(text, p) & CC_LOWER) !== 0) {
    while (p < n) {
      const k = classAt(text, p);
      if ((k & LOWERISH) === 0) break;
      p += widthAt(text, p);
    }
    return contraction(text, p);
  }
  return lastBothEnd < 0 ? -1 : contraction(text, lastBothEnd);
}

/** o200k word body 2: `UPPERISH+ LOWERISH* contraction?`. */
function o200kWordUpperHead(text: string, j: number, n: number): number {
  let p = j;
  while (p < n && (classAt(text, p) & UPPERISH) !== 0) p += widthAt(text, p);
  if (p === j) return -1;
  while (p < n && (classAt(text, p) & LOWERISH) !== 0) p += widthAt(text, p);
  return contraction(text, p);
}

/** `\s*[\r\n]+ | \s+(?!\S) | \s+` starting on a whitespace character at `i`. */
function whitespace(text: string, i: number, n: number): number {
  let p = i;
  let lastNewlineEnd = -1;
  while (p < n) {
    const k = classAt(text, p);
    if ((k & CC_WHITESPACE) === 0) break;
    p += 1; // every \s code point is in the BMP
    if (k === CC_NEWLINE) lastNewlineEnd = p;
  }
  if (lastNewlineEnd >= 0) return lastNewlineEnd;
  if (p === n) return n;
  return p - 1 > i ? p - 1 : p;
}

/** ` ?[^\s\p{L}\p{N}]+` then `tail` characters; -1 when it does not match at `i`. */
function symbols(text: string, i: number, n: number, slashToo: boolean): number {
  let p = i;
  if (text.charCodeAt(p) === 0x20 && p + 1 < n && (classAt(text, p + 1) & CC_SYMBOL) !== 0) p += 1;
  if ((classAt(text, p) & CC_SYMBOL) === 0) return -1;
  while (p < n && (classAt(text, p) & CC_SYMBOL) !== 0) p += widthAt(text, p);
  while (p < n) {
    const c = text.charCodeAt(p);
    if (c === 10 || c === 13 || (slashToo && c === 0x2f)) p += 1;
    else break;
  }
  return p;
}

function numbers(text: string, i: number, n: number): number {
  let p = i;
  for (let k = 0; k < 3 && p < n && (classAt(text, p) & CC_NUMBER) !== 0; k++) p += widthAt(text, p);
  return p;
}

/**
 * The o200k_base split, written out by hand: the same pieces as js-tiktoken's
 * `pat_str` regex under JavaScript `u`-flag semantics, without the regex.
 *
 * @example
 * splitO200k("Hello world", 0) // 5
 */
export function splitO200k(text: string, i: number): number {
  const n = text.length;
  const k = classAt(text, i);
  const w = widthAt(text, i);
  if ((k & CC_PREFIX) !== 0 && i + w < n) {
    const e = o200kWordLowerTail(text, i + w, n);
    if (e >= 0) return e;
  }
  if ((k & (CC_LETTER | CC_MARK)) !== 0) {
    const e = o200kWordLowerTail(text, i, n);
    if (e >= 0) return e;
  }
  if ((k & CC_PREFIX) !== 0 && i + w < n) {
    const e = o200kWordUpperHead(text, i + w, n);
    if (e >= 0) return e;
  }
  if ((k & UPPERISH) !== 0) {
    const e = o200kWordUpperHead(text, i, n);
    if (e >= 0) return e;
  }
  if (k === CC_NUMBER) return numbers(text, i, n);
  const s = symbols(text, i, n, true);
  if (s >= 0) return s;
  return whitespace(text, i, n);
}

/**
 * The cl100k_base split, written out by hand (see {@link splitO200k}).
 *
 * @example
 * splitCl100k("it's", 0) // 2
 */
export function splitCl100k(text: string, i: number): number {
  const n = text.length;
  const c = text.charCodeAt(i);
  if (c === APOSTROPHE) {
    const e = contraction(text, i);
    if (e > i) return e;
  }
  const k = classAt(text, i);
  if ((k & CC_PREFIX) !== 0) {
    const w = widthAt(text, i);
    if (i + w < n && (classAt(text, i + w) & CC_LETTER) !== 0) {
      let p = i + w;
      while (p < n && (classAt(text, p) & CC_LETTER) !== 0) p += widthAt(text, p);
      return p;
    }
  } else if ((k & CC_LETTER) !== 0) {
    let p = i;
    while (p < n && (classAt(text, p) & CC_LETTER) !== 0) p += widthAt(text, p);
    return p;
  }
  if (k === CC_NUMBER) return numbers(text, i, n);
  const s = symbols(text, i, n, false);
  if (s >= 0) return s;
  return whitespace(text, i, n);
}

/** The splitter for a pattern. */
export function splitterFor(pattern: SplitPattern): PieceSplitter {
  return pattern === "o200k" ? splitO200k : splitCl100k;
}

/**
 * Splits text into pre-tokenizer pieces (what the BPE then merges within).
 *
 * @example
 * preTokenize("Hello, world!", "o200k") // ["Hello", ",", " world", "!"]
 */
export function preTokenize(text: string, pattern: SplitPattern): string[] {
  const split = splitterFor(pattern);
  const pieces: string[] = [];
  for (let i = 0; i < text.length; ) {
    const e = split(text, i);
    pieces.push(text.slice(i, e));
    i = e;
  }
  return pieces;
}
