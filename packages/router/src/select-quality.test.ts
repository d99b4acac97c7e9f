import { createCatalog } from "@tokenwise/catalog";
import { qualityInForce, qualityLowerBound, ValidationError } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { buildModelStates, tableCounts } from "./candidate-table";
import { normalQuantile } from "./latency-stats";
import { prepareRequest } from "./prepare-request";
import { createRouter } from "./router";
import { cheapestPolicy } from "./routing-policy";
import { resolveConstraints, selectCandidates, type UnknownQuality } from "./select-candidates";
import { createHeuristicEstimator } from "./token-estimator";
import type { Constraints } from "./types";

const catalog = createCatalog();
const AT = Date.parse("2026-10-01T12:00:00Z");

function select(constraints: Constraints, unknownQuality?: UnknownQuality, at = AT) {
  const states = buildModelStates(catalog.list());
  const estimator = createHeuristicEstimator();
  const request = { messages: [{ role: "user" as const, content: "hi" }], constraints };
  const resolved = resolveConstraints(
    request,
    {},
    () => Number.POSITIVE_INFINITY,
    (l) => (l ? new Set(l) : undefined),
  );
  return selectCandidates(
    {
      states,
      fx: catalog.fx,
      estimator,
      latency: () => undefined,
      policy: cheapestPolicy(),
      circuitOpen: () => false,
      hasCredentials: () => true,
      promptCaching: true,
      minCacheTokens: 1024,
      ...(unknownQuality ? { unknownQuality } : {}),
      ...tableCounts(states),
    },
    prepareRequest(request, estimator),
    resolved,
    at,
    new Map(),
    undefined,
    undefined,
  );
}

const rejection = (sel: ReturnType<typeof select>, key: string) =>
  sel.rejected.find((r) => `${r.provider}/${r.model}` === key);
const eligible = (sel: ReturnType<typeof select>, key: string) => sel.eligible.find((c) => c.key === key);

describe("selection with dated quality, priors and a confidence", () => {
  it("excludes flagged priors by default and uses them with unknownQuality: prior", () => {
    const excluded = select({ minQuality: 0.5 });
    expect(rejection(excluded, "zhipu/glm-5.3")).toMatchObject({ code: "quality-unknown" });
    expect(rejection(excluded, "zhipu/glm-5.3")!.reason).toContain(
      'only a prior general quality (unknownQuality "exclude"',
    );
    // Without a floor the model stays eligible, but reports no score rather than the prior.
    const noFloor = eligible(select({}), "zhipu/glm-5.3")!;
    expect(noFloor).toMatchObject({ quality: null, qualitySource: "none" });

    const withPriors = eligible(select({ minQuality: 0.5 }, "prior"), "zhipu/glm-5.3")!;
    expect(withPriors.qualitySource).toBe("prior");
    const expected = qualityInForce(catalog.get("zhipu", "glm-5.3"), new Date(AT), "general")!;
    expect(withPriors.quality).toBe(expected.score);
    const bad = { catalog, unknownQuality: "maybe" as unknown as UnknownQuality };
    expect(() => createRouter(bad)).toThrow(ValidationError);
    expect(() => createRouter(bad)).toThrow(/unknownQuality: must be "exclude" or "prior" \(got "maybe"\)/);
  });

  it("compares the floor with the lower bound at the confidence asked for", () => {
    const flash = catalog.get("deepseek", "deepseek-v4-flash");
    const q = qualityInForce(flash, new Date(AT), "general")!;
    const at95 = qualityLowerBound(q, normalQuantile(0.95));
    expect(at95).toBeLessThan(q.score);
    const floor = (q.score + at95) / 2;
    // Point estimate (default 0.5): above the floor.
    expect(eligible(select({ minQuality: floor }), "deepseek/deepseek-v4-flash")).toBeDefined();
    // One-sided 95% bound: below it, and the reason says so with both numbers.
    const strict = rejection(
      select({ minQuality: floor, qualityConfidence: 0.95 }),
      "deepseek/deepseek-v4-flash",
    )!;
    expect(strict.code).toBe("quality");
    expect(strict.reason).toBe(
      `quality ${q.score.toFixed(3)}, lower bound ${at95.toFixed(3)} at confidence 0.95 < floor ${floor} (general)`,
    );
    // The low end of the published 95% interval is the bound at 0.975.
    expect(qualityLowerBound(q, normalQuantile(0.975))).toBeCloseTo(q.low!, 3);
    expect(() => select({ qualityConfidence: 1.2 })).toThrow(
      /constraints\.qualityConfidence: must be a number in \[0\.5, 1\)/,
    );
  });

  it("uses the quality in force at the request instant (an alias follows the model it serves)", () => {
    // deepseek-chat serves DeepSeek-V4-Flash from the V4 preview (2026-04-24) until it retires (2026-07-24).
    const chat = catalog.get("deepseek", "deepseek-chat");
    for (const iso of ["2026-04-01T12:00:00Z", "2026-05-01T12:00:00Z"]) {
      const at = Date.parse(iso);
      const c = eligible(select({}, undefined, at), "deepseek/deepseek-chat")!;
      const q = qualityInForce(chat, new Date(at), "general")!;
      expect(c.quality).toBe(q.score);
      expect(c.qualitySource).toContain(`"${q.servedModel}"`);
    }
    const v32 = eligible(
      select({}, undefined, Date.parse("2026-04-01T12:00:00Z")),
      "deepseek/deepseek-chat",
    )!;
    const v4 = eligible(select({}, undefined, Date.parse("2026-05-01T12:00:00Z")), "deepseek/deepseek-chat")!;
    expect(v32.qualitySource).toContain('"deepseek-v3.2"');
    expect(v4.qualitySource).toContain('"deepseek-v4-flash"');
  });
});

describe("plan() over the built-in catalog", () => {
  it("ranks the rated DeepSeek models with minQuality 0.6 and unknownQuality exclude", () => {
    const router = createRouter({ catalog, now: () => new Date(AT), env: {} });
    const plan = router.plan(
      { messages: [{ role: "user", content: "Summarise the attached notes in three bullet points." }] },
      { ignoreCredentials: true },
    );
    // Every model is ranked but those past their retirement date at AT.
    const retired = plan.rejected.filter((r) => r.code === "retired").length;
    expect(plan.rejected.length).toBe(retired);
    expect(plan.ranked.length + retired).toBe(catalog.list().length);
    const rated = router.plan(
      {
        messages: [{ role: "user", content: "Summarise the attached notes in three bullet points." }],
        constraints: { minQuality: 0.6 },
      },
      { ignoreCredentials: true },
    );
    const deepseek = rated.ranked.filter((c) => c.provider === "deepseek");
    // deepseek-chat and deepseek-reasoner retired on 2026-07-24 (DeepSeek's own pages): not ranked at AT.
    expect(deepseek.map((c) => c.model).sort()).toEqual(["deepseek-v4-flash", "deepseek-v4-pro"]);
    for (const c of deepseek) {
      expect(c.quality.score!).toBeGreaterThanOrEqual(0.6);
      expect(c.quality.source).toMatch(/^LMArena text /);
    }
    // No prior is ranked under the default, and every rejection for quality names its reason.
    expect(rated.ranked.every((c) => c.quality.source !== "prior")).toBe(true);
    expect(rated.rejected.filter((r) => r.code === "quality-unknown").length).toBeGreaterThan(0);
  });
});
