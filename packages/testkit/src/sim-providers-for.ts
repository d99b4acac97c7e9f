import type { ModelEntry } from "@tokenwise/core";
import type { SimModelConfig, SimProviderConfig } from "./testkit-server";

/**
 * Simulated providers for catalog entries: one provider per `model.provider` with that model's wire
 * style, each model served under the id a call sends (its `apiId`, else its `id`) and billed at its own
 * dated prices (in the thinking mode the request switches to, where the price tells the modes apart) and counted with its tokenizer where the testkit
 * has it (`o200k_base`, `cl100k_base`), else with the documented `o200k-biased` family. `perModel`
 * adds or overrides settings (responses, faults, latency…) per model; it gets the entry as given, so
 * it can read the model's own fields (e.g. `cacheSettingsFor(m.promptCache)`).
 *
 * @example
 * const kit = await startTestkit({ providers: simProvidersFor(catalog.list().slice(0, 5)), timeScale: 0 });
 */
export function simProvidersFor<
  M extends Pick<ModelEntry, "provider" | "id" | "api" | "tokenizer" | "prices"> &
    Partial<Pick<ModelEntry, "apiId">>,
>(models: readonly M[], perModel: (model: M) => Partial<SimModelConfig> = () => ({})): SimProviderConfig[] {
  const byProvider = new Map<string, { name: string; style: ModelEntry["api"]; models: SimModelConfig[] }>();
  for (const m of models) {
    let provider = byProvider.get(m.provider);
    if (!provider) {
      provider = { name: m.provider, style: m.api, models: [] };
      byProvider.set(m.provider, provider);
    }
    provider.models.push({
      id: m.apiId ?? m.id,
      tokenizer: m.tokenizer === "o200k_base" || m.tokenizer === "cl100k_base" ? m.tokenizer : "o200k-biased",
      prices: m.prices,
      ...perModel(m),
    });
  }
  return [...byProvider.values()];
}
