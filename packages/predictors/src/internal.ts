// @tokenwise/predictors/internal: the predictors' building blocks (features, folds, grouping, the kNN
// index selection, the calibration tests). Not covered by semver: use the root entry point.

export { seededRandom } from "@tokenwise/core/internal";
export {
  bettingLowerBound,
  bettingRejects,
  empiricalBernsteinLowerBound,
  floorChoices,
} from "./calibrate-target";
export { DIFFICULTY_FEATURE_NAMES, difficultyFeatures } from "./difficulty-predictor";
export { type FoldGroupInput, foldGroupsOf, groupStats } from "./fold-groups";
export { type Fold, groupedKFoldSplits, kFoldSplits } from "./k-fold";
export {
  KNN_SETTINGS_GRID,
  type KnnSelection,
  promptTerms,
  selectKnnSettings,
  type TermCounts,
} from "./knn-predictor";
export {
  DEFAULT_FEATURE_OPTIONS,
  hashString,
  promptFeatures,
  type SparseVector,
} from "./prompt-features";
