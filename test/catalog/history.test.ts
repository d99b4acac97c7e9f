/**
 * The curated price history (packages/catalog/scripts/history/) against the generated catalog: every
 * entry names a catalog model and cites a dated https source, the generated data is in step with it
 * (regenerate with `npx tsx packages/catalog/scripts/generate.ts` after editing), and the merge
 * refuses histories it cannot order.
 */
import { builtinModels } from "@tokenwise/catalog";
import { modelKey } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { HISTORY, withHistory } from "../../packages/catalog/scripts/history";
import { instant } from "../../packages/catalog/scripts/history/types";

const byKey = new Map(builtinModels().map((m) => [modelKey(m), m]));
const DAY = /^\d{4}-\d{2}-\d{2}$/;

describe("curated price history", () => {
  it("names only catalog models and cites a dated https source on every fact", () => {
    for (const [key, h] of Object.entries(HISTORY)) {
      expect(byKey.has(key), key).toBe(true);
      const sources = [
        ...(h.launch ? [h.launch.source] : []),
        ...(h.tiers ? [h.tiers.source] : []),
        ...[...(h.earlier ?? []), ...(h.versions ?? [])].map((v) => v.source),
      ];
      expect(sources.length, key).toBeGreaterThan(0);
      for (const s of sources) {
        expect(s.url, key).toMatch(/^https:\/\//);
        expect(s.asOf, key).toMatch(DAY);
      }
      if (h.launch) expect(Number.isNaN(Date.parse(instant(h.launch.at))), key).toBe(false);
    }
  });

  it("is what the generated data holds (the generator was re-run after the last edit)", () => {
    for (const [key, h] of Object.entries(HISTORY)) {
      const prices = byKey.get(key)!.prices;
      if (h.versions) {
        const pick = (v: { effectiveFrom: string; input: string; output: string; cacheRead?: string }) =>
          [instant(v.effectiveFrom), v.input, v.output, v.cacheRead].join(" ");
        expect(prices.map(pick), key).toEqual(h.versions.map(pick));
        continue;
      }
      const earlier = h.earlier ?? [];
      earlier.forEach((v, i) => {
        expect(prices[i]!.effectiveFrom, key).toBe(instant(v.effectiveFrom));
        expect(prices[i]!.source.url, key).toBe(v.source.url);
      });
      const launched = prices[earlier.length]!;
      if (h.launch) {
        expect(launched.effectiveFrom, key).toBe(instant(h.launch.at));
        expect(launched.source.note, key).toContain(h.launch.source.url);
      }
      if (h.tiers) {
        for (const v of prices.slice(earlier.length)) {
          expect(
            v.tiers?.map((t) => t.aboveInputTokens),
            key,
          ).toEqual(h.tiers.tiers.map((t) => t.aboveInputTokens));
        }
      }
    }
  });

  it("puts earlier versions first and refuses versions it cannot order", () => {
    const source = { url: "https://example.test/a", asOf: "2026-01-01" };
    const file = [{ effectiveFrom: "2026-01-01T00:00:00Z", input: "1", output: "2", source }];
    // gpt-4o's curated earlier version (2024-05-13) goes before a file version from 2026.
    expect(withHistory("openai/gpt-4o", file).map((v) => v.effectiveFrom)).toEqual([
      "2024-05-13T00:00:00Z",
      "2026-01-01T00:00:00Z",
    ]);
    // …but not after one from 2024-01-01.
    expect(() =>
      withHistory("openai/gpt-4o", [{ ...file[0]!, effectiveFrom: "2024-01-01T00:00:00Z" }]),
    ).toThrow(/openai\/gpt-4o: price versions out of order at 2024-01-01T00:00:00Z/);
    // A model without a curated history keeps the file's versions as they are.
    expect(withHistory("acme/none", file)).toBe(file);
  });
});
