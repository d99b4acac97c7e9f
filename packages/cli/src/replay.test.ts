import {
  type ModelEntry,
  ModelEntrySchema,
  makeUsage,
  moneyFromDecimal,
  ValidationError,
} from "@tokenwise/core";
import type { LedgerEntry } from "@tokenwise/router";
import { describe, expect, it } from "vitest";
import { replay } from "./replay";
import { replayPlotSpecs } from "./replay-plots";

const src = { url: "https://example.test/prices", asOf: "2026-01-01" };
const usd = (amount: string) => moneyFromDecimal(amount, "USD");

// Two hand-made models: "a/big" (o200k, reasons, automatic cache) rises ×10 on 2026-06-01; "b/alt"
// (another tokenizer, explicit cache, no reasoning) does not.
const models: ModelEntry[] = [
  {
    provider: "a",
    id: "big",
    api: "openai",
    contextWindow: 128_000,
    maxOutput: 16_384,
    capabilities: { tools: true, vision: false, structuredOutput: true, streaming: true, reasoning: true },
    tokenizer: "o200k_base",
    promptCache: { mode: "automatic", minPrefixTokens: 1024, ttls: ["5m"] },
    quality: { general: { score: 0.8, source: "test" } },
    latency: { ttftMs: 300, outputTokensPerSec: 100, source: "test" },
    prices: [
      {
        currency: "USD",
        effectiveFrom: "2026-01-01T00:00:00Z",
        input: "1",
        output: "2",
        cacheRead: "0.1",
        source: src,
      },
      {
        currency: "USD",
        effectiveFrom: "2026-06-01T00:00:00Z",
        input: "10",
        output: "20",
        cacheRead: "1",
        source: src,
      },
    ],
  },
  {
    provider: "b",
    id: "alt",
    api: "anthropic",
    contextWindow: 200_000,
    maxOutput: 16_384,
    capabilities: { tools: true, vision: false, structuredOutput: true, streaming: true, reasoning: false },
    tokenizer: "claude",
    promptCache: { mode: "explicit", minPrefixTokens: 1024, ttls: ["5m"] },
    quality: { general: { score: 0.7, source: "test" } },
    latency: { ttftMs: 300, outputTokensPerSec: 100, source: "test" },
    prices: [
      {
        currency: "USD",
        effectiveFrom: "2026-01-01T00:00:00Z",
        input: "3",
        output: "4",
        cacheRead: "0.3",
        cacheWrite: "3.75",
        source: src,
      },
    ],
  },
].map((m) => ModelEntrySchema.parse(m));

// Recorded on a/big at 2026-05-01: 1,000 input + 9,000 cache read + 200 output + 50 reasoning at
// 1 / 0.1 / 2 (reasoning at the output rate) per million = 1,000 + 900 + 400 + 100 = 2,400 µUSD.
const entry: LedgerEntry = {
  callId: "c1",
  attempt: 1,
  provider: "a",
  model: "big",
  at: new Date("2026-05-01T10:00:00Z"),
  cost: usd("0.0024"),
  native: usd("0.0024"),
  accuracy: "exact",
  tags: ["t"],
  usage: makeUsage({ input: 1_000, cacheRead: 9_000, output: 200, reasoning: 50 }),
  priceVersion: "2026-01-01T00:00:00Z",
  call: {
    taskKind: "general",
    tokens: { o200k_base: 9_990, claude: 11_000 },
    capabilities: ["tools"],
    streamed: false,
    constraints: { minQuality: 0.6, qualityConfidence: 0.5, latencyPercentile: 0.9, currency: "USD" },
    estimate: {
      usage: makeUsage({ input: 990, cacheRead: 9_000, output: 180, reasoning: 40 }),
      cost: usd("0.00233"),
      outputReserve: { output: 500, reasoning: 100 },
    },
  },
};
const fx = { rates: [] };

