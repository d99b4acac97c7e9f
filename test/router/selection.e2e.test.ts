import { formatMoney } from "@tokenwise/core";
import { NoCandidateError, reportToJSON } from "@tokenwise/router";
import { afterEach, describe, expect, it } from "vitest";
import { hello, setup, T_OFF, T_PEAK, T_RISE } from "./fixtures";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("selection end to end (real SDK clients ↔ testkit)", () => {
  it("chooses the cheapest qualifying model, and the choice follows prices (window, dated rise)", async () => {
    const { kit, router, clock } = await setup({ router: { defaults: { minQuality: 0.7 } } });
    close = () => kit.close();
    clock.t = T_PEAK;
    const peak = await router.generate(hello);
    expect(`${peak.provider}/${peak.model}`).toBe("openai/gpt-4o");
    expect(peak.report.rejected.map((r) => `${r.model}:${r.code}`)).toContain("gpt-4o-mini:quality");
    clock.t = T_OFF;
    const off = await router.generate(hello);
    expect(`${off.provider}/${off.model}`).toBe("deepseek/deepseek-chat");
    expect(off.report.realized.cost.window).toBe("off-peak");
    clock.t = T_RISE;
    const rise = await router.generate(hello);
    expect(`${rise.provider}/${rise.model}`).toBe("anthropic/claude-sonnet-4-5");
    // What the router accounted equals what the providers billed, to the atto.
    expect(router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
    expect(peak.report.realized.cost.total.atto).toBe(kit.billing()[0]!.cost!.total.atto);
    expect(formatMoney(peak.report.total)).toMatch(/USD$/);
  });

  it("each constraint excludes what it should (plan, no calls)", async () => {
    const { kit, router, clock } = await setup();
    close = () => kit.close();
    clock.t = T_PEAK;
    const codes = (p: ReturnType<typeof router.plan>) =>
      Object.fromEntries(p.rejected.map((r) => [`${r.provider}/${r.model}`, r.code]));
    // Quality floor, per task kind.
    expect(codes(router.plan({ ...hello, constraints: { minQuality: { general: 0.88 } } }))).toEqual({
      "openai/gpt-4o-mini": "quality",
      "openai/gpt-4o": "quality",
      "deepseek/deepseek-chat": "quality",
    });
    // Latency cap at p90 (claude's prior TTFT is 900 ms ± 450).
    const lat = router.plan({ ...hello, constraints: { maxLatencyMs: 2000, latencyPercentile: 0.9 } });
    expect(codes(lat)["anthropic/claude-sonnet-4-5"]).toBe("latency");
    // Context fit: deepseek has a 64K window.
    const long = router.plan({
      ...hello,
      maxOutputTokens: 8000,
      messages: [{ role: "user", content: "word ".repeat(60_000) }],
    });
    expect(codes(long)["deepseek/deepseek-chat"]).toBe("context-window");
    // Capabilities: images need vision.
    const img = router.plan({
      messages: [
        { role: "user", content: [{ type: "image_url", image_url: { url: "https://x.test/a.png" } }] },
      ],
    });
    expect(codes(img)["deepseek/deepseek-chat"]).toBe("capability");
    // Providers allowed and denied.
    expect(
      Object.keys(codes(router.plan({ ...hello, constraints: { allowProviders: ["anthropic"] } }))),
    ).toHaveLength(3);
    expect(
      codes(router.plan({ ...hello, constraints: { denyProviders: ["openai"] } }))["openai/gpt-4o"],
    ).toBe("provider-denied");
    // Maximum cost per call: a tiny cap rejects everything, and generate says why.
    const cheap = router.plan({ ...hello, constraints: { maxCostPerCall: "0.000001" } });
    expect(cheap.ranked).toHaveLength(0);
    expect(new Set(cheap.rejected.map((r) => r.code))).toEqual(new Set(["cost"]));
    await expect(
      router.generate({ ...hello, constraints: { maxCostPerCall: "0.000001" } }),
    ).rejects.toBeInstanceOf(NoCandidateError);
    // Currency: ranked and reported in CNY with the FX used named.
    const cny = router.plan({ ...hello, constraints: { currency: "CNY" } });
    expect(cny.ranked[0]!.cost!.currency).toBe("CNY");
    expect(cny.ranked[0]!.cost!.fx?.rate.rate).toBe("7.1");
    expect(kit.billing()).toHaveLength(0);
  });

  it("a model without a price in force is unavailable, never $0", async () => {
    const { testModels } = await import("./fixtures");
    const models = testModels();
    models[0] = {
      ...models[0]!,
      prices: [{ ...models[0]!.prices[0]!, effectiveFrom: "2030-01-01T00:00:00Z" }],
    };
    const { kit, router } = await setup({ models });
    close = () => kit.close();
    const p = router.plan(hello);
    expect(p.rejected.find((r) => r.model === "gpt-4o-mini")?.code).toBe("price-unavailable");
    expect(p.ranked.map((r) => r.model)).not.toContain("gpt-4o-mini");
  });

  it("plan ranks every candidate with estimated tokens and exact cost", async () => {
    const { kit, router } = await setup();
    close = () => kit.close();
    const p = router.plan(hello);
    expect(p.ranked.map((r) => r.model)).toEqual([
      "gpt-4o-mini",
      "gpt-4o",
      "claude-sonnet-4-5",
      "deepseek-chat",
    ]);
    for (const r of p.ranked) {
      expect(r.estimated.prompt).toBeGreaterThan(5);
      expect(Number(r.cost!.total.atto) / 1e18).toBeCloseTo(r.expectedCost, 12);
    }
    expect(p.estimates.o200k_base!.tokens).toBeGreaterThan(5);
    // Rejection reasons are formatted lazily but serialize like plain objects.
    const q = router.plan({ ...hello, constraints: { minQuality: 0.8 } });
    const json = JSON.parse(reportToJSON(q)) as { rejected: { reason: string; code: string }[] };
    expect(json.rejected[0]).toEqual({
      provider: "openai",
      model: "gpt-4o-mini",
      code: "quality",
      reason: "quality 0.600 < floor 0.8 (general)",
    });
  });
});
