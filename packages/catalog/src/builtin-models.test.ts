import { ModelTableSchema, modelKey, priceInForce, TASK_KINDS } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { builtinModels } from "./builtin-models";
import { BUILTIN_MODELS } from "./data/builtin-models";

const models = builtinModels();
const at = new Date("2026-11-27T12:00:00Z");

describe("built-in models", () => {
  it("validate with core's ModelTableSchema", () => {
    expect(ModelTableSchema.safeParse(BUILTIN_MODELS).success).toBe(true);
    expect(models.length).toBeGreaterThanOrEqual(40);
  });

  it("cover the required providers", () => {
    const providers = new Set(models.map((m) => m.provider));
    for (const p of [
      "openai",
      "anthropic",
      "google",
      "deepseek",
      "qwen",
      "zhipu",
      "moonshot",
      "doubao",
      "mistral",
      "xai",
    ]) {
      expect(providers.has(p), p).toBe(true);
    }
  });

  it("cite a source URL and an as-of date on every price version", () => {
    for (const m of models) {
      for (const v of m.prices) {
        expect(v.source.url, modelKey(m)).toMatch(/^https:\/\//);
        expect(v.source.asOf, modelKey(m)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(v.source.note ?? "", modelKey(m)).not.toBe("");
      }
    }
  });

  it("keep CNY prices in CNY for the Chinese platforms", () => {
    for (const m of models.filter((x) => ["qwen", "zhipu", "moonshot", "doubao"].includes(x.provider))) {
      expect(priceInForce(m, at).currency, modelKey(m)).toBe("CNY");
    }
    for (const m of models.filter((x) =>
      ["openai", "anthropic", "google", "deepseek", "xai"].includes(x.provider),
    )) {
      expect(priceInForce(m, at).currency, modelKey(m)).toBe("USD");
    }
  });

  it("have a price in force now and never a zero input+output price", () => {
    for (const m of models) {
      const v = priceInForce(m, at);
      expect(Number(v.input) + Number(v.output), modelKey(m)).toBeGreaterThan(0);
    }
  });

  it("use the documented tokenizer families", () => {
    const tok = (key: string) => models.find((m) => modelKey(m) === key)?.tokenizer;
    expect(tok("openai/gpt-4o")).toBe("o200k_base");
    expect(tok("openai/o3")).toBe("o200k_base");
    expect(tok("openai/gpt-5")).toBe("o200k_base");
    expect(tok("openai/gpt-3.5-turbo")).toBe("cl100k_base");
    expect(tok("anthropic/claude-opus-4-5")).toBe("claude");
    expect(tok("qwen/qwen3-max")).toBe("qwen");
    expect(tok("zhipu/glm-5")).toBe("glm");
  });

  it("score quality as the win rate against gpt-4o-2024-08-06, with the 95% interval", () => {
    const gpt4o = models.find((m) => modelKey(m) === "openai/gpt-4o")!;
    expect(gpt4o.quality.general?.score).toBe(0.5);
    const opus = models.find((m) => modelKey(m) === "anthropic/claude-opus-4-5")!;
    for (const kind of TASK_KINDS) {
      const q = opus.quality[kind]!;
      expect(q.score, kind).toBeGreaterThan(0.5);
      expect(q.low!).toBeLessThanOrEqual(q.score);
      expect(q.high!).toBeGreaterThanOrEqual(q.score);
      expect(q.source).toContain("lmarena-text-2025-12-11.json");
    }
  });

  it("rate models found in the 2026 snapshot from it, and flag the rest as priors with their rule", () => {
    const v4 = models.find((m) => modelKey(m) === "deepseek/deepseek-v4-pro")!;
    expect(v4.quality.general).toMatchObject({ servedModel: "deepseek-v4-pro", asOf: "2026-03-09" });
    expect(v4.quality.general!.source).toContain("lmarena-text-2026-llm-ranking-00de9fce.json");
    const glm53 = models.find((m) => modelKey(m) === "zhipu/glm-5.3")!;
    expect(glm53.quality.general).toMatchObject({ source: "prior" });
    expect(glm53.quality.general!.rule).toMatch(
      /^successor prior: sibling "glm-5\.1" full 1470 .* − 50 = 1420/,
    );
  });

  it("carry a cited latency measurement where one exists and a flagged provider prior elsewhere", () => {
    const measured = models.filter((m) => m.latency && m.latency.source !== "prior");
    expect(measured.map(modelKey).sort()).toEqual([
      "google/gemini-3-flash-preview",
      "openai/gpt-4.1-mini",
      "openai/gpt-4o",
    ]);
    for (const m of measured) expect(m.latency!.source).toContain("Artificial Analysis");
    const ds = models.find((m) => modelKey(m) === "deepseek/deepseek-chat")!.latency!;
    // DeepSeek's Artificial Analysis average: 2.3 s, 48 t/s → prior 4.6 s, 24 t/s.
    expect(ds).toMatchObject({ ttftMs: 4600, outputTokensPerSec: 24, source: "prior" });
    expect(ds.rule).toContain("aa-provider-speed-2026-04-07.json");
  });

  it("represent Qwen input-length bands as tiers at 32K and 128K", () => {
    const qwen = models.find((m) => modelKey(m) === "qwen/qwen3-max")!;
    expect(qwen.prices[0]!.tiers?.map((t) => t.aboveInputTokens)).toEqual([32_000, 128_000]);
  });
});
