import { FxRateMissingError } from "@tokenwise/core";
import { createMemoryLedger, type LedgerEntry, type LedgerSink } from "@tokenwise/router";
import { afterEach, describe, expect, it } from "vitest";
import { hello, setup } from "./fixtures";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("the ledger sink", () => {
  it("an async sink receives every entry; its failures are reported, never thrown into the call", async () => {
    const received: LedgerEntry[] = [];
    const errors: { error: unknown; stage: string; entry?: LedgerEntry }[] = [];
    let n = 0;
    // A bare sink (only `record`, async, failing every other time): `router.ledger` stays queryable.
    const sink: LedgerSink = {
      async record(entry) {
        await new Promise((r) => setTimeout(r, 1));
        received.push(entry);
        if (++n % 2 === 0) throw new Error("redis down");
      },
    };
    const { kit, router } = await setup({
      router: { ledger: sink, onError: (error, context) => void errors.push({ error, ...context }) },
    });
    close = () => kit.close();
    const results = await Promise.all([router.generate(hello), router.generate(hello)]);
    expect(results.every((r) => r.text.length > 0)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(received).toHaveLength(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ stage: "ledger", error: { message: "redis down" } });
    expect(errors[0]?.entry?.accuracy).toBe("exact");
    expect(router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
  });

  it("a router reporting in CNY totals in USD at the named rate, never a silent 0", async () => {
    const { kit, router } = await setup({ router: { defaults: { currency: "CNY" } } });
    close = () => kit.close();
    await router.generate(hello);
    const [entry] = router.ledger.entries();
    expect(entry?.cost.currency).toBe("CNY");
    expect(entry?.native?.currency).toBe("USD");
    // USD from the native amount: exactly what the provider billed.
    expect(router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
    const cny = router.ledger.totals("CNY");
    expect(cny.exact.atto).toBeGreaterThan(0n);
    expect(cny.estimated.atto).toBe(0n);
    // Another ledger without rates refuses to guess.
    const bare = createMemoryLedger();
    bare.record({ ...entry!, native: undefined as never });
    expect(() => bare.total("USD")).toThrow(FxRateMissingError);
  });
});
