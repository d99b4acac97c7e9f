import { costOf, makeUsage, PriceVersionSchema, priceInForce } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { builtinModels } from "../builtin-models";

describe("batch pricing", () => {
  it("OpenAI and Anthropic models carry the documented 50% batch multiplier with its source; others none", () => {
    const models = builtinModels();
    for (const m of models) {
      for (const v of m.prices) {
        if (m.provider === "openai" || m.provider === "anthropic") {
          expect(v.batchMultiplier).toBe("0.5");
          expect(v.batchSource?.url).toMatch(/^https:\/\//);
        } else {
          expect(v.batchMultiplier).toBeUndefined();
        }
      }
    }
  });

  it("a batch line costs exactly half of the same call at the interactive rate", () => {
    const m = builtinModels().find((x) => x.provider === "anthropic" && x.id === "claude-sonnet-4-5")!;
    const at = new Date("2026-11-30T00:00:00Z");
    const usage = makeUsage({ input: 1234, output: 567, cacheRead: 1000 });
    const price = priceInForce(m, at);
    expect(costOf(usage, price, { at, batch: true }).total.atto * 2n).toBe(
      costOf(usage, price, { at }).total.atto,
    );
  });

  it("a batch source without a multiplier is a validation issue at batchSource", () => {
    const r = PriceVersionSchema.safeParse({
      currency: "USD",
      effectiveFrom: "2026-01-01T00:00:00Z",
      input: "1",
      output: "2",
      source: { url: "https://example.test", asOf: "2026-01-01" },
      batchSource: { url: "https://example.test", asOf: "2026-01-01" },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["batchSource"]);
  });
});
