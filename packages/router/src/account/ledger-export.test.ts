import { makeUsage, ValidationError } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { createMemoryLedger, type LedgerEntry } from "./ledger";
import { createJsonlLedgerSink, LedgerLineSchema, ledgerLine, parseLedgerJsonl } from "./ledger-export";

const E18 = 10n ** 18n;

const exact: LedgerEntry = {
  callId: "twc_1",
  attempt: 1,
  requestId: "req_1",
  provider: "deepseek",
  model: "deepseek-v4-flash",
  at: new Date("2026-08-10T09:30:00.000Z"),
  cost: { currency: "USD", atto: 1_234_567_890_123n },
  native: { currency: "USD", atto: 1_234_567_890_123n },
  accuracy: "exact",
  tags: ["trajectory-0"],
  tenant: "acme",
  usage: makeUsage({ input: 900, cacheRead: 8_000, output: 120 }),
  priceVersion: "2026-07-31T00:00:00Z",
  call: {
    taskKind: "general",
    tokens: { deepseek: 8_870, o200k_base: 8_410 },
    capabilities: ["tools"],
    streamed: false,
    maxOutputTokens: 1_000,
    constraints: {
      minQuality: 0.6,
      qualityConfidence: 0.5,
      latencyPercentile: 0.9,
      currency: "USD",
      maxCostPerCall: "0.01",
    },
    estimate: {
      usage: makeUsage({ input: 870, cacheRead: 8_000, output: 256 }),
      cost: { currency: "USD", atto: 1_500_000_000_000n },
      outputReserve: { output: 1_000, reasoning: 0 },
    },
  },
};

const estimated: LedgerEntry = {
  callId: "twc_2",
  attempt: 2,
  provider: "openai",
  model: "gpt-4o-mini",
  at: new Date("2026-08-10T10:00:00.000Z"),
  cost: { currency: "USD", atto: 3n * E18 },
  accuracy: "estimated",
  reason: "stream-cut",
  errorBar: { low: { currency: "USD", atto: E18 }, high: { currency: "USD", atto: 5n * E18 } },
  tags: [],
};

describe("ledger export (JSONL v1)", () => {
  it("round-trips every field, money as exact decimal strings", () => {
    const ledger = createMemoryLedger();
    ledger.record(exact);
    ledger.record(estimated);
    const text = ledger.exportJsonl();
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({
      v: 1,
      callId: "twc_1",
      at: "2026-08-10T09:30:00.000Z",
      cost: { currency: "USD", amount: "0.000001234567890123" },
      taskKind: "general",
      footprint: {
        tokens: { deepseek: 8_870, o200k_base: 8_410 },
        capabilities: ["tools"],
        maxOutputTokens: 1_000,
      },
      constraints: { minQuality: 0.6, maxCostPerCall: "0.01" },
      estimate: { cost: { currency: "USD", amount: "0.0000015" }, outputReserve: { output: 1_000 } },
    });
    expect(JSON.parse(lines[1]!)).toMatchObject({
      accuracy: "estimated",
      reason: "stream-cut",
      errorBar: { high: { amount: "5" } },
    });
    expect(text).not.toMatch(/\d[eE][+-]?\d/); // no float notation anywhere
    expect(parseLedgerJsonl(text)).toEqual([exact, estimated]);
  });

  it("streams one line per entry as the router records it", async () => {
    const chunks: string[] = [];
    const sink = createJsonlLedgerSink((line) => {
      chunks.push(line);
    });
    await sink.record(exact);
    await sink.record(estimated);
    expect(chunks.join("")).toBe(createMemoryLedgerOf([exact, estimated]).exportJsonl());
    expect(chunks.every((c) => c.endsWith("\n") && c.indexOf("\n") === c.length - 1)).toBe(true);
  });

  it("refuses bad lines with the line number and the zod path, all at once", () => {
    const good = JSON.stringify(ledgerLine(exact));
    const badUsage = JSON.stringify({ ...ledgerLine(exact), usage: { ...exact.usage, input: -1 } });
    const floatCost = JSON.stringify({ ...ledgerLine(estimated), cost: { currency: "USD", amount: 0.5 } });
    const v2 = JSON.stringify({ ...ledgerLine(estimated), v: 2 });
    const partial = JSON.stringify({ ...ledgerLine(exact), footprint: undefined });
    const text = [good, badUsage, "{not json", floatCost, "", v2, partial].join("\n");
    let error: unknown;
    try {
      parseLedgerJsonl(text, { source: "calls.jsonl" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues.find((i) => i.path.join(".") === "2.usage.input")?.value).toBe(-1);
    expect(issues.find((i) => i.path.join(".") === "3")?.message).toMatch(/not valid JSON/);
    expect(issues.find((i) => i.path.join(".") === "4.cost.amount")?.value).toBe(0.5);
    expect(issues.find((i) => i.path.join(".") === "6.v")?.message).toMatch(/v": 1/);
    expect(issues.find((i) => i.path.join(".") === "7.footprint")?.message).toMatch(/come together/);
    expect((error as ValidationError).message).toMatch(/^calls\.jsonl: /);
    expect(issues.at(-1)?.message).toBe("5 bad line(s) in all");
    expect(LedgerLineSchema.safeParse(JSON.parse(good)).success).toBe(true);
  });
});

function createMemoryLedgerOf(entries: LedgerEntry[]) {
  const l = createMemoryLedger();
  for (const e of entries) l.record(e);
  return l;
}
