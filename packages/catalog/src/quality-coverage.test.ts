import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { modelKey, qualityInForce, TASK_KINDS } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { builtinModels } from "./builtin-models";

const sources = join(dirname(fileURLToPath(import.meta.url)), "..", "data-sources");
const AT = new Date("2026-10-01T00:00:00Z");
const models = builtinModels();

type Ratings = Record<string, Record<string, [number, number, number]>>;
const files = new Map<string, Ratings>();
function ratingsIn(file: string): Ratings {
  let ratings = files.get(file);
  if (!ratings) {
    ratings = (JSON.parse(readFileSync(join(sources, file), "utf8")) as { models: Ratings }).models;
    files.set(file, ratings);
  }
  return ratings;
}
const CATEGORY: Record<string, string> = {
  general: "full",
  code: "coding",
  math: "math",
  reasoning: "hard_6",
  chinese: "chinese",
  creative: "creative_writing",
  instruction: "if",
  multiturn: "multiturn",
};

describe("quality and latency coverage of the built-in catalog", () => {
  it("gives every model a quality for every task kind (a sourced rating or a flagged prior) and a latency profile", () => {
    const missing: string[] = [];
    let covered = 0;
    for (const m of models) {
      const gaps: string[] = [];
      for (const kind of TASK_KINDS) {
        const q = qualityInForce(m, AT, kind);
        if (!q) gaps.push(`quality.${kind}`);
        else if (q.prior ? !q.rule : !q.asOf)
          gaps.push(`quality.${kind} without ${q.prior ? "rule" : "asOf"}`);
      }
      if (!m.latency) gaps.push("latency");
      else if (m.latency.source === "prior" && !m.latency.rule) gaps.push("latency prior without rule");
      if (gaps.length) missing.push(`${modelKey(m)}: ${gaps.join(", ")}`);
      else covered++;
    }
    // A model added to selection.ts without quality-picks.ts (and a regenerated data/quality.ts) fails here, by name.
    expect(missing).toEqual([]);
    expect(covered / models.length).toBeGreaterThanOrEqual(0.95);
  });

  it("lists every model's quality and latency sources in docs/catalog.md", () => {
    const doc = readFileSync(join(sources, "..", "..", "..", "docs", "catalog.md"), "utf8");
    const table = doc.slice(
      doc.indexOf("<!-- quality-latency-table:start"),
      doc.indexOf("<!-- quality-latency-table:end"),
    );
    const missing = models.map(modelKey).filter((key) => !table.includes(`| \`${key}\` |`));
    // Regenerate with `npx tsx packages/catalog/scripts/generate-quality.ts`.
    expect(missing).toEqual([]);
  });

  it("copies every sourced rating exactly from the leaderboard file it names", () => {
    let checked = 0;
    for (const m of models) {
      const scores = [m.quality, ...(m.qualityVersions ?? []).map((v) => v.scores)];
      for (const byKind of scores) {
        for (const [kind, q] of Object.entries(byKind)) {
          if (!q || q.source === "prior") continue;
          const file = /\((lmarena-text-[^)]+\.json)\)/.exec(q.source)?.[1];
          expect(file, `${modelKey(m)} ${kind}: ${q.source}`).toBeDefined();
          expect(ratingsIn(file!)[q.servedModel!]?.[CATEGORY[kind]!]).toEqual(q.rating);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it("scores an alias as the model it served at the instant (deepseek-chat, deepseek-reasoner)", () => {
    const chat = models.find((m) => modelKey(m) === "deepseek/deepseek-chat")!;
    const reasoner = models.find((m) => modelKey(m) === "deepseek/deepseek-reasoner")!;
    const served = (m: typeof chat, iso: string) => qualityInForce(m, new Date(iso), "general")?.servedModel;
    expect(served(chat, "2025-03-01T00:00:00Z")).toBe("deepseek-v3");
    expect(served(chat, "2025-05-01T00:00:00Z")).toBe("deepseek-v3-0324");
    expect(served(chat, "2025-09-25T00:00:00Z")).toBe("deepseek-v3.1-terminus");
    expect(served(chat, "2025-10-01T00:00:00Z")).toBe("deepseek-v3.2-exp");
    expect(served(chat, "2026-01-15T00:00:00Z")).toBe("deepseek-v3.2");
    // DeepSeek's change log: the aliases serve DeepSeek-V4-Flash from the V4 preview of 2026-04-24.
    expect(served(chat, "2026-04-23T23:59:59Z")).toBe("deepseek-v3.2");
    expect(served(chat, "2026-04-24T00:00:00Z")).toBe("deepseek-v4-flash");
    expect(served(reasoner, "2025-06-01T00:00:00Z")).toBe("deepseek-r1-0528");
    expect(served(reasoner, "2026-08-01T00:00:00Z")).toBe("deepseek-v4-flash-thinking");
    expect(qualityInForce(chat, new Date("2024-12-01T00:00:00Z"), "general")).toBeUndefined();
    // V4-Flash is rated above V3.2 in general: the alias's quality moves with the model it serves.
    const before = qualityInForce(chat, new Date("2026-04-01T00:00:00Z"), "general")!;
    const after = qualityInForce(chat, new Date("2026-05-01T00:00:00Z"), "general")!;
    expect(after.score).toBeGreaterThan(before.score);
  });
});
