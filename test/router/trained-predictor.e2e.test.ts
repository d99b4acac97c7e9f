import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "@tokenwise/cli";
import { ValidationError } from "@tokenwise/core";
import { loadPredictor } from "@tokenwise/predictors";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { setup } from "./fixtures";

const dir = mkdtempSync(join(tmpdir(), "tw-train-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const MINI = "openai/gpt-4o-mini";
const FULL = "openai/gpt-4o";
const greeting = (i: number) => `Write a short friendly greeting for my colleague number ${i}.`;
const sum = (i: number) => `Compute ${i * 37} * ${i + 11} - ${i * 3} and show each step of the arithmetic.`;

/** Outcomes: the small model fails the arithmetic (right 1 time in 10) and nails the greetings; gpt-4o is right 9 times in 10 on both. */
function outcomes(n: number): string {
  return Array.from({ length: n }, (_, i) => {
    const math = i % 2 === 0;
    return JSON.stringify({
      prompt: math ? sum(i) : greeting(i),
      scores: { [MINI]: math ? (i % 20 === 0 ? 1 : 0) : 1, [FULL]: i % 10 === 3 ? 0 : 1 },
    });
  }).join("\n");
}

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l), cwd: dir });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("tokenwise train → createRouter({ qualityPredictor: loadPredictor(…), quality })", () => {
  writeFileSync(join(dir, "outcomes.jsonl"), `${outcomes(600)}\n`);

  it("trains, saves, loads and routes per prompt through the real SDK on the testkit, meeting a declared target", async () => {
    const trained = await cli(["train", "outcomes.jsonl", "--out", "predictor.json", "--bits", "14"]);
    expect(trained.err).toBe("");
    expect(trained.code).toBe(0);
    expect(trained.out).toMatch(
      /trained ensemble@outcomes\.jsonl on 450 prompts .* 150 held-back calibration prompts/,
    );
    const text = readFileSync(join(dir, "predictor.json"), "utf8");
    const qualityPredictor = loadPredictor(JSON.parse(text), "predictor.json");
    // The file round-trips: loading and saving again gives the same JSON.
    expect(JSON.stringify(qualityPredictor.toJSON())).toBe(text.trim());

    const { kit, router } = await setup({
      router: { qualityPredictor, quality: { target: 0.95, of: FULL, confidence: 0.9 } },
    });
    close = () => kit.close();
    const point = router.qualityTarget!;
    expect(point.reference).toBe(FULL);
    expect(point.minQuality).not.toBeNull();
    expect(point.calibration.quality).toBeGreaterThanOrEqual(0.95 * point.calibration.referenceQuality);
    expect(point.calibration.shares[MINI]).toBeGreaterThan(0.3);
    // A horizon (the promise is about the next 200 calls) certifies a floor at least as cautious.
    const { kit: kit200, router: next200 } = await setup({
      router: { qualityPredictor, quality: { target: 0.95, of: FULL, confidence: 0.9, horizon: 200 } },
    });
    await kit200.close();
    const horizon = next200.qualityTarget!;
    expect(horizon.method).toMatch(/next 200 calls/);
    expect(horizon.minQuality ?? 1).toBeGreaterThanOrEqual(point.minQuality!);

    const easy = await router.generate({ messages: [{ role: "user", content: greeting(7001) }] });
    expect(`${easy.provider}/${easy.model}`).toBe(MINI);
    expect(easy.report.predictor?.name).toBe("ensemble@outcomes.jsonl");
    const hard = await router.generate({ messages: [{ role: "user", content: sum(7002) }] });
    expect(`${hard.provider}/${hard.model}`).toBe(FULL);
    // deepseek-chat is a router model the predictor does not know: the target keeps to the calibrated models.
    expect(hard.report.rejected.find((r) => r.model === "deepseek-chat")).toBeDefined();
    // Billed by the testkit through the real client.
    expect(kit.billing().length).toBe(2);
  });

  it("a corrupt predictor file is a ValidationError with the path; a target needs calibration data", async () => {
    const json = JSON.parse(readFileSync(join(dir, "predictor.json"), "utf8"));
    json.calibration.predicted = "oops";
    expect(() => loadPredictor(json, "predictor.json")).toThrowError(ValidationError);
    try {
      loadPredictor(json, "predictor.json");
    } catch (error) {
      expect((error as ValidationError).issues[0]!.path).toEqual(["calibration", "predicted"]);
    }
    const bare = await cli([
      "train",
      "outcomes.jsonl",
      "--out",
      "bare.json",
      "--bits",
      "12",
      "--calibration-share",
      "0",
      "--kind",
      "logistic",
    ]);
    expect(bare.code).toBe(0);
    expect(bare.out).toMatch(/no calibration data/);
    const uncalibrated = loadPredictor(JSON.parse(readFileSync(join(dir, "bare.json"), "utf8")));
    await expect(
      setup({
        router: { qualityPredictor: uncalibrated, quality: { target: 0.95, of: "best", confidence: 0.9 } },
      }),
    ).rejects.toThrow(/qualityPredictor: has no calibration data/);
    await expect(
      setup({
        router: { qualityPredictor: uncalibrated, quality: { target: 1.5, of: "best", confidence: 0.9 } },
      }),
    ).rejects.toThrow(/quality\.target: must be in \(0, 1\]/);
    await expect(
      setup({
        router: {
          qualityPredictor: uncalibrated,
          quality: { target: 0.95, of: "best", confidence: 0.9, horizon: 0 },
        },
      }),
    ).rejects.toThrow(/quality\.horizon: must be a whole number of calls ≥ 1/);
  });

  it("train validates its flags before any work", async () => {
    expect((await cli(["train", "outcomes.jsonl", "--out", "x.json", "--fold", "3"])).err).toMatch(
      /--fold: unknown flag/,
    );
    expect((await cli(["train", "outcomes.jsonl"])).err).toMatch(/--out: required/);
    expect((await cli(["train", "outcomes.jsonl", "--out", "x.json", "--kind", "forest"])).err).toMatch(
      /--kind: must be one of ensemble, logistic, knn, difficulty/,
    );
    writeFileSync(
      join(dir, "bad.jsonl"),
      Array.from({ length: 30 }, () => '{"prompt":"x","scores":{"a/b":2}}').join("\n"),
    );
    const bad = await cli(["train", "bad.jsonl", "--out", "x.json"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/line 1\.scores\.a\/b: score must be in 0–1/);
    expect(bad.err).toMatch(/… and 10 more issues/);
  });
});
