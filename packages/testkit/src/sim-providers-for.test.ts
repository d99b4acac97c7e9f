import { describe, expect, it } from "vitest";
import { simProvidersFor } from "./sim-providers-for";

const price = {
  currency: "USD",
  effectiveFrom: "2026-01-01T00:00:00Z",
  input: "1",
  output: "2",
  source: { url: "https://example.test", asOf: "2026-01-01" },
};

describe("simProvidersFor", () => {
  it("groups catalog entries by provider with their wire style, tokenizer and prices", () => {
    const providers = simProvidersFor(
      [
        { provider: "openai", id: "a", api: "openai", tokenizer: "o200k_base", prices: [price] },
        { provider: "openai", id: "b", api: "openai", tokenizer: "cl100k_base", prices: [price] },
        { provider: "anthropic", id: "c", api: "anthropic", tokenizer: "claude", prices: [price] },
      ],
      (m) => (m.id === "b" ? { faults: ["429"] } : {}),
    );
    expect(providers.map((p) => [p.name, p.style, p.models.map((m) => m.id)])).toEqual([
      ["openai", "openai", ["a", "b"]],
      ["anthropic", "anthropic", ["c"]],
    ]);
    expect(providers[0]!.models.map((m) => m.tokenizer)).toEqual(["o200k_base", "cl100k_base"]);
    expect(providers[1]!.models[0]!.tokenizer).toBe("o200k-biased");
    expect(providers[0]!.models[1]!.faults).toEqual(["429"]);
    expect(providers[1]!.models[0]!.prices).toEqual([price]);
  });

  it("serves a model under the id a call sends (its apiId), its catalog id otherwise", () => {
    const [doubao] = simProvidersFor([
      {
        provider: "doubao",
        id: "doubao-seed-2.0-pro",
        apiId: "doubao-seed-2-0-pro-260215",
        api: "openai",
        tokenizer: "doubao",
        prices: [price],
      },
      { provider: "doubao", id: "doubao-seed-2.0-mini", api: "openai", tokenizer: "doubao", prices: [price] },
    ]);
    expect(doubao!.models.map((m) => m.id)).toEqual(["doubao-seed-2-0-pro-260215", "doubao-seed-2.0-mini"]);
  });
});
