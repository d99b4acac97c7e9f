import type { TaskKind } from "./model";

/** What a per-prompt quality predictor sees: the prompt text and what the router already knows. */
export interface PredictorInput {
  /** The request's prompt text (last user turn, or the whole conversation flattened). */
  prompt: string;
  /** Task kind the caller declared or the router detected. */
  taskKind?: TaskKind;
  /** Estimated input tokens of the request. */
  inputTokens?: number;
}

/**
 * A per-prompt quality predictor: the probability (0–1) that each model answers this prompt well.
 * The router uses it, when configured, in place of the catalog's model-level quality scores, and
 * names it and its prediction in the report. Implementations run in-process (no network, no weights
 * downloaded).
 */
export interface QualityPredictor {
  /** Name shown in reports, e.g. `knn-hashed-ngrams@mmlu-train`. */
  readonly name: string;
  /** Model keys (`provider/id`) the predictor knows; others get no prediction. */
  readonly models: readonly string[];
  /** Predicted quality per known model key. */
  predict(input: PredictorInput): Map<string, number>;
}
