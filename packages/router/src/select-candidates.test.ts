import { createCatalog } from "@tokenwise/catalog";
import { describe, expect, it } from "vitest";
import { buildModelStates, tableCounts } from "./candidate-table";
import { prepareRequest } from "./prepare-request";
import { cheapestPolicy } from "./routing-policy";
import { orderCandidates, resolveConstraints, selectCandidates } from "./select-candidates";
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
