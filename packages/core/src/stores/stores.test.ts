import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors";
import { createMemoryKeyValueStore } from "./memory-key-value-store";
import { StoreError } from "./store-error";
import { createStoreMirror } from "./store-mirror";

describe("memory key-value store", () => {
  it("copies values in and out, folds atomically and deletes on undefined", async () => {
    const store = createMemoryKeyValueStore<{ n: number }>();
    const v = { n: 1 };
    await store.set("a", v);
    v.n = 99;
    const got = await store.get("a");
    expect(got).toEqual({ n: 1 });
    got!.n = 5;
    expect(await store.get("a")).toEqual({ n: 1 });
    await Promise.all(
      Array.from({ length: 10 }, () => store.update("a", (prev) => ({ n: (prev?.n ?? 0) + 1 }))),
    );
    expect(await store.get("a")).toEqual({ n: 11 });
    await store.update("a", () => undefined);
    expect(await store.getMany(["a", "b"])).toEqual([undefined, undefined]);
  });

  it("expires entries after their TTL and evicts the oldest past maxEntries", async () => {
    let t = 0;
    const store = createMemoryKeyValueStore<number>({ maxEntries: 3, now: () => t });
    await store.set("x", 1, { ttlMs: 100 });
    t = 99;
    expect(await store.get("x")).toBe(1);
    t = 100;
    expect(await store.get("x")).toBeUndefined();
    for (const k of ["a", "b", "c", "d"]) await store.set(k, 1);
    expect(store.size).toBe(3);
    expect(await store.getMany(["a", "b", "c", "d"])).toEqual([undefined, 1, 1, 1]);
  });

  it("rejects bad options with a ValidationError naming the path and value", async () => {
    expect(() => createMemoryKeyValueStore({ maxEntries: 0 })).toThrow(ValidationError);
    try {
      createMemoryKeyValueStore({ maxEntries: -2 });
    } catch (e) {
      expect((e as ValidationError).issues[0]).toMatchObject({ path: ["maxEntries"], value: -2 });
    }
    const store = createMemoryKeyValueStore<number>();
    await expect(store.set("k", 1, { ttlMs: -1 })).rejects.toBeInstanceOf(ValidationError);
    // One options object reused on every write is checked again when its TTL changes.
    const write = { ttlMs: 1_000 };
    await store.set("k", 1, write);
    write.ttlMs = Number.NaN;
    await expect(store.set("k", 2, write)).rejects.toBeInstanceOf(ValidationError);
    expect(await store.get("k")).toBe(1);
  });

  it("copies nested records, arrays and typed arrays deeply", async () => {
    const store = createMemoryKeyValueStore<{ series: { values: number[]; at: Float64Array }[] }>();
    const value = { series: [{ values: [1, 2, 3], at: new Float64Array([0.5]) }] };
    await store.update("s", () => value);
    value.series[0]!.values.push(4);
    value.series[0]!.at[0] = 9;
    const got = await store.get("s");
    expect(got?.series[0]?.values).toEqual([1, 2, 3]);
    expect(got?.series[0]?.at[0]).toBe(0.5);
    got!.series[0]!.values[0] = 100;
    expect((await store.get("s"))?.series[0]?.values[0]).toBe(1);
  });
});

describe("store mirror", () => {
  it("reads synchronously, writes through in the background and refreshes after its TTL", async () => {
    let t = 0;
    const store = createMemoryKeyValueStore<number>();
    const a = createStoreMirror(store, { name: "test", refreshMs: 1000, now: () => t });
    const b = createStoreMirror(store, { name: "test", refreshMs: 1000, now: () => t });
    const keys = () => ["k"];
    a.maybeRefresh(keys);
    b.maybeRefresh(keys);
    expect(a.update("k", (n) => (n ?? 0) + 1)).toBe(1);
    expect(a.get("k")).toBe(1);
    expect(await store.get("k")).toBe(1);
    await b.refresh([]);
    b.update("k", (n) => (n ?? 0) + 10);
    expect(b.get("k")).toBe(10); // b's view has not been refreshed since a wrote
    expect(await store.get("k")).toBe(11); // the store folded both
    t = 500;
    b.maybeRefresh(keys); // within the TTL: no read
    await Promise.resolve();
    expect(b.get("k")).toBe(10);
    t = 1000;
    const before = b.generation;
    b.maybeRefresh(keys);
    await b.refresh(keys());
    expect(b.get("k")).toBe(11);
    expect(b.generation).toBeGreaterThan(before);
  });

  it("reports failed writes and reads to onStoreError and keeps the local view", async () => {
    const errors: StoreError[] = [];
    const broken = {
      get: () => Promise.reject(new Error("down")),
      getMany: () => Promise.reject(new Error("down")),
      set: () => Promise.reject(new Error("down")),
      update: () => Promise.reject(new Error("down")),
      delete: () => Promise.reject(new Error("down")),
    };
    const view = createStoreMirror<number>(broken, { name: "latency", onStoreError: (e) => errors.push(e) });
    expect(view.update("m", () => 3)).toBe(3);
    await view.refresh(["m"]);
    expect(view.get("m")).toBe(3);
    expect(errors.map((e) => [e.store, e.operation, e.key])).toEqual([
      ["latency", "update", "m"],
      ["latency", "refresh", undefined],
    ]);
    expect(errors[0]).toBeInstanceOf(StoreError);
    expect(errors[0]!.message).toContain("down");
  });
});

describe("store mirror without a store", () => {
  it("is its local view: updates fold in place of a store, refresh changes nothing", async () => {
    const view = createStoreMirror<number[]>(undefined, { name: "local" });
    expect(view.update("a", (v) => [...(v ?? []), 1])).toEqual([1]);
    expect(view.update("a", (v) => [...(v ?? []), 2])).toEqual([1, 2]);
    view.maybeRefresh(() => ["a", "b"]);
    await view.refresh(["a", "b"]);
    expect(view.get("a")).toEqual([1, 2]);
    expect(view.get("b")).toBeUndefined();
    expect(view.generation).toBe(0);
    expect(view.update("a", () => undefined)).toBeUndefined();
    expect(view.size).toBe(0);
  });

  it("still checks its options", () => {
    expect(() => createStoreMirror(undefined, { name: "" })).toThrow(ValidationError);
  });
});
