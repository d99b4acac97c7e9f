import { type ModelEntry, modelKey, type ValidationIssue } from "@tokenwise/core";
import type { Constraints } from "../types";
import { unknownNameMessage } from "./nearest-name";

/** The provider names and `provider/id` keys of a router's models: what allow/deny lists may name. */
export interface KnownNames {
  readonly providers: readonly string[];
  readonly models: readonly string[];
  readonly providerSet: ReadonlySet<string>;
  readonly modelSet: ReadonlySet<string>;
}

export function knownNames(models: readonly ModelEntry[]): KnownNames {
  const modelSet = new Set(models.map(modelKey));
  const providerSet = new Set(models.map((m) => m.provider));
  return { providers: [...providerSet], models: [...modelSet], providerSet, modelSet };
}

const LISTS = [
  ["allowProviders", "provider"],
  ["denyProviders", "provider"],
  ["allowModels", "model"],
  ["denyModels", "model"],
] as const;

/**
 * Names in allow/deny lists that no model of the router has: a typo would otherwise switch the
 * constraint off (a deny list that denies nothing) or reject everything. Each issue suggests the
 * nearest known name.
 */
export function unknownNameIssues(
  constraints: Constraints | undefined,
  known: KnownNames,
  path: readonly (string | number)[],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!constraints) return issues;
  for (const [list, kind] of LISTS) {
    const names = constraints[list];
    if (!names) continue;
    const set = kind === "provider" ? known.providerSet : known.modelSet;
    names.forEach((name, i) => {
      if (set.has(name)) return;
      const all = kind === "provider" ? known.providers : known.models;
      const hint = kind === "model" && !name.includes("/") ? " (model names are `provider/id` keys)" : "";
      issues.push({
        path: [...path, list, i],
        message: `${unknownNameMessage(kind, name, all)}${hint}`,
        value: name,
      });
    });
  }
  return issues;
}
