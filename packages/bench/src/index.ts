export type {
  DatasetResult,
  MatchedReduction,
  PolicyResult,
  PublishedResult,
  RoutingBenchmarkResult,
  TransferSpec,
} from "./benchmark-result";
export type { CurvePoint } from "./cost-quality-curve";
export {
  type DifficultyPredictor,
  type DifficultyTrainOptions,
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
export { formatBenchmarkTable } from "./format-table";
export {
  DEFAULT_KNN_SETTINGS,
  type KnnExample,
  type KnnPredictor,
  type KnnSettings,
  type KnnTrainOptions,
  loadKnnPredictor,
  type SerializedKnnPredictor,
  SerializedKnnPredictorSchema,
  trainKnnPredictor,
} from "./knn-predictor";
export { loadOutcomesFile, type ParseOutcomesOptions, parseOutcomesJsonl } from "./load-outcomes";
export {
  type LogisticPredictor,
  type LogisticTrainOptions,
  loadLogisticPredictor,
  type SerializedLogisticPredictor,
  SerializedLogisticPredictorSchema,
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
export { detectTaskKind, type FeatureOptions } from "./prompt-features";
export {
  dcRouterDataset,
  mtBenchDataset,
  PUBLIC_DATASET_FILES,
  publicDatasets,
  routeLlmDataset,
} from "./public-datasets";
export {
  combineSeedRuns,
  type RunRoutingBenchmarkOptions,
  runRoutingBenchmark,
  writeBenchmarkOutputs,
} from "./run-routing-benchmark";
