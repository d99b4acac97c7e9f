import { createCatalog } from "@tokenwise/catalog";
import { ModelEntrySchema } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { buildModelStates, tableCounts } from "./candidate-table";
import { prepareRequest } from "./prepare-request";
import { cheapestPolicy } from "./routing-policy";
import {
  orderCandidates,
  resolveConstraints,
  type ScoredCandidate,
  selectCandidates,
} from "./select-candidates";
import { createHeuristicEstimator } from "./token-estimator";

const at = Date.parse("2026-09-02T18:00:00Z");

function select(minQuality: number) {
  const catalog = createCatalog();
  const states = buildModelStates(catalog.list());
  const estimator = createHeuristicEstimator();
  const request = { messages: [{ role: "user" as const, content: "hi" }], constraints: { minQuality } };
  const ctx = {
    states,
    fx: catalog.fx,
    estimator,
    latency: () => undefined,
    policy: cheapestPolicy(),
    circuitOpen: () => false,
    hasCredentials: (provider: string) => provider !== "mistral",
    promptCaching: true,
    minCacheTokens: 1024,
    ...tableCounts(states),
  };
  const constraints = resolveConstraints(
    request,
    {},
    () => Number.POSITIVE_INFINITY,
    (l) => (l ? new Set(l) : undefined),
  );
  const run = () =>
    selectCandidates(
      ctx,
      prepareRequest(request, estimator),
      constraints,
      at,
      new Map(),
      undefined,
      undefined,
    );
  return { states, ctx, run };
}

describe("selectCandidates", () => {
  it("accounts for every model once, in table order, and keeps the best's identity in the full list", () => {
    const { states, ctx, run } = select(0.6);
    const selection = run();
    const keys = [
      ...selection.eligible.map((c) => c.key),
      ...selection.rejected.map((r) => `${r.provider}/${r.model}`),
    ];
    expect(new Set(keys).size).toBe(states.length);
    const order = states.map((s) => s.key);
    const byTable = (list: string[]) => [...list].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    expect(selection.eligible.map((c) => c.key)).toEqual(byTable(selection.eligible.map((c) => c.key)));
    expect(selection.eligible).toContain(selection.best);
    expect(orderCandidates(selection, ctx.policy)[0]).toBe(selection.best);
    // Built once: the same objects on every read.
    expect(selection.eligible).toBe(selection.eligible);
    expect(selection.rejected).toBe(selection.rejected);
    expect(selection.rejected.find((r) => r.code === "no-credentials")?.reason).toBe(
      "no API key for provider mistral",
    );
    expect(selection.rejected.find((r) => r.code === "quality")?.reason).toMatch(
      /^quality 0\.\d{3} < floor 0.6/,
    );
  });

  it("gives each selection its own candidates (a later selection does not change an earlier one)", () => {
    const { run } = select(0.5);
    const first = run();
    const before = first.eligible.map((c) => [c.key, c.expectedCost, c.quality, c.usage.output]);
    const second = run();
    expect(second.best).not.toBe(first.best);
    expect(first.eligible.map((c) => [c.key, c.expectedCost, c.quality, c.usage.output])).toEqual(before);
    expect(second.eligible.map((c) => [c.key, c.expectedCost, c.quality, c.usage.output])).toEqual(before);
  });
});

describe("selectCandidates with a session outlook", () => {
  const entry = (id: string, input: string, cacheRead: string | undefined, cached: boolean) =>
    ModelEntrySchema.parse({
      provider: "p",
      id,
      api: "openai",
      ...(cached ? { promptCache: { mode: "automatic", minPrefixTokens: 1024, ttls: [] } } : {}),
      contextWindow: 128_000,
      maxOutput: 4_096,
      capabilities: {
        tools: true,
        vision: false,
        structuredOutput: false,
        streaming: true,
        reasoning: false,
      },
      tokenizer: "o200k_base",
      quality: { general: { score: 0.8, source: "test" } },
      prices: [
        {
          currency: "USD",
          effectiveFrom: "2026-01-01T00:00:00Z",
          input,
          output: "2",
          ...(cacheRead ? { cacheRead } : {}),
          source: { url: "https://example.test", asOf: "2026-01-01" },
        },
      ],
    });
  const run = (outlook?: { turns: number; growthTokens: number | undefined }) => {
    const states = buildModelStates([
      entry("cached", "1", "0.1", true),
      entry("plain", "0.8", undefined, false),
    ]);
    const estimator = createHeuristicEstimator();
    const request = {
      messages: [{ role: "user" as const, content: "word ".repeat(4000) }],
      maxOutputTokens: 100,
    };
    const constraints = resolveConstraints(
      {},
      {},
      () => Number.POSITIVE_INFINITY,
      () => undefined,
    );
    return selectCandidates(
      {
        states,
        fx: { rates: [] },
        estimator,
        latency: () => undefined,
        policy: cheapestPolicy(),
        circuitOpen: () => false,
        hasCredentials: () => true,
        promptCaching: true,
        minCacheTokens: 0,
        ...(outlook ? { outlook } : {}),
        ...tableCounts(states),
      },
      prepareRequest(request, estimator),
      constraints,
      at,
      new Map(),
      undefined,
      undefined,
    );
  };

  it("prices the next turns on each model's cache and ranks by this call plus them", () => {
    // One call alone: the model without a cache is cheaper (0.8 against 1 per million input).
    expect(run().best!.key).toBe("p/plain");
    const selection = run({ turns: 3, growthTokens: 200 });
    const [cached, plain] = selection.eligible as [ScoredCandidate, ScoredCandidate];
    const p = cached.prompt;
    const out = cached.usage.output;
    // Turn h reads the previous prompt (p + (h−1)·200) from the cache and pays 200 new tokens.
    const reads = 3 * p + (200 * 3 * 2) / 2;
    expect(cached.outlookCost).toBeCloseTo((reads * 0.1 + 3 * 200 * 1 + 3 * out * 2) / 1e6, 12);
    expect(plain.outlookCost).toBeCloseTo(((reads + 3 * 200) * 0.8 + 3 * out * 2) / 1e6, 12);
    expect(selection.best!.key).toBe("p/cached");
    expect(orderCandidates(selection, cheapestPolicy()).map((c) => c.key)).toEqual(["p/cached", "p/plain"]);
  });
});
