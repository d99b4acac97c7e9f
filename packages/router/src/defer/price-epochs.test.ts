import { type ModelEntryInput, ModelEntrySchema } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { createPriceEpochs } from "./price-epochs";

const src = { url: "https://example.test", asOf: "2026-11-01" };
const model = (prices: ModelEntryInput["prices"]) =>
  ModelEntrySchema.parse({
    provider: "p",
    id: "m",
    api: "openai",
    contextWindow: 1000,
    maxOutput: 100,
    capabilities: { tools: false, vision: false, structuredOutput: false, streaming: true, reasoning: false },
    tokenizer: "o200k_base",
    prices,
  });

describe("createPriceEpochs", () => {
  const windowed = model([
    {
      currency: "USD",
      effectiveFrom: "2026-01-01T00:00:00Z",
      input: "1",
      output: "2",
      source: src,
      windows: [
        {
          name: "off-peak",
          timezone: "UTC",
          days: ["mon", "tue", "wed", "thu", "fri"],
          start: "10:00",
          end: "24:00",
          multiplier: "0.5",
        },
        {
          name: "off-peak",
          timezone: "UTC",
          days: ["mon", "tue", "wed", "thu", "fri"],
          start: "04:00",
          end: "06:00",
          multiplier: "0.5",
        },
      ],
    },
    { currency: "USD", effectiveFrom: "2026-12-02T12:00:00Z", input: "2", output: "4", source: src },
  ]);

  it("finds each window start and end and each dated version in (from, to]", () => {
    const e = createPriceEpochs([windowed], 5 * 60_000);
    const from = Date.parse("2026-11-30T00:00:00Z"); // a Monday
    const at = e
      .between(from, Date.parse("2026-12-01T00:00:00Z"))
      .map((t) => new Date(t).toISOString().slice(11, 16));
    // The last is the end of the 10:00–24:00 window (Tuesday 00:00, inside the inclusive bound).
    expect(at).toEqual(["04:00", "06:00", "10:00", "00:00"]);
    const rise = e.between(Date.parse("2026-12-02T11:00:00Z"), Date.parse("2026-12-02T13:00:00Z"));
    expect(rise.map((t) => new Date(t).toISOString())).toEqual(["2026-12-02T12:00:00.000Z"]);
    expect(e.versionChanges(from, Date.parse("2026-12-05T00:00:00Z"))).toEqual([
      Date.parse("2026-12-02T12:00:00Z"),
    ]);
  });

  it("a span without changes has no instants; the bound `from` itself is excluded", () => {
    const e = createPriceEpochs([windowed], 5 * 60_000);
    expect(e.between(Date.parse("2026-11-30T06:00:00Z"), Date.parse("2026-11-30T09:55:00Z"))).toEqual([]);
    expect(e.between(Date.parse("2026-11-30T04:00:00Z"), Date.parse("2026-11-30T05:00:00Z"))).toEqual([]);
  });
});
