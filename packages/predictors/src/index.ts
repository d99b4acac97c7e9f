export {
  type CalibrationSet,
  calibrateFloor,
  FLOOR_SEQUENCE,
  type FloorCalibration,
  type FloorTest,
} from "./calibrate-target";
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
  DuplicateIndex,
  type DuplicateKind,
  type DuplicateReport,
  duplicateKey,
  NEAR_DUPLICATE_JACCARD,
  nearDuplicatePairs,
  trainTestDuplicates,
} from "./near-duplicates";
export { detectTaskKind, type FeatureInput, type FeatureOptions } from "./prompt-features";
export {
  loadPredictor,
  PREDICTOR_KINDS,
  type PredictorKind,
  type SavedPredictor,
  SavedPredictorSchema,
  type SerializedCalibration,
  SerializedCalibrationSchema,
  type TrainedPredictor,
  type TrainPredictorOptions,
  trainPredictor,
} from "./saved-predictor";
