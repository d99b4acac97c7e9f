import { describe, expect, it } from "vitest";
import { editDistance, nearestName, unknownNameMessage } from "./nearest-name";

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and adjacent transpositions as one edit each", () => {
    expect(editDistance("", "")).toBe(0);
    expect(editDistance("abc", "")).toBe(3);
    expect(editDistance("", "ab")).toBe(2);
    expect(editDistance("gpt-4o", "gpt-4o")).toBe(0);
    expect(editDistance("gtp-4o", "gpt-4o")).toBe(1);
    expect(editDistance("gpt-4o-mnii", "gpt-4o-mini")).toBe(1);
    expect(editDistance("claude-sonet-4-5", "claude-sonnet-4-5")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("ca", "abc")).toBe(3); // optimal string alignment, not unrestricted Damerau
  });
  it("is symmetric", () => {
    const words = ["openai", "opnai", "deepseek", "deepsek", "anthropic", "x"];
    for (const a of words) for (const b of words) expect(editDistance(a, b)).toBe(editDistance(b, a));
  });
});

describe("nearestName", () => {
  const models = [
    "openai/gpt-4o-mini",
    "openai/gpt-4o",
    "deepseek/deepseek-chat",
    "anthropic/claude-sonnet-4-5",
  ];
  it("suggests the closest provider/id key, also for a bare id and ignoring case", () => {
    expect(nearestName("openai/gpt-4o-mnii", models)).toBe("openai/gpt-4o-mini");
    expect(nearestName("openai/gpt4o", models)).toBe("openai/gpt-4o");
    expect(nearestName("deepseek-chat", models)).toBe("deepseek/deepseek-chat");
    expect(nearestName("OpenAI/GPT-4o", models)).toBe("openai/gpt-4o");
    expect(nearestName("opnai", ["openai", "deepseek", "anthropic"])).toBe("openai");
  });
  it("suggests a field a short form or another ending stands for", () => {
    expect(nearestName("maxTokens", ["maxOutputTokens", "temperature"])).toBe("maxOutputTokens");
    expect(nearestName("retries", ["retry", "random", "models"])).toBe("retry");
  });
  it("suggests nothing when nothing is close", () => {
    expect(nearestName("mistral", ["openai", "deepseek", "anthropic"])).toBeUndefined();
    expect(nearestName("xy", ["openai"])).toBeUndefined();
    expect(nearestName("anything", [])).toBeUndefined();
  });
  it("words the message with the suggestion, else the first known names", () => {
    expect(unknownNameMessage("provider", "opnai", ["openai"])).toBe(
      'unknown provider "opnai": did you mean "openai"?',
    );
    expect(unknownNameMessage("provider", "mistral", ["a1", "b2", "c3", "d4", "e5", "f6", "g7"])).toBe(
      'unknown provider "mistral" (known: "a1", "b2", "c3", "d4", "e5", "f6", …)',
    );
  });
});
