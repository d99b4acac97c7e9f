import { main as cli } from "@tokenwise/cli";
import { describe, expect, it } from "vitest";
import { main } from "../../examples/nightly-batch";

describe("examples/nightly-batch.ts and tokenwise jobs", () => {
  it("defers 50 tau-bench first turns with a 12 h deadline: cheaper than at once, none late, realized = billed", async () => {
    const lines: string[] = [];
    const s = await main((l) => lines.push(l));
    expect(s.jobs).toBe(50);
    expect(s.missed).toBe(0);
    expect(s.realized.atto).toBe(s.billed.atto);
    expect(s.expected.atto).toBeLessThan(s.runNow.atto);
    expect(lines.join("\n")).toMatch(/plan:\n\s+\d+ × (window|batch|now)/);

    const out: string[] = [];
    const code = await cli(["jobs", "jobs.json"], {
      stdout: (l) => out.push(l),
      stderr: (l) => out.push(l),
      readFile: () => s.snapshot,
    });
    expect(code).toBe(0);
    const text = out.join("\n");
    expect(text).toMatch(/^done \(50\)/m);
    expect(text).toMatch(/savings by mechanism/);
    expect(text).toMatch(/^\s+total\s+50\s+50 /m);
    const bad: string[] = [];
    expect(
      await cli(["jobs", "jobs.json", "--status", "late"], {
        stdout: () => {},
        stderr: (l) => bad.push(l),
        readFile: () => s.snapshot,
      }),
    ).toBe(1);
    expect(bad.join("")).toMatch(/--status must be one of/);
  }, 120_000);
});
