import { seededRandom } from "@tokenwise/core/internal";
/** A seeded pseudo-random generator: the same seed gives the same sequence on every machine. */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

/**
 * Hashes a string to 32 bits (FNV-1a), to derive independent seeds from names.
 *
 * @example
 * hashString("openai/gpt-4o-mini") // 3056387329
 */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A mulberry32 generator seeded by a number or by the hash of the given parts, so that
 * `createPrng(seed, "faults", "openai/gpt-4o")` and `createPrng(seed, "latency", …)` are independent.
 *
 * @example
 * const rng = createPrng(42, "latency");
 * rng.next(); // 0.… (always the same for seed 42)
 */
export function createPrng(seed: number | string, ...parts: (string | number)[]): Prng {
  const next = seededRandom(hashString([String(seed), ...parts.map(String)].join("\u0000")));
  return { next, int: (n: number) => Math.floor(next() * n) };
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * A deterministic id of `length` base-62 characters with a prefix, like the providers' ids.
 *
 * @example
 * makeId("chatcmpl-", 24, createPrng(1, "id", 7)) // "chatcmpl-Xq3…"
 */
export function makeId(prefix: string, length: number, rng: Prng): string {
  let out = prefix;
  for (let i = 0; i < length; i++) out += ALPHABET[rng.int(ALPHABET.length)];
  return out;
}
