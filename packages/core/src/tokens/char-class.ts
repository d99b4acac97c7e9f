/**
 * Code point classes used by the hand-written pre-tokenizers. They mirror the
 * Unicode property classes of the tiktoken split patterns exactly as the running
 * JavaScript engine's `u`-flag regexes see them (js-tiktoken is the reference, and
 * it uses those regexes), so classes are computed with those very regexes, lazily,
 * once per code point.
 */

/** `\p{Lu}` or `\p{Lt}`. */
export const CC_UPPER = 1;
/** `\p{Ll}`. */
export const CC_LOWER = 2;
/** `\p{Lm}` or `\p{Lo}`. */
export const CC_OTHER_LETTER = 4;
/** `\p{M}`. */
export const CC_MARK = 8;
/** `\p{N}`. */
export const CC_NUMBER = 16;
/** `\s` other than CR and LF. */
export const CC_SPACE = 32;
/** CR or LF. */
export const CC_NEWLINE = 64;
/** Anything else (punctuation, symbols, controls, lone surrogates, ...). */
export const CC_PUNCT = 128;

/** Any `\p{L}`. */
export const CC_LETTER = CC_UPPER | CC_LOWER | CC_OTHER_LETTER;
/** `[^\r\n\p{L}\p{N}]`: the optional one-character prefix of a word. */
export const CC_PREFIX = CC_SPACE | CC_MARK | CC_PUNCT;
/** `[^\s\p{L}\p{N}]`: punctuation runs. */
export const CC_SYMBOL = CC_MARK | CC_PUNCT;
/** `\s`. */
export const CC_WHITESPACE = CC_SPACE | CC_NEWLINE;

const RE_UPPER = /^[\p{Lu}\p{Lt}]$/u;
const RE_LOWER = /^\p{Ll}$/u;
const RE_OTHER_LETTER = /^[\p{Lm}\p{Lo}]$/u;
const RE_MARK = /^\p{M}$/u;
const RE_NUMBER = /^\p{N}$/u;
const RE_SPACE = /^\s$/u;

/** Lazily filled class table for every code point (0 = not computed yet). */
const table = new Uint8Array(0x110000);

function compute(cp: number): number {
  if (cp === 10 || cp === 13) return CC_NEWLINE;
  const ch = cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
  if (RE_UPPER.test(ch)) return CC_UPPER;
  if (RE_LOWER.test(ch)) return CC_LOWER;
  if (RE_OTHER_LETTER.test(ch)) return CC_OTHER_LETTER;
  if (RE_MARK.test(ch)) return CC_MARK;
  if (RE_NUMBER.test(ch)) return CC_NUMBER;
  if (RE_SPACE.test(ch)) return CC_SPACE;
  return CC_PUNCT;
}

for (let cp = 0; cp < 128; cp++) table[cp] = compute(cp);

/**
 * The class of a code point (one of the `CC_*` bits).
 *
 * @example
 * charClass(0x41) === CC_UPPER // "A"
 */
export function charClass(cp: number): number {
  const known = table[cp]!;
  if (known !== 0) return known;
  const computed = compute(cp);
  table[cp] = computed;
  return computed;
}
