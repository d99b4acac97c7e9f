import { describe, expect, it } from "vitest";
import { chainHash, createPrefixTracker, hashText } from "./prefix-tracker";

describe("prefix tracker", () => {
  it("finds the longest prefix per model within the TTL", () => {
    const t = createPrefixTracker({ ttlMs: 1000 });
    const a = hashText("system");
    const b = chainHash(a, hashText("m1"));
    const c = chainHash(b, hashText("m2"));
    t.record("x/m", [a, b], [100, 2000], 0);
    t.record("y/m", [a], [100], 0);
    expect(t.lookup([a, b, c], 500)).toEqual(
      new Map([
        ["x/m", 2000],
        ["y/m", 100],
      ]),
    );
    expect(t.lookup([a, b, c], 5000).size).toBe(0);
  });
  it("chains differ by order and stay safe integers", () => {
    const a = hashText("a");
    const b = hashText("b");
    expect(chainHash(a, b)).not.toBe(chainHash(b, a));
    expect(Number.isSafeInteger(chainHash(a, b))).toBe(true);
    const seen = new Set<number>();
    let h = 0;
    for (let i = 0; i < 10_000; i++) {
      h = chainHash(h, hashText(String(i)));
      seen.add(h);
    }
    expect(seen.size).toBe(10_000);
  });
  it("hashes differ for different text", () => {
    expect(hashText("abc")).not.toBe(hashText("abd"));
    expect(Number.isSafeInteger(hashText("a long text"))).toBe(true);
  });
});
