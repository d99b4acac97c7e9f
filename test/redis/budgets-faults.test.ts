// Faults of issue 11: a process killed with -9 while holding reservations (its leases are reaped
// within their TTL), and Redis restarted mid-run (typed errors while it is down, no double
// settlement, the run completes after the reconnect).
import {
  type BudgetStore,
  BudgetStoreError,
  createMemoryBudgetStore,
  type Money,
  type SettleOutcome,
} from "@tokenwise/core";
import { createRedisBudgetStore } from "@tokenwise/redis";
import { createRouter, type RouterResult } from "@tokenwise/router";
import { simProvidersFor, startTestkit, type Testkit } from "@tokenwise/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModels } from "../router/fixtures";
import { hasRedisServer, type RedisServerHandle, sharedRedisUrl, startRedisServer } from "../support/redis";
import { startWorker } from "./fixtures/run-worker";

const url = sharedRedisUrl();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const usd = (atto: bigint): Money => ({ currency: "USD", atto });
const models = testModels().filter((m) => m.id === "gpt-4o-mini");

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await sleep(50);
  }
}

describe.skipIf(!url || !hasRedisServer())("budget faults (Redis)", () => {
  let kit: Testkit;
  beforeAll(async () => {
    kit = await startTestkit({
      providers: simProvidersFor(models, () => ({
        tokenizer: "o200k_base",
        faultSettings: { slowTtftMs: 60_000 },
      })),
      timeScale: 0,
    });
  });
  afterAll(async () => kit?.close());

  it("reaps the leases of a process killed with -9 within their TTL; live leases stay", async () => {
    const redis = new Redis(url!);
    const prefix = `k9${process.pid}x${Date.now().toString(36)}`;
    const store = createRedisBudgetStore({ redis, prefix });
    const TTL = 1_500;
    // A live reservation of this process, with a long lease.
    await store.reserve({
      budget: "k",
      leaseId: "live",
      amount: usd(123n),
      limit: usd(10n ** 18n),
      periodKey: "total",
      ttlMs: 600_000,
    });
    // Every request hangs (slow TTFT of 60 s): the worker's 10 calls hold their leases.
    kit.setFaults("openai", "gpt-4o-mini", { rate: 1, kinds: ["slow-ttft"] });
    const { child, result } = startWorker({
      redisUrl: url,
      prefix,
      ledgerKey: `${prefix}:ledger`,
      baseURL: kit.baseURL("openai"),
      budget: "k",
      limit: "1",
      leaseTtlMs: TTL,
      worker: 9,
      calls: 10,
    });
    result.catch(() => undefined);
    const holding = await until(
      () => store.status("k"),
      (s) => (s?.leases ?? 0) === 11,
      60_000,
    );
    expect(holding!.leases).toBe(11);
    expect(holding!.reserved.atto).toBeGreaterThan(123n);
    child.kill("SIGKILL");
    const killedAt = Date.now();
    await new Promise((r) => child.once("exit", r));
    await sleep(Math.max(0, TTL + 100 - (Date.now() - killedAt)));
    const after = (await store.status("k"))!;
    expect(after.reserved).toEqual(usd(123n)); // what the live reservation holds
    expect(after.leases).toBe(1);
    expect(after.spent.atto).toBe(0n);
    kit.setFaults("openai", "gpt-4o-mini", undefined);
    redis.disconnect();
  }, 120_000);

  describe("a Redis restart mid-run", () => {
    let server: RedisServerHandle;
    let kit2: Testkit;
    beforeAll(async () => {
      server = await startRedisServer();
      kit2 = await startTestkit({
        providers: simProvidersFor(models, () => ({
          tokenizer: "o200k_base",
          faultSettings: { slowTtftMs: 1_200 },
        })),
        timeScale: 0,
      });
    });
    afterAll(async () => {
      await server?.stop();
      await kit2?.close();
    });

    it("gives typed errors while Redis is down, settles each lease once, and completes after the reconnect", async () => {
      const redis = new Redis(server.url, { retryStrategy: () => 100 });
      redis.on("error", () => undefined); // reconnects are expected here
      const redisStore = createRedisBudgetStore({ redis, prefix: "rs", timeoutMs: 1_000 });
      const outcomes = new Map<string, SettleOutcome["outcome"][]>();
      const store: BudgetStore = {
        ...redisStore,
        async settle(leaseId, actual) {
          const out = await redisStore.settle(leaseId, actual);
          outcomes.set(leaseId, [...(outcomes.get(leaseId) ?? []), out.outcome]);
          return out;
        },
      };
      const errors: unknown[] = [];
      const router = createRouter({
        models: testModels(),
        providers: { openai: { apiKey: "sk-test", baseURL: kit2.baseURL("openai") } },
        env: {},
        defaults: { allowModels: ["openai/gpt-4o-mini"] },
        retry: { maxRetries: 0 },
        budgetStore: store,
        onError: (e) => errors.push(e),
        budgets: [
          { id: "r", scope: { tenant: "t" }, limit: "10", currency: "USD", period: "total", mode: "hard" },
        ],
      });
      const call = (i: number) =>
        router.generate({
          messages: [{ role: "user", content: `Restart ${i}: one word.` }],
          tenant: "t",
          maxOutputTokens: 32,
        });
      for (let i = 0; i < 10; i++) await call(i);
      await router.budgets.flush();
      // Calls in flight (answers 1.2 s away) when Redis dies: their settles land after the restart.
      kit2.setFaults("openai", "gpt-4o-mini", ["slow-ttft", "slow-ttft", "slow-ttft"]);
      const inFlight = [10, 11, 12].map(call);
      await until(
        async () => kit2.requests().length,
        (n) => n === 13,
        10_000,
      );
      await server.kill();
      const down = await Promise.allSettled([20, 21, 22].map(call));
      for (const d of down) {
        expect(d.status).toBe("rejected");
        expect((d as PromiseRejectedResult).reason).toBeInstanceOf(BudgetStoreError);
      }
      expect(kit2.requests()).toHaveLength(13); // none of them reached the provider
      await server.restart();
      const settledInFlight: RouterResult[] = await Promise.all(inFlight);
      const after: RouterResult[] = [];
      for (let i = 30; i < 40; i++) after.push(await call(i));
      await router.budgets.flush();
      // Each lease was settled once (the store restarted empty: the in-flight ones count as late).
      for (const [lease, list] of outcomes) {
        expect(
          list.filter((o) => o !== "duplicate"),
          lease,
        ).toHaveLength(1);
      }
      expect([...outcomes.values()].flat().filter((o) => o === "late")).toHaveLength(3);
      const expected = [...settledInFlight, ...after].reduce((s, r) => s + r.report.total.atto, 0n);
      const status = (await redisStore.status("r"))!;
      expect(status.spent).toEqual(usd(expected));
      expect(status.reserved.atto).toBe(0n);
      expect(status.leases).toBe(0);
      expect(errors.filter((e) => !(e instanceof BudgetStoreError))).toEqual([]);
      redis.disconnect();
    }, 120_000);
  });

  it("a memory store stands in with failOpen while Redis is unreachable", async () => {
    const redis = new Redis("redis://127.0.0.1:1", {
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    redis.on("error", () => undefined);
    const local = createMemoryBudgetStore();
    const router = createRouter({
      models: testModels(),
      providers: { openai: { apiKey: "sk-test", baseURL: kit.baseURL("openai") } },
      env: {},
      defaults: { allowModels: ["openai/gpt-4o-mini"] },
      budgetStore: createRedisBudgetStore({ redis, timeoutMs: 500 }),
      onBudgetStoreDown: { failOpen: local },
      onError: () => undefined,
      budgets: [
        { id: "fo", scope: { tenant: "t" }, limit: "10", currency: "USD", period: "total", mode: "hard" },
      ],
    });
    const r = await router.generate({
      messages: [{ role: "user", content: "Hi" }],
      tenant: "t",
      maxOutputTokens: 16,
    });
    await router.budgets.flush();
    expect((await local.status("fo"))!.spent).toEqual(r.report.total);
    redis.disconnect();
  });
});
