import {
  issuesFromZod,
  type ModelEntry,
  modelKey,
  ValidationError,
  type ValidationIssue,
} from "@tokenwise/core";
import { DEFAULT_PROVIDERS } from "../provider-settings";
import type { RouterSettings } from "../router";
import { knownNames, unknownNameIssues } from "./known-names";
import { unknownNameMessage } from "./nearest-name";
import { RouterSettingsSchema } from "./settings-schema";
import { capCurrencyIssue, createRequestValidator, type RequestValidator } from "./validate-request";

/**
 * Checks {@link RouterSettings} (every field's type and range, `models` or `catalog`, duplicate model
 * keys, provider names in `providers` and model names in `defaults` against the models) and returns
 * the validator of this router's requests. Throws a {@link ValidationError} with source `createRouter`.
 */
export function validateRouterSettings(settings: unknown): RequestValidator {
  const parsed = RouterSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new ValidationError({
      source: "createRouter",
      issues: issuesFromZod(parsed.error, settings),
      cause: parsed.error,
    });
  }
  const s = settings as RouterSettings;
  const models: readonly ModelEntry[] | undefined = s.models ?? s.catalog?.list();
  if (!models) {
    throw new ValidationError({
      source: "createRouter",
      issues: [{ path: ["models"], message: "pass `models` or `catalog`" }],
    });
  }
  const known = knownNames(models);
  const issues: ValidationIssue[] = [];
  if (known.models.length !== models.length) {
    const seen = new Set<string>();
    models.forEach((m, i) => {
      const key = modelKey(m);
      if (seen.has(key)) issues.push({ path: ["models", i], message: `duplicate model ${key}`, value: key });
      seen.add(key);
    });
  }
  // A provider settings entry must name a provider of this router's models or a known provider (one
  // config shared by routers over different model subsets is fine); anything else is a typo.
  const candidates = [...new Set([...known.providers, ...Object.keys(DEFAULT_PROVIDERS)])];
  for (const provider of Object.keys(s.providers ?? {})) {
    if (known.providerSet.has(provider) || provider in DEFAULT_PROVIDERS) continue;
    issues.push({
      path: ["providers", provider],
      message: `${unknownNameMessage("provider", provider, candidates)}: no model of this router is served by it`,
    });
  }
  issues.push(...unknownNameIssues(s.defaults, known, ["defaults"]));
  const mismatch = capCurrencyIssue(s.defaults?.maxCostPerCall, s.defaults?.currency ?? "USD", [
    "defaults",
    "maxCostPerCall",
    "currency",
  ]);
  if (mismatch) issues.push(mismatch);
  if (issues.length > 0) throw new ValidationError({ source: "createRouter", issues });
  return createRequestValidator(known, s.defaults ?? {});
}
