// Hand-maintained: batch API prices per provider, with sources. Merged onto the generated
// per-provider entries by `withBatchPricing` (see builtin-models.ts); the generated files stay untouched.
import type { ModelEntryInput, PriceVersionInput } from "@tokenwise/core";

/** A provider's batch API discount, applied to every price version of its models in the catalog. */
export interface BatchPricingRule {
  provider: string;
  /** Multiplier on every token price (input, output, cache read and write, reasoning). */
  multiplier: string;
  source: PriceVersionInput["source"];
}

export const BATCH_PRICING_RULES: readonly BatchPricingRule[] = [
  {
    provider: "openai",
    multiplier: "0.5",
    source: {
      url: "https://developers.openai.com/api/docs/guides/batch",
      asOf: "2026-11-30",
      note: "Batch API (since 2024-04-15): requests sent as a JSONL file to /v1/batches, results within a 24h completion window, at a 50% discount on input and output tokens against the synchronous API; at most 50,000 requests and 200 MB per input file.",
    },
  },
  {
    provider: "anthropic",
    multiplier: "0.5",
    source: {
      url: "https://platform.claude.com/docs/en/build-with-claude/batch-processing",
      asOf: "2026-11-30",
      note: "Message Batches API (since 2024-10-08): every active model, 50% of the standard price on all usage (input, output, cache writes and reads); most batches end within 1 hour, at most 24 hours; at most 100,000 requests or 256 MB per batch.",
    },
  },
];

/** Puts the batch multiplier and its source on every price version of the providers the rules name. */
export function withBatchPricing(
  models: readonly ModelEntryInput[],
  rules: readonly BatchPricingRule[] = BATCH_PRICING_RULES,
): ModelEntryInput[] {
  const byProvider = new Map(rules.map((r) => [r.provider, r]));
  return models.map((m) => {
    const rule = byProvider.get(m.provider);
    if (!rule) return m;
    return {
      ...m,
      prices: m.prices.map((v) => ({ ...v, batchMultiplier: rule.multiplier, batchSource: rule.source })),
    };
  });
}
