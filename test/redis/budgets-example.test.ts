import { describe, expect, it } from "vitest";
import { main } from "../../examples/budgets-multiprocess";
import { sharedRedisUrl } from "../support/redis";

const url = sharedRedisUrl();

describe.skipIf(!url)("examples/budgets-multiprocess.ts", () => {
  it("3 processes share one hard budget: spent ≤ limit, the stream's ledgers equal the billing", async () => {
    const lines: string[] = [];
    const out = await main((l) => lines.push(l), url);
    expect(out.ok).toBeGreaterThan(0);
    expect(out.refused).toBeGreaterThan(0);
    expect(out.spent.atto).toBeLessThanOrEqual(out.limit.atto);
    expect(out.ledger).toEqual(out.billed);
    expect(out.spent).toEqual(out.billed);
    expect(lines.join("\n")).toMatch(/refused with BudgetExceededError/);
  }, 120_000);
});
