// Group commit of the Redis budget store (issue 11): the reserves, settles and releases one store is
// asked for on one budget within one event-loop turn go as one script call, and each caller gets the
// answer (or the typed error) a call of its own would have given.
import {
  type BudgetStore,
  BudgetStoreError,
  type Money,
  type SettleOutcome,
  ValidationError,
} from "@tokenwise/core";
import { createRedisBudgetStore, type RedisBudgetStoreOptions } from "@tokenwise/redis";
import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hasRedisServer, sharedRedisUrl, startRedisServer } from "../support/redis";

const url = sharedRedisUrl();
const run = `g${process.pid}x${Date.now().toString(36)}`;
const money = (atto: bigint, currency = "USD"): Money => ({ currency, atto });
const usd = (atto: bigint) => money(atto);
let prefixes = 0;
const clients: Redis[] = [];
afterAll(() => {
  for (const c of clients) c.disconnect();
});

/** A store on its own connection, with the connection's `EVALSHA` calls counted (their ARGV counts). */
const storeOn = (clock: { t: number }, options: Partial<RedisBudgetStoreOptions> = {}) => {
  const redis = new Redis(url!);
  clients.push(redis);
  const evalsha = vi.spyOn(redis, "evalsha");
  const store = createRedisBudgetStore({
    redis,
    prefix: `${run}:${prefixes++}`,
    now: () => clock.t,
    ...options,
  });
  /** How many script calls the store made since the last look. */
  const calls = () => {
    const n = evalsha.mock.calls.length;
    evalsha.mockClear();
    return n;
  };
  /** The scripts (SHA1s) of the calls since the last look. */
  const scripts = () => {
    const shas = evalsha.mock.calls.map((c) => c[0]);
    evalsha.mockClear();
    return shas;
  };
  return { store, redis, calls, scripts };
};

const base = { budget: "b", periodKey: "total", ttlMs: 60_000 };

