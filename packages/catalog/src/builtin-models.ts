import { type ModelEntry, ModelTableSchema, parseWith } from "@tokenwise/core";
import { BUILTIN_MODELS } from "./data/builtin-models";

let cached: readonly ModelEntry[] | undefined;

/**
 * The built-in models, validated with core's `ModelTableSchema` on first use (and cached).
 * Generated from `data-sources/` by `scripts/generate.ts`: every price version cites its source.
 *
 * @example
 * builtinModels().filter((m) => m.provider === "deepseek").length // 4
 */
export function builtinModels(): readonly ModelEntry[] {
  cached ??= Object.freeze(parseWith(ModelTableSchema, BUILTIN_MODELS, "@tokenwise/catalog built-in data"));
  return cached;
}
