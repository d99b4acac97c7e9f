import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { parseWith, ValidationError, type ValidationIssue } from "@tokenwise/core";
import { type OutcomeRow, OutcomeRowSchema } from "./outcome-schema";

/** Options for {@link parseOutcomesJsonl}. */
export interface ParseOutcomesOptions {
  /** Name of the file or stream, used in error messages (`file.jsonl:12: scores.gpt-4o: …`). */
  source?: string;
  /** Model keys every row must score; a row missing one is an error. */
  models?: readonly string[];
}

/**
 * Parses routing outcomes in JSONL (one {@link OutcomeRowSchema} object a line; blank lines skipped).
 * Every problem is reported at once in one `ValidationError` whose issues name the line (as the first
 * path element), the zod path and the bad value.
 *
 * @example
 * const rows = parseOutcomesJsonl('{"prompt":"2+2?","scores":{"a/small":1,"b/large":1}}\n', {
 *   source: "mine.jsonl", models: ["a/small", "b/large"] });
 */
export function parseOutcomesJsonl(text: string, options: ParseOutcomesOptions = {}): OutcomeRow[] {
  const source = options.source ?? "outcomes.jsonl";
  const rows: OutcomeRow[] = [];
  const issues: ValidationIssue[] = [];
  const lines = text.split(/\r?\n/);
  const ids = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const lineNo = i + 1;
    const at = `line ${lineNo}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      issues.push({ path: [at], message: `not JSON (${(error as Error).message})`, value: line });
      continue;
    }
    let row: OutcomeRow;
    try {
      row = parseWith(OutcomeRowSchema, json, `${source}:${lineNo}`);
    } catch (error) {
      if (!ValidationError.isInstance(error)) throw error;
      for (const issue of (error as ValidationError).issues)
        issues.push({ ...issue, path: [at, ...issue.path] });
      continue;
    }
    const id = row.id ?? String(lineNo);
    const first = ids.get(id);
    if (first !== undefined) {
      issues.push({ path: [at, "id"], message: `duplicate id (first on line ${first})`, value: id });
    }
    ids.set(id, lineNo);
    for (const model of options.models ?? []) {
      if (row.scores[model] === undefined) {
        issues.push({ path: [at, "scores", model], message: "missing score for a data set model" });
      }
    }
    rows.push({ ...row, id });
  }
  if (issues.length > 0) throw new ValidationError({ source, issues });
  return rows;
}

/**
 * Reads a JSONL outcomes file (`.jsonl` or gzip-compressed `.jsonl.gz`) and parses it with
 * {@link parseOutcomesJsonl}.
 *
 * @example
 * const rows = loadOutcomesFile("my-evals.jsonl.gz", { models: ["openai/gpt-4o", "openai/gpt-4o-mini"] });
 */
export function loadOutcomesFile(
  path: string,
  options: Omit<ParseOutcomesOptions, "source"> = {},
): OutcomeRow[] {
  const raw = readFileSync(path);
  const text = (path.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
  return parseOutcomesJsonl(text, { ...options, source: path });
}
