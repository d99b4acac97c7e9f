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
  /**
   * The floor on predicted quality that meets a declared quality target with the stated confidence,
   * calibrated on data the predictor was not trained on, for a router that picks, per prompt, the
   * cheapest of `costOrder` (cheapest first) predicted ≥ the floor (else the highest predicted).
   * Only predictors saved with calibration data have it; the router calls it for `quality: {...}`.
   */
  operatingPoint?(target: QualityTarget, costOrder: readonly string[]): QualityOperatingPoint;
}

/** A declared quality target: achieved quality ≥ `target` × the quality of `of`, with probability `confidence`. */
export interface QualityTarget {
  /** Fraction of the reference's quality to reach, in (0, 1] (e.g. 0.95). */
  target: number;
  /** The reference: `"best"` (the best single model on the calibration data) or a model key. */
  of: "best" | (string & {});
  /** Probability, over the calibration data, that the target holds on new traffic (e.g. 0.9). */
  confidence: number;
  /**
   * Optional: the number of future calls the promise is about. Given, the target holds for the mean over
   * the next `horizon` calls with probability `confidence` (calibration and those calls' own sampling
   * noise both counted); omitted, for the long-run mean over new traffic (the population).
   */
  horizon?: number;
}

/** A calibrated operating point for a {@link QualityTarget} (see `QualityPredictor.operatingPoint`). */
export interface QualityOperatingPoint {
  /**
   * Floor on predicted quality per prompt; `null` when no floor could be certified at this confidence
   * (then only the reference model meets the target).
   */
  minQuality: number | null;
  /** The reference model key the target is relative to. */
  reference: string;
  target: number;
  confidence: number;
  /** How the floor was certified (the statistical procedure, in words). */
  method: string;
  /** What the calibration data say at the chosen floor. */
  calibration: {
    prompts: number;
    /** Mean realised quality of the routed answers. */
    quality: number;
    /** Mean realised quality of the reference model. */
    referenceQuality: number;
    /** Lower confidence bound of quality − target × reference quality (≥ 0 when certified). */
    lowerBound: number;
    /** Share of prompts routed to each model. */
    shares: Record<string, number>;
  };
}
