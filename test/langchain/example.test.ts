import { describe, expect, it } from "vitest";
import { main } from "../../examples/langchain-agent";

describe("examples/langchain-agent.ts", () => {
  it("runs the tool loop and its per-step costs add up to what the providers billed", async () => {
    const lines: string[] = [];
    const run = await main((l) => lines.push(l));
    expect(run.answer).toBe("It is sunny in Lisbon: 21 °C, which is 69.8 °F.");
    expect(run.steps).toHaveLength(3);
    expect(run.total).toEqual(run.billed);
    expect(run.total.atto).toBeGreaterThan(0n);
    expect(lines.join("\n")).toMatch(/step 1: .*get_weather\(\{"city":"Lisbon"\}\)/);
  });
});
