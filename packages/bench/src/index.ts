export type {
  DatasetResult,
  MatchedReduction,
  PolicyResult,
  PublishedResult,
  RoutingBenchmarkResult,
  TransferSpec,
} from "./benchmark-result";
export { attoToUsd, buildOutcomeMatrix, type OutcomeMatrix } from "./cost-matrix";
export {
  aiq,
  type CurvePoint,
  costAtQuality,
  type MatchedPoint,
  nonDecreasingConvexHull,
  paretoFrontier,
} from "./cost-quality-curve";
export { crossValidatedPredictions, type TrainedScorer } from "./cross-validate";
export {
  DIFFICULTY_FEATURE_NAMES,
  type DifficultyPredictor,
  type DifficultyTrainOptions,
  difficultyFeatures,
  loadDifficultyPredictor,
  type SerializedDifficultyPredictor,
  SerializedDifficultyPredictorSchema,
  trainDifficultyPredictor,
} from "./difficulty-predictor";
export {
  type EnsembleInput,
  type EnsemblePredictor,
  type EnsembleTrainOptions,
  loadEnsemblePredictor,
  type SerializedEnsemblePredictor,
  SerializedEnsemblePredictorSchema,
  trainEnsemblePredictor,
} from "./ensemble-predictor";
export { duplicateKey, type FoldGroupInput, foldGroupsOf, groupStats } from "./fold-groups";
export { formatBenchmarkTable } from "./format-table";
export { type Fold, groupedKFoldSplits, kFoldSplits } from "./k-fold";
export {
  DEFAULT_KNN_SETTINGS,
  KNN_SETTINGS_GRID,
  type KnnExample,
  type KnnPredictor,
  type KnnSelection,
  type KnnSettings,
  type KnnTrainOptions,
  loadKnnPredictor,
  promptTerms,
  type SerializedKnnPredictor,
  SerializedKnnPredictorSchema,
  selectKnnSettings,
  type TermCounts,
  trainKnnPredictor,
} from "./knn-predictor";
export { loadOutcomesFile, type ParseOutcomesOptions, parseOutcomesJsonl } from "./load-outcomes";
export {
  type LogisticPredictor,
  type LogisticTrainOptions,
  loadLogisticPredictor,
  type SerializedLogisticPredictor,
  SerializedLogisticPredictorSchema,
  seededRandom,
  type TrainingExample,
  trainLogisticPredictor,
} from "./logistic-predictor";
export {
  type BenchModel,
  type BenchModelInput,
  BenchModelSchema,
  type OutcomeRow,
  type OutcomeRowInput,
  OutcomeRowSchema,
  type OutputForecast,
  OutputForecastSchema,
  type RoutingDataset,
  type TokenizerSpec,
  TokenizerSpecSchema,
} from "./outcome-schema";
export { curveSpec, renderCurvePlots, renderSvg, svgToPng, type VegaLiteSpec } from "./plot-curves";
export { createProgressBar, type ProgressReporter, silentProgress } from "./progress";
export {
  DEFAULT_FEATURE_OPTIONS,
  detectTaskKind,
  type FeatureInput,
  type FeatureOptions,
  hashString,
  promptFeatures,
  type SparseVector,
} from "./prompt-features";
export { promptTokensFor } from "./prompt-tokens";
export {
  dcRouterDataset,
  mtBenchDataset,
  PUBLIC_DATASET_FILES,
  publicDatasets,
  routeLlmDataset,
} from "./public-datasets";
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
export {
  combineSeedRuns,
  type RunRoutingBenchmarkOptions,
  runRoutingBenchmark,
  writeBenchmarkOutputs,
} from "./run-routing-benchmark";
