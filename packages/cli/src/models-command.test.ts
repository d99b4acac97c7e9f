import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCatalog } from "@tokenwise/catalog";
import { TASK_KINDS } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { main } from "./index";
import type { ModelsReport } from "./models-command";

const catalog = createCatalog();

async function run(argv: string[], now = "2026-10-01T12:00:00Z") {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    now: () => new Date(now),
    catalog,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("tokenwise models", () => {
  it("prints every model with quality per task kind (score, interval, date, source) and latency", async () => {
    const r = await run(["models"]);
    expect(r.code).toBe(0);
    for (const m of catalog.list()) expect(r.out).toContain(`\n${m.provider}/${m.id}`);
    expect(r.out).toMatch(
      /deepseek\/deepseek-chat {2}\(alias: serves deepseek-v4-flash now\)\n {2}general {5}0\.700 {2}\[0\.694, 0\.706\] {2}2026-03-09 {2}LMArena "deepseek-v4-flash" full/,
    );
    expect(r.out).toMatch(
      /zhipu\/glm-5\.3\n {2}general {5}0\.\d{3} {2}\[0\.\d{3}, 0\.\d{3}\] {2}2026-03-09 {2}prior: successor prior: sibling "glm-5\.1"/,
    );
    expect(r.out).toMatch(
      /openai\/gpt-4o\n(.*\n){8} {2}latency {5}TTFT 450 ms, 131 t\/s {2}measured: Artificial Analysis/,
    );
    expect(r.out).toMatch(/latency {5}TTFT 4600 ms, 24 t\/s {2}prior: provider prior/);
    // 109 built-in models (issue 12 added 22 and qwen-plus, rated where LMArena has them, else flagged priors)
    expect(r.out).toMatch(/coverage:\n {2}general {5}59 rated, 50 priors, 0 without/);
    expect(r.out).toMatch(/latency {5}3 measured, 106 priors, 0 without/);
  });

  it("shows limits (the input limit below the context window), API ids and thinking modes, also in JSON", async () => {
    const r = await run(["models", "--task", "general"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /openai\/gpt-5\n(.*\n){2} {2}limits {6}context 400,000, input ≤ 272,000, output ≤ 128,000/,
    );
    expect(r.out).toContain("  api id      doubao-seed-2-0-pro-260215 (sent instead of doubao-seed-2.0-pro)");
    expect(r.out).toContain("  thinking    enable_thinking; priced apart, default non-thinking");
    const json = await run(["models", "--provider", "qwen", "--json", "-"]);
    const plus = (
      JSON.parse(json.out) as { models: { key: string; thinking?: unknown; limits: unknown }[] }
    ).models.find((m) => m.key === "qwen/qwen-plus");
    expect(plus?.thinking).toEqual({ switch: "enable_thinking", defaultMode: "non-thinking" });
    expect(plus?.limits).toEqual({ contextWindow: 1_000_000, maxOutput: 8_192 });
  });

  it("scores an alias as the model it served at --at, and filters by --task and --provider", async () => {
    const r = await run([
      "models",
      "--provider",
      "deepseek",
      "--task",
      "code",
      "--at",
      "2025-10-01T00:00:00Z",
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("deepseek/deepseek-chat  (alias: serves deepseek-v3.2-exp now)");
    expect(r.out).toMatch(/\n {2}code {8}0\.\d{3} .* LMArena "deepseek-v3\.2-exp" coding/);
    expect(r.out).not.toContain("openai/");
    expect(r.out).not.toMatch(/\n {2}general /);
  });

  it("writes JSON to a file or stdout", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-cli-models-"));
    const file = join(dir, "models.json");
    const r = await run(["models", "--json", file]);
    expect(r.out).toContain(`wrote ${file}`);
    const json = JSON.parse(readFileSync(file, "utf8")) as ModelsReport;
    expect(json.models).toHaveLength(catalog.list().length);
    expect(json.kinds).toEqual([...TASK_KINDS]);
    const chat = json.models.find((m) => m.key === "deepseek/deepseek-chat")!;
    expect(chat.qualityVersions?.map((v) => v.servedModel)).toEqual([
      "deepseek-v3",
      "deepseek-v3-0324",
      "deepseek-v3.1",
      "deepseek-v3.1-terminus",
      "deepseek-v3.2-exp",
      "deepseek-v3.2",
      "deepseek-v4-flash",
    ]);
    expect(chat.quality.general).toMatchObject({
      servedModel: "deepseek-v4-flash",
      asOf: "2026-03-09",
      prior: false,
    });
    const prior = json.models.find((m) => m.key === "zhipu/glm-5.3")!;
    expect(prior.quality.general).toMatchObject({ source: "prior", prior: true });
    expect(prior.latency).toMatchObject({ kind: "prior", ttftMs: 2600, outputTokensPerSec: 41 });
    const stdout = await run(["models", "--json", "-", "--provider", "openai"]);
    expect((JSON.parse(stdout.out) as ModelsReport).models.every((m) => m.provider === "openai")).toBe(true);
  });

  it("names a bad --task or --provider with the values it takes", async () => {
    const bad = await run(["models", "--task", "poetry"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      /--task: must be one of general, code, math, reasoning, chinese, creative, instruction, multiturn \(got "poetry"\)/,
    );
    expect((await run(["models", "--provider", "acme"])).err).toMatch(
      /--provider: must be one of anthropic, deepseek, /,
    );
  });
});

describe("tokenwise models --latency-stats", () => {
  async function runWith(files: Record<string, string>, argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, {
      stdout: (l) => out.push(l),
      stderr: (l) => err.push(l),
      now: () => new Date("2026-10-01T12:00:00Z"),
      catalog,
      readFile: (p) => files[p] ?? "",
    });
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  it("shows what a router observed beside the catalog latency, p50 and p90", async () => {
    const stats = {
      "openai/gpt-4o": {
        ttftMean: 300,
        ttftDev: 40,
        tokensPerSec: 90,
        count: 25,
        source: "observed",
        priorWeight: 2,
        updatedAt: Date.parse("2026-09-30T10:00:00Z"),
      },
    };
    const r = await runWith({ "stats.json": JSON.stringify(stats) }, [
      "models",
      "--provider",
      "openai",
      "--latency-stats",
      "stats.json",
    ]);
    expect(r.code).toBe(0);
    // p90 = 300 + 1.2816 · 1.2533 · 40 = 364.
    expect(r.out).toMatch(
      /openai\/gpt-4o\n(.*\n){8} {2}latency {5}TTFT 450 ms, 131 t\/s {2}measured: .*\n {2}observed {4}TTFT p50 300 ms, p90 364 ms, 90 t\/s {2}25 calls, last 2026-09-30T10:00:00.000Z/,
    );
    const json = await runWith({ "stats.json": JSON.stringify(stats) }, [
      "models",
      "--provider",
      "openai",
      "--latency-stats",
      "stats.json",
      "--json",
      "-",
    ]);
    const report = JSON.parse(json.out) as ModelsReport;
    const m = report.models.find((x) => x.key === "openai/gpt-4o")!;
    expect(m.observedLatency).toMatchObject({
      source: "observed",
      observations: 25,
      ttftP50Ms: 300,
      prior: { ttftMs: 450 },
    });
  });

  it("rejects a malformed stats file naming the key and the field", async () => {
    const r = await runWith({ "bad.json": JSON.stringify({ "openai/gpt-4o": { ttftMean: "fast" } }) }, [
      "models",
      "--latency-stats",
      "bad.json",
    ]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("openai/gpt-4o.ttftMean");
  });
});
