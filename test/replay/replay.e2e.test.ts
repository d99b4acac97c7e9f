import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main, replay } from "@tokenwise/cli";
import { formatMoney, ValidationError } from "@tokenwise/core";
import { parseLedgerJsonl } from "@tokenwise/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MODELS } from "../../examples/demo";
import { hypotheticalRise, type RecordedLedger, recordTauBenchLedger } from "../../examples/price-shock";

// tau-bench agent traffic recorded through the router against the testkit, on an instant where every
// demo model is priced (Monday 2026-10-05, 12:00 UTC: DeepSeek off-peak), every 4th call streamed, and the model it
// failing some requests mid-way (estimated entries, failover): the ledger holds exact and estimated
// lines, and calls with more than one line.
const START = new Date("2026-10-05T12:00:00Z");
let recorded: RecordedLedger;
let dir: string;

beforeAll(async () => {
  recorded = await recordTauBenchLedger({
    start: START,
    trajectories: 2,
    streamEvery: 4,
    faults: { "deepseek/deepseek-v4-flash": ["ok", "malformed-json", "ok", "ok", "truncated-sse"] },
  });
  dir = mkdtempSync(join(tmpdir(), "tokenwise-replay-"));
  writeFileSync(join(dir, "calls.jsonl"), recorded.jsonl);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = async (argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), cwd: dir });
  return { code, text: out.join("\n"), err: err.join("\n") };
};

