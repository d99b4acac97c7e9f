export { ConversionCache } from "./conversion-cache";
export {
  type ConversionCaches,
  convertPrompt,
  convertToTokenwiseRequest,
  createConversionCaches,
  toolOutputText,
} from "./convert-to-tokenwise-request";
export { convertTokenwiseStreamPart } from "./convert-tokenwise-stream-part";
export { convertTokenwiseUsage } from "./convert-tokenwise-usage";
export { mapTokenwiseFinishReason } from "./map-tokenwise-finish-reason";
export {
  TokenwiseLanguageModel,
  type TokenwiseLanguageModelConfig,
  type TokenwiseModelId,
  type TokenwiseRouter,
} from "./tokenwise-language-model";
export {
  type AttemptMetadata,
  type CostMetadata,
  type DecimalAmount,
  readTokenwiseMetadata,
  type TokenwiseProviderMetadata,
  tokenwiseMetadata,
} from "./tokenwise-metadata";
export {
  createTokenwise,
  type TokenwiseProvider,
  type TokenwiseProviderSettings,
} from "./tokenwise-provider";
export {
  mergeModelSettings,
  parseModelSettings,
  type TokenwiseModelSettings,
  TokenwiseModelSettingsSchema,
} from "./tokenwise-settings";
