import { costOf, makeUsage, moneyToDecimal, thinkingModeFor } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import {
  API_IDS,
  INPUT_LIMITS,
  THINKING_SWITCHES,
  UNCONFIRMED_API_IDS,
  UNCONFIRMED_INPUT_LIMITS,
} from "../scripts/curated-modes";
import { createCatalog } from "./create-catalog";

const at = new Date("2026-10-01T00:00:00Z");
const catalog = createCatalog({ now: () => at });

describe("curated input limits, API ids and thinking modes in the built-in catalog", () => {
  it("limits the gpt-5 family to 272,000 input tokens within a 400,000 context", () => {
    for (const id of ["gpt-5", "gpt-5-mini", "gpt-5-nano"]) {
      const m = catalog.find(`openai/${id}`);
      expect(m.maxInputTokens).toBe(272_000);
      expect(m.contextWindow).toBe(400_000);
    }
    expect(catalog.find("openai/gpt-4.1").maxInputTokens).toBeUndefined();
  });

  it("keeps Doubao's display names as ids and sends the sourced Ark ids", () => {
    const pro = catalog.find("doubao/doubao-seed-2.0-pro");
    expect(pro.id).toBe("doubao-seed-2.0-pro");
    expect(pro.apiId).toBe("doubao-seed-2-0-pro-260215");
    expect(catalog.find("doubao/doubao-seed-2.0-code").apiId).toBe("doubao-seed-2-0-code-preview-260215");
    // Every Doubao model either has a sourced API id or is listed as unconfirmed.
    for (const m of catalog.list().filter((e) => e.provider === "doubao")) {
      const key = `doubao/${m.id}`;
      expect(m.apiId !== undefined || key in UNCONFIRMED_API_IDS, key).toBe(true);
    }
  });

  it("prices qwen-plus by thinking mode (model-bank's thinkingMode lookup, hand-computed)", () => {
    const m = catalog.find("qwen/qwen-plus");
    expect(m.thinkingSwitch).toBe("enable_thinking");
    const price = catalog.priceAt(m, at);
    expect(price.defaultMode).toBe("non-thinking");
    // 50,000 input, 2,000 output at ≤128K: 50,000×0.8 + 2,000×2 = 44,000 /M = 0.044 CNY non-thinking;
    // 50,000×0.8 + 2,000×8 = 56,000 /M = 0.056 CNY thinking.
    const usage = makeUsage({ input: 50_000, output: 2_000 });
    expect(moneyToDecimal(costOf(usage, price, { at, mode: thinkingModeFor(m, undefined) }).total)).toBe(
      "0.044",
    );
    expect(moneyToDecimal(costOf(usage, price, { at, mode: thinkingModeFor(m, "high") }).total)).toBe(
      "0.056",
    );
    // Above 256K: output 48 / 64, input 4.8. 300,000×4.8 + 1,000×64 = 1,504,000 /M = 1.504 CNY thinking.
    const long = makeUsage({ input: 300_000, output: 1_000 });
    expect(moneyToDecimal(costOf(long, price, { at, mode: "thinking" }).total)).toBe("1.504");
  });

  it("names only catalog models and cites every curated fact", () => {
    const keys = new Set(catalog.list().map((m) => `${m.provider}/${m.id}`));
    for (const table of [INPUT_LIMITS, API_IDS, THINKING_SWITCHES]) {
      for (const [key, fact] of Object.entries(table)) {
        expect(keys.has(key), key).toBe(true);
        expect(fact.source.length, key).toBeGreaterThan(20);
      }
    }
    for (const key of [...Object.keys(UNCONFIRMED_API_IDS), ...Object.keys(UNCONFIRMED_INPUT_LIMITS)]) {
      expect(keys.has(key), key).toBe(true);
    }
  });
});
