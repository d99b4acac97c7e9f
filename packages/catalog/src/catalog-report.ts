import {
  type LifecycleState,
  lifecycleState,
  type ModelEntry,
  type ModelLifecycle,
  modelKey,
  priceInForce,
  qualityInForce,
  type ThinkingMode,
} from "@tokenwise/core";
import type { Catalog } from "./create-catalog";
import { newestAsOf } from "./stale-entries";

/** One provider's line in the catalog report. */
export interface ProviderSummary {
  provider: string;
  models: number;
  /** Models per currency of their newest price version. */
  currencies: Record<string, number>;
  /** The oldest "newest as-of" among the provider's models: how old its least fresh price is. */
  oldestAsOf: string;
  newestAsOf: string;
}

/** The catalog report as data, for tools that render it their own way. */
export interface CatalogSummary {
  at: string;
  models: number;
  providers: ProviderSummary[];
  currencies: Record<string, number>;
  /** The oldest "newest as-of" over all models, and which model has it. */
  oldestAsOf: { date: string; key: string } | null;
  staleAfterDays: number;
  stale: ReturnType<Catalog["stale"]>;
  /**
   * General quality in force at `at`: models with a sourced rating (and the oldest and newest dates of
   * the data they come from), with a flagged prior only, and with none. `tokenwise models` has every kind.
   */
  quality: {
    rated: number;
    priors: number;
    none: number;
    oldestAsOf: string | null;
    newestAsOf: string | null;
  };
  /** Latency profiles: cited measurements, flagged priors, none. */
  latency: { measured: number; priors: number; none: number };
  /** Models with an announced end of life, retirement date first (undated last), and their state now. */
  lifecycle: { key: string; state: LifecycleState; lifecycle: ModelLifecycle }[];
  /** Models whose prompt is limited below the context window (`maxInputTokens`). */
  inputLimits: { key: string; maxInputTokens: number; contextWindow: number }[];
  /** Models called under another id than the catalog's (`apiId`). */
  apiIds: { key: string; apiId: string }[];
  /**
   * Hybrid models: their thinking switch (null: none), and the default mode when the price in force
   * prices the modes apart (null: one price for both modes, or no price now).
   */
  thinking: { key: string; switch: string | null; defaultMode: ThinkingMode | null }[];
}

function currencyOf(model: ModelEntry): string {
  const newest = [...model.prices].sort(
    (a, b) => Date.parse(b.effectiveFrom) - Date.parse(a.effectiveFrom),
  )[0];
  return newest?.currency ?? "?";
}

/**
 * Summarises a catalog: models per provider and currency, the oldest price as-of date, stale entries.
 *
 * @example
 * summarizeCatalog(createCatalog()).currencies // { USD: 48, CNY: 38 }
 */
export function summarizeCatalog(catalog: Catalog): CatalogSummary {
  const providers = new Map<string, ProviderSummary>();
  const currencies: Record<string, number> = {};
  let oldest: { date: string; key: string } | null = null;
  const at = catalog.now();
  const quality: CatalogSummary["quality"] = {
    rated: 0,
    priors: 0,
    none: 0,
    oldestAsOf: null,
    newestAsOf: null,
  };
  const latency: CatalogSummary["latency"] = { measured: 0, priors: 0, none: 0 };
  for (const model of catalog.list()) {
    const q = qualityInForce(model, at, "general");
    if (!q) quality.none++;
    else if (q.prior) quality.priors++;
    else {
      quality.rated++;
      if (q.asOf && (quality.oldestAsOf === null || q.asOf < quality.oldestAsOf)) quality.oldestAsOf = q.asOf;
      if (q.asOf && (quality.newestAsOf === null || q.asOf > quality.newestAsOf)) quality.newestAsOf = q.asOf;
    }
    if (!model.latency) latency.none++;
    else if (model.latency.source === "prior") latency.priors++;
    else latency.measured++;
    const currency = currencyOf(model);
    const asOf = newestAsOf(model);
    currencies[currency] = (currencies[currency] ?? 0) + 1;
    const p = providers.get(model.provider) ?? {
      provider: model.provider,
      models: 0,
      currencies: {},
      oldestAsOf: asOf,
      newestAsOf: asOf,
    };
    p.models += 1;
    p.currencies[currency] = (p.currencies[currency] ?? 0) + 1;
    if (asOf < p.oldestAsOf) p.oldestAsOf = asOf;
    if (asOf > p.newestAsOf) p.newestAsOf = asOf;
    providers.set(model.provider, p);
    if (!oldest || asOf < oldest.date) oldest = { date: asOf, key: modelKey(model) };
  }
  const lifecycle = catalog
    .list()
    .filter((m) => m.lifecycle !== undefined)
    .map((m) => ({ key: modelKey(m), state: lifecycleState(m, catalog.now()), lifecycle: m.lifecycle! }))
    .sort(
      (a, b) =>
        (a.lifecycle.retiresOn ?? "9999").localeCompare(b.lifecycle.retiresOn ?? "9999") ||
        a.key.localeCompare(b.key),
    );
  const models = catalog.list();
  const inputLimits = models
    .filter((m) => m.maxInputTokens !== undefined)
    .map((m) => ({ key: modelKey(m), maxInputTokens: m.maxInputTokens!, contextWindow: m.contextWindow }));
  const apiIds = models
    .filter((m) => m.apiId !== undefined)
    .map((m) => ({ key: modelKey(m), apiId: m.apiId! }));
  const thinking = models.flatMap((m) => {
    let defaultMode: ThinkingMode | null = null;
    try {
      const price = priceInForce(m, at);
      if (price.thinking !== undefined) defaultMode = price.defaultMode ?? null;
    } catch {
      // No price in force: the switch alone is listed.
    }
    return m.thinkingSwitch !== undefined || defaultMode !== null
      ? [{ key: modelKey(m), switch: m.thinkingSwitch ?? null, defaultMode }]
      : [];
  });
  return {
    at: at.toISOString(),
    models: models.length,
    providers: [...providers.values()].sort((a, b) => a.provider.localeCompare(b.provider)),
    currencies,
    oldestAsOf: oldest,
    staleAfterDays: catalog.staleAfterDays,
    stale: catalog.stale(),
    quality,
    latency,
    lifecycle,
    inputLimits,
    apiIds,
    thinking,
  };
}

