// The budget stores (in memory and on Redis) against one reference: exact money near and past the
// int64 limit, leases, idempotent settle, and fast-check interleavings of reserve, settle, release
// and expiry that never leave a budget negative or over its limit.
import {
  type BudgetStatus,
  type BudgetStore,
  BudgetStoreError,
  createMemoryBudgetStore,
  type Money,
  ValidationError,
} from "@tokenwise/core";
import { createRedisBudgetStore } from "@tokenwise/redis";
import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { sharedRedisUrl } from "../support/redis";

const usd = (atto: bigint): Money => ({ currency: "USD", atto });
const INT64_MAX = 2n ** 63n - 1n;

interface Clock {
  t: number;
}

type Factory = (clock: Clock) => Promise<BudgetStore>;

const url = sharedRedisUrl();
const clients: Redis[] = [];
let prefixes = 0;
const run = `t${process.pid}x${Date.now().toString(36)}`;

const factories: [string, Factory | undefined][] = [
  ["memory", async (clock) => createMemoryBudgetStore({ now: () => clock.t })],
  [
    "redis",
    url
      ? async (clock) => {
          const redis = clients[0] ?? new Redis(url);
          if (!clients[0]) clients.push(redis);
          return createRedisBudgetStore({ redis, prefix: `${run}:${prefixes++}`, now: () => clock.t });
        }
      : undefined,
  ],
];

afterAll(async () => {
  for (const c of clients) c.disconnect();
});

