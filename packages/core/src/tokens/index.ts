export { BpeTokenizer } from "./bpe-tokenizer";
export type { CalibrationFit, CalibrationState, CalibrationStore } from "./calibration";
export {
  addCalibration,
  calibrationStoreOn,
  emptyCalibration,
  fitCalibration,
  InMemoryCalibrationStore,
  updateCalibration,
} from "./calibration";
export type { Footprint, FootprintCounterOptions } from "./chat-footprint";
export { CHAT_FORMAT, FootprintCounter } from "./chat-footprint";
export type {
  AnthropicImagePart,
  ChatMessageLike,
  ChatRequestLike,
  ContentPart,
  ImageUrlPart,
  JsonSchemaLike,
  TextPart,
  ToolCallLike,
  ToolDefinitionLike,
  ToolResultPart,
  ToolUsePart,
} from "./chat-request";
export type { EncodingName } from "./encodings";
export { countTokens, getTokenizer } from "./encodings";
export type { FamilySpec } from "./families";
export { TOKENIZER_FAMILIES } from "./families";
export type { ImageDetail, ImageRef, ImageRule, ImageTokens } from "./image-tokens";
export {
  anthropicImageTokens,
  geminiImageTokens,
  imageSizeFromBase64,
  imageTokens,
  openAiImageTokens,
  patchImageTokens,
} from "./image-tokens";
export { hashString, LruCache } from "./lru-cache";
export type {
  ForecastSeries,
  OutputForecast,
  OutputForecasterOptions,
  OutputForecasterSnapshot,
  OutputForecastStore,
  ReasoningEffort,
} from "./output-forecast";
export { OutputForecaster, REASONING_PRIORS } from "./output-forecast";
export type { PieceSplitter, SplitPattern } from "./pre-tokenize";
export { preTokenize, splitCl100k, splitO200k } from "./pre-tokenize";
export type { QuickEstimate, QuickEstimateOptions } from "./quick-estimate";
export { needsExact, quickEstimate } from "./quick-estimate";
export { RankTable } from "./rank-table";
export type { TokenEstimate, TokenEstimator, TokenEstimatorOptions } from "./token-estimator";
export { createTokenEstimator, UnknownTokenizerFamilyError } from "./token-estimator";