describe("ledger export and replay on the tau-bench calls", () => {
  it("exports every billed attempt, streamed as recorded, with footprints", () => {
    const entries = parseLedgerJsonl(recorded.jsonl, { source: "calls.jsonl" });
    expect(recorded.streamed).toBe(recorded.jsonl);
    expect(entries.length).toBeGreaterThan(recorded.calls); // failed-over attempts have their own line
    expect(new Set(entries.map((e) => e.callId)).size).toBe(recorded.calls);
    expect(entries.some((e) => e.accuracy === "estimated")).toBe(true);
    expect(entries.some((e) => e.call?.streamed)).toBe(true);
    for (const e of entries) {
      const served = recorded.catalog.find(`${e.provider}/${e.model}`);
      expect(e.call!.tokens[served.tokenizer]).toBeGreaterThan(0); // the family of the model that served
      expect(e.call!.estimate.cost.atto).toBeGreaterThan(0n);
      expect(e.call?.capabilities).toContain("tools");
      expect(e.call?.constraints.minQuality).toBe(0.6);
      expect(e.usage).toBeDefined();
    }
  });

  it("replays under the prices that were in force: the recorded ledger total to the atto", async () => {
    const entries = parseLedgerJsonl(recorded.jsonl);
    const catalog = recorded.catalog;
    const r = replay({ entries, models: catalog.list(), fx: catalog.fx });
    expect(r.recorded.total.atto).toBe(recorded.total);
    expect(r.repriced.atto).toBe(recorded.total);
    expect(r.recorded.estimated.atto).toBeGreaterThan(0n);
    // Per call too, and a call re-routed to its own model costs exactly its re-priced amount.
    for (const c of r.perCall) {
      expect(c.repriced.atto).toBe(c.recorded.atto);
      if (c.outcome === "same") expect(c.rerouted.atto).toBe(c.repriced.atto);
    }
    const cli = await run(["replay", "calls.jsonl"]);
    expect(cli.code).toBe(0);
    const total = formatMoney({ currency: "USD", atto: recorded.total }, 6);
    expect(cli.text).toMatch(new RegExp(`recorded\\s+${total}`));
    expect(cli.text).toMatch(new RegExp(`if nothing changes\\s+${total}\\s+\\+0\\.0%`));
  });

  it("replays under a rise: before and after totals and the share of calls re-routed; plots render", async () => {
    const catalog = recorded.catalog;
    const rise = hypotheticalRise(
      catalog,
      ["deepseek/deepseek-v4-flash", "deepseek/deepseek-chat"],
      5n,
      "2026-10-01T00:00:00Z",
    );
    writeFileSync(join(dir, "rise.json"), JSON.stringify(rise));
    const entries = parseLedgerJsonl(recorded.jsonl);
    const shocked = catalog.extend(rise, { mode: "merge" });
    const demo = DEMO_MODELS.map((k) => shocked.find(k));
    const r = replay({ entries, models: demo, fx: shocked.fx });
    const deepseekCalls = r.perCall.filter((c) => c.recordedModel.startsWith("deepseek/")).length;
    expect(deepseekCalls).toBeGreaterThan(0);
    expect(r.repriced.atto).toBeGreaterThan(r.recorded.total.atto);
    expect(r.rerouted.atto).toBeLessThan(r.repriced.atto);
    expect(r.moved.count).toBeGreaterThan(0);
    expect(r.moved.share).toBe(r.moved.count / r.calls);
    for (const c of r.perCall.filter((x) => x.outcome === "moved")) {
      expect(c.model.startsWith("deepseek/")).toBe(false);
      expect(c.reroutedUsage!.output).toBeGreaterThanOrEqual(0);
    }

    const cli = await run([
      "replay",
      "calls.jsonl",
      "--prices",
      "rise.json",
      "--constraints",
      JSON.stringify({ allowModels: DEMO_MODELS }),
      "--plot",
      "plots",
    ]);
    expect(cli.err).toBe("");
    expect(cli.code).toBe(0);
    if (process.env.TOKENWISE_REPLAY_PRINT) console.log(cli.text);
    expect(cli.text).toContain(`if nothing changes  ${formatMoney(r.repriced, 6)}`);
    expect(cli.text).toContain(`re-routed           ${formatMoney(r.rerouted, 6)}`);
    expect(cli.text).toContain(
      `calls that move: ${r.moved.count} of ${r.calls} (${(r.moved.share * 100).toFixed(1)}%)`,
    );
    expect(cli.text).toMatch(/by model:[\s\S]*by tag:[\s\S]*team-a[\s\S]*by day:[\s\S]*2026-10-05/);
    for (const name of ["replay-by-day", "replay-by-model"]) {
      const svg = readFileSync(join(dir, "plots", `${name}.svg`), "utf8");
      expect(svg.length).toBeGreaterThan(1000);
      expect(svg).toContain("<svg");
      expect(svg.match(/role-mark[^"]*marktype-rect|mark-rect/g)?.length ?? 0).toBeGreaterThan(0);
      expect((svg.match(/<path[^>]*aria-roledescription="bar"/g) ?? []).length).toBeGreaterThanOrEqual(3);
      for (const s of ["recorded", "if nothing changes", "re-routed"]) expect(svg).toContain(s);
      expect(
        readFileSync(join(dir, "plots", `${name}.png`))
          .subarray(1, 4)
          .toString(),
      ).toBe("PNG");
    }
    const byModel = readFileSync(join(dir, "plots", "replay-by-model.svg"), "utf8");
    for (const m of r.moves) expect(byModel).toContain(m.to);
  });

  it("refuses bad input with typed errors", async () => {
    writeFileSync(join(dir, "bad.jsonl"), `${recorded.jsonl.split("\n")[0]}\n{"v":1,"callId":""}\n`);
    const bad = await run(["replay", "bad.jsonl"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/bad\.jsonl: 2\.callId: /);
    const entries = parseLedgerJsonl(recorded.jsonl);
    const catalog = recorded.catalog;
    expect(() =>
      replay({ entries, models: catalog.list(), fx: catalog.fx, constraints: { minQuallity: 0.5 } as never }),
    ).toThrow(ValidationError);
    expect(() =>
      replay({ entries, models: catalog.list(), fx: catalog.fx, at: new Date(0), shiftDays: 1 }),
    ).toThrow(/either at or shiftDays/);
    const badConstraints = await run(["replay", "calls.jsonl", "--constraints", "{nope"]);
    expect(badConstraints.err).toMatch(/--constraints: expected a JSON object/);
  });

  it("re-prices under a price feed (LiteLLM format) merged over the catalog", async () => {
    const sample = readFileSync(
      new URL("../../packages/catalog/src/importers/__fixtures__/litellm-subset.json", import.meta.url),
      "utf8",
    );
    writeFileSync(join(dir, "litellm.json"), sample);
    const at = "2026-11-30T12:00:00Z";
    const viaFeed = await run([
      "replay",
      "calls.jsonl",
      "--prices",
      "litellm.json",
      "--at",
      at,
      "--no-reroute",
    ]);
    expect(viaFeed.err).toBe("");
    expect(viaFeed.code).toBe(0);
    expect(viaFeed.text).toContain("with litellm.json merged over it");
    // The same file named with its format, and a feed that prices none of the catalog's models.
    const named = await run([
      "replay",
      "calls.jsonl",
      "--prices",
      "litellm.json",
      "--format",
      "litellm",
      "--at",
      at,
    ]);
    expect(named.code).toBe(0);
    writeFileSync(join(dir, "empty-feed.json"), JSON.stringify({ data: [] }));
    const empty = await run([
      "replay",
      "calls.jsonl",
      "--prices",
      "empty-feed.json",
      "--format",
      "openrouter",
    ]);
    expect(empty.code).not.toBe(0);
    expect(empty.err).toMatch(/prices none of the catalog's models/);
  });
});
