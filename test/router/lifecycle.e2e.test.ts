import { builtinModels, createCatalog } from "@tokenwise/catalog";
import { type LifecycleWarning, type ModelEntry, ModelEntrySchema } from "@tokenwise/core";
import { createRouter } from "@tokenwise/router";
import { afterEach, describe, expect, it } from "vitest";
import { hello, setup, testModels } from "./fixtures";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** The fixture models, with claude-sonnet-4-5 carrying the catalog's lifecycle (retires 2026-11-30). */
function modelsWithLifecycle(): ModelEntry[] {
  const lifecycle = builtinModels().find((m) => m.provider === "anthropic" && m.id === "claude-sonnet-4-5")!
    .lifecycle!;
  return testModels().map((m) =>
    m.id === "claude-sonnet-4-5"
      ? ModelEntrySchema.parse({ ...m, lifecycle: { ...lifecycle, replacement: "claude-sonnet-4-6" } })
      : m,
  );
}

// claude-sonnet-4-5 is the only model above the 0.88 floor.
const floor = { defaults: { minQuality: 0.88 } };

describe("model lifecycle in routing (real SDK clients ↔ testkit)", () => {
  it("warns within 30 days of retirement, once per model per router, and reports the warning on every call", async () => {
    const warnings: LifecycleWarning[] = [];
    const { kit, router, clock } = await setup({
      models: modelsWithLifecycle(),
      router: { ...floor, onWarning: (w) => warnings.push(w) },
    });
    close = () => kit.close();
    // 2026-10-01: 60 days before retirement, not deprecated yet: no warning.
    clock.t = new Date("2026-10-01T12:00:00Z");
    const early = await router.generate(hello);
    expect(early.model).toBe("claude-sonnet-4-5");
    expect(early.report.warnings).toBeUndefined();
    expect(warnings).toEqual([]);
    // 2026-11-29 (today): one day left.
    clock.t = new Date("2026-11-29T12:00:00Z");
    const first = await router.generate(hello);
    const second = await router.generate(hello);
    expect(first.model).toBe("claude-sonnet-4-5");
    expect(first.report.warnings).toEqual([
      expect.objectContaining({
        code: "deprecated",
        provider: "anthropic",
        model: "claude-sonnet-4-5",
        retiresOn: "2026-11-30",
        daysLeft: 0,
        replacement: "claude-sonnet-4-6",
        source: "https://platform.claude.com/docs/en/about-claude/model-deprecations",
      }),
    ]);
    expect(second.report.warnings).toEqual(first.report.warnings);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain("anthropic/claude-sonnet-4-5 retires on 2026-11-30");
    expect(warnings[0]!.message).toContain("claude-sonnet-4-6");
  });

  it("stops routing to a model at 00:00 UTC of its retirement day, with the date and the replacement in the reason", async () => {
    const { kit, router, clock } = await setup({
      models: modelsWithLifecycle(),
      router: { onWarning: () => {} },
    });
    close = () => kit.close();
    clock.t = new Date("2026-11-29T23:59:59Z");
    expect(router.plan({ ...hello, constraints: { minQuality: 0.88 } }).ranked.map((r) => r.model)).toEqual([
      "claude-sonnet-4-5",
    ]);
    clock.t = new Date("2026-11-30T00:00:00Z");
    const plan = router.plan({ ...hello, constraints: { minQuality: 0.88 } });
    expect(plan.ranked).toEqual([]);
    const rejected = plan.rejected.find((r) => r.model === "claude-sonnet-4-5")!;
    expect(rejected.code).toBe("retired");
    expect(rejected.reason).toContain("retires on 2026-11-30");
    expect(rejected.reason).toContain("replacement: claude-sonnet-4-6");
    // Without the floor the call goes elsewhere, and nothing reaches the retired model's endpoint.
    const res = await router.generate(hello);
    expect(res.model).not.toBe("claude-sonnet-4-5");
    expect(res.report.rejected.find((r) => r.model === "claude-sonnet-4-5")?.code).toBe("retired");
    expect(kit.billing().some((b) => b.model === "claude-sonnet-4-5")).toBe(false);
  });

  it("marks plan entries without emitting, and emits through process.emitWarning by default", async () => {
    const { kit, router, clock } = await setup({ models: modelsWithLifecycle(), router: floor });
    close = () => kit.close();
    clock.t = new Date("2026-11-20T00:00:00Z");
    const emitted: Error[] = [];
    const listener = (w: Error) => {
      if (w.name === "TokenwiseLifecycleWarning") emitted.push(w);
    };
    process.on("warning", listener);
    try {
      const plan = router.plan(hello);
      expect(plan.ranked[0]!.warnings?.[0]).toMatchObject({ code: "deprecated", daysLeft: 10 });
      await router.generate(hello);
      await router.generate(hello);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off("warning", listener);
    }
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.message).toContain("retires on 2026-11-30 (in 10 days)");
  });

  it("a custom warning window moves the first warning", async () => {
    const warnings: LifecycleWarning[] = [];
    const { kit, router, clock } = await setup({
      models: modelsWithLifecycle(),
      router: { ...floor, retirementWarningDays: 90, onWarning: (w) => warnings.push(w) },
    });
    close = () => kit.close();
    clock.t = new Date("2026-09-15T00:00:00Z");
    const res = await router.generate(hello);
    expect(res.report.warnings?.[0]?.daysLeft).toBe(76);
    expect(warnings).toHaveLength(1);
  });

  it("over the built-in catalog on 2026-11-29, no retired model is ranked and each names its date", () => {
    const at = new Date("2026-11-29T12:00:00Z");
    const catalog = createCatalog({ now: () => at });
    const router = createRouter({ catalog, now: () => at, env: {}, onWarning: () => {} });
    const plan = router.plan(hello, { ignoreCredentials: true });
    const retired = new Set(
      plan.rejected.filter((r) => r.code === "retired").map((r) => `${r.provider}/${r.model}`),
    );
    for (const key of [
      "anthropic/claude-sonnet-4-0",
      "openai/gpt-3.5-turbo",
      "google/gemini-2.0-flash",
      "deepseek/deepseek-chat",
    ])
      expect(retired.has(key), key).toBe(true);
    expect(retired.has("anthropic/claude-sonnet-4-5")).toBe(false);
    for (const r of plan.ranked) expect(retired.has(`${r.provider}/${r.model}`)).toBe(false);
    const gpt35 = plan.rejected.find((r) => r.model === "gpt-3.5-turbo")!;
    expect(gpt35.reason).toMatch(/^openai\/gpt-3\.5-turbo is retired: .*retires on 2026-10-23/);
    // deepseek-chat: inaccessible after 2026-07-24 15:59 UTC per DeepSeek's own pages, retired that day.
    const chat = plan.rejected.find((r) => r.model === "deepseek-chat")!;
    expect(chat.reason).toMatch(/^deepseek\/deepseek-chat is retired: .*retires on 2026-07-24/);
    const sonnet = plan.ranked.find((r) => r.model === "claude-sonnet-4-5")!;
    expect(sonnet.warnings?.[0]?.retiresOn).toBe("2026-11-30");
  });
});
