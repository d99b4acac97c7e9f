// The shared stores of @tokenwise/redis on a real redis-server: key-value (compare-and-set updates
// from several clients all count), calibration sums, prompt prefixes, the ledger stream (exact money),
// and breaker state shared by two routers: one router's failures open the circuit for the other.

import type { CalibrationState } from "@tokenwise/core";
import { addCalibration, emptyCalibration } from "@tokenwise/core/internal";
import {
  createRedisCalibrationStore,
  createRedisKeyValueStore,
  createRedisLedgerSink,
  createRedisPrefixStore,
  readLedgerStream,
} from "@tokenwise/redis";
import { type BreakerState, NoCandidateError } from "@tokenwise/router";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { setup } from "../router/fixtures";
import { sharedRedisUrl } from "../support/redis";

const url = sharedRedisUrl();
const run = `st${process.pid}x${Date.now().toString(36)}`;
const clients: Redis[] = [];
const client = () => {
  const r = new Redis(url!);
  clients.push(r);
  return r;
};
afterAll(() => {
  for (const c of clients) c.disconnect();
});

describe.skipIf(!url)("redis stores", () => {
  it("key-value: get/getMany/set/delete, TTL, and concurrent updates from two clients all count", async () => {
    const a = createRedisKeyValueStore<{ n: number }>({ redis: client(), prefix: `${run}:kv` });
    const b = createRedisKeyValueStore<{ n: number }>({ redis: client(), prefix: `${run}:kv` });
    await a.set("x", { n: 1 });
    expect(await b.get("x")).toEqual({ n: 1 });
    const inc = (prev: { n: number } | undefined) => ({ n: (prev?.n ?? 0) + 1 });
    await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).update("c", inc)));
    expect(await a.get("c")).toEqual({ n: 100 });
    expect(await b.getMany(["x", "missing", "c"])).toEqual([{ n: 1 }, undefined, { n: 100 }]);
    await a.update("c", () => undefined);
    expect(await b.get("c")).toBeUndefined();
    await a.set("t", { n: 7 }, { ttlMs: 50 });
    expect(await b.get("t")).toEqual({ n: 7 });
    await new Promise((r) => setTimeout(r, 80));
    expect(await b.get("t")).toBeUndefined();
    await a.delete("x");
    expect(await b.get("x")).toBeUndefined();
    await expect(a.set("y", { n: 1 }, { ttlMs: -1 })).rejects.toMatchObject({ name: "ValidationError" });
  });

  it("calibration: merges from two processes add up field by field", async () => {
    const a = createRedisCalibrationStore({ redis: client(), prefix: run });
    const b = createRedisCalibrationStore({ redis: client(), prefix: run });
    const delta: CalibrationState = {
      ...emptyCalibration(),
      n: 1,
      sx: 10,
      sy: 12,
      sxy: 120,
      sxx: 100,
      errSumSq: 0.01,
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).merge("cl100k_base", delta)));
    let expected = emptyCalibration();
    for (let i = 0; i < 20; i++) expected = addCalibration(expected, delta);
    const got = (await a.get("cl100k_base"))!;
    expect(got.n).toBe(20);
    expect(got.sxy).toBeCloseTo(expected.sxy, 9);
    expect(got.errSumSq).toBeCloseTo(expected.errSumSq, 12);
    await b.put("other", delta);
    expect(await a.get("other")).toEqual(delta);
    expect(await a.get("none")).toBeUndefined();
  });

  it("prefixes: sightings found within their TTL", async () => {
    const store = createRedisPrefixStore({ redis: client(), prefix: run });
    await store.record(
      [
        { hash: 42, model: "openai/gpt-4o", tokens: 2048, at: 1_000 },
        { hash: 42, model: "anthropic/claude", tokens: 2048, at: 1_500 },
      ],
      1_000,
    );
    const found = await store.find([42, 43], 2_200);
    expect(found).toEqual([{ hash: 42, model: "anthropic/claude", tokens: 2048, at: 1_500 }]);
  });

  it("ledger stream: entries round-trip with exact money", async () => {
    const redis = client();
    const key = `${run}:ledger`;
    const sink = createRedisLedgerSink({ redis, key });
    const big = { currency: "USD", atto: 2n ** 70n + 3n };
    for (let i = 0; i < 1_005; i++) {
      await sink.record({
        callId: `c${i}`,
        attempt: 1,
        provider: "openai",
        model: "gpt-4o",
        at: new Date(1_000 + i),
        cost: i === 0 ? big : { currency: "USD", atto: BigInt(i) },
        native: { currency: "CNY", atto: 7n },
        accuracy: i % 2 ? "exact" : "estimated",
        ...(i % 2
          ? {}
          : {
              errorBar: { low: { currency: "USD", atto: 0n }, high: { currency: "USD", atto: 9n } },
              reason: "stream-cut",
            }),
        tags: ["a"],
        tenant: "t",
      });
    }
    const entries = await readLedgerStream({ redis, key, count: 100 });
    expect(entries).toHaveLength(1_005);
    expect(entries[0]!.cost).toEqual(big);
    expect(entries[0]!.errorBar!.high).toEqual({ currency: "USD", atto: 9n });
    expect(entries[3]!).toMatchObject({
      callId: "c3",
      at: new Date(1_003),
      native: { currency: "CNY", atto: 7n },
      tags: ["a"],
    });
  });

  it("breaker: one router's failures open the circuit for another router on the same Redis", async () => {
    const breakers = createRedisKeyValueStore<BreakerState>({ redis: client(), prefix: `${run}:breaker` });
    const settings = {
      circuitBreaker: { store: breakers, failureThreshold: 2, cooldownMs: 60_000, refreshMs: 0 },
      retry: { maxRetries: 0 },
      defaults: { allowProviders: ["openai"] },
    };
    const a = await setup({
      faults: {
        "openai/gpt-4o-mini": { rate: 1, kinds: ["500"] },
        "openai/gpt-4o": { rate: 1, kinds: ["500"] },
      },
      router: settings,
    });
    const b = await setup({ router: settings });
    try {
      const hi = { messages: [{ role: "user" as const, content: "hi" }] };
      for (let i = 0; i < 2; i++) await a.router.generate(hi).catch(() => undefined);
      // The failures reach Redis in the background.
      for (let i = 0; i < 100 && (await breakers.get("openai"))?.openedAt == null; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await breakers.get("openai"))?.openedAt).not.toBeNull();
      await b.router.refreshStores();
      expect(
        b.router
          .plan(hi)
          .rejected.filter((r) => r.code === "circuit-open")
          .map((r) => r.model)
          .sort(),
      ).toEqual(["gpt-4o", "gpt-4o-mini"]);
      await expect(b.router.generate(hi)).rejects.toBeInstanceOf(NoCandidateError);
      expect(b.kit.requests()).toHaveLength(0);
    } finally {
      await a.kit.close();
      await b.kit.close();
    }
  });
});
