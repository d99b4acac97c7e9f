import { createMemoryPrefixStore, type StoreError } from "@tokenwise/core";
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
  it("stays bounded however many prefixes are recorded", () => {
    const t = createPrefixTracker({ maxPrefixes: 100 });
    for (let i = 0; i < 1000; i++) t.record("x/m", [hashText(String(i))], [10], 0);
    expect(t.lookup([hashText("999")], 0).get("x/m")).toBe(10);
    expect(t.lookup([hashText("0")], 0).size).toBe(0); // evicted
  });
  it("shares sightings through a store: a lookup that misses prefetches them", async () => {
    const store = createMemoryPrefixStore();
    const a = createPrefixTracker({ store, ttlMs: 1000 });
    const b = createPrefixTracker({ store, ttlMs: 1000 });
    const h = [hashText("system"), chainHash(hashText("system"), hashText("m1"))];
    a.record("x/m", h, [100, 2000], 0);
    await Promise.resolve();
    expect(b.lookup(h, 10).size).toBe(0);
    b.prefetch?.(h, 10);
    await new Promise((r) => setImmediate(r));
    expect(b.lookup(h, 10)).toEqual(new Map([["x/m", 2000]]));
    expect(b.lookup(h, 2000).size).toBe(0); // past the TTL
  });
  it("reports store failures and keeps the local table", async () => {
    const errors: StoreError[] = [];
    const down = () => Promise.reject(new Error("down"));
    const t = createPrefixTracker({
      store: { record: down, find: down },
      onStoreError: (e) => errors.push(e),
    });
    t.record("x/m", [1], [10], 0);
    t.prefetch?.([2], 0);
    await new Promise((r) => setImmediate(r));
    expect(t.lookup([1], 0).get("x/m")).toBe(10);
    expect(errors.map((e) => [e.store, e.operation])).toEqual([
      ["prefix", "record"],
      ["prefix", "get"],
    ]);
  });
});
