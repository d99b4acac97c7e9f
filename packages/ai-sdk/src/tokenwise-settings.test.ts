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
    expect(
      issuesOf(() => parseModelSettings({ constraints: { minQuality: 1.5 } }, "providerOptions.tokenwise")),
    ).toEqual([{ path: "constraints.minQuality", value: 1.5 }]);
    expect(issuesOf(() => parseModelSettings({ constraints: { maxCostPerCall: "ten cents" } }, "s"))).toEqual(
      [{ path: "constraints.maxCostPerCall", value: "ten cents" }],
    );
    expect(issuesOf(() => parseModelSettings({ constraints: { currency: "XXY" } }, "s"))).toEqual([
      { path: "constraints.currency", value: "XXY" },
    ]);
    expect(issuesOf(() => parseModelSettings({ taskKind: "poetry", tags: ["ok", ""] }, "s"))).toEqual([
      { path: "taskKind", value: "poetry" },
      { path: "tags.1", value: "" },
    ]);
    expect(
      issuesOf(() => parseModelSettings({ constraints: { requiredCapabilities: ["telepathy"] } }, "s")),
    ).toEqual([{ path: "constraints.requiredCapabilities.0", value: "telepathy" }]);
  });

  it("rejects unknown keys: a typo is not silently ignored", () => {
    expect(() =>
      parseModelSettings({ constraint: { minQuality: 0.5 } }, 'tokenwise("auto") settings'),
    ).toThrow(/tokenwise\("auto"\) settings: .*constraint/);
    expect(() => parseModelSettings({ constraints: { minQualty: 0.5 } }, "s")).toThrow(/minQualty/);
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
