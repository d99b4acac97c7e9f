import { describe, expect, it } from "vitest";
import { main } from "../../examples/openai-client-via-server";

describe("examples/openai-client-via-server.ts", () => {
  it("runs offline: the openai client gets the answer, the served model and its cost", async () => {
    const lines: string[] = [];
    const { model, cost } = await main((l) => lines.push(l));
    expect(model).toMatch(/^[a-z]+\/.+/);
    expect(Number(cost)).toBeGreaterThan(0);
    expect(lines.join("\n")).toContain("Red, yellow and blue.");
    expect(lines.join("\n")).toMatch(/cost: {4}\d+\.\d+ USD \(header: \d+\.\d+\)/);
  });
});
