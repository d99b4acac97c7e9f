// @tokenwise/core/internal: the pieces the other tokenwise packages, benchmarks and tests build on
// (exact decimal arithmetic, time-window minutes, calibration fitting, image token rules, tokenizer
// loading). Not covered by semver: use the root entry point.
export {
  type DecimalFraction,
  divRoundHalfEven,
  formatScaled,
  isDecimalString,
  parseFraction,
  parseScaled,
} from "./decimal";
export { normalQuantile } from "./normal-quantile";
export { functionSchema } from "./schema-primitives";
export { seededRandom } from "./seeded-random";
export { BudgetReservationSchema, checkSettleAmount } from "./stores/budget-store";
export { isInWindow, minuteOfWeek, windowMinutesOfWeek } from "./time-window";
export {
  type AnthropicImagePart,
  addCalibration,
  anthropicImageTokens,
  type CalibrationFit,
  CHAT_FORMAT,
  emptyCalibration,
  fitCalibration,
  geminiImageTokens,
  getTokenizer,
  type ImageRule,
  imageSizeFromBase64,
  openAiImageTokens,
  patchImageTokens,
  REASONING_PRIORS,
  updateCalibration,
} from "./tokens";
export { LruCache } from "./tokens/lru-cache";
