import {
  type ModelEntry,
  type ModelEntryInput,
  ModelTableSchema,
  modelKey,
  parseWith,
  TokenwiseError,
} from "@tokenwise/core";
import { withBatchPricing } from "./data/batch-pricing";
import { BUILTIN_MODELS } from "./data/builtin-models";
import { LATENCY_DATA } from "./data/latency";
import { BUILTIN_LIFECYCLE } from "./data/lifecycle";
import { withPromptCache } from "./data/prompt-cache";
import { QUALITY_DATA } from "./data/quality";

let cached: readonly ModelEntry[] | undefined;

/**
 * The generated provider entries with their quality (`data/quality.ts`: ratings with source and date,
 * dated versions for aliases, flagged priors) and latency (`data/latency.ts`: a cited measurement or a
 * flagged prior) merged on, by `provider/id`.
 */
export function withQualityAndLatency(entries: readonly ModelEntryInput[]): ModelEntryInput[] {
  return entries.map((entry) => {
    const key = modelKey(entry);
    const quality = QUALITY_DATA[key];
    const latency = LATENCY_DATA[key];
    return { ...entry, ...(quality ?? {}), ...(latency ? { latency } : {}) };
  });
}

/**
 * Puts each model's lifecycle (deprecation and retirement dates from `data/lifecycle.ts`) onto the
 * generated entries; a lifecycle key that names no model is an error, so a renamed model cannot
 * silently lose its dates.
 */
export function withLifecycle(
  models: readonly ModelEntryInput[],
  lifecycle: Readonly<Record<string, ModelEntryInput["lifecycle"]>> = BUILTIN_LIFECYCLE,
): ModelEntryInput[] {
  const keys = new Set(models.map(modelKey));
  const unknown = Object.keys(lifecycle).filter((key) => !keys.has(key));
  if (unknown.length > 0) {
    throw new TokenwiseError({
      message: `@tokenwise/catalog lifecycle data names unknown models: ${unknown.join(", ")}`,
    });
  }
  return models.map((m) => {
    const l = lifecycle[modelKey(m)];
    return l === undefined ? m : { ...m, lifecycle: l };
  });
}

/**
 * The built-in models, validated with core's `ModelTableSchema` on first use (and cached).
 * Generated from `data-sources/` by `scripts/generate.ts` (prices) and `scripts/generate-quality.ts`
 * (quality, latency): every price version, rating and latency figure cites its source; priors are
 * flagged `source: "prior"` with their rule. Each model's documented prompt-cache behaviour
 * (`promptCache`, from `data/prompt-cache.ts`) and its deprecation and retirement dates (from
 * `data/lifecycle.ts`, each citing the provider's page) are merged on, and the batch API discount of
 * the providers that document one (`data/batch-pricing.ts`, with its source).
 *
 * @example
 * builtinModels().filter((m) => m.provider === "deepseek").length // 4
 */
export function builtinModels(): readonly ModelEntry[] {
  cached ??= Object.freeze(
    parseWith(
      ModelTableSchema,
      withLifecycle(withPromptCache(withBatchPricing(withQualityAndLatency(BUILTIN_MODELS)))),
      "@tokenwise/catalog built-in data",
    ),
  );
  return cached;
}
