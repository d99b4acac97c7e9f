import {
  lifecycleState,
  lifecycleWarning,
  ModelLifecycleSchema,
  modelKey,
  ValidationError,
} from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { builtinModels, withLifecycle } from "./builtin-models";
import { createCatalog } from "./create-catalog";
import { BUILTIN_MODELS } from "./data/builtin-models";
import { BUILTIN_LIFECYCLE } from "./data/lifecycle";
import { loadPriceTable } from "./load-price-table";

const today = new Date("2026-11-29T12:00:00Z");

describe("built-in lifecycle data", () => {
  it("names only catalog models, validates, and cites the provider's own deprecation page", () => {
    const keys = new Set(builtinModels().map(modelKey));
    const hosts: Record<string, string> = {
      openai: "developers.openai.com",
      anthropic: "platform.claude.com",
      google: "ai.google.dev",
      deepseek: "api-docs.deepseek.com",
    };
    for (const [key, lifecycle] of Object.entries(BUILTIN_LIFECYCLE)) {
      expect(keys.has(key), key).toBe(true);
      expect(ModelLifecycleSchema.safeParse(lifecycle).success, key).toBe(true);
      expect(new URL(lifecycle.source.url).host, key).toBe(hosts[key.split("/")[0]!]);
    }
  });

  it("is merged onto the built-in entries, and a model without an announcement has none", () => {
    const sonnet = createCatalog().find("anthropic/claude-sonnet-4-5");
    expect(sonnet.lifecycle).toMatchObject({ retiresOn: "2026-11-30" });
    expect(createCatalog().find("anthropic/claude-haiku-4-5").lifecycle).toBeUndefined();
    const withData = builtinModels().filter((m) => m.lifecycle).length;
    expect(withData).toBe(Object.keys(BUILTIN_LIFECYCLE).length);
  });

  it("on 2026-11-29, claude-sonnet-4-5 is one day from retirement, deepseek-chat and gpt-3.5-turbo retired", () => {
    const catalog = createCatalog();
    expect(lifecycleState(catalog.find("anthropic/claude-sonnet-4-5"), today)).toBe("deprecated");
    expect(lifecycleWarning(catalog.find("anthropic/claude-sonnet-4-5"), today)?.daysLeft).toBe(0);
    // DeepSeek: deprecated with the V4 preview (2026-04-24), inaccessible after 2026-07-24 15:59 UTC.
    expect(lifecycleState(catalog.find("deepseek/deepseek-chat"), today)).toBe("retired");
    expect(lifecycleState(catalog.find("deepseek/deepseek-chat"), new Date("2026-07-23T12:00:00Z"))).toBe(
      "deprecated",
    );
    expect(lifecycleState(catalog.find("deepseek/deepseek-chat"), new Date("2026-04-23T12:00:00Z"))).toBe(
      "active",
    );
    expect(lifecycleState(catalog.find("openai/gpt-3.5-turbo"), today)).toBe("retired");
    expect(lifecycleState(catalog.find("openai/gpt-4o"), today)).toBe("deprecated");
    expect(lifecycleState(catalog.find("openai/gpt-4o"), new Date("2026-10-13T00:00:00Z"))).toBe("active");
    expect(lifecycleState(catalog.find("openai/gpt-5.4"), today)).toBe("active");
  });

  it("a lifecycle key that names no model is an error", () => {
    expect(() =>
      withLifecycle(BUILTIN_MODELS, { "openai/gpt-0": BUILTIN_LIFECYCLE["openai/gpt-4o"] }),
    ).toThrow(/unknown models: openai\/gpt-0/);
  });
});

describe("lifecycle in user tables", () => {
  const entry = (lifecycle: unknown) => ({
    provider: "acme",
    id: "m1",
    api: "openai",
    contextWindow: 32_000,
    maxOutput: 4_096,
    capabilities: { tools: true, vision: false, structuredOutput: false, streaming: true, reasoning: false },
    tokenizer: "cl100k_base",
    prices: [
      {
        currency: "USD",
        effectiveFrom: "2026-01-01T00:00:00Z",
        input: "1",
        output: "2",
        source: { url: "https://acme.test/pricing", asOf: "2026-01-01" },
      },
    ],
    lifecycle,
  });

  it("carries a lifecycle through the loader and onto a catalog entry (replace and merge)", () => {
    const lifecycle = {
      deprecatedOn: "2026-12-01",
      retiresOn: "2027-03-01",
      replacement: "m2",
      source: { url: "https://acme.test/deprecations", asOf: "2026-12-01" },
    };
    const table = loadPriceTable({ models: [entry(lifecycle)] }, { name: "acme.json" });
    expect(table.models[0]!.lifecycle).toEqual(lifecycle);
    const catalog = createCatalog({ tables: [table] });
    expect(catalog.find("acme/m1").lifecycle).toEqual(lifecycle);
    // A user table can announce a retirement for a built-in model (merge keeps the prices).
    const gpt = createCatalog().find("openai/gpt-5.4");
    const merged = createCatalog().extend(
      { models: [{ ...gpt, prices: gpt.prices, lifecycle }] },
      { mode: "merge" },
    );
    expect(merged.find("openai/gpt-5.4").lifecycle).toEqual(lifecycle);
    expect(merged.find("openai/gpt-5.4").prices).toEqual(gpt.prices);
  });

  it("rejects a bad lifecycle with the path and the value", () => {
    const bad = {
      deprecatedOn: "2027-04-01",
      retiresOn: "2027-03-01",
      source: { url: "not a url", asOf: "2026-12-01" },
    };
    let error: unknown;
    try {
      loadPriceTable({ models: [entry(bad)] }, { name: "acme.json" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const message = (error as ValidationError).message;
    expect(message).toContain("models.0.lifecycle.source.url");
    expect(message).toContain("models.0.lifecycle.retiresOn");
    expect(message).toContain("deprecatedOn must not be after retiresOn");
    expect(() =>
      loadPriceTable({ models: [entry({ source: { url: "https://acme.test", asOf: "2026-12-01" } })] }),
    ).toThrow(/deprecatedOn or retiresOn/);
  });
});
