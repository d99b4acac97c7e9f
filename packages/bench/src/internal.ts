// @tokenwise/bench/internal: the benchmark's building blocks (cost matrix, curves and AIQ, folds,
// cross-validation, features, the routing rules, kNN selection). Not covered by semver: use the root
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
export { DIFFICULTY_FEATURE_NAMES, difficultyFeatures } from "./difficulty-predictor";
export { duplicateKey, type FoldGroupInput, foldGroupsOf, groupStats } from "./fold-groups";
export { type Fold, groupedKFoldSplits, kFoldSplits } from "./k-fold";
export {
  KNN_SETTINGS_GRID,
  type KnnSelection,
  promptTerms,
  selectKnnSettings,
  type TermCounts,
} from "./knn-predictor";
export { seededRandom } from "./logistic-predictor";
export { loadPlotPackage } from "./plot-curves";
export {
  DEFAULT_FEATURE_OPTIONS,
  type FeatureInput,
  hashString,
  promptFeatures,
  type SparseVector,
} from "./prompt-features";
export { promptTokensFor } from "./prompt-tokens";
export {
  cascadeRouting,
  cheapestQualifyingRouting,
  gainRouting,
  oracleRouting,
  type Routing,
  randomCurve,
  singleModelRouting,
  summarize,
  thresholdRouting,
  utilityRouting,
} from "./routing-policies";
