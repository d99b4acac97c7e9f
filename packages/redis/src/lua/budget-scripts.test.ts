// The budget scripts on a real redis-server: the limb arithmetic against bigint, a budget hash
// written before the lease count was kept in it, settled-id retention and reaping past one batch.
import type { Money } from "@tokenwise/core";
import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { sharedRedisUrl } from "../../../../test/support/redis";
import { createRedisBudgetStore } from "../redis-budget-store";
import { BIG_DECIMAL_LUA } from "./big-decimal";

const usd = (atto: bigint): Money => ({ currency: "USD", atto });
const url = sharedRedisUrl();
const run = `s${process.pid}x${Date.now().toString(36)}`;
const clients: Redis[] = [];
afterAll(() => {
  for (const c of clients) c.disconnect();
});

describe.skipIf(!url)("redis budget scripts", () => {
  const redis = () => {
    const r = new Redis(url!);
    clients.push(r);
    return r;
  };

  it("adds, subtracts and compares decimal strings exactly across 15-digit limbs (fast-check against bigint)", async () => {
    const r = redis();
    const script = `${BIG_DECIMAL_LUA}
local a, b = big(ARGV[1]), big(ARGV[2])
return { str(add(a, b)), str(sub(a, b)), cmp(a, b) }
`;
    const LIMB = 10n ** 15n;
    // Values at and around the limb boundaries (carries and borrows across limbs) and far past int64.
    const edge = fc.constantFrom(
      0n,
      1n,
      LIMB - 1n,
      LIMB,
      LIMB + 1n,
      LIMB * LIMB - 1n,
      LIMB * LIMB,
      2n ** 63n - 1n,
      2n ** 63n,
      2n ** 64n,
      10n ** 30n - 1n,
      10n ** 45n + 7n,
    );
    const value = fc.oneof(edge, fc.bigInt(0n, 10n ** 40n), fc.bigInt(0n, 10n ** 16n));
    await fc.assert(
      fc.asyncProperty(value, value, async (a, b) => {
        const [sum, diff, order] = (await r.eval(script, 0, a.toString(), b.toString())) as [
          string,
          string,
          number,
        ];
        expect(sum).toBe((a + b).toString());
        expect(diff).toBe((a >= b ? a - b : 0n).toString());
        expect(order).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
      { numRuns: 300 },
    );
  });

  it("counts the live leases of a budget written before the count was kept in its hash", async () => {
    const r = redis();
    const prefix = `${run}:legacy`;
    const s = createRedisBudgetStore({ redis: r, prefix });
    const base = { budget: "old", limit: usd(100n), periodKey: "total", ttlMs: 60_000 };
    for (const id of ["a", "b", "c"]) await s.reserve({ ...base, leaseId: id, amount: usd(10n) });
    // The hash as the earlier scripts left it: no `leases` field.
    await r.hdel(`${prefix}:budget:{old}`, "leases");
    expect((await s.status("old"))!.leases).toBe(3);
    await s.settle("a", usd(5n));
    expect(await s.status("old")).toMatchObject({ leases: 2, reserved: usd(20n), spent: usd(5n) });
    expect(await r.hget(`${prefix}:budget:{old}`, "leases")).toBe("2");
  });

  it("forgets settled lease ids after their retention (trimmed at most once a second) and remembers them before", async () => {
    const r = redis();
    const clock = { t: 1_000_000 };
    const s = createRedisBudgetStore({
      redis: r,
      prefix: `${run}:retention`,
      now: () => clock.t,
      settledRetentionMs: 5_000,
    });
    const base = { budget: "k", limit: usd(100n), periodKey: "total", ttlMs: 60_000 };
    await s.reserve({ ...base, leaseId: "a", amount: usd(1n) });
    await s.settle("a", usd(1n));
    clock.t += 4_999;
    expect((await s.reserve({ ...base, leaseId: "a", amount: usd(1n) })).duplicate).toBe(true);
    clock.t += 2;
    await s.reserve({ ...base, leaseId: "b", amount: usd(1n) });
    await s.settle("b", usd(1n)); // trims: "a" was settled more than 5 s ago
    expect(await r.zscore(`${run}:retention:budget:{k}:settled`, "a")).toBeNull();
    expect(await r.zscore(`${run}:retention:budget:{k}:settled`, "b")).not.toBeNull();
    expect((await s.settle("b", usd(1n))).outcome).toBe("duplicate");
  });

  it("reaps more expired leases than one batch (5,000) in one call", async () => {
    const r = redis();
    const clock = { t: 1_000 };
    const s = createRedisBudgetStore({ redis: r, prefix: `${run}:many`, now: () => clock.t });
    const base = { budget: "m", limit: usd(10n ** 20n), periodKey: "total", ttlMs: 1_000 };
    const n = 5_003;
    for (let i = 0; i < n; i += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, n - i) }, (_, k) =>
          s.reserve({ ...base, leaseId: `x${i + k}`, amount: usd(10n ** 15n + 1n) }),
        ),
      );
    }
    expect((await s.status("m"))!.leases).toBe(n);
    clock.t += 1_000;
    expect(await s.reap()).toBe(n);
    expect(await s.status("m")).toMatchObject({ leases: 0, reserved: usd(0n) });
    expect(await r.zcard(`${run}:many:budget:{m}:expiry`)).toBe(0);
    expect(await r.hlen(`${run}:many:budget:{m}:leases`)).toBe(0);
  });
});
