import {
  type ModelEntry,
  type ModelEntryInput,
  ModelTableSchema,
  modelKey,
  parseWith,
} from "@tokenwise/core";
import { BUILTIN_MODELS } from "./data/builtin-models";
import { LATENCY_DATA } from "./data/latency";
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
 * The built-in models, validated with core's `ModelTableSchema` on first use (and cached).
 * Generated from `data-sources/` by `scripts/generate.ts` (prices) and `scripts/generate-quality.ts`
 * (quality, latency): every price version, rating and latency figure cites its source; priors are
 * flagged `source: "prior"` with their rule. Each model's documented prompt-cache behaviour
 * (`promptCache`, from `data/prompt-cache.ts`) is merged on.
 *
 * @example
 * builtinModels().filter((m) => m.provider === "deepseek").length // 4
 */
export function builtinModels(): readonly ModelEntry[] {
  cached ??= Object.freeze(
    parseWith(
      ModelTableSchema,
      withPromptCache(withQualityAndLatency(BUILTIN_MODELS)),
      "@tokenwise/catalog built-in data",
    ),
  );
  return cached;
}
