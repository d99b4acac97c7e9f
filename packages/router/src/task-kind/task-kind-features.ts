/**
 * Features of the task-kind classifier, shared by the classifier and its training script (one function,
 * so training and inference see exactly the same vector).
 *
 * The text is the last user turn, read up to {@link TASK_KIND_TEXT_LIMIT} characters. It is cut into
 * tokens — runs of ASCII letters and underscores (lower-cased), digit runs (every number is the token
 * `0`), runs of non-ASCII letters, and every other visible character on its own (`{`, `=`, `\`…) — and
 * each token and each pair of adjacent tokens is hashed (FNV-1a) into one of `buckets` slots (counts,
 * scaled to unit length). A few dense features follow the hashed slots (see {@link DENSE_FEATURES}).
 * No substring is allocated: hashes are built while scanning.
 */

/** Characters of the last user turn the classifier reads (the head of a longer turn). */
export const TASK_KIND_TEXT_LIMIT = 2000;

/**
 * Dense features, in their slot order after the hashed ones, each in about [0, 1]: log length, log
 * line count, share of digits, share of code/math symbols (`{}[]()<>=+-*&#47;^%|\$;`), a code fence,
 * share of indented lines, a question mark at the end.
 */
export const DENSE_FEATURES = [
  "log-length",
  "log-lines",
  "digit-share",
  "symbol-share",
  "code-fence",
  "indented-share",
  "ends-with-question",
] as const;

/** A sparse feature vector: `size` (index, value) pairs; an index may repeat (values add). */
export interface FeatureVector {
  index: Int32Array;
  value: Float32Array;
  size: number;
}

/** Script counts of the text read (for the script rule), filled by {@link taskKindFeatures}. */
export interface ScriptCounts {
  /** Letters of any script (ASCII letters, Han, kana, Hangul, other non-ASCII letters). */
  letters: number;
  /** Han ideographs (CJK Unified Ideographs, extension A, compatibility). */
  han: number;
  /** Japanese kana and Korean Hangul. */
  kanaHangul: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SYMBOLS = new Set("{}[]()<>=+-*/^%|\\$;".split("").map((c) => c.charCodeAt(0)));

const isHan = (c: number) =>
  (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
const isKanaHangul = (c: number) => (c >= 0x3040 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7af);

function endsWithQuestion(text: string, n: number): boolean {
  let i = n - 1;
  while (i >= 0 && text.charCodeAt(i) <= 32) i--;
  return i >= 0 && text.charCodeAt(i) === 63;
}

/** A scratch vector large enough for any text of `TASK_KIND_TEXT_LIMIT` characters. */
export function newFeatureVector(): FeatureVector {
  const n = TASK_KIND_TEXT_LIMIT * 2 + DENSE_FEATURES.length + 2;
  return { index: new Int32Array(n), value: new Float32Array(n), size: 0 };
}

/**
 * Fills `out` with the features of `text` over `buckets` hashed slots (a power of two) followed by the
 * dense slots, and `script` with the text's script counts. Deterministic: the same text gives the same
 * vector.
 *
 * @example
 * const v = newFeatureVector();
 * taskKindFeatures("def f(x):\n    return x", 1 << 14, v);
 * v.size // hashed tokens and pairs, then 7 dense features
 */
export function taskKindFeatures(
  text: string,
  buckets: number,
  out: FeatureVector,
  script: ScriptCounts = { letters: 0, han: 0, kanaHangul: 0 },
): FeatureVector {
  const mask = buckets - 1;
  const n = Math.min(text.length, TASK_KIND_TEXT_LIMIT);
  let size = 0;
  let prev = 0; // hash of the previous token (0: none yet)
  let h = FNV_OFFSET;
  let kind = 0; // 0 none, 1 ASCII word, 2 digits, 3 non-ASCII letters
  let digits = 0;
  let symbols = 0;
  let lines = 1;
  let indented = 0;
  let lineStart = true;
  let fence = 0;
  let backticks = 0;
  let letters = 0;
  let han = 0;
  let kanaHangul = 0;
  const emit = (token: number) => {
    out.index[size] = token & mask;
    out.value[size++] = 1;
    if (prev !== 0) {
      out.index[size] = (Math.imul(prev ^ 0x9e3779b9, FNV_PRIME) ^ token) & mask;
      out.value[size++] = 1;
    }
    prev = token | 1;
  };
  const flush = () => {
    if (kind !== 0) emit(h);
    kind = 0;
    h = FNV_OFFSET;
  };
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c === 96) {
      backticks++;
      if (backticks === 3) fence = 1;
    } else backticks = 0;
    if (c === 10) {
      lines++;
      lineStart = true;
      flush();
      continue;
    }
    if (lineStart) {
      if (c === 9 || (c === 32 && text.charCodeAt(i + 1) === 32)) indented++;
      lineStart = false;
    }
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || c === 95) {
      letters++;
      if (kind !== 1) {
        flush();
        kind = 1;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
    } else if (c >= 48 && c <= 57) {
      digits++;
      if (kind !== 2) {
        flush();
        kind = 2;
        h = Math.imul(h ^ 48, FNV_PRIME);
      }
    } else if (c <= 32) {
      flush();
    } else if (c < 128) {
      flush();
      if (SYMBOLS.has(c)) symbols++;
      emit(Math.imul(FNV_OFFSET ^ c, FNV_PRIME) ^ 0x5bd1e995);
    } else {
      if (isHan(c)) han++;
      else if (isKanaHangul(c)) kanaHangul++;
      letters++;
      if (kind !== 3) {
        flush();
        kind = 3;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
    }
  }
  flush();
  // Hashed counts scaled to unit length (each slot counted once per occurrence).
  if (size > 0) {
    const scale = 1 / Math.sqrt(size);
    for (let i = 0; i < size; i++) out.value[i] = scale;
  }
  const chars = Math.max(n, 1);
  const dense = [
    Math.log1p(n) / 8,
    Math.log1p(lines - 1) / 4,
    digits / chars,
    symbols / chars,
    fence,
    indented / lines,
    endsWithQuestion(text, n) ? 1 : 0,
  ];
  for (let j = 0; j < dense.length; j++) {
    out.index[size] = buckets + j;
    out.value[size++] = dense[j]!;
  }
  out.size = size;
  script.letters = letters;
  script.han = han;
  script.kanaHangul = kanaHangul;
  return out;
}
