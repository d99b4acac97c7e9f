import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "./index";

function run(argv: string[], files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    stdout: (l: string) => out.push(l),
    stderr: (l: string) => err.push(l),
    readFile: (p: string) => {
      const f = files[p];
      if (f === undefined) throw new Error(`no such file ${p}`);
      return f;
    },
    now: () => new Date("2026-09-02T18:00:00Z"),
  };
  return main(argv, io).then((code) => ({ code, out: out.join("\n"), err: err.join("\n") }));
}

const request = JSON.stringify({
  messages: [{ role: "user", content: "Summarise the plot of Hamlet in two sentences." }],
  maxOutputTokens: 150,
  constraints: { minQuality: 0.65 },
});

describe("tokenwise CLI", () => {
  it("plan explains the ranking and every rejection", async () => {
    const r = await run(["plan", "req.json"], { "req.json": request });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/policy cheapest-qualifying/);
    expect(r.out).toMatch(/ 1 {2}\S+\/\S+ +\d+\.\d{6} USD/);
    expect(r.out).toMatch(/rejected \(\d+\):/);
    expect(r.out).toMatch(/quality 0\.\d+ < floor 0\.65/);
  });
  it("plan names retired models and the deprecation of ranked ones", async () => {
    const r = await run(["plan", "req.json", "--at", "2026-11-29T12:00:00Z"], { "req.json": request });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/lifecycle \(\d+\):/);
    expect(r.out).toMatch(
      /openai\/gpt-3\.5-turbo: retired — openai\/gpt-3\.5-turbo is retired: .*retires on 2026-10-23/,
    );
    expect(r.out).toMatch(/^ {2}\S+ (is deprecated and )?retires on \d{4}-\d{2}-\d{2} \(in \d+ days?\)/m);
  });
  it("plan in CNY at an instant", async () => {
    const r = await run(["plan", "req.json", "--currency", "CNY", "--at", "2026-09-02T03:00:00Z"], {
      "req.json": request,
    });
    expect(r.out).toMatch(/in CNY/);
    expect(r.out).toMatch(/\d+\.\d{6} CNY/);
  });
  it("prices compares models at an instant in a currency", async () => {
    const r = await run([
      "prices",
      "--currency",
      "CNY",
      "--input",
      "100000",
      "--output",
      "2000",
      "--provider",
      "deepseek",
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/deepseek\/deepseek-chat +\d+\.\d+ CNY/);
    // DeepSeek retired the alias after 2026-07-24 15:59 UTC (the catalog's lifecycle: retiresOn 2026-07-24).
    expect(r.out).toMatch(/deepseek\/deepseek-chat .* retired 2026-07-24/m);
    expect(r.out).toMatch(/FX: 1 USD = [\d.]+ CNY/);
  });
  it("estimate prints tokens per family with error bars", async () => {
    const r = await run(["estimate", "req.json"], { "req.json": request });
    expect(r.out).toMatch(/o200k_base +\d+ +\d+ +\d+/);
  });
  it("catalog prints the catalog report", async () => {
    const r = await run(["catalog"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/models from \d+ providers/);
  });
  it("bench without files asks for the public data directory, and names missing files", async () => {
    const out: string[] = [];
    const code = await main(["bench"], { stdout: () => {}, stderr: (l) => out.push(l), cwd: "/nonexistent" });
    expect(code).toBe(1);
    expect(out.join("\n")).toMatch(/--data benchmarks\/data\/routing/);
    const empty = mkdtempSync(join(tmpdir(), "tw-cli-data-"));
    const r = await run(["bench", "--data", empty]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/lacks routellm-mmlu-gsm8k\.jsonl\.gz, .*llmrouter-dcrouter-train\.json\.gz/);
  });
  it("bench runs the policies on your own outcomes, models priced from the catalog", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-cli-bench-"));
    const lines = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({
        prompt: `${i % 2 ? "prove the theorem" : "say hello"} number ${i}`,
        scores: { "openai/gpt-4o": 1, "openai/gpt-4o-mini": i % 2 ? 0 : 1 },
      }),
    );
    writeFileSync(join(dir, "mine.jsonl"), `${lines.join("\n")}\n`);
    const r = await run([
      "bench",
      join(dir, "mine.jsonl"),
      "--models",
      "openai/gpt-4o,openai/gpt-4o-mini",
      "--output-forecast",
      "100",
      "--out",
      join(dir, "out"),
    ]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/mine — 40 prompts, 5-fold CV/);
    expect(r.out).toMatch(/single:openai\/gpt-4o-mini/);
    expect(r.out).toMatch(/oracle/);
    const json = JSON.parse(readFileSync(join(dir, "out", "routing.json"), "utf8"));
    expect(Object.keys(json.datasets ?? json)).toContain("mine");
  }, 120_000);
  it("bench names the line, path and value of a bad outcome, and requires --models", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-cli-bench-"));
    writeFileSync(join(dir, "bad.jsonl"), '{"prompt":"x","scores":{"openai/gpt-4o":1.5}}\n');
    const bad = await run(["bench", join(dir, "bad.jsonl"), "--models", "openai/gpt-4o,openai/gpt-4o-mini"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/line 1\.scores\.openai\/gpt-4o: score must be in 0–1 \(got 1\.5\)/);
    expect((await run(["bench", join(dir, "bad.jsonl")])).err).toMatch(/--models: required with a data file/);
  });
  it("bench validates every flag before any work: unknown flags, --reference, --seeds, --dedupe", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-cli-flags-"));
    writeFileSync(
      join(dir, "a.jsonl"),
      '{"prompt":"x","scores":{"openai/gpt-4o":1,"openai/gpt-4o-mini":0}}\n',
    );
    const models = ["--models", "openai/gpt-4o,openai/gpt-4o-mini"];
    expect((await run(["bench", join(dir, "a.jsonl"), ...models, "--fold", "10"])).err).toMatch(
      /--fold: unknown flag \(bench takes --data, --dedupe, --folds/,
    );
    expect((await run(["bench", join(dir, "a.jsonl"), ...models, "--reference", "nope/x"])).err).toMatch(
      /--reference: must be one of the --models: openai\/gpt-4o, openai\/gpt-4o-mini \(got "nope\/x"\)/,
    );
    expect((await run(["bench", join(dir, "a.jsonl"), ...models, "--seeds", "1,x"])).err).toMatch(
      /--seeds: must be distinct/,
    );
    expect((await run(["bench", join(dir, "a.jsonl"), ...models, "--dedupe"])).err).toMatch(
      /--dedupe: needs --test/,
    );
    // A model-key mismatch on every line is listed up to 20 issues, then counted.
    const lines = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ prompt: `p${i}`, scores: { "x/y": 1 } }),
    );
    writeFileSync(join(dir, "keys.jsonl"), `${lines.join("\n")}\n`);
    const keys = await run(["bench", join(dir, "keys.jsonl"), ...models]);
    expect(keys.err).toMatch(/… and 80 more issues/);
    expect(keys.err.length).toBeLessThan(3000);
  });
  it("bench --test fixes each knob on train and reports the test set with its duplicates", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tw-cli-test-"));
    const row = (i: number) =>
      JSON.stringify({
        prompt: `${i % 2 ? "prove the theorem about primes" : "say hello to the team"} number ${i}`,
        scores: { "openai/gpt-4o": 1, "openai/gpt-4o-mini": i % 2 ? 0 : 1 },
      });
    writeFileSync(join(dir, "train.jsonl"), `${Array.from({ length: 60 }, (_, i) => row(i)).join("\n")}\n`);
    writeFileSync(
      join(dir, "test.jsonl"),
      `${Array.from({ length: 30 }, (_, i) => row(i + 55)).join("\n")}\n`,
    );
    const r = await run([
      "bench",
      join(dir, "train.jsonl"),
      "--test",
      join(dir, "test.jsonl"),
      "--models",
      "openai/gpt-4o,openai/gpt-4o-mini",
      "--folds",
      "3",
      "--seeds",
      "4",
    ]);
    expect(r.err).toBe("");
    expect(r.out).toMatch(/test@train — 30 prompts, trained on train \(all 60 prompts\), tested on test/);
    expect(r.out).toMatch(/duplicates of training prompts in the test set: 5 \(exact 5/);
    expect(r.out).toMatch(/knob fixed on train/);
    expect(r.out).toMatch(/train — 60 prompts, 3-fold CV/);
  }, 120_000);
  it("errors are messages with a non-zero code", async () => {
    expect((await run(["plan", "missing.json"])).code).toBe(1);
    expect((await run(["nope"])).err).toMatch(/unknown command/);
    expect((await run(["help"])).out).toMatch(/usage:/);
  });
});
