import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TokenwiseError, ValidationError } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { createCatalog } from "./create-catalog";
import { loadPriceTable } from "./load-price-table";

const dir = mkdtempSync(join(tmpdir(), "tokenwise-catalog-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const model = () => ({
  provider: "acme",
  id: "m1",
  api: "openai",
  contextWindow: 32_000,
  maxOutput: 4_096,
  capabilities: { tools: true, vision: false, structuredOutput: false, streaming: true, reasoning: false },
  tokenizer: "cl100k_base",
  prices: [
    {
      currency: "USD",
      effectiveFrom: "2026-01-01T00:00:00Z",
      input: "1",
      output: "2",
      source: { url: "https://acme.test/pricing", asOf: "2026-01-01" },
    },
  ],
});

type Model = ReturnType<typeof model>;
type Version = Model["prices"][number] & Record<string, unknown>;

/** Loads `[mutated model]` and returns the ValidationError it throws. */
function rejection(mutate: (m: Model, v: Version) => unknown[] | undefined): ValidationError {
  const m = model();
  const table = mutate(m, m.prices[0] as Version) ?? [m];
  try {
    loadPriceTable(table, { name: "bad.json" });
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error("table was accepted");
}

describe("loadPriceTable: accepts", () => {
  it("an in-memory list or { models, fx }", () => {
    expect(loadPriceTable([model()]).models[0]!.id).toBe("m1");
    const table = loadPriceTable(
      {
        models: [model()],
        fx: { rates: [{ base: "USD", quote: "EUR", rate: "0.9", date: "2026-01-01", source: "mine" }] },
      },
      { name: "mine" },
    );
    expect(table.source).toBe("mine");
    expect(table.fx?.rates).toHaveLength(1);
  });

  it("a JSON file", () => {
    const path = file("prices.json", JSON.stringify({ models: [model()] }));
    expect(loadPriceTable(path)).toMatchObject({ source: path, models: [{ provider: "acme", id: "m1" }] });
  });

  it("a YAML file with numbers for prices, usable by createCatalog", () => {
    const path = file(
      "prices.yaml",
      `models:
  - provider: acme
    id: m1
    api: openai
    contextWindow: 32000
    maxOutput: 4096
    capabilities: { tools: true, vision: false, structuredOutput: false, streaming: true, reasoning: false }
    tokenizer: cl100k_base
    prices:
      - currency: CNY
        effectiveFrom: 2026-01-01T00:00:00+08:00
        input: 0.8
        output: 2
        tiers:
          - { aboveInputTokens: 32000, input: 1.2, output: 4 }
        source: { url: "https://acme.test/pricing", asOf: "2026-01-01" }
`,
    );
    const table = loadPriceTable(path);
    expect(table.models[0]!.prices[0]!.input).toBe("0.8");
    const catalog = createCatalog({ tables: [path], now: () => new Date("2026-06-01T00:00:00Z") });
    expect(catalog.priceAt("acme/m1").tiers?.[0]?.input).toBe("1.2");
  });
});

describe("loadPriceTable: input limits, API ids and thinking-mode prices", () => {
  it("accepts them from YAML (numbers for prices) and prices each mode", () => {
    const path = file(
      "modes.yaml",
      `models:
  - provider: acme
    id: acme-hybrid
    apiId: acme-hybrid-2026-11-01
    api: openai
    contextWindow: 400000
    maxInputTokens: 272000
    maxOutput: 32000
    thinkingSwitch: enable_thinking
    capabilities: { tools: true, vision: false, structuredOutput: false, streaming: true, reasoning: true }
    tokenizer: cl100k_base
    prices:
      - currency: CNY
        effectiveFrom: 2026-11-01T00:00:00+08:00
        input: 0.8
        output: 2
        thinking: { output: 8 }
        defaultMode: non-thinking
        tiers:
          - { aboveInputTokens: 128000, input: 2.4, output: 20, thinking: { output: 24 } }
        source: { url: "https://acme.test/pricing", asOf: "2026-11-01" }
`,
    );
    const [entry] = loadPriceTable(path).models;
    expect(entry).toMatchObject({ apiId: "acme-hybrid-2026-11-01", maxInputTokens: 272_000 });
    expect(entry!.thinkingSwitch).toBe("enable_thinking");
    expect(entry!.prices[0]!.thinking).toEqual({ output: "8" });
    expect(entry!.prices[0]!.tiers?.[0]?.thinking).toEqual({ output: "24" });
  });

  it("rejects an input limit above the context window, an empty API id and an unknown switch", () => {
    const e = rejection((m) => {
      Object.assign(m, { maxInputTokens: 40_000, apiId: "", thinkingSwitch: "on" });
      return undefined;
    });
    const paths = e.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["0.apiId", "0.thinkingSwitch"]));
    // The limit is checked once the fields parse.
    const limit = rejection((m) => {
      Object.assign(m, { maxInputTokens: 40_000 });
      return undefined;
    });
    expect(limit.issues[0]).toMatchObject({ path: [0, "maxInputTokens"] });
    expect(limit.message).toContain("maxInputTokens 40000 is above the context window 32000");
  });

  it("rejects thinking prices without a default mode, a tier without its thinking prices, and an empty set", () => {
    const e = rejection((_m, v) => {
      Object.assign(v, {
        thinking: { output: "8" },
        tiers: [{ aboveInputTokens: 16_000, input: "2", output: "4" }],
      });
      return undefined;
    });
    expect(e.issues.map((i) => i.path.join("."))).toEqual(
      expect.arrayContaining(["0.prices.0.defaultMode", "0.prices.0.tiers.0.thinking"]),
    );
    expect(e.message).toContain(
      "bad.json: 0.prices.0.defaultMode: a version with thinking prices needs defaultMode",
    );
    const empty = rejection((_m, v) => {
      Object.assign(v, { thinking: {}, defaultMode: "thinking" });
      return undefined;
    });
    expect(empty.issues[0]).toMatchObject({ path: [0, "prices", 0, "thinking"] });
    const mode = rejection((_m, v) => {
      Object.assign(v, { thinking: { output: "8" }, defaultMode: "sometimes" });
      return undefined;
    });
    expect(mode.issues[0]).toMatchObject({ path: [0, "prices", 0, "defaultMode"], value: "sometimes" });
  });
});

