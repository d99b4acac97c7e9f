import {
  type ModelEntryInput,
  ModelEntrySchema,
  modelKey,
  PromptCachePolicySchema,
  parseWith,
  ValidationError,
} from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { builtinModels } from "../builtin-models";
import { BUILTIN_MODELS } from "./builtin-models";
import { PROMPT_CACHE_RULES, withPromptCache } from "./prompt-cache";

const byKey = new Map(builtinModels().map((m) => [modelKey(m), m]));

describe("prompt-cache data", () => {
  it("names only models the catalog has, each once, with a valid, sourced policy", () => {
    const seen = new Set<string>();
    for (const rule of PROMPT_CACHE_RULES) {
      expect(PromptCachePolicySchema.safeParse(rule.policy).success, rule.provider).toBe(true);
      expect(rule.policy.source?.url).toMatch(/^https:\/\//);
      expect(rule.policy.source?.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const id of rule.models) {
        const key = `${rule.provider}/${id}`;
        expect(byKey.has(key), `${key} is not in the catalog`).toBe(true);
        expect(seen.has(key), `${key} is listed twice`).toBe(false);
        seen.add(key);
      }
    }
  });

  it("is merged onto the built-in entries: Anthropic explicit per model, automatic elsewhere, none when undocumented", () => {
    expect(byKey.get("anthropic/claude-sonnet-4-5")?.promptCache).toMatchObject({
      mode: "explicit",
      minPrefixTokens: 1024,
      ttls: ["5m", "1h"],
      readMultiplier: 0.1,
      writeMultiplier: 1.25,
    });
    expect(byKey.get("anthropic/claude-opus-4-5")?.promptCache?.minPrefixTokens).toBe(4096);
    expect(byKey.get("anthropic/claude-3-5-haiku-latest")?.promptCache?.minPrefixTokens).toBe(2048);
    expect(byKey.get("openai/gpt-4o-mini")?.promptCache).toMatchObject({
      mode: "automatic",
      minPrefixTokens: 1024,
    });
    expect(byKey.get("deepseek/deepseek-chat")?.promptCache).toMatchObject({
      mode: "automatic",
      minPrefixTokens: 64,
    });
    expect(byKey.get("google/gemini-2.5-pro")?.promptCache?.mode).toBe("automatic");
    // Older than gpt-4o: not cached by OpenAI; Gemini 2.0: not in the implicit-caching list.
    expect(byKey.get("openai/gpt-3.5-turbo")?.promptCache).toBeUndefined();
    expect(byKey.get("google/gemini-2.0-flash")?.promptCache).toBeUndefined();
  });

  it("agrees with the price data: where a version prices cache reads/writes, they are the documented multiples of input", () => {
    let checked = 0;
    for (const m of builtinModels()) {
      const pc = m.promptCache;
      if (pc?.readMultiplier === undefined && pc?.writeMultiplier === undefined) continue;
      for (const v of m.prices) {
        for (const band of [v, ...(v.tiers ?? [])]) {
          const input = Number(band.input);
          if (band.cacheRead !== undefined && pc.readMultiplier !== undefined) {
            expect(Number(band.cacheRead), `${modelKey(m)} cacheRead`).toBeCloseTo(
              input * pc.readMultiplier,
              9,
            );
            checked++;
          }
          if (band.cacheWrite !== undefined && pc.writeMultiplier !== undefined) {
            expect(Number(band.cacheWrite), `${modelKey(m)} cacheWrite`).toBeCloseTo(
              input * pc.writeMultiplier,
              9,
            );
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(8);
  });

  it("leaves an entry's own policy alone", () => {
    const own = BUILTIN_MODELS.find((m) => m.provider === "anthropic")!;
    const mine: ModelEntryInput = {
      ...own,
      promptCache: { mode: "explicit", minPrefixTokens: 1, ttls: ["1h"] },
    };
    expect(withPromptCache([mine])[0]?.promptCache).toEqual({
      mode: "explicit",
      minPrefixTokens: 1,
      ttls: ["1h"],
    });
  });

  it("rejects a bad policy or API style on a model entry with a ValidationError naming the path", () => {
    const entry = BUILTIN_MODELS.find((m) => m.provider === "anthropic")!;
    const bad = { ...entry, api: "", promptCache: { mode: "explicit", minPrefixTokens: 1024, ttls: [] } };
    let error: unknown;
    try {
      parseWith(ModelEntrySchema, bad, "test table");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).issues.map((i) => i.path.join("."));
    expect(paths).toContain("api");
    expect(paths).toContain("promptCache.ttls");
  });
});
