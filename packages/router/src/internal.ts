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
export { heuristicBytesPerToken } from "./token-estimator";
export { ConstraintsSchema } from "./validate";
