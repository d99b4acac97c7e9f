import { createCatalog } from "@tokenwise/catalog";
import { makeUsage } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { cheapest, main, nextDeepSeekOffPeak } from "./prices";

const now = () => new Date("2026-11-27T09:00:00Z"); // Friday 09:00 UTC: DeepSeek peak

describe("examples/prices", () => {
  it("prints three top-10 lists for the default request", () => {
    const text = main([], { now });
    expect(text).toContain("Request: 20000 input tokens, 1000 output tokens");
    expect(text).toContain("10 cheapest now (2026-11-27T09:00:00.000Z), in USD:");
    expect(text).toContain(
      "10 cheapest at DeepSeek's next off-peak instant (2026-11-27T10:00:00.000Z), in USD:",
    );
    expect(text).toContain("10 cheapest now, in CNY  (FX USD/CNY 7.0197 of 2026-01-08):");
    expect(text.match(/^\s*\d+\. /gm)).toHaveLength(30);
    expect(text).toContain("FX: CFETS central parity rate, 2026-01-08");
    // deepseek-v4-flash is billed as V4.1-Flash since 2026-09-10 (DeepSeek's pricing page):
    // 20000×0.30/2 + 1000×1.20/2 per million = 0.003 + 0.0006
    expect(text).toContain("deepseek/deepseek-v4-flash 0.003600 USD (off-peak)");
  });

  it("ranks ascending and fits the request", () => {
    const catalog = createCatalog({ now });
    const usage = makeUsage({ input: 20_000, output: 1_000 });
    const rows = cheapest(catalog, usage, now(), "USD");
    expect(rows).toHaveLength(10);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.ranked.total.atto >= rows[i - 1]!.ranked.total.atto).toBe(true);
    }
    expect(rows.every((r) => r.ranked.currency === "USD" && r.ranked.total.atto > 0n)).toBe(true);
    // A 300K-token prompt excludes 128K-context models.
    const big = cheapest(catalog, makeUsage({ input: 300_000, output: 1_000 }), now(), "USD", 100);
    expect(big.some((r) => r.key === "openai/gpt-4o")).toBe(false);
  });

  it("finds DeepSeek's off-peak instant and prices DeepSeek at half there", () => {
    const catalog = createCatalog({ now });
    const at = nextDeepSeekOffPeak(catalog, now());
    expect(at.toISOString()).toBe("2026-11-27T10:00:00.000Z");
    const usage = makeUsage({ input: 20_000, output: 1_000 });
    const peak = cheapest(catalog, usage, now(), "USD", 100).find(
      (r) => r.key === "deepseek/deepseek-v4-flash",
    )!;
    const off = cheapest(catalog, usage, at, "USD", 100).find((r) => r.key === "deepseek/deepseek-v4-flash")!;
    expect(off.ranked.total.atto * 2n).toBe(peak.ranked.total.atto);
    expect(off.native.window).toBe("off-peak");
  });

  it("takes the request size from the arguments and rejects bad ones", () => {
    expect(main(["1000", "10"], { now })).toContain("Request: 1000 input tokens, 10 output tokens");
    expect(() => main(["lots"], { now })).toThrow(/usage/);
  });
});
