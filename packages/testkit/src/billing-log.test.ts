import { type PriceVersion, PriceVersionSchema } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { BillingLog, type Settlement, wireThinkingMode } from "./billing-log";

const price: PriceVersion = PriceVersionSchema.parse({
  currency: "USD",
  effectiveFrom: "2026-01-01T00:00:00Z",
  input: "1",
  cacheRead: "0.1",
  output: "4",
  source: { url: "https://example.test/prices", asOf: "2026-01-01" },
});
const rise: PriceVersion = PriceVersionSchema.parse({
  ...price,
  effectiveFrom: "2026-06-01T00:00:00Z",
  input: "2",
});

function settlement(parts: Partial<Settlement>): Settlement {
  return {
    seq: 1,
    requestId: "req_1",
    at: new Date("2026-03-01T00:00:00Z"),
    provider: "openai",
    model: "gpt-test",
    protocol: "openai",
    stream: false,
    fault: "ok",
    status: 200,
    outcome: "completed",
    wireUsage: {
      prompt_tokens: 1_000_000,
      completion_tokens: 1_000_000,
      prompt_tokens_details: { cached_tokens: 500_000 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
    ...parts,
  };
}

describe("BillingLog", () => {
  it("prices the wire usage at the version in force (cached tokens at the cache rate)", () => {
    const log = new BillingLog();
    const entry = log.settle(settlement({}), [price, rise]);
    expect(entry.usage).toMatchObject({ input: 500_000, cacheRead: 500_000, output: 1_000_000 });
    // 0.5 × $1 + 0.5 × $0.1 + 1 × $4 = $4.55
    expect(entry.cost?.total).toEqual({ currency: "USD", atto: 4_550_000_000_000_000_000n });
    const later = log.settle(settlement({ at: new Date("2026-07-01T00:00:00Z") }), [price, rise]);
    expect(later.cost?.total.atto).toBe(5_050_000_000_000_000_000n);
    expect(log.total("USD").atto).toBe(9_600_000_000_000_000_000n);
  });

  it("logs unbilled failures with zero cost and their status", () => {
    const log = new BillingLog();
    const entry = log.settle(settlement({ outcome: "http-error", status: 429, fault: "429" }), [price]);
    expect(entry.billed).toBe(false);
    expect(entry.wireUsage).toBeNull();
    expect(entry.cost?.total.atto).toBe(0n);
    expect(log.total("USD").atto).toBe(0n);
  });

  it("refuses to total a billed request without a price", () => {
    const log = new BillingLog();
    log.settle(settlement({}), []);
    expect(() => log.total("USD")).toThrow(/no price/);
  });

  it("needs an FX table to total in another currency", () => {
    const log = new BillingLog();
    log.settle(settlement({}), [price]);
    expect(() => log.total("CNY")).toThrow();
  });
});

describe("wireThinkingMode", () => {
  it("reads Qwen's enable_thinking and GLM/Doubao's thinking.type, else the default", () => {
    expect(wireThinkingMode({ enable_thinking: true })).toBe("thinking");
    expect(wireThinkingMode({ enable_thinking: false })).toBe("non-thinking");
    expect(wireThinkingMode({ thinking: { type: "enabled" } })).toBe("thinking");
    expect(wireThinkingMode({ thinking: { type: "disabled" } })).toBe("non-thinking");
    expect(wireThinkingMode({ model: "x" })).toBeUndefined();
  });
});
