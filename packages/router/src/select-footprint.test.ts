import { createCatalog } from "@tokenwise/catalog";
import { TokenwiseError } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { createRouter } from "./router";
import { createFootprintSelector, type Footprint } from "./select-footprint";
import { heuristicBytesPerToken } from "./token-estimator";
import type { Constraints, RouterRequest } from "./types";

const at = new Date("2026-09-02T18:00:00Z");
const catalog = createCatalog({ now: () => at });

const request: RouterRequest = {
  system: "You are a careful airline agent.",
  messages: [{ role: "user", content: "Please change my flight to tomorrow morning. ".repeat(200) }],
  tools: [
    {
      type: "function",
      function: { name: "lookup", description: "find a booking", parameters: { type: "object" } },
    },
  ],
};

/** The footprint of a request as the router's plan saw it (estimates per family, its forecasts). */
function footprintOfPlan(constraints: Constraints): { footprint: Footprint; best: string; ranked: string[] } {
  const router = createRouter({ catalog, now: () => at, env: {}, onWarning: () => {} });
  const plan = router.plan({ ...request, constraints }, { ignoreCredentials: true });
  const tokens: Record<string, number> = {};
  for (const [family, e] of Object.entries(plan.estimates)) tokens[family] = e.tokens;
  const top = plan.ranked[0]!;
  return {
    footprint: {
      taskKind: plan.taskKind,
      tokens,
      capabilities: ["tools"],
      output: { expected: top.estimated.usage.output, reserve: top.estimated.outputReserve.output },
      reasoning: { expected: 0, reserve: 0 },
      cacheRead: 0,
    },
    best: `${top.provider}/${top.model}`,
    ranked: plan.ranked.map((r) => `${r.provider}/${r.model}`),
  };
}

describe("createFootprintSelector", () => {
  it("chooses what the router's plan chooses for the same request, from the footprint alone", () => {
    for (const constraints of [{ minQuality: 0.6 }, { minQuality: 0.75 }, { allowProviders: ["openai"] }]) {
      const { footprint, best } = footprintOfPlan(constraints);
      const selector = createFootprintSelector({ models: catalog.list(), fx: catalog.fx });
      const { choice, derivedFamilies } = selector.select(footprint, constraints, at);
      expect(choice?.key).toBe(best);
      expect(derivedFamilies).toEqual([]);
      expect(choice!.usage.input).toBe(footprint.tokens[choice!.entry.tokenizer]);
      expect(choice!.usage.output).toBe(footprint.output.expected);
    }
  });

  it("rejects with the router's reasons; no choice when nothing qualifies", () => {
    const { footprint } = footprintOfPlan({ minQuality: 0.6 });
    const selector = createFootprintSelector({ models: catalog.list(), fx: catalog.fx });
    const pinned = selector.select(footprint, { allowModels: ["openai/gpt-4o"] }, at);
    expect(pinned.choice?.key).toBe("openai/gpt-4o");
    expect(pinned.rejected.find((r) => r.model === "gpt-4o-mini")?.code).toBe("model-denied");
    const denied = selector.select(footprint, { minQuality: 0.99 }, at);
    expect(denied.choice).toBeUndefined();
    expect(denied.rejected.some((r) => r.code === "quality")).toBe(true);
    // A capability the footprint needs excludes models without it.
    const vision = selector.select({ ...footprint, capabilities: ["tools", "vision"] }, {}, at);
    expect(vision.choice!.entry.capabilities.vision).toBe(true);
  });

  it("converts a family the footprint lacks from a counted one, and says so", () => {
    const selector = createFootprintSelector({ models: catalog.list(), fx: catalog.fx });
    const footprint: Footprint = {
      taskKind: "general",
      tokens: { o200k_base: 10_000 },
      capabilities: [],
      output: { expected: 200, reserve: 800 },
      reasoning: { expected: 0, reserve: 0 },
      cacheRead: 0,
    };
    const { choice, derivedFamilies } = selector.select(
      footprint,
      { allowProviders: ["anthropic"], minQuality: 0.5 },
      at,
    );
    expect(choice?.provider).toBe("anthropic");
    expect(derivedFamilies).toContain("claude");
    const expected = Math.round(
      (10_000 * heuristicBytesPerToken("o200k_base")) / heuristicBytesPerToken("claude"),
    );
    expect(choice!.usage.input + choice!.usage.cacheRead + choice!.usage.cacheWrite).toBe(expected);
    expect(() => selector.select({ ...footprint, tokens: {} }, {}, at)).toThrow(TokenwiseError);
  });

  it("expects cache reads on models that cache prompts, at their own minimums", () => {
    const selector = createFootprintSelector({ models: catalog.list(), fx: catalog.fx });
    const footprint: Footprint = {
      taskKind: "general",
      tokens: { o200k_base: 20_000 },
      capabilities: [],
      output: { expected: 200, reserve: 800 },
      reasoning: { expected: 0, reserve: 0 },
      cacheRead: 15_000,
    };
    const cached = selector.select(footprint, { allowModels: ["openai/gpt-4o-mini"] }, at).choice!;
    expect(cached.usage).toMatchObject({ input: 5_000, cacheRead: 15_000, output: 200 });
    const cold = selector.select({ ...footprint, cacheRead: 0 }, { allowModels: ["openai/gpt-4o-mini"] }, at);
    expect(cold.choice!.expectedCost).toBeGreaterThan(cached.expectedCost);
  });
});
