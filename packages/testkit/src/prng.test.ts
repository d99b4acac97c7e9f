import { describe, expect, it } from "vitest";
import { createPrng, hashString, makeId } from "./prng";

describe("createPrng", () => {
  it("repeats the same sequence for the same seed and parts", () => {
    const a = createPrng(42, "x");
    const b = createPrng(42, "x");
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
  });

  it("gives different sequences for different parts", () => {
    expect(createPrng(42, "a").next()).not.toBe(createPrng(42, "b").next());
  });

  it("stays in [0, 1) and int stays in range", () => {
    const rng = createPrng(7);
    for (let i = 0; i < 1000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const n = rng.int(3);
      expect([0, 1, 2]).toContain(n);
    }
  });

  it("makes ids of the asked length and prefix", () => {
    const id = makeId("call_", 24, createPrng(1));
    expect(id).toMatch(/^call_[0-9A-Za-z]{24}$/);
    expect(hashString("a")).not.toBe(hashString("b"));
  });
});
