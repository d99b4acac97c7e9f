import { createTokenEstimator } from "@tokenwise/core";
import { createRouter, withRequestEstimator } from "@tokenwise/router";
import { describe, expect, it } from "vitest";
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
