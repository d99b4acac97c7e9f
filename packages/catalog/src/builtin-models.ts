import { type ModelEntry, ModelTableSchema, parseWith } from "@tokenwise/core";
import { BUILTIN_MODELS } from "./data/builtin-models";
import { withPromptCache } from "./data/prompt-cache";

let cached: readonly ModelEntry[] | undefined;

/**
 * The built-in models, validated with core's `ModelTableSchema` on first use (and cached).
 * Generated from `data-sources/` by `scripts/generate.ts`: every price version cites its source. Each
 * model's documented prompt-cache behaviour (`promptCache`, from `data/prompt-cache.ts`) is merged on.
 *
 * @example
 * builtinModels().filter((m) => m.provider === "deepseek").length // 4
 */
export function builtinModels(): readonly ModelEntry[] {
  cached ??= Object.freeze(
    parseWith(ModelTableSchema, withPromptCache(BUILTIN_MODELS), "@tokenwise/catalog built-in data"),
  );
  return cached;
}
