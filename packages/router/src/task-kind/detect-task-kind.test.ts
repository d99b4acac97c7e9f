import { ValidationError } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import {
  builtinTaskKindModel,
  detectTaskKind,
  lastUserText,
  resolveTaskKind,
  TASK_KIND_MIN_CONFIDENCE,
} from "./detect-task-kind";
import { newFeatureVector, TASK_KIND_TEXT_LIMIT, taskKindFeatures } from "./task-kind-features";
import { encodeTaskKindWeights, loadTaskKindModel } from "./task-kind-model";
import { TASK_KIND_WEIGHTS } from "./task-kind-weights.generated";

const user = (content: string) => [{ role: "user" as const, content }];
const CODE = "Write a Python function that returns the n-th Fibonacci number using memoization.";
const MATH = "A train travels 120 km in 1.5 hours and then 80 km in 1 hour. What is its average speed?";

describe("detectTaskKind", () => {
  it("classifies a code prompt as code and a math word problem as math, with probabilities over the learned kinds", () => {
    const code = detectTaskKind(user(CODE));
    expect(code).toMatchObject({ kind: "code", by: "classifier" });
    expect(code.confidence).toBeGreaterThanOrEqual(TASK_KIND_MIN_CONFIDENCE);
    const math = detectTaskKind(user(MATH));
    expect(math).toMatchObject({ kind: "math", by: "classifier" });
    for (const d of [code, math]) {
      const total = Object.values(d.scores).reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(1, 9);
      expect(d.confidence).toBe(Math.max(...Object.values(d.scores)));
      expect(Object.keys(d.scores).sort()).toEqual([...builtinTaskKindModel().kinds].sort());
    }
  });

  it("is deterministic: the same messages give the same detection, features and probabilities", () => {
    const a = detectTaskKind(user(MATH));
    detectTaskKind(user(CODE)); // the scratch buffers are reused in between
    expect(detectTaskKind(user(MATH))).toEqual(a);
    const v1 = newFeatureVector();
    const v2 = newFeatureVector();
    taskKindFeatures(CODE, 1 << 14, v1);
    taskKindFeatures(CODE, 1 << 14, v2);
    expect(v1.size).toBe(v2.size);
    expect([...v1.index.slice(0, v1.size)]).toEqual([...v2.index.slice(0, v2.size)]);
    expect([...v1.value.slice(0, v1.size)]).toEqual([...v2.value.slice(0, v2.size)]);
  });

  it("routes Chinese by script and Japanese (kana) not as Chinese", () => {
    expect(detectTaskKind(user("请帮我写一个关于春天的短文。"))).toMatchObject({
      kind: "chinese",
      by: "script",
      confidence: 1,
    });
    expect(detectTaskKind(user("桜の季節について短い文章を書いてください。")).by).not.toBe("script");
    // A few Han characters in an English prompt do not make it Chinese.
    expect(detectTaskKind(user(`${CODE} (in 中文 comments)`)).kind).toBe("code");
  });

  it("routes a conversation with two user turns or more as multiturn; tool turns alone do not count", () => {
    const chat = [
      { role: "user" as const, content: CODE },
      { role: "assistant" as const, content: "def fib(n): ..." },
      { role: "user" as const, content: "Now make it iterative." },
    ];
    expect(detectTaskKind(chat)).toMatchObject({ kind: "multiturn", by: "turns" });
    const agent = [
      { role: "user" as const, content: CODE },
      {
        role: "assistant" as const,
        content: null,
        tool_calls: [{ id: "c1", type: "function" as const, function: { name: "run", arguments: "{}" } }],
      },
      { role: "tool" as const, tool_call_id: "c1", content: "ok" },
    ];
    expect(detectTaskKind(agent).kind).toBe("code");
  });

  it("falls back to general under the confidence threshold, and without text", () => {
    const unsure = detectTaskKind(user(CODE), { minConfidence: 0.999_999 });
    expect(unsure).toMatchObject({ kind: "general", by: "low-confidence" });
    expect(unsure.confidence).toBe(detectTaskKind(user(CODE)).confidence);
    const image = [
      {
        role: "user" as const,
        content: [{ type: "image_url" as const, image_url: { url: "https://x.test/a.png" } }],
      },
    ];
    expect(detectTaskKind(image)).toEqual({ kind: "general", confidence: 1, scores: {}, by: "no-text" });
  });

  it("reads the last user turn's text parts, up to the text limit", () => {
    const parts = [
      { role: "user" as const, content: "ignored earlier turn" },
      { role: "assistant" as const, content: "ok" },
      {
        role: "user" as const,
        content: [
          { type: "text" as const, text: "a" },
          { type: "image_url" as const, image_url: { url: "https://x.test/a.png" } },
          { type: "text" as const, text: "b" },
        ],
      },
    ];
    expect(lastUserText(parts)).toBe("ab");
    const long = `${MATH} ${"x ".repeat(TASK_KIND_TEXT_LIMIT)}`;
    const tail = `${long}${"def f(): return 1\n".repeat(50)}`;
    expect(detectTaskKind(user(tail)).scores).toEqual(detectTaskKind(user(long)).scores);
  });

  it("resolveTaskKind replaces auto by the detected kind and leaves other requests alone", () => {
    const auto = resolveTaskKind({ messages: user(MATH), taskKind: "auto" as const });
    expect(auto.request.taskKind).toBe("math");
    expect(auto.detection?.kind).toBe("math");
    const fixed = { messages: user(MATH), taskKind: "code" as const };
    expect(resolveTaskKind(fixed)).toEqual({ request: fixed });
  });
});

describe("task-kind weights", () => {
  const weights = TASK_KIND_WEIGHTS as Record<string, unknown>;
  const issuePaths = (data: unknown) => {
    try {
      loadTaskKindModel(data);
    } catch (e) {
      expect(ValidationError.isInstance(e)).toBe(true);
      return (e as ValidationError).issues.map((i) => i.path.join("."));
    }
    throw new Error("expected a ValidationError");
  };

  it("the shipped file validates on load, is small, and round-trips its weights", () => {
    const model = builtinTaskKindModel();
    expect(model.weights.length).toBe((model.buckets + 7) * model.kinds.length);
    expect(JSON.stringify(weights).length).toBeLessThan(1_000_000);
    expect(encodeTaskKindWeights(model.weights)).toBe(weights.weights);
    expect(model.kinds).not.toContain("chinese");
    expect(model.kinds).not.toContain("multiturn");
  });

  it("a corrupt file gets a ValidationError naming the field", () => {
    expect(issuePaths({ ...weights, weights: (weights.weights as string).slice(4) })).toEqual(["weights"]);
    expect(issuePaths({ ...weights, kinds: ["general", "cod"] })).toContain("kinds.1");
    expect(issuePaths({ ...weights, buckets: 1000 })).toContain("buckets");
    expect(issuePaths({ ...weights, dense: ["log-length"] })).toContain("dense");
    expect(issuePaths({ ...weights, scale: [1] })).toContain("scale");
    expect(issuePaths({ ...weights, weights: "not base64!" })).toContain("weights");
    expect(issuePaths({ ...weights, format: "other", version: 2 })).toEqual(["format", "version"]);
    expect(issuePaths("nope")).toEqual([""]);
  });

  it("a model loaded from a file is used instead of the shipped one", () => {
    const model = loadTaskKindModel(JSON.parse(JSON.stringify(weights)));
    expect(detectTaskKind(user(CODE), { model })).toEqual(detectTaskKind(user(CODE)));
  });
});
