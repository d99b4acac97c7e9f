import { createCatalog } from "@tokenwise/catalog";
import { describe, expect, it } from "vitest";
import { buildModelStates } from "./candidate-table";
import { createMemoryLatencyStore, latencyPrior, observeLatency } from "./latency-stats";
import { createStatsSnapshot } from "./stats-snapshot";

const catalog = createCatalog();
const models = ["openai/gpt-4o", "openai/gpt-4.1-mini"].map((k) => catalog.find(k));
const obs = { ttftMs: 100, outputTokens: 200, generationMs: 1000 };

describe("stats snapshot", () => {
  it("predicts from the prior, learns at once, and applies other routers' observations after the TTL", async () => {
    let t = 0;
    const store = createMemoryLatencyStore();
    const mine = buildModelStates(models);
    const theirs = buildModelStates(models);
    const a = createStatsSnapshot(mine, { latencyStore: store, refreshMs: 1000, now: () => t });
    const b = createStatsSnapshot(theirs, { latencyStore: store, refreshMs: 1000, now: () => t });
    const [m] = mine;
    const [other] = theirs;
    expect(a.latencyOf(m!)).toEqual(latencyPrior(models[0]!.latency));
    a.beforeSelect();
    b.beforeSelect();
    const learned = a.observeLatency(m!, obs);
    expect(learned).toEqual(observeLatency(latencyPrior(models[0]!.latency), obs));
    expect(a.latencyOf(m!)).toBe(learned);
    await new Promise((r) => setImmediate(r));
    expect((await store.get(m!.key))?.count).toBe(1);
    b.beforeSelect(); // within the TTL: no re-read
    expect(b.latencyOf(other!)?.count).toBe(0);
    t = 1000;
    b.beforeSelect(); // stale: re-read starts
    await new Promise((r) => setImmediate(r));
    b.beforeSelect(); // applies what landed to the model states
    expect(other!.latencyStat).toEqual(learned);
    expect(b.latencyOf(other!)).toEqual(learned);
  });
});
