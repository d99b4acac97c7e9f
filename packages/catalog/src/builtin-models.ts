import {
  type ModelEntry,
  type ModelEntryInput,
  ModelTableSchema,
  modelKey,
  parseWith,
  TokenwiseError,
} from "@tokenwise/core";
import { BUILTIN_MODELS } from "./data/builtin-models";
import { BUILTIN_LIFECYCLE } from "./data/lifecycle";

let cached: readonly ModelEntry[] | undefined;

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
 * Generated from `data-sources/` by `scripts/generate.ts`: every price version cites its source;
 * deprecation and retirement dates come from `data/lifecycle.ts`, each citing the provider's page.
 *
 * @example
 * builtinModels().filter((m) => m.provider === "deepseek").length // 4
 */
export function builtinModels(): readonly ModelEntry[] {
  cached ??= Object.freeze(
    parseWith(ModelTableSchema, withLifecycle(BUILTIN_MODELS), "@tokenwise/catalog built-in data"),
  );
  return cached;
}