const fmtInt = (n: number) => n.toLocaleString("en-US");

const fmtCurrencies = (c: Record<string, number>) =>
  Object.entries(c)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");

/**
 * The catalog report as text: models per provider and currency, the oldest as-of date, stale entries,
 * and the models with an announced deprecation or retirement.
 * Used by `scripts/catalog-report.ts` and the CLI.
 *
 * @example
 * console.log(catalogReport(createCatalog()));
 */
export function catalogReport(catalog: Catalog): string {
  const s = summarizeCatalog(catalog);
  const rows = s.providers.map((p) => [
    p.provider,
    String(p.models),
    fmtCurrencies(p.currencies),
    p.oldestAsOf,
    p.newestAsOf,
  ]);
  const head = ["provider", "models", "currencies", "oldest as-of", "newest as-of"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const out = [
    `tokenwise catalog at ${s.at}: ${s.models} models from ${s.providers.length} providers`,
    "",
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
    `models per currency: ${fmtCurrencies(s.currencies)}`,
    `oldest as-of: ${s.oldestAsOf ? `${s.oldestAsOf.date} (${s.oldestAsOf.key})` : "n/a"}`,
    `quality (general, in force now): ${s.quality.rated} rated${
      s.quality.oldestAsOf ? ` (data ${s.quality.oldestAsOf} … ${s.quality.newestAsOf})` : ""
    }, ${s.quality.priors} flagged priors, ${s.quality.none} without; every kind: tokenwise models`,
    `latency: ${s.latency.measured} measured, ${s.latency.priors} flagged priors, ${s.latency.none} without`,
    `input limits below the context window: ${
      s.inputLimits
        .map((l) => `${l.key} ${fmtInt(l.maxInputTokens)} of ${fmtInt(l.contextWindow)}`)
        .join(", ") || "none"
    }`,
    `API ids (sent instead of the catalog id): ${s.apiIds.map((a) => `${a.key} → ${a.apiId}`).join(", ") || "none"}`,
    `thinking modes: ${
      s.thinking
        .map(
          (t) =>
            `${t.key} (${t.switch ?? "no switch"}; ${
              t.defaultMode ? `priced apart, default ${t.defaultMode}` : "one price for both modes"
            })`,
        )
        .join(", ") || "none"
    }`,
  ];
  if (s.stale.length === 0) out.push(`stale (newest as-of more than ${s.staleAfterDays} days old): none`);
  else {
    out.push(`stale (newest as-of more than ${s.staleAfterDays} days old): ${s.stale.length}`);
    for (const e of s.stale) out.push(`  ${e.key}  as-of ${e.newestAsOf}  (${e.ageDays} days)`);
  }
  const counts = (state: LifecycleState) => s.lifecycle.filter((l) => l.state === state).length;
  out.push(
    `lifecycle: ${counts("retired")} retired (never routed to), ${counts("deprecated")} deprecated or retiring within 30 days, ${counts("active")} with a later announced date`,
  );
  for (const l of s.lifecycle) {
    const retires = l.lifecycle.retiresOn
      ? `retires ${l.lifecycle.retiresOn}`
      : `deprecated ${l.lifecycle.deprecatedOn}`;
    const instead = l.lifecycle.replacement ? `  → ${l.lifecycle.replacement}` : "";
    out.push(`  ${l.state.padEnd(10)} ${l.key}  ${retires}${instead}`);
  }
  return out.join("\n");
}
