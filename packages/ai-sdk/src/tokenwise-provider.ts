import { type LanguageModelV3, NoSuchModelError, type ProviderV3 } from "@ai-sdk/provider";
import { modelKey } from "@tokenwise/core";
import { createConversionCaches } from "./convert-to-tokenwise-request";
import {
  TokenwiseLanguageModel,
  type TokenwiseModelId,
  type TokenwiseRouter,
} from "./tokenwise-language-model";
import { parseModelSettings, type TokenwiseModelSettings } from "./tokenwise-settings";

/** Settings of {@link createTokenwise}. */
export interface TokenwiseProviderSettings {
  /** The router every call goes through (`createRouter` from `@tokenwise/router`). */
  router: TokenwiseRouter;
  /** Provider name the AI SDK reports in results and telemetry. Default `tokenwise`. */
  name?: string;
}

/** A Vercel AI SDK provider whose language models route through tokenwise. */
export interface TokenwiseProvider extends ProviderV3 {
  /** A routed (`auto`) or pinned (`provider/model`) language model. */
  (modelId: TokenwiseModelId, settings?: TokenwiseModelSettings): LanguageModelV3;
  /** Same as calling the provider. */
  languageModel(modelId: TokenwiseModelId, settings?: TokenwiseModelSettings): LanguageModelV3;
}

/**
 * Creates the tokenwise provider for the Vercel AI SDK (`ai@6`, `LanguageModelV3`).
 *
 * @example
 * const tokenwise = createTokenwise({ router: createRouter({ catalog: createCatalog() }) });
 * const { text, providerMetadata } = await generateText({
 *   model: tokenwise("auto", { constraints: { minQuality: 0.7 }, tags: ["support"] }),
 *   prompt: "Summarise this ticket: …",
 * });
 * providerMetadata?.tokenwise?.realizedCost; // { amount: "0.000412", currency: "USD", parts: {…} }
 */
export function createTokenwise(settings: TokenwiseProviderSettings): TokenwiseProvider {
  const name = settings.name ?? "tokenwise";
  const { router } = settings;
  const caches = createConversionCaches();

  const languageModel = (modelId: TokenwiseModelId, modelSettings?: TokenwiseModelSettings) => {
    const parsed = parseModelSettings(modelSettings, `tokenwise(${JSON.stringify(modelId)}) settings`);
    if (modelId === "auto")
      return new TokenwiseLanguageModel(modelId, parsed, { provider: name, router, caches });
    const keys = router.models().map(modelKey);
    if (!keys.includes(modelId)) {
      const shown = keys.slice(0, 12).join(", ");
      throw new NoSuchModelError({
        modelId,
        modelType: "languageModel",
        message:
          `tokenwise: unknown model ${JSON.stringify(modelId)}: use "auto" or a provider/model key of the ` +
          `router's table (${shown}${keys.length > 12 ? `, … ${keys.length - 12} more` : ""})`,
      });
    }
    return new TokenwiseLanguageModel(modelId, parsed, { provider: name, router, caches, pinned: modelId });
  };

  const noSuch = (modelType: NoSuchModelError["modelType"]) => (modelId: string) => {
    throw new NoSuchModelError({
      modelId,
      modelType,
      message: `tokenwise routes language models only (${modelType} ${JSON.stringify(modelId)})`,
    });
  };

  const provider = (modelId: TokenwiseModelId, modelSettings?: TokenwiseModelSettings) =>
    languageModel(modelId, modelSettings);
  return Object.assign(provider, {
    specificationVersion: "v3" as const,
    languageModel,
    embeddingModel: noSuch("embeddingModel"),
    imageModel: noSuch("imageModel"),
  });
}
