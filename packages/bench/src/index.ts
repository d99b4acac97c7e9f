export type {
  DatasetResult,
  FixedKnobPoint,
  MatchedReduction,
  PolicyResult,
  PublishedResult,
  RoutingBenchmarkResult,
  TransferSpec,
} from "./benchmark-result";
export type { CurvePoint } from "./cost-quality-curve";
export { formatBenchmarkTable } from "./format-table";
export { type GuaranteeResult, measureGuarantee } from "./guarantee";
export { loadOutcomesFile, type ParseOutcomesOptions, parseOutcomesJsonl } from "./load-outcomes";
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
