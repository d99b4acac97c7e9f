import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCatalog, loadPriceTable } from "@tokenwise/catalog";
import { formatMoney, moneyFromDecimal } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { hypotheticalRise, RISE_FROM, RISE_MODELS, runPriceShock } from "./price-shock";

describe("examples/price-shock", () => {
  it("replays recorded tau-bench traffic through DeepSeek's 2026 scheme and a hypothetical rise, offline", async () => {
    const lines: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), "price-shock-"));
    try {
      const s = await runPriceShock({ trajectories: 2, plotDir: dir, log: (l) => lines.push(l) });
      const text = lines.join("\n");
      expect(s.calls).toBeGreaterThan(10);
      // At the prices that were in force, the replay is the ledger, to the atto.
      expect(s.asRecorded.repriced.atto).toBe(s.asRecorded.recorded.total.atto);
      expect(text).toContain(
        "replayed at the prices in force when recorded: equal to the ledger to the atto",
      );
      // DeepSeek's scheme raises the bill; the hypothetical rise on top raises it more.
      expect(s.schemeOnly.repriced.atto).toBeGreaterThan(s.asRecorded.repriced.atto);
      expect(s.shock.repriced.atto).toBeGreaterThan(s.schemeOnly.repriced.atto);
      // Re-routing under the same quality floor moves calls off the family that rose, and costs less.
      expect(s.shock.rerouted.atto).toBeLessThan(s.shock.repriced.atto);
      expect(s.shock.moved.count).toBeGreaterThan(0);
      for (const c of s.shock.perCall.filter((x) => x.outcome === "moved"))
        expect(RISE_MODELS).not.toContain(c.model);
      expect(text).toContain(`if nothing changes  ${formatMoney(s.shock.repriced, 6)}`);
      expect(text).toContain(`re-routed           ${formatMoney(s.shock.rerouted, 6)}`);
      expect(text).toMatch(/HYPOTHETICAL \+400% on deepseek\/deepseek-v4-flash.*not a real price/);
      expect(s.plots).toHaveLength(4);
      for (const f of s.plots) expect(existsSync(f)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("builds the hypothetical rise as a valid user table: every price ×5, windows kept, flagged", () => {
    const catalog = createCatalog();
    const table = loadPriceTable(hypotheticalRise(catalog, RISE_MODELS, 5n, RISE_FROM), { name: "rise" });
    const atto = (v: string | undefined) => moneyFromDecimal(v ?? "0", "USD").atto;
    for (const [i, key] of RISE_MODELS.entries()) {
      const base = catalog.priceAt(key, new Date(RISE_FROM));
      const v = table.models[i]!.prices[0]!;
      expect(v.effectiveFrom).toBe(RISE_FROM);
      for (const f of ["input", "output", "cacheRead"] as const) expect(atto(v[f])).toBe(5n * atto(base[f]));
      expect(v.windows).toEqual(base.windows);
      expect(v.source.note).toMatch(/^HYPOTHETICAL scenario, not a real price/);
    }
  });
});
