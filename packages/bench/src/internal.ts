// @tokenwise/bench/internal: the benchmark's building blocks (cost matrix, curves and AIQ, folds,
// cross-validation, the routing rules; features, folds and kNN selection are in
// @tokenwise/predictors/internal). Not covered by semver: use the root
// entry point.
export { attoToUsd, buildOutcomeMatrix, type OutcomeMatrix } from "./cost-matrix";
export {
  aiq,
  costAtQuality,
  type MatchedPoint,
  nonDecreasingConvexHull,
  paretoFrontier,
} from "./cost-quality-curve";
export { crossValidatedPredictions, type TrainedScorer } from "./cross-validate";
export { loadPlotPackage } from "./plot-curves";
export { promptTokensFor } from "./prompt-tokens";
export {
  cascadeRouting,
  cheapestQualifyingRouting,
  gainRouting,
  oracleFrontier,
  oracleRouting,
  type Routing,
  randomCurve,
  singleModelRouting,
  summarize,
  thresholdRouting,
  utilityRouting,
} from "./routing-policies";
