/**
 * mulberry32: a small seeded PRNG (2^32 period) for reproducible draws, shuffles and simulated
 * workloads: the router's exploration, the predictors' folds, the testkit and the benchmarks.
 *
 * @example
 * const random = seededRandom(42);
 * random(); // a number in [0, 1), the same sequence for seed 42 on every run
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
