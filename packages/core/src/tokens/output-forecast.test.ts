import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMemoryKeyValueStore } from "../stores/memory-key-value-store";
import { type ForecastSeries, OutputForecaster } from "./output-forecast";

describe("OutputForecaster", () => {
  it("uses the caller's max, then a learned p90 per route, with reasoning by effort", () => {
    const f = new OutputForecaster({ priorOutputTokens: 500 });
    expect(f.forecast({ route: "r", maxTokens: 200 })).toMatchObject({
      totalTokens: 200,
      source: "max_tokens",
    });
    expect(f.forecast({ route: "r" })).toMatchObject({ outputTokens: 500, source: "prior" });
    for (let i = 1; i <= 100; i++)
      f.observe({ route: "r", outputTokens: i, reasoningTokens: i * 10, reasoningEffort: "high" });
    expect(f.forecast({ route: "r" })).toMatchObject({
      outputTokens: 90,
      reasoningTokens: 0,
      source: "learned",
    });
    expect(f.forecast({ route: "r", reasoningEffort: "high" })).toMatchObject({
      reasoningTokens: 900,
      totalTokens: 990,
    });
    expect(f.forecast({ route: "r", reasoningEffort: "low" })).toMatchObject({
      reasoningTokens: 1024,
      source: "prior",
    });
  });
  it("keeps a bounded window and round-trips a snapshot", () => {
    const f = new OutputForecaster({ window: 10 });
    for (let i = 0; i < 100; i++) f.observe({ route: "r", outputTokens: i });
    expect(f.snapshot()["out:r"]?.length).toBe(10);
    const g = new OutputForecaster({ window: 10 });
    g.restore(f.snapshot());
    expect(g.forecast({ route: "r" })).toEqual(f.forecast({ route: "r" }));
  });
});

describe("OutputForecaster over a shared store", () => {
  it("learns from another forecaster's observations after refreshMs", async () => {
    const store = createMemoryKeyValueStore<ForecastSeries>();
    let t = 0;
    const a = new OutputForecaster({ store, refreshMs: 1000, now: () => t, window: 50 });
    const b = new OutputForecaster({ store, refreshMs: 1000, now: () => t, window: 50 });
    expect(b.forecast({ route: "r" }).source).toBe("prior");
    for (let i = 1; i <= 20; i++) a.observe({ route: "r", outputTokens: i * 10 });
    await Promise.resolve();
    expect((await store.get("out:r"))?.values).toHaveLength(20);
    expect(b.forecast({ route: "r" }).source).toBe("prior"); // within b's TTL
    t = 1000;
    b.forecast({ route: "r" }); // stale: starts the re-read of the routes b knows
    await new Promise((r) => setImmediate(r));
    expect(b.forecast({ route: "r" })).toEqual(a.forecast({ route: "r" }));
    // Both write into one window.
    b.observe({ route: "r", outputTokens: 5 });
    await Promise.resolve();
    expect((await store.get("out:r"))?.values).toHaveLength(21);
  });
});

describe("OutputForecaster's quantile kept sorted between writes", () => {
  /** The p-quantile of the last `window` values, sorted from scratch. */
  const reference = (values: number[], window: number, quantile: number) => {
    const kept = values.slice(-window).sort((a, b) => a - b);
    return kept[Math.min(kept.length - 1, Math.ceil(quantile * kept.length) - 1)];
  };

  it("equals a fresh sort after every observation, restore and duplicate (property)", () => {
    const step = fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 50 }).map((v) => ({ observe: v })), weight: 10 },
      {
        arbitrary: fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 12 }).map((r) => ({ restore: r })),
        weight: 1,
      },
    );
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(0.5, 0.9, 0.99),
        (steps, window, quantile) => {
          const f = new OutputForecaster({ window, quantile, minObservations: 1 });
          let seen: number[] = [];
          for (const s of steps) {
            if ("observe" in s) {
              f.observe({ route: "r", outputTokens: s.observe });
              seen.push(s.observe);
            } else {
              f.restore({ "out:r": s.restore });
              seen = [...s.restore];
            }
            const expected = reference(seen, window, quantile);
            const got = f.forecast({ route: "r" });
            if (expected === undefined) expect(got.source).toBe("prior");
            else expect(got.outputTokens).toBe(expected);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
