import { readFileSync } from "node:fs";
import { modelKey, priceInForce } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { builtinModels } from "../builtin-models";
import { comparePriceVersions, type FeedImport, importGenaiPrices, importLitellm } from "./index";

/**
 * Every model a feed sample shares with the catalog is compared at the feed's as-of day: the price
 * in force (token prices, tiers, windows, as billed) and the limits both state. The differences must
 * be exactly the ones listed here, each with its reason: a new disagreement (or a fixed one) fails.
 */
interface Difference {
  model: string;
  fields: string[];
  reason: string;
}

const DEEPSEEK_SCHEME =
  "the catalog prices DeepSeek from the 2026-08-16 scheme (peak 0.44/1.32 per M for V4-Flash and its aliases, half price off-peak), rebuilt from DeepSeek's own pages in scripts/history/deepseek.ts";

const LITELLM_DIFFERENCES: Difference[] = [
  {
    model: "anthropic/claude-sonnet-5",
    fields: ["input", "output", "cacheRead", "cacheWrite", "cacheWrite1h"],
    reason:
      "LiteLLM lists 2 / 10 per M (cache 0.2, writes 2.5 / 4) undated; the catalog's source, genai-prices, dates 3 / 15 from 2026-09-01. Unresolved between the two feeds: the catalog keeps its sourced price",
  },
  {
    model: "deepseek/deepseek-chat",
    fields: ["input", "output", "cacheRead", "limits.maxOutputTokens"],
    reason: `LiteLLM still lists the V3.2 price (0.28 / 0.42, cache 0.028) with no off-peak window and an 8,192 output limit; ${DEEPSEEK_SCHEME} and its 384K output limit`,
  },
  {
    model: "deepseek/deepseek-reasoner",
    fields: ["input", "output", "cacheRead", "limits.maxOutputTokens"],
    reason: `LiteLLM still lists the V3.2 price with a 65,536 output limit; ${DEEPSEEK_SCHEME}`,
  },
];

const GENAI_DIFFERENCES: Difference[] = [
  {
    model: "anthropic/claude-opus-4-6",
    fields: ["limits.contextWindow"],
    reason:
      "genai-prices records a 200K context; the catalog takes 1M from Anthropic's model page (scripts/selection.ts limitsSource)",
  },
  ...["deepseek-chat", "deepseek-reasoner"].map((id) => ({
    model: `deepseek/${id}`,
    fields: ["input", "output", "cacheRead", "windows", "limits.contextWindow"],
    reason: `genai-prices @ 47df840a still holds the 2025 V3 record (0.27 / 1.10 at 00:30–16:30 UTC, half price otherwise) and a 64K context; ${DEEPSEEK_SCHEME} and DeepSeek's 1M context`,
  })),
  ...["deepseek-v4-flash", "deepseek-v4-pro"].map((id) => ({
    model: `deepseek/${id}`,
    fields: ["input", "output", "cacheRead", "windows", "limits.contextWindow"],
    reason: `genai-prices @ 47df840a lists V4's launch price without windows and a 1,000,000 context; ${DEEPSEEK_SCHEME} and the 1,048,576-token context from DeepSeek's pricing page`,
  })),
  ...[
    "gemini-2.0-flash",
    "gemini-2.5-flash-lite",
    "gemini-3-flash-preview",
    "gemini-3.1-flash-lite",
    "gemini-3.5-flash",
    "gemini-3.5-flash-lite",
    "gemini-3.6-flash",
  ].map((id) => ({
    model: `google/${id}`,
    fields: ["limits.contextWindow"],
    reason:
      "genai-prices rounds the window to 1,000,000; the catalog takes Google's 1,048,576 input tokens for every Gemini Flash model (docs/catalog.md, corrected limits)",
  })),
  {
    model: "mistral/ministral-8b-2410",
    fields: ["output"],
    reason:
      "genai-prices lists $1 per M output; Mistral's announcement prices Ministral 8B at $0.10 input and output (scripts/history/mistral.ts)",
  },
  ...["gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano"].map((id) => ({
    model: `openai/${id}`,
    fields: ["limits.contextWindow"],
    reason:
      "genai-prices rounds the window to 1,000,000; OpenAI's model pages give the gpt-4.1 family 1,047,576 tokens",
  })),
  {
    model: "openai/gpt-5.5",
    fields: ["limits.contextWindow"],
    reason:
      "genai-prices rounds the window to 1,000,000; the catalog takes 1,050,000 from the model-bank card (scripts/selection.ts limitsSource)",
  },
  {
    model: "openai/o1",
    fields: ["limits.contextWindow"],
    reason:
      "genai-prices' 128,000 is o1-preview's window; o1 has 200,000 (scripts/selection.ts limitsSource)",
  },
  ...[
    "grok-4-0709",
    "grok-4-1-fast-non-reasoning",
    "grok-4-1-fast-reasoning",
    "grok-4-fast-non-reasoning",
    "grok-4-fast-reasoning",
  ].map((id) => ({
    model: `xai/${id}`,
    fields: ["tiers[>128000]"],
    reason:
      "genai-prices has no long-context tier; xAI prices prompts above 128K tokens higher, added from xAI's model pages (scripts/history/xai.ts)",
  })),
  {
    model: "xai/grok-4.3",
    fields: ["tiers[>200000]"],
    reason:
      "genai-prices has no long-context tier; xAI prices grok-4.3 prompts above 200K tokens higher (scripts/history/xai.ts)",
  },
];

