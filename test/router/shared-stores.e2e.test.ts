import { createMemoryKeyValueStore, createMemoryPrefixStore, StoreError } from "@tokenwise/core";
import {
  type BreakerState,
  createMemoryLatencyStore,
  createPrefixTracker,
  type LatencyStat,
  type RouterRequest,
  type RouterSettings,
} from "@tokenwise/router";
import { afterEach, describe, expect, it } from "vitest";
import { hello, setup, T_PEAK } from "./fixtures";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const CHEAP = "openai/gpt-4o-mini";
/** Lets background store reads and writes (promise chains of the in-memory stores) settle. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Two routers (each with its own testkit) sharing the given stores and one clock. */
async function pair(router: Partial<RouterSettings>, faultsOfA?: Parameters<typeof setup>[0]) {
  const clock = { t: T_PEAK };
  const now = () => clock.t;
  const a = await setup({ ...faultsOfA, router, now });
  const b = await setup({ router, now });
  closers.push(
    () => a.kit.close(),
    () => b.kit.close(),
  );
  return { a: a.router, b: b.router, clock };
}

const tick = (clock: { t: Date }, ms: number) => {
  clock.t = new Date(clock.t.getTime() + ms);
};

describe("stores shared between routers", () => {
  it("a circuit opened by one router is seen by the other after the refresh TTL", async () => {
    const breakers = createMemoryKeyValueStore<BreakerState>();
    const { a, b, clock } = await pair(
      { circuitBreaker: { failureThreshold: 3, store: breakers }, storeRefreshMs: 1000 },
      { faults: { [CHEAP]: ["500", "500", "500"] } },
    );
    const openRejections = (r: typeof b) =>
      r.plan(hello, { ignoreCredentials: true }).rejected.filter((x) => x.code === "circuit-open");
    expect(openRejections(b)).toHaveLength(0); // b's first look starts its background read
    await settle();
    const r = await a.generate(hello);
    expect(r.provider).not.toBe("openai"); // three 500s opened openai's circuit in a: gpt-4o skipped too
    expect(r.report.attempts.some((x) => x.status === "skipped")).toBe(true);
    expect((await breakers.get("openai"))?.openedAt).toBe(T_PEAK.getTime());
    await settle();
    expect(openRejections(b)).toHaveLength(0); // within b's TTL: its view is still closed
    tick(clock, 1000);
    openRejections(b); // stale: starts the re-read
    await settle();
    expect(
      openRejections(b)
        .map((x) => x.model)
        .sort(),
    ).toEqual(["gpt-4o", "gpt-4o-mini"]);
  });

  it("latency observed by one router moves the other's predictions after the TTL or refreshStores()", async () => {
    const latency = createMemoryLatencyStore();
    const { a, b } = await pair({ latencyStore: latency, storeRefreshMs: 60_000 });
    const ttftOf = (r: typeof a, model: string) =>
      r.plan(hello, { ignoreCredentials: true }).ranked.find((c) => c.model === model)!.predictedTtftMs;
    const prior = ttftOf(b, "gpt-4o-mini");
    for (let i = 0; i < 3; i++) await a.generate(hello);
    const observed = (await latency.get(CHEAP)) as LatencyStat;
    expect(observed.count).toBe(3);
    expect(observed.source).toBe("observed");
    expect(ttftOf(a, "gpt-4o-mini")).not.toBe(prior);
    await settle();
    expect(ttftOf(b, "gpt-4o-mini")).toBe(prior); // b's view is within its 60 s TTL
    await b.refreshStores();
    expect(ttftOf(b, "gpt-4o-mini")).toBe(ttftOf(a, "gpt-4o-mini"));
    // b's own observations fold into the shared stat (atomic update), not over it.
    await b.generate(hello);
    expect(((await latency.get(CHEAP)) as LatencyStat).count).toBe(4);
  });

  it("a prefix sent through one router is expected as a cache read by the other", async () => {
    const prefixes = createMemoryPrefixStore();
    const mk = () => createPrefixTracker({ store: prefixes });
    const clock = { t: T_PEAK };
    const now = () => clock.t;
    const a = await setup({ now, router: { prefixTracker: mk(), minCacheTokens: 1 } });
    const b = await setup({ now, router: { prefixTracker: mk(), minCacheTokens: 1 } });
    closers.push(
      () => a.kit.close(),
      () => b.kit.close(),
    );
    const turn1: RouterRequest = {
      system: "You are a careful assistant for a travel agency. ".repeat(200),
      messages: [{ role: "user", content: "Find me a flight from Paris to Rome next Tuesday." }],
    };
    const r1 = await a.router.generate(turn1);
    const turn2: RouterRequest = {
      ...turn1,
      messages: [
        ...turn1.messages,
        { role: "assistant", content: r1.text },
        { role: "user", content: "And a hotel near the Colosseum." },
      ],
    };
    const readOf = (r: typeof a.router) =>
      r.plan(turn2, { ignoreCredentials: true }).ranked.find((c) => c.model === r1.model)!.estimated.usage
        .cacheRead;
    expect(readOf(a.router)).toBeGreaterThan(0);
    expect(readOf(b.router)).toBe(0); // nothing local: b fetches the sightings in the background
    await settle();
    expect(readOf(b.router)).toBe(readOf(a.router));
  });

  it("a failing store never fails a call: errors go to onStoreError", async () => {
    const errors: StoreError[] = [];
    const down = () => Promise.reject(new Error("connection refused"));
    const { kit, router } = await setup({
      router: {
        latencyStore: { get: down, getMany: down, set: down, update: down, delete: down },
        onStoreError: (e) => errors.push(e),
      },
    });
    closers.push(() => kit.close());
    const r = await router.generate(hello);
    expect(r.text.length).toBeGreaterThan(0);
    await settle();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e instanceof StoreError && e.store === "latency")).toBe(true);
    expect(errors.map((e) => e.operation)).toEqual(expect.arrayContaining(["refresh", "update"]));
    // The local view still learned from the call.
    const again = await router.generate(hello);
    expect(again.report.attempts.at(-1)?.status).toBe("ok");
  });
});