describe.skipIf(!url)("redis budget store: group commit", () => {
  beforeAll(async () => {
    // Every budget script loaded first: a script still unknown to the server answers NOSCRIPT and is
    // sent again with EVAL, after any command queued behind it that another test file's use of the
    // same script lets run first, so the comparisons below would see a reordering of our making.
    const { store } = storeOn({ t: 1 });
    const limit = usd(10n);
    await store.status("warm");
    await store.reserve({ ...base, budget: "warm", limit, leaseId: "a", amount: usd(1n) });
    await store.settle("a", usd(1n));
    await store.release("a");
    await Promise.all([
      store.reserve({ ...base, budget: "warm", limit, leaseId: "b", amount: usd(1n) }),
      store.reserve({ ...base, budget: "warm", limit, leaseId: "c", amount: usd(1n) }),
    ]);
  });

  it("answers the reserves of one turn with one script call, the hard limit checked item by item in order", async () => {
    const { store, calls } = storeOn({ t: 1_000 });
    const limit = usd(1_000n);
    // The first reserve of a budget on a store registers it (SADD) and waits for that: done here.
    await store.reserve({ ...base, limit, leaseId: "first", amount: usd(0n) });
    calls();
    const outs = await Promise.all(
      [400n, 500n, 200n, 100n, 1n].map((a, i) =>
        store.reserve({ ...base, limit, leaseId: `l${i}`, amount: usd(a) }),
      ),
    );
    expect(calls()).toBe(1);
    expect(outs.map((o) => o.granted)).toEqual([true, true, false, true, false]);
    // Each caller sees the budget as it stood after its own item.
    expect(outs.map((o) => o.left.atto)).toEqual([600n, 100n, 100n, 0n, 0n]);
    expect(outs.map((o) => o.status.leases)).toEqual([2, 3, 3, 4, 4]);
    expect(await store.status("b")).toMatchObject({ reserved: usd(1_000n), spent: usd(0n), leases: 4 });
  });

  it("fails only the item in another currency, with the typed error the single call throws", async () => {
    const { store, calls } = storeOn({ t: 1_000 });
    const limit = usd(1_000n);
    await store.reserve({ ...base, limit, leaseId: "a", amount: usd(100n) });
    calls();
    const eur = (atto: bigint) => money(atto, "EUR");
    const results = await Promise.allSettled([
      store.reserve({ ...base, limit, leaseId: "b", amount: usd(100n) }),
      store.reserve({ ...base, limit: eur(1_000n), leaseId: "c", amount: eur(100n) }),
      store.settle("a", eur(50n)),
      store.settle("a", usd(60n)),
      store.reserve({ ...base, limit, leaseId: "d", amount: usd(100n) }),
    ]);
    expect(calls()).toBe(1);
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "rejected",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    for (const r of [results[1], results[2]] as PromiseRejectedResult[]) {
      expect(r.reason).toBeInstanceOf(ValidationError);
      expect(r.reason.issues).toEqual([
        { path: ["currency"], message: 'budget is kept in USD (budget "b")' },
      ]);
    }
    // The same error as an unbatched store's.
    const single = storeOn({ t: 1_000 }, { batch: false }).store;
    await single.reserve({ ...base, limit, leaseId: "a", amount: usd(100n) });
    const alone = await single.settle("a", eur(50n)).catch((e: unknown) => e);
    expect(alone).toBeInstanceOf(ValidationError);
    expect((alone as ValidationError).issues).toEqual((results[2] as PromiseRejectedResult).reason.issues);
    expect((results[3] as PromiseFulfilledResult<SettleOutcome>).value.outcome).toBe("settled");
    expect(await store.status("b")).toMatchObject({ spent: usd(60n), reserved: usd(200n), leases: 2 });
  });

  it("holds a lease id reserved twice in one batch once, and settles or releases a lease reserved in the same batch", async () => {
    const { store, calls } = storeOn({ t: 1_000 });
    const limit = usd(1_000n);
    await store.status("b");
    await store.reserve({ ...base, limit, leaseId: "warm", amount: usd(0n) });
    calls();
    const [first, again, settled, releaseOut, twice, afterSettle] = await Promise.all([
      store.reserve({ ...base, limit, leaseId: "a", amount: usd(300n) }),
      store.reserve({ ...base, limit, leaseId: "a", amount: usd(300n) }),
      (async () => {
        const r = store.reserve({ ...base, limit, leaseId: "s", amount: usd(200n) });
        const s = store.settle("s", usd(150n)); // issued before the reserve is answered
        await r;
        return s;
      })(),
      (async () => {
        const r = store.reserve({ ...base, limit, leaseId: "r", amount: usd(100n) });
        const x = store.release("r");
        await r;
        return x;
      })(),
      store.settle("s", usd(150n)),
      store.reserve({ ...base, limit, leaseId: "s", amount: usd(1n) }),
    ]);
    expect(calls()).toBe(1);
    expect(first).toMatchObject({ granted: true, duplicate: false });
    expect(again).toMatchObject({ granted: true, duplicate: true });
    expect(again.status.reserved).toEqual(usd(300n)); // held once
    expect(settled.outcome).toBe("settled");
    expect(releaseOut).toBe(true);
    expect(twice.outcome).toBe("duplicate");
    expect(afterSettle).toMatchObject({ granted: false, duplicate: true });
    expect(await store.status("b")).toMatchObject({ spent: usd(150n), reserved: usd(300n), leases: 2 });
  });

  it("splits a turn at maxSize, keeps order with a status asked in the same turn, and sends one call per operation with batch: false", async () => {
    const clock = { t: 1_000 };
    const limit = usd(10_000n);
    const reserveAll = (s: BudgetStore, n: number) =>
      Array.from({ length: n }, (_, i) => s.reserve({ ...base, limit, leaseId: `l${i}`, amount: usd(1n) }));
    const small = storeOn(clock, { batch: { maxSize: 4 } });
    await small.store.status("b");
    await small.store.reserve({ ...base, limit, leaseId: "warm", amount: usd(1n) });
    small.calls();
    const pending = reserveAll(small.store, 9);
    const seen = small.store.status("b"); // sent after this turn's reserves, as separate calls would be
    await Promise.all(pending);
    expect((await seen)!.leases).toBe(10);
    // 4 + 4 in the batch script, the ninth alone with the single reserve script, then the status.
    const [first, second, lone, status] = small.scripts();
    expect(first).toBe(second);
    expect(new Set([first, lone, status]).size).toBe(3);
    await small.store.reserve({ ...base, limit, leaseId: "again", amount: usd(1n) });
    expect(small.scripts()).toEqual([lone]);
    const off = storeOn(clock, { batch: false });
    await off.store.status("b");
    await off.store.reserve({ ...base, limit, leaseId: "warm", amount: usd(1n) });
    off.calls();
    await Promise.all(reserveAll(off.store, 10));
    expect(off.calls()).toBe(10);
    expect(() => createRedisBudgetStore({ redis: off.redis, batch: { maxSize: 0 } })).toThrow(
      ValidationError,
    );
  });

  it("gives the same grants, statuses and final spent and reserved as an unbatched store, and never passes the limit (fast-check)", async () => {
    type Step =
      | {
          kind: "reserve";
          lease: number;
          amount: bigint;
          ttl: number;
          eur: boolean;
          period: string;
          half: boolean;
        }
      | { kind: "settle"; lease: number; share: number; eur: boolean }
      | { kind: "release"; lease: number }
      | { kind: "advance"; ms: number };
    /** One operation in ten in another currency than the budget's. */
    const rarely = fc.nat(9).map((n) => n === 0);
    const step: fc.Arbitrary<Step> = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant("reserve" as const),
          lease: fc.nat(11),
          amount: fc.bigInt(0n, 10n ** 20n),
          ttl: fc.integer({ min: 1, max: 2_000 }),
          eur: rarely,
          // A new period or another limit in the middle of a batch changes what each reply carries.
          period: fc.constantFrom("2026-11", "2026-12"),
          half: fc.boolean(),
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant("settle" as const),
          lease: fc.nat(11),
          share: fc.double({ min: 0, max: 1, noNaN: true }),
          eur: rarely,
        }),
      },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("release" as const), lease: fc.nat(11) }) },
      // An advance inside a turn moves the clock between two operations of one batch.
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("advance" as const),
          ms: fc.integer({ min: 0, max: 1_500 }),
        }),
      },
    );
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt(0n, 3n * 10n ** 20n),
        fc.array(fc.array(step, { minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 6 }),
        async (limitAtto, turns) => {
          const clocks = [{ t: 10_000 }, { t: 10_000 }];
          const stores = [storeOn(clocks[0]!), storeOn(clocks[1]!, { batch: false })];
          const budget = `p${round++}`;
          const granted = new Map<string, bigint>();
          let late = 0n;
          const outcomes: unknown[][] = [[], []];
          for (const turn of turns) {
            // Each store gets the turn's operations in one synchronous burst (one batch when on).
            const settledTurn = await Promise.all(
              stores.map(({ store }, k) => {
                const clock = clocks[k]!;
                const issued: Promise<unknown>[] = [];
                for (const o of turn) {
                  const lease = o.kind === "advance" ? "" : `l${o.lease}`;
                  const cur = "eur" in o && o.eur ? "EUR" : "USD";
                  if (o.kind === "reserve") {
                    issued.push(
                      store.reserve({
                        budget,
                        leaseId: lease,
                        amount: money(o.amount, cur),
                        limit: money(o.half ? limitAtto / 2n : limitAtto, cur),
                        periodKey: o.period,
                        ttlMs: o.ttl,
                      }),
                    );
                  } else if (o.kind === "settle") {
                    const amount = granted.get(lease) ?? 0n;
                    issued.push(
                      store.settle(lease, money((amount * BigInt(Math.round(o.share * 1000))) / 1000n, cur)),
                    );
                  } else if (o.kind === "release") issued.push(store.release(lease));
                  else clock.t += o.ms;
                }
                return Promise.allSettled(issued);
              }),
            );
            for (const [k, results] of settledTurn.entries()) {
              for (const r of results) {
                outcomes[k]!.push(
                  r.status === "fulfilled"
                    ? r.value
                    : { error: (r.reason as Error).name, message: (r.reason as Error).message },
                );
              }
            }
            // The model: what the batched store granted (amounts at most what was granted are settled).
            let i = 0;
            for (const o of turn) {
              if (o.kind === "advance") continue;
              const r = settledTurn[0]![i++]!;
              const lease = `l${o.lease}`;
              if (r.status !== "fulfilled") continue;
              if (o.kind === "reserve") {
                const out = r.value as { granted: boolean; duplicate: boolean };
                if (out.granted && !out.duplicate) granted.set(lease, o.amount);
              } else if (o.kind === "settle") {
                const out = r.value as SettleOutcome;
                if (out.outcome === "late")
                  late += ((granted.get(lease) ?? 0n) * BigInt(Math.round(o.share * 1000))) / 1000n;
                const st = out.status;
                expect(st.spent.atto >= 0n && st.reserved.atto >= 0n).toBe(true);
                expect(st.spent.atto + st.reserved.atto <= limitAtto + late).toBe(true);
              }
            }
          }
          expect(outcomes[0]).toEqual(outcomes[1]);
          const [a, b] = await Promise.all(stores.map(({ store }) => store.status(budget)));
          expect(a).toEqual(b);
          if (a) {
            expect(a.spent.atto >= 0n && a.reserved.atto >= 0n).toBe(true);
            expect(a.spent.atto + a.reserved.atto <= limitAtto + late).toBe(true);
          }
          for (const { redis } of stores) redis.disconnect();
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe.skipIf(!hasRedisServer())("redis budget store: group commit across a Redis restart", () => {
  it("gives every caller of a batch cut by a restart a typed BudgetStoreError, and settles each lease once", async () => {
    const server = await startRedisServer();
    const redis = new Redis(server.url, { retryStrategy: () => 50 });
    redis.on("error", () => undefined); // the kill is expected
    const admin = new Redis(server.url, { retryStrategy: () => null });
    admin.on("error", () => undefined);
    const evalsha = vi.spyOn(redis, "evalsha");
    try {
      const store = createRedisBudgetStore({ redis, prefix: "rb", timeoutMs: 400 });
      const limit = usd(10n ** 20n);
      for (const leaseId of ["a", "b", "c"]) {
        await store.reserve({ ...base, limit, leaseId, amount: usd(1_000n) });
      }
      // Keep redis-server busy in a script, so the batch below is sent but never answered.
      void admin
        .eval(
          "local s = redis.call('TIME') local t0 = s[1] * 1000000 + s[2] repeat local t = redis.call('TIME') until t[1] * 1000000 + t[2] - t0 > 3000000 return 1",
          0,
        )
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
      evalsha.mockClear();
      const batch = [
        store.settle("a", usd(700n)).then(() => "settle"),
        store.settle("b", usd(800n)).then(() => "settle"),
        store.release("c").then(() => "release"),
        store.reserve({ ...base, limit, leaseId: "d", amount: usd(1_000n) }).then(() => "reserve"),
        store.reserve({ ...base, limit, leaseId: "e", amount: usd(1_000n) }).then(() => "reserve"),
      ];
      await new Promise((r) => setTimeout(r, 50));
      expect(evalsha).toHaveBeenCalledTimes(1); // one batch, written to the socket
      await server.kill();
      const results = await Promise.allSettled(batch);
      expect(results.map((r) => r.status)).toEqual(Array(5).fill("rejected"));
      expect(results.map((r) => ((r as PromiseRejectedResult).reason as BudgetStoreError).operation)).toEqual(
        ["settle", "settle", "release", "reserve", "reserve"],
      );
      for (const r of results) {
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(BudgetStoreError);
        expect((r as PromiseRejectedResult).reason).toMatchObject({ budget: "b", retryable: true });
        // Each operation's own timer (timeoutMs) ended its wait: ioredis holds the unanswered batch to
        // resend it after the reconnect.
        expect(((r as PromiseRejectedResult).reason as Error).message).toMatch(
          /^budget store: (settle|release|reserve) of budget "b" failed: no answer from Redis within 400 ms \(timeoutMs\)$/,
        );
      }
      await server.restart();
      await new Promise<void>((resolve) =>
        redis.status === "ready" ? resolve() : redis.once("ready", resolve),
      );
      // The callers retry, as the router does: settles until they are answered, releases of what they hold.
      const outcomes = [await store.settle("a", usd(700n)), await store.settle("b", usd(800n))];
      for (const o of outcomes) expect(["late", "duplicate"]).toContain(o.outcome);
      for (const leaseId of ["c", "d", "e"]) await store.release(leaseId);
      // Again: the settles are remembered, whichever of the resent batch or the retry landed first.
      expect((await store.settle("a", usd(700n))).outcome).toBe("duplicate");
      const st = (await store.status("b"))!;
      expect(st.spent).toEqual(usd(1_500n)); // each settled once (the restarted server starts empty)
      expect(st.reserved).toEqual(usd(0n));
      expect(st.leases).toBe(0);
    } finally {
      redis.disconnect();
      admin.disconnect();
      await server.stop();
    }
  }, 30_000);
});
