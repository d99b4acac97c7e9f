import { FxRateMissingError, type FxTable, ValidationError } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { createMemoryLedger, type LedgerEntry } from "./ledger";

const FX: FxTable = {
  rates: [{ base: "USD", quote: "CNY", rate: "7.1", date: "2026-01-01", source: "test" }],
};
const E18 = 10n ** 18n;

const entry = (over: Partial<LedgerEntry> & { atto: bigint; currency?: string }): LedgerEntry => {
  const { atto, currency = "USD", ...rest } = over;
  return {
    callId: "c",
    attempt: 1,
    provider: "p",
    model: "m",
    at: new Date("2026-09-01T00:00:00Z"),
    cost: { currency, atto },
    accuracy: "exact",
    tags: [],
    ...rest,
  };
};

describe("ledger", () => {
  it("sums exactly per tag and tenant", () => {
    const l = createMemoryLedger();
    l.record(entry({ atto: 1n, tags: ["a"], tenant: "t1" }));
    l.record(entry({ atto: E18 + 3n, tags: ["a", "b"], tenant: "t2" }));
    l.record(entry({ atto: 5n, tags: [], tenant: "t1" }));
    expect(l.total("USD").atto).toBe(E18 + 9n);
    expect(l.byTag("USD").get("a")?.atto).toBe(E18 + 4n);
    expect(l.byTenant("USD").get("t1")?.atto).toBe(6n);
  });

  it("keeps exact and estimated totals apart, with the error bar of the whole", () => {
    const l = createMemoryLedger();
    l.record(entry({ atto: 100n }));
    l.record(
      entry({
        atto: 40n,
        accuracy: "estimated",
        reason: "stream-cut",
        errorBar: { low: { currency: "USD", atto: 30n }, high: { currency: "USD", atto: 90n } },
      }),
    );
    const t = l.totals("USD");
    expect(t.exact.atto).toBe(100n);
    expect(t.estimated.atto).toBe(40n);
    expect(t.total.atto).toBe(140n);
    expect(t.low.atto).toBe(130n);
    expect(t.high.atto).toBe(190n);
    expect(t.fx).toEqual([]);
  });

  it("totals in another currency with a named rate, never a silent 0", () => {
    const l = createMemoryLedger({ fx: FX });
    l.record(entry({ atto: 71n * E18, currency: "CNY", native: { currency: "USD", atto: 10n * E18 } }));
    l.record(entry({ atto: 71n * E18, currency: "CNY" }));
    const usd = l.totals("USD");
    expect(usd.total.atto).toBe(20n * E18); // 10 from the first's native USD amount + 71 CNY / 7.1
    expect(usd.fx[0]).toMatchObject({ from: "CNY", to: "USD", rate: { rate: "7.1" } });
    expect(l.total("CNY").atto).toBe(142n * E18);
    const bare = createMemoryLedger();
    bare.record(entry({ atto: 7n, currency: "CNY" }));
    expect(() => bare.total("USD")).toThrow(FxRateMissingError);
    expect(bare.total("USD", { fx: FX }).currency).toBe("USD");
    expect(() => bare.total("usd")).toThrow(ValidationError);
  });
});
