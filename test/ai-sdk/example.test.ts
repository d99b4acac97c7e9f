import { describe, expect, it } from "vitest";
import { main } from "../../examples/ai-sdk-agent";
import { loadTraces } from "../../examples/demo";

describe("examples/ai-sdk-agent.ts", () => {
  it("runs the recorded airline conversation through generateText loops; accounted = billed = ledger", async () => {
    const lines: string[] = [];
    const s = await main((l) => lines.push(l));
    const recorded = loadTraces(1).trajectories[0]!;
    const assistantTurns = recorded.filter((m) => m.role === "assistant");
    const recordedToolCalls = assistantTurns.reduce(
      (n, m) => n + (m.role === "assistant" ? (m.tool_calls?.length ?? 0) : 0),
      0,
    );
    // Every recorded agent turn became one step, every recorded tool call one executed tool call.
    expect(s.steps).toBe(assistantTurns.length);
    expect(s.toolCalls).toBe(recordedToolCalls);
    expect(s.toolCalls).toBeGreaterThan(0);
    expect(s.turns).toBeGreaterThan(1);
    expect(s.accounted).toEqual(s.billed);
    expect(s.ledger).toEqual(s.billed);
    expect(s.billed.atto).toBeGreaterThan(0n);
    expect(lines.at(-3)).toMatch(/^ {2}accounted \(providerMetadata\) 0\.\d+ USD$/);
  });
});
