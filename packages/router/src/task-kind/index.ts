export {
  builtinTaskKindModel,
  CHINESE_HAN_SHARE,
  type DetectTaskKindOptions,
  detectTaskKind,
  lastUserText,
  resolveTaskKind,
  TASK_KIND_MIN_CONFIDENCE,
  TASK_KIND_OPTIONS,
  type TaskKindDetection,
  type TaskKindOption,
  type TaskKindRule,
} from "./detect-task-kind";
export {
  DENSE_FEATURES,
  type FeatureVector,
  newFeatureVector,
  type ScriptCounts,
  TASK_KIND_TEXT_LIMIT,
  taskKindFeatures,
} from "./task-kind-features";
export {
  encodeTaskKindWeights,
  loadTaskKindModel,
  TASK_KIND_WEIGHTS_FORMAT,
  type TaskKindModel,
  type TaskKindWeights,
  TaskKindWeightsSchema,
  taskKindProbabilities,
} from "./task-kind-model";
