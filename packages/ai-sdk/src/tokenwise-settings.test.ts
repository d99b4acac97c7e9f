import { ValidationError } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { mergeModelSettings, parseModelSettings } from "./tokenwise-settings";

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((i) => ({ path: i.path.join("."), value: i.value }));
  }
  throw new Error("expected a ValidationError");
}

describe("parseModelSettings", () => {
  it("accepts every documented field", () => {
    const settings = {
      constraints: {
        minQuality: { general: 0.6, code: 0.8 },
        maxLatencyMs: 5000,
        latencyPercentile: 0.95,
        requiredCapabilities: ["tools", "vision"],
        allowProviders: ["openai"],
        denyProviders: ["groq"],
        allowModels: ["openai/gpt-4o"],
        denyModels: ["openai/gpt-4o-mini"],
        maxCostPerCall: "0.01",
        currency: "CNY",
      },
      taskKind: "code",
      tags: ["a"],
      tenant: "acme",
      reasoningEffort: "low",
    };
    expect(parseModelSettings(settings, "s")).toEqual(settings);
    expect(parseModelSettings(undefined, "s")).toEqual({});
    expect(
      parseModelSettings({ constraints: { maxCostPerCall: { currency: "USD", atto: 5n } } }, "s"),
    ).toEqual({
      constraints: { maxCostPerCall: { currency: "USD", atto: 5n } },
    });
  });

  it("names the path and the value of what is wrong", () => {
    expect(issuesOf(() => parseModelSettings({ taskKind: "poetry", tags: ["ok", ""] }, "s"))).toEqual([
      { path: "taskKind", value: "poetry" },
      { path: "tags.1", value: "" },
    ]);
    expect(issuesOf(() => parseModelSettings({ constraints: "fast", reasoningEffort: "max" }, "s"))).toEqual([
      { path: "constraints", value: "fast" },
      { path: "reasoningEffort", value: "max" },
    ]);
    expect(() => parseModelSettings({ tenant: "" }, "providerOptions.tokenwise")).toThrow(
      /^providerOptions\.tokenwise: tenant: /,
    );
  });

  it("rejects unknown keys: a typo is not silently ignored", () => {
    expect(() =>
      parseModelSettings({ constraint: { minQuality: 0.5 } }, 'tokenwise("auto") settings'),
    ).toThrow(/tokenwise\("auto"\) settings: .*constraint/);
  });

  it("leaves the constraints' fields to the router, which validates them with the request", () => {
    expect(parseModelSettings({ constraints: { qualityConfidence: 0.9 } }, "s")).toEqual({
      constraints: { qualityConfidence: 0.9 },
    });
  });
});

describe("mergeModelSettings", () => {
  it("per-call values win; constraints merge field by field; tags add up without duplicates", () => {
    expect(
      mergeModelSettings(
        {
          constraints: { minQuality: 0.6, maxLatencyMs: 1000 },
          tags: ["app", "x"],
          taskKind: "code",
          tenant: "a",
        },
        { constraints: { maxLatencyMs: 500, allowProviders: ["openai"] }, tags: ["x", "call"], tenant: "b" },
      ),
    ).toEqual({
      constraints: { minQuality: 0.6, maxLatencyMs: 500, allowProviders: ["openai"] },
      tags: ["app", "x", "call"],
      taskKind: "code",
      tenant: "b",
    });
    expect(mergeModelSettings({}, {})).toEqual({});
  });
});
