import { createRouter, withRequestEstimator } from "@tokenwise/router";
import { describe, expect, it } from "vitest";
// Core's token estimator is not yet re-exported from @tokenwise/core's index.
import { createTokenEstimator } from "../../packages/core/src/tokens/index";
import { FX, hello, T_PEAK, testModels } from "./fixtures";

describe("router with core's token estimator", () => {
  it("plans with exact o200k counts and prefix splits", () => {
    const router = createRouter({
      models: testModels(),
      fx: FX,
      now: () => T_PEAK,
      env: {},
      estimator: withRequestEstimator(createTokenEstimator()),
    });
    const p = router.plan(hello, { ignoreCredentials: true });
    const exact = createTokenEstimator().estimate({ messages: [...hello.messages] }, "openai-o200k");
    expect(p.estimates.o200k_base!.tokens).toBe(exact.tokens);
    expect(p.ranked[0]!.estimated.prompt).toBe(exact.tokens);
  });
});
