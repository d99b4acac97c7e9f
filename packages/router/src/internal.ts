// @tokenwise/router/internal: the pieces tests, benchmarks and other tokenwise packages build on (the
// built-in adapters' wire bodies and finish-reason maps, the latency statistics math). Not covered by
// semver: use the root entry point.
export {
  mapAnthropicFinishReason,
  mapOpenAIFinishReason,
  toAnthropicBody,
  toAnthropicMessages,
  toOpenAIBody,
} from "./adapters";
export { latencyPrior, observeLatency, predictLatency } from "./latency-stats";
export {
  createFootprintSelector,
  type Footprint,
  type FootprintChoice,
  type FootprintSelection,
  type FootprintSelector,
  type FootprintSelectorSettings,
} from "./select-footprint";
export {
  DENSE_FEATURES,
  encodeTaskKindWeights,
  type FeatureVector,
  lastUserText,
  newFeatureVector,
  type ScriptCounts,
  TASK_KIND_TEXT_LIMIT,
  TASK_KIND_WEIGHTS_FORMAT,
  type TaskKindWeights,
  taskKindFeatures,
  taskKindProbabilities,
} from "./task-kind";
export { heuristicBytesPerToken } from "./token-estimator";
export { ConstraintsSchema } from "./validate";
