export { COST_PARTS, type Cost, type CostOptions, type CostPart, costFromRates, costOf } from "./cost-of";
export { type CurrencyCode, CurrencyCodeSchema, isCurrencyCode } from "./currency";
export {
  type DecimalFraction,
  type DecimalString,
  divRoundHalfEven,
  formatScaled,
  isDecimalString,
  parseFraction,
  parseScaled,
} from "./decimal";
export {
  FxRateMissingError,
  PriceUnavailableError,
  TokenwiseError,
  type TokenwiseErrorOptions,
  UnknownModelError,
  ValidationError,
  type ValidationIssue,
} from "./errors";
export {
  convert,
  convertMoney,
  type FxRate,
  FxRateSchema,
  type FxTable,
  FxTableSchema,
  type FxUsed,
  findFxRate,
} from "./fx";
export {
  type ApiStyle,
  ApiStyleSchema,
  type Capabilities,
  CapabilitiesSchema,
  type Capability,
  type LatencyProfile,
  LatencyProfileSchema,
  type ModelEntry,
  type ModelEntryInput,
  ModelEntrySchema,
  ModelTableSchema,
  modelKey,
  type QualityScore,
  QualityScoreSchema,
  TASK_KINDS,
  type TaskKind,
  type TokenizerFamily,
} from "./model";
export {
  addMoney,
  compareMoney,
  formatMoney,
  MONEY_SCALE,
  type Money,
  money,
  moneyFromDecimal,
  moneyToDecimal,
  moneyToNumber,
  subtractMoney,
  sumMoney,
  zeroMoney,
} from "./money";
export { type EffectiveRates, priceInForce, resolveRates, tierFor, windowAt } from "./price-in-force";
export {
  PriceSourceSchema,
  type PriceTier,
  PriceTierSchema,
  type PriceVersion,
  type PriceVersionInput,
  PriceVersionSchema,
  type TimeWindow,
  TimeWindowSchema,
  type TokenPrices,
  TokenPricesSchema,
} from "./price-version";
export type { PredictorInput, QualityPredictor } from "./quality-predictor";
export { DecimalStringSchema, IsoDateSchema, IsoInstantSchema, TokenCountSchema } from "./schema-primitives";
export { isInWindow, minuteOfWeek, WEEKDAYS, type Weekday, windowMinutesOfWeek } from "./time-window";
export {
  type AnthropicUsageWire,
  addUsage,
  completionTokens,
  makeUsage,
  type OpenAIUsageWire,
  promptTokens,
  type Usage,
  UsageSchema,
  usageFromAnthropic,
  usageFromOpenAI,
} from "./usage";
export { parseWith } from "./validate";
