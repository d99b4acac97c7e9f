import { describe, expect, it } from "vitest";
import { catalogReport, summarizeCatalog } from "./catalog-report";
import { createCatalog } from "./create-catalog";

describe("catalogReport", () => {
  const catalog = createCatalog({ now: () => new Date("2026-11-27T12:00:00Z") });

  it("counts models per provider and currency", () => {
    const s = summarizeCatalog(catalog);
    expect(s.models).toBe(catalog.list().length);
    expect(Object.values(s.currencies).reduce((a, b) => a + b, 0)).toBe(s.models);
    expect(s.currencies.CNY).toBeGreaterThan(0);
    expect(s.currencies.USD).toBeGreaterThan(0);
    const qwen = s.providers.find((p) => p.provider === "qwen")!;
    expect(qwen.currencies).toEqual({ CNY: qwen.models });
    // ministral-8b-2410's price was last read in Mistral's announcement (see create-catalog.test.ts).
    expect(s.oldestAsOf).toEqual({ date: "2024-10-16", key: "mistral/ministral-8b-2410" });
  });

  it("prints the table, the oldest as-of date and the stale entries", () => {
    const text = catalogReport(catalog);
    expect(text).toMatch(/^tokenwise catalog at 2026-11-27T12:00:00.000Z: \d+ models from 11 providers/);
    expect(text).toMatch(/qwen\s+\d+\s+CNY \d+\s+2026-09-27/);
    expect(text).toContain("oldest as-of: 2024-10-16 (mistral/ministral-8b-2410)");
    expect(text).toContain(
      "quality (general, in force now): 59 rated (data 2025-12-11 … 2026-03-09), 50 flagged priors, 0 without",
    );
    expect(text).toContain("latency: 3 measured, 106 flagged priors, 0 without");
    expect(text).toContain("stale (newest as-of more than 180 days old): 1");
    expect(text).toContain("mistral/ministral-8b-2410  as-of 2024-10-16  (772 days)");
    const later = catalogReport(
      createCatalog({ now: () => new Date("2026-11-27T12:00:00Z"), staleAfterDays: 90 }),
    );
    expect(later).toMatch(/stale \(newest as-of more than 90 days old\): \d+/);
    expect(later).toContain("openai/gpt-4o  as-of 2026-08-21  (98 days)");
  });

  it("shows input limits, API ids and thinking modes", () => {
    const s = summarizeCatalog(catalog);
    expect(s.inputLimits).toContainEqual({
      key: "openai/gpt-5",
      maxInputTokens: 272_000,
      contextWindow: 400_000,
    });
    expect(s.apiIds).toContainEqual({
      key: "doubao/doubao-seed-2.0-pro",
      apiId: "doubao-seed-2-0-pro-260215",
    });
    expect(s.thinking).toContainEqual({
      key: "qwen/qwen-plus",
      switch: "enable_thinking",
      defaultMode: "non-thinking",
    });
    const text = catalogReport(catalog);
    expect(text).toContain("openai/gpt-5 272,000 of 400,000");
    expect(text).toContain("doubao/doubao-seed-2.0-pro → doubao-seed-2-0-pro-260215");
    expect(text).toContain("qwen/qwen-plus (enable_thinking; priced apart, default non-thinking)");
    expect(text).toContain("qwen/qwen-turbo (enable_thinking; one price for both modes)");
  });

  it("lists the models with an announced end of life, by retirement date, with their state", () => {
    const today = createCatalog({ now: () => new Date("2026-11-29T12:00:00Z") });
    const s = summarizeCatalog(today);
    expect(s.lifecycle.map((l) => l.key)).toContain("anthropic/claude-sonnet-4-5");
    const dates = s.lifecycle.map((l) => l.lifecycle.retiresOn ?? "9999");
    expect(dates).toEqual([...dates].sort());
    const text = catalogReport(today);
    expect(text).toMatch(/lifecycle: \d+ retired \(never routed to\), \d+ deprecated/);
    expect(text).toMatch(/retired +openai\/gpt-3\.5-turbo +retires 2026-10-23/);
    expect(text).toContain("deprecated anthropic/claude-sonnet-4-5  retires 2026-11-30");
  });
});
