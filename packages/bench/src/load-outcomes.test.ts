import { ValidationError } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { parseOutcomesJsonl } from "./load-outcomes";

const good = '{"prompt":"2+2?","scores":{"a/small":1,"b/large":1},"tokens":{"a/small":{"output":3}}}';

describe("parseOutcomesJsonl", () => {
  it("parses rows, skips blank lines and defaults ids to line numbers", () => {
    const rows = parseOutcomesJsonl(
      `${good}\n\n{"id":"q2","prompt":"hi","scores":{"a/small":0,"b/large":0.5}}\n`,
    );
    expect(rows.map((r) => r.id)).toEqual(["1", "q2"]);
    expect(rows[0]!.tokens?.["a/small"]?.output).toBe(3);
  });

  it("names the line, the zod path and the bad value", () => {
    const text = `${good}\n{"prompt":"x","scores":{"a/small":1.5,"b/large":1}}\n`;
    let error: unknown;
    try {
      parseOutcomesJsonl(text, { source: "mine.jsonl" });
    } catch (e) {
      error = e;
    }
    expect(ValidationError.isInstance(error)).toBe(true);
    const v = error as ValidationError;
    expect(v.issues[0]!.path).toEqual(["line 2", "scores", "a/small"]);
    expect(v.issues[0]!.value).toBe(1.5);
    expect(v.message).toContain("mine.jsonl: line 2.scores.a/small: score must be in 0–1 (got 1.5)");
  });

  it("reports invalid JSON, missing model scores and duplicate ids, all at once", () => {
    const withId = good.replace("{", '{"id":"q",');
    const text = [withId, "{not json", '{"prompt":"y","scores":{"a/small":1}}', withId].join("\n");
    let error: ValidationError | undefined;
    try {
      parseOutcomesJsonl(text, { models: ["a/small", "b/large"] });
    } catch (e) {
      error = e as ValidationError;
    }
    const messages = error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages[0]).toMatch(/^line 2: not JSON/);
    expect(messages).toContain("line 3.scores.b/large: missing score for a data set model");
    expect(messages).toContain("line 4.id: duplicate id (first on line 1)");
  });

  it("rejects an empty prompt and a negative token count with their paths", () => {
    expect(() => parseOutcomesJsonl('{"prompt":"","scores":{"a":1}}')).toThrow(
      /line 1\.prompt: prompt must not be empty/,
    );
    expect(() => parseOutcomesJsonl('{"prompt":"p","scores":{"a":1},"tokens":{"a":{"input":-1}}}')).toThrow(
      /line 1\.tokens\.a\.input: .*\(got -1\)/,
    );
  });
});
