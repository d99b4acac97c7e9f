import { describe, expect, it } from "vitest";
import { runDemo } from "../../examples/demo";
import { main as quickstart } from "../../examples/quickstart";
import { main as streaming } from "../../examples/streaming";

describe("examples run", () => {
  it("quickstart", async () => {
    const lines: string[] = [];
    const model = await quickstart((l) => lines.push(l));
    expect(model).toMatch(/\//);
    expect(lines.join("\n")).toMatch(/realized \d+\.\d+ USD/);
  });
  it("streaming (fails over before the first token)", async () => {
    let out = "";
    const model = await streaming((t) => {
      out += t;
    });
    expect(model).toBe("gpt-5.4");
    expect(out).toContain("gpt-5.1:error 503");
    expect(out).toContain("Streaming, one token at a time");
  });
  it("demo: the ledgers equal what the simulated providers billed", async () => {
    const s = await runDemo({ trajectories: 1, quiet: true, log: () => {}, env: {} });
    expect(s.calls).toBeGreaterThan(3);
    for (const n of s.nativeTotals) expect(n.ledgers).toBe(n.billed);
    // Converted to USD: equal up to FX rounding (the ledger converts each cost part, the log each total).
    const diff = s.billedByProviders.atto - (s.routed.atto + s.strongest.atto);
    expect(diff < 0n ? -diff : diff).toBeLessThanOrEqual(BigInt(s.calls * 2 * 7));
    expect(s.routed.atto).toBeLessThanOrEqual(s.strongest.atto);
  });
});