for (const [name, make] of factories) {
  describe.skipIf(!make)(`${name} budget store`, () => {
    const store = (clock: Clock = { t: 1_000 }) => make!(clock);

    it("reserves while spent + reserved + amount ≤ limit, exactly at the limit and not one atto past it", async () => {
      const s = await store();
      const limit = usd(1_000n);
      const base = { budget: "b", limit, periodKey: "total", ttlMs: 60_000 };
      expect((await s.reserve({ ...base, leaseId: "a", amount: usd(600n) })).granted).toBe(true);
      const refused = await s.reserve({ ...base, leaseId: "b", amount: usd(401n) });
      expect(refused).toMatchObject({ granted: false, left: usd(400n), duplicate: false });
      const exact = await s.reserve({ ...base, leaseId: "c", amount: usd(400n) });
      expect(exact).toMatchObject({ granted: true, left: usd(0n) });
      expect(await s.settle("a", usd(550n))).toMatchObject({ outcome: "settled" });
      expect(await s.status("b")).toMatchObject({
        spent: usd(550n),
        reserved: usd(400n),
        left: usd(50n),
        leases: 1,
      });
    });

    it("keeps amounts exact far past int64 (9.22 units of a currency)", async () => {
      const s = await store();
      // 10^12 USD in atto-units is 10^30: far past 2^63 − 1 ≈ 9.22 × 10^18.
      const limit = usd(10n ** 30n);
      const big = INT64_MAX + 12_345n;
      const base = { budget: "huge", limit, periodKey: "total", ttlMs: 60_000 };
      for (let i = 0; i < 5; i++) {
        expect((await s.reserve({ ...base, leaseId: `l${i}`, amount: usd(big) })).granted).toBe(true);
      }
      await s.settle("l0", usd(big - 1n));
      await s.settle("l1", usd(INT64_MAX * 3n + 7n));
      await s.release("l2");
      const st = (await s.status("huge"))!;
      expect(st.spent.atto).toBe(big - 1n + INT64_MAX * 3n + 7n);
      expect(st.reserved.atto).toBe(big * 2n);
      expect(st.left.atto).toBe(10n ** 30n - st.spent.atto - st.reserved.atto);
      // Exactly the rest fits, one atto more does not.
      const rest = st.left.atto;
      expect((await s.reserve({ ...base, leaseId: "x", amount: usd(rest + 1n) })).granted).toBe(false);
      expect((await s.reserve({ ...base, leaseId: "y", amount: usd(rest) })).granted).toBe(true);
      expect((await s.status("huge"))!.left.atto).toBe(0n);
    });

    it("settles once per lease id, counts a late settle, and reaps expired leases", async () => {
      const clock = { t: 1_000 };
      const s = await store(clock);
      const base = { budget: "r", limit: usd(100n), periodKey: "total", ttlMs: 500 };
      await s.reserve({ ...base, leaseId: "a", amount: usd(30n) });
      await s.reserve({ ...base, leaseId: "b", amount: usd(30n) });
      expect((await s.reserve({ ...base, leaseId: "a", amount: usd(30n) })).duplicate).toBe(true);
      expect((await s.settle("a", usd(20n))).outcome).toBe("settled");
      expect((await s.settle("a", usd(20n))).outcome).toBe("duplicate");
      expect((await s.reserve({ ...base, leaseId: "a", amount: usd(1n) })).granted).toBe(false);
      clock.t += 499;
      expect((await s.status("r"))!.reserved).toEqual(usd(30n));
      clock.t += 1;
      expect(await s.status("r")).toMatchObject({ reserved: usd(0n), spent: usd(20n), leases: 0 });
      // The attempt behind the reaped lease was billed after all: its cost still counts, once.
      expect((await s.settle("b", usd(25n))).outcome).toBe("late");
      expect((await s.settle("b", usd(25n))).outcome).toBe("duplicate");
      expect((await s.status("r"))!.spent).toEqual(usd(45n));
      await s.reserve({ ...base, leaseId: "c", amount: usd(10n), ttlMs: 100 });
      clock.t += 100;
      expect(await s.reap()).toBe(1);
      expect(await s.release("c")).toBe(false);
    });

    it("starts a new period with nothing spent and keeps live holds", async () => {
      const s = await store();
      const base = { budget: "d", limit: usd(100n), ttlMs: 60_000 };
      await s.reserve({ ...base, leaseId: "a", periodKey: "2026-11-29", amount: usd(50n) });
      await s.settle("a", usd(50n));
      await s.reserve({ ...base, leaseId: "b", periodKey: "2026-11-29", amount: usd(40n) });
      expect(
        (await s.reserve({ ...base, leaseId: "c", periodKey: "2026-11-29", amount: usd(20n) })).granted,
      ).toBe(false);
      const next = await s.reserve({ ...base, leaseId: "c", periodKey: "2026-11-30", amount: usd(20n) });
      expect(next).toMatchObject({ granted: true, left: usd(40n) });
      expect(next.status).toMatchObject({ periodKey: "2026-11-30", spent: usd(0n), reserved: usd(60n) });
      // A lagging clock's older key does not roll the period back.
      await s.reserve({ ...base, leaseId: "e", periodKey: "2026-11-29", amount: usd(1n) });
      expect((await s.status("d"))!.periodKey).toBe("2026-11-30");
    });

    it("grants past the limit only with allowOver, and rejects bad input with ValidationError", async () => {
      const s = await store();
      const base = { budget: "o", limit: usd(10n), periodKey: "total", ttlMs: 60_000 };
      expect((await s.reserve({ ...base, leaseId: "a", amount: usd(15n), allowOver: true })).left).toEqual(
        usd(-5n),
      );
      await expect(s.reserve({ ...base, leaseId: "n", amount: usd(-1n) })).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(
        s.reserve({
          ...base,
          leaseId: "e",
          amount: { currency: "EUR", atto: 1n },
          limit: { currency: "EUR", atto: 9n },
        }),
      ).rejects.toBeInstanceOf(ValidationError);
      await expect(s.reserve({ ...base, leaseId: "", amount: usd(1n) })).rejects.toMatchObject({
        issues: [expect.objectContaining({ path: ["leaseId"] })],
      });
      await expect(s.settle("nobody", usd(1n))).rejects.toBeInstanceOf(ValidationError);
    });

    it("never leaves a budget negative or over its limit under random interleavings (fast-check)", async () => {
      type Op =
        | { kind: "reserve"; lease: number; amount: bigint; ttl: number }
        | { kind: "settle"; lease: number; share: number }
        | { kind: "release"; lease: number }
        | { kind: "advance"; ms: number };
      const op: fc.Arbitrary<Op> = fc.oneof(
        fc.record({
          kind: fc.constant("reserve" as const),
          lease: fc.nat(15),
          amount: fc.bigInt(0n, 10n ** 20n),
          ttl: fc.integer({ min: 1, max: 2_000 }),
        }),
        fc.record({
          kind: fc.constant("settle" as const),
          lease: fc.nat(15),
          share: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        fc.record({ kind: fc.constant("release" as const), lease: fc.nat(15) }),
        fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 1_500 }) }),
      );
      let round = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.bigInt(0n, 3n * 10n ** 20n),
          fc.array(op, { maxLength: 40 }),
          async (limitAtto, ops) => {
            const clock = { t: 10_000 };
            const s = await store(clock);
            const budget = `p${round++}`;
            const limit = usd(limitAtto);
            const held = new Map<string, bigint>();
            // The leases the store still holds (reaped by reserve and status, not by settle).
            const live = new Map<string, { amount: bigint; expiresAt: number }>();
            const reap = () => {
              for (const [id, l] of live) if (l.expiresAt <= clock.t) live.delete(id);
            };
            let late = 0n;
            const check = (st: BudgetStatus | undefined) => {
              if (!st) return;
              expect(st.spent.atto >= 0n && st.reserved.atto >= 0n).toBe(true);
              // Only a settle after the lease expired (the provider billed it anyway) may pass the limit.
              expect(st.spent.atto + st.reserved.atto <= limitAtto + late).toBe(true);
              // The live lease count and the reserved total are those of the leases still held.
              expect(st.leases).toBe(live.size);
              expect(st.reserved.atto).toBe([...live.values()].reduce((sum, l) => sum + l.amount, 0n));
            };
            for (const o of ops) {
              const id = o.kind === "advance" ? "" : `${budget}-l${o.lease}`;
              if (o.kind === "reserve") {
                const out = await s.reserve({
                  budget,
                  leaseId: id,
                  amount: usd(o.amount),
                  limit,
                  periodKey: "total",
                  ttlMs: o.ttl,
                });
                reap();
                if (out.granted && !out.duplicate) {
                  held.set(id, o.amount);
                  live.set(id, { amount: o.amount, expiresAt: clock.t + o.ttl });
                }
                check(out.status);
              } else if (o.kind === "settle") {
                const amount = held.get(id);
                if (amount === undefined) continue;
                const actual = (amount * BigInt(Math.round(o.share * 1000))) / 1000n;
                const out = await s.settle(id, usd(actual));
                expect(out.outcome).toBe(live.has(id) ? "settled" : "late");
                if (out.outcome === "late") late += actual;
                held.delete(id);
                live.delete(id);
                check(out.status);
              } else if (o.kind === "release") {
                expect(await s.release(id)).toBe(live.has(id));
                held.delete(id);
                live.delete(id);
                const st = await s.status(budget);
                reap();
                check(st);
              } else {
                clock.t += o.ms;
                const st = await s.status(budget);
                reap();
                check(st);
              }
            }
          },
        ),
        { numRuns: name === "redis" ? 60 : 200 },
      );
    });
  });
}

describe.skipIf(!url)("redis budget store: failures", () => {
  it("fails with BudgetStoreError (typed, retryable) when Redis does not answer", async () => {
    const redis = new Redis("redis://127.0.0.1:1", {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    const s = createRedisBudgetStore({ redis, prefix: `${run}:down`, timeoutMs: 500 });
    const err = await s
      .reserve({
        budget: "x",
        leaseId: "a",
        amount: usd(1n),
        limit: usd(2n),
        periodKey: "total",
        ttlMs: 1_000,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BudgetStoreError);
    expect(err).toMatchObject({ operation: "reserve", budget: "x", retryable: true });
    redis.disconnect();
  });
});