/** The fields in which each shared model differs from the catalog at `at`. */
function differences(feed: FeedImport, at: Date): { model: string; fields: string[] }[] {
  const catalog = new Map(builtinModels().map((m) => [modelKey(m), m]));
  const out: { model: string; fields: string[] }[] = [];
  for (const m of feed.models) {
    const entry = catalog.get(modelKey(m))!;
    const fields = comparePriceVersions(
      priceInForce(entry, at),
      priceInForce({ ...m, prices: m.prices }, at),
    ).map((c) => c.field);
    if (m.limits.maxOutputTokens !== undefined && m.limits.maxOutputTokens !== entry.maxOutput) {
      fields.push("limits.maxOutputTokens");
    }
    if (m.limits.contextWindow !== undefined && m.limits.contextWindow !== entry.contextWindow) {
      fields.push("limits.contextWindow");
    }
    if (fields.length > 0) out.push({ model: modelKey(m), fields });
  }
  return out;
}

describe("feed samples against the catalog", () => {
  it("the LiteLLM sample agrees on its 10 shared models except the listed differences", () => {
    const asOf = "2026-11-30";
    const feed = importLitellm(
      JSON.parse(readFileSync(new URL("./__fixtures__/litellm-subset.json", import.meta.url), "utf8")),
      { source: { url: "BerriAI/litellm@00035b69 model_prices_and_context_window.json", asOf } },
    );
    expect(feed.models).toHaveLength(10);
    expect(differences(feed, new Date(`${asOf}T12:00:00Z`))).toEqual(
      LITELLM_DIFFERENCES.map(({ model, fields }) => ({ model, fields })),
    );
  });

  it("genai-prices agrees on its 68 shared models except the listed differences", () => {
    const asOf = "2026-08-21";
    const feed = importGenaiPrices(
      JSON.parse(readFileSync(new URL("../../data-sources/genai-prices-v2.json", import.meta.url), "utf8")),
      { source: { url: "pydantic/genai-prices@47df840a prices/new_data/v2/data.json", asOf } },
    );
    expect(feed.models).toHaveLength(68);
    expect(differences(feed, new Date(`${asOf}T12:00:00Z`))).toEqual(
      GENAI_DIFFERENCES.map(({ model, fields }) => ({ model, fields })),
    );
  });

  it("explains every listed difference", () => {
    for (const d of [...LITELLM_DIFFERENCES, ...GENAI_DIFFERENCES])
      expect(d.reason.length).toBeGreaterThan(40);
  });
});
