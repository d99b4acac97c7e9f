import { describe, expect, it } from "vitest";
import { createMemoryLedger } from "./ledger";

describe("ledger", () => {
  it("sums exactly per tag and tenant", () => {
    const l = createMemoryLedger();
    const e = (atto: bigint, tags: string[], tenant?: string) =>
      l.record({
        callId: "c",
        provider: "p",
        model: "m",
        at: new Date(0),
        cost: { currency: "USD", atto },
        tags,
        ...(tenant ? { tenant } : {}),
      });
    e(1n, ["a"], "t1");
    e(10n ** 18n + 3n, ["a", "b"], "t2");
    e(5n, [], "t1");
    expect(l.total("USD").atto).toBe(10n ** 18n + 9n);
    expect(l.byTag("USD").get("a")?.atto).toBe(10n ** 18n + 4n);
    expect(l.byTenant("USD").get("t1")?.atto).toBe(6n);
  });
});
