import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { ValidationError, type ValidationIssue } from "@tokenwise/core";
import { PREDICTOR_KINDS, type PredictorKind, trainPredictor } from "@tokenwise/predictors";
import { intFlag, parseFlags } from "./cli-flags";
import type { CliIO } from "./index";

export const TRAIN_USAGE = `  tokenwise train <outcomes.jsonl> --out <predictor.json> [--kind ensemble|logistic|knn|difficulty]
                  [--calibration-share 0.25 | --calibration <held-out.jsonl>] [--models a/x,b/y]
                  [--bits 18] [--seed 1]                      train a per-prompt quality predictor for
                                                              createRouter({ qualityPredictor: loadPredictor(…) })`;

const FLAGS = {
  "--out": "value",
  "--kind": "value",
  "--calibration-share": "value",
  "--calibration": "value",
  "--models": "value",
  "--bits": "value",
  "--seed": "value",
} as const;

interface OutcomeLine {
  prompt: string;
  scores: Record<string, number>;
  group?: string;
  foldGroup?: string;
}

/** Reads outcome rows (JSONL, optionally gzip) with the fields a predictor needs; every bad line is listed (capped). */
function readOutcomes(path: string, io: CliIO, models: readonly string[] | undefined): OutcomeLine[] {
  const raw = io.readFile ? io.readFile(path) : readFileSync(path);
  const text =
    typeof raw === "string" ? raw : (path.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
  const rows: OutcomeLine[] = [];
  const issues: ValidationIssue[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    const at = `line ${i + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (error) {
      issues.push({ path: [at], message: `not JSON (${(error as Error).message})` });
      return;
    }
    const r = row as Partial<OutcomeLine>;
    if (typeof r.prompt !== "string" || r.prompt.length === 0) {
      issues.push({ path: [at, "prompt"], message: "must be a non-empty string", value: r.prompt });
      return;
    }
    if (typeof r.scores !== "object" || r.scores === null) {
      issues.push({ path: [at, "scores"], message: "must be an object of model key → score in 0–1" });
      return;
    }
    for (const [m, v] of Object.entries(r.scores)) {
      if (typeof v !== "number" || !(v >= 0 && v <= 1))
        issues.push({ path: [at, "scores", m], message: "score must be in 0–1", value: v });
    }
    for (const m of models ?? []) {
      if (r.scores[m] === undefined)
        issues.push({ path: [at, "scores", m], message: "missing score for a --models model" });
    }
    const out: OutcomeLine = { prompt: r.prompt, scores: r.scores };
    if (typeof r.group === "string") out.group = r.group;
    if (typeof r.foldGroup === "string") out.foldGroup = r.foldGroup;
    rows.push(out);
  });
  if (issues.length > 0) throw new ValidationError({ source: path, issues });
  if (rows.length === 0)
    throw new ValidationError({ source: path, issues: [{ path: [], message: "no outcome rows" }] });
  return rows;
}

/** `tokenwise train`: trains a predictor on outcomes and writes it as `tokenwise.predictor/v1` JSON. */
export function cmdTrain(argv: readonly string[], io: CliIO, now: () => Date): number {
  const flags = parseFlags(argv, FLAGS, "train");
  const cwd = io.cwd ?? process.cwd();
  const fail = (path: string, message: string, value?: unknown): never => {
    throw new ValidationError({
      source: "arguments",
      issues: [value === undefined ? { path: [path], message } : { path: [path], message, value }],
    });
  };
  if (flags.positionals.length !== 1)
    fail("<outcomes.jsonl>", "give exactly one outcomes file", flags.positionals);
  const out = flags.values.get("--out") ?? fail("--out", "required: where to write the predictor JSON");
  const kind = (flags.values.get("--kind") ?? "ensemble") as PredictorKind;
  if (!PREDICTOR_KINDS.includes(kind)) fail("--kind", `must be one of ${PREDICTOR_KINDS.join(", ")}`, kind);
  const shareText = flags.values.get("--calibration-share");
  const calibrationFile = flags.values.get("--calibration");
  if (shareText !== undefined && calibrationFile !== undefined) {
    fail("--calibration-share", "give --calibration-share or --calibration, not both");
  }
  const share = shareText === undefined ? undefined : Number(shareText);
  if (share !== undefined && !(share >= 0 && share < 1))
    fail("--calibration-share", "must be in [0, 1)", shareText);
  const bits = intFlag(flags, "--bits", 18, 8, 24);
  const seed = intFlag(flags, "--seed", 1, 0, 2 ** 31);
  const models = flags.values
    .get("--models")
    ?.split(",")
    .map((m) => m.trim())
    .filter((m) => m.length > 0);
  const file = flags.positionals[0]!;
  const rows = readOutcomes(resolve(cwd, file), io, models);
  const calibrationRows = calibrationFile
    ? readOutcomes(resolve(cwd, calibrationFile), io, models)
    : undefined;
  const predictor = trainPredictor(rows, {
    kind,
    source: file.replace(/^.*[\\/]/, ""),
    seed,
    features: { bits },
    now,
    ...(models ? { models } : {}),
    ...(share !== undefined ? { calibrationShare: share } : {}),
    ...(calibrationRows ? { calibrationExamples: calibrationRows } : {}),
  });
  const json = predictor.toJSON();
  (io.writeFile ?? ((p, t) => writeFileSync(p, t)))(resolve(cwd, out), `${JSON.stringify(json)}\n`);
  io.stdout(
    `trained ${predictor.name} on ${json.trainedOn.examples} prompts for ${predictor.models.join(", ")}; ` +
      (json.calibration
        ? `${json.calibration.prompts} held-back calibration prompts (${json.calibration.note})`
        : "no calibration data (quality targets need it)") +
      `; wrote ${out}`,
  );
  return 0;
}