describe("loadPriceTable: rejects bad tables with the file, path and value", () => {
  it("a negative price", () => {
    const e = rejection((_m, v) => {
      v.input = "-1";
      return undefined;
    });
    expect(e.issues[0]).toMatchObject({ path: [0, "prices", 0, "input"], value: "-1" });
    expect(e.message).toMatch(/^bad\.json: 0\.prices\.0\.input: must not be negative/);
  });

  it("an unknown currency", () => {
    const e = rejection((_m, v) => {
      v.currency = "XYZ";
      return undefined;
    });
    expect(e.issues[0]).toMatchObject({ path: [0, "prices", 0, "currency"], value: "XYZ" });
    expect(e.message).toContain("0.prices.0.currency: unknown currency");
    expect(e.message).toContain('(got "XYZ")');
  });

  it("overlapping time windows", () => {
    const e = rejection((_m, v) => {
      v.windows = [
        { name: "night", timezone: "UTC", days: ["mon"], start: "16:30", end: "00:30", multiplier: "0.5" },
        { name: "late", timezone: "UTC", days: ["tue"], start: "00:00", end: "02:00", multiplier: "0.75" },
      ];
      return undefined;
    });
    expect(e.issues[0]!.path).toEqual([0, "prices", 0, "windows", 1]);
    expect(e.message).toContain('window "late" overlaps window "night"');
  });

  it("an unparsable effectiveFrom", () => {
    const e = rejection((_m, v) => {
      v.effectiveFrom = "next tuesday";
      return undefined;
    });
    expect(e.issues[0]).toMatchObject({ path: [0, "prices", 0, "effectiveFrom"], value: "next tuesday" });
    expect(e.message).toContain("0.prices.0.effectiveFrom: must be an ISO 8601 instant");
  });

  it("duplicate model ids", () => {
    const e = rejection((m) => [m, model()]);
    expect(e.issues[0]!.path).toEqual([1, "id"]);
    expect(e.message).toContain('1.id: duplicate model id "acme/m1" (first at index 0)');
  });

  it("a tier threshold below zero", () => {
    const e = rejection((_m, v) => {
      v.tiers = [{ aboveInputTokens: -5, input: "2", output: "4" }];
      return undefined;
    });
    expect(e.issues[0]).toMatchObject({ path: [0, "prices", 0, "tiers", 0, "aboveInputTokens"], value: -5 });
    expect(e.message).toContain("tier threshold must not be below zero");
  });

  it("names the file and the path for a bad file, and reports invalid YAML", () => {
    const path = file("bad.yaml", "models:\n  - provider: acme\n    id: m1\n");
    expect(() => loadPriceTable(path)).toThrow(ValidationError);
    try {
      loadPriceTable(path);
    } catch (error) {
      expect((error as ValidationError).message).toContain(`${path}: models.0.api`);
    }
    const broken = file("broken.yml", "models: [\n");
    expect(() => loadPriceTable(broken)).toThrow(/broken\.yml: \(root\): not valid YAML/);
  });

  it("an unsupported extension or missing file", () => {
    expect(() => loadPriceTable(join(dir, "prices.csv"))).toThrow(TokenwiseError);
    expect(() => loadPriceTable(join(dir, "missing.json"))).toThrow(/cannot read price table/);
  });
});