describe("replay (hand-computed)", () => {
  it("at the prices in force: the recorded cost, and the same model", () => {
    const r = replay({ entries: [entry], models, fx });
    expect(r.recorded.total).toEqual(usd("0.0024"));
    expect(r.repriced).toEqual(usd("0.0024"));
    // Ranked on the estimate: a/big 990 + 900 + 360 + 80 = 2,330 µUSD < b/alt 10,920 µUSD.
    expect(r.perCall[0]!.outcome).toBe("same");
    expect(r.rerouted).toEqual(usd("0.0024"));
    expect(r.moved).toEqual({ count: 0, share: 0 });
  });

  it("after the rise: re-priced on the recorded model, and moved at the recorded usage scaled", () => {
    const r = replay({ entries: [entry], models, fx, at: new Date("2026-07-01T10:00:00Z") });
    // 1,000 × 10 + 9,000 × 1 + 200 × 20 + 50 × 20 = 24,000 µUSD.
    expect(r.repriced).toEqual(usd("0.024"));
    // Ranked on the estimate: a/big 9,900 + 9,000 + 3,600 + 800 = 23,300; b/alt (11,000 claude tokens,
    // 9,000 expected cached, the rest written) 2,700 + 7,500 + 720 = 10,920 → moves.
    const c = r.perCall[0]!;
    expect(c.outcome).toBe("moved");
    expect(c.model).toBe("b/alt");
    // Billed at what happened: the recorded 9,000 cache reads and 200 output tokens, the prompt as
    // counted for the claude family (11,000), the rest written to the explicit cache, no reasoning.
    expect(c.reroutedUsage).toEqual(makeUsage({ cacheRead: 9_000, cacheWrite: 2_000, output: 200 }));
    // 9,000 × 0.3 + 2,000 × 3.75 + 200 × 4 = 11,000 µUSD.
    expect(r.rerouted).toEqual(usd("0.011"));
    expect(r.moved).toEqual({ count: 1, share: 1 });
    expect(r.moves).toEqual([{ from: "a/big", to: "b/alt", calls: 1 }]);
    expect(r.byModel.map((m) => [m.key, m.calls, m.reroutedCalls])).toEqual([
      ["a/big", 1, 0],
      ["b/alt", 0, 1],
    ]);
    expect(r.byTag[0]).toMatchObject({
      key: "t",
      recorded: usd("0.0024"),
      repriced: usd("0.024"),
      rerouted: usd("0.011"),
    });
    expect(r.byDay[0]!.key).toBe("2026-05-01");
    // shiftDays moves the instant (61 days: 2026-07-01), same result.
    expect(replay({ entries: [entry], models, fx, shiftDays: 61 }).rerouted).toEqual(usd("0.011"));
  });

  it("keeps a call with no qualifying model, re-prices only without re-routing, and draws both plots", () => {
    const at = new Date("2026-07-01T10:00:00Z");
    const none = replay({ entries: [entry], models, fx, at, constraints: { minQuality: 0.95 } });
    expect(none.perCall[0]!.outcome).toBe("no-candidate");
    expect(none.rerouted).toEqual(none.repriced);
    const only = replay({ entries: [entry], models, fx, at, reroute: false });
    expect(only.repricedOnly).toBe(1);
    expect(only.rerouted).toEqual(usd("0.024"));
    const pinned = replay({ entries: [entry], models, fx, at, constraints: { denyProviders: ["b"] } });
    expect(pinned.perCall[0]!.outcome).toBe("same");
    const specs = replayPlotSpecs(replay({ entries: [entry], models, fx, at }));
    const data = (specs.byModel as { data: { values: { key: string; scenario: string; cost: number }[] } })
      .data.values;
    expect(data).toContainEqual({ key: "b/alt", scenario: "re-routed", cost: 0.011 });
    expect(data).toContainEqual({ key: "a/big", scenario: "if nothing changes", cost: 0.024 });
  });

  it("refuses bad options and entries with typed errors", () => {
    expect(() => replay({ entries: [entry], models, fx, constraints: { minQuality: 2 } })).toThrow(
      ValidationError,
    );
    expect(() => replay({ entries: [entry], models, fx, shiftDays: Number.NaN })).toThrow(/shiftDays/);
    expect(() => replay({ entries: [{ ...entry, model: "gone" }], models, fx })).toThrow(
      /Unknown model "a\/gone"/,
    );
    const { usage: _usage, ...bare } = entry;
    expect(() => replay({ entries: [bare], models, fx })).toThrow(/entries\.0\.usage/);
  });
});
