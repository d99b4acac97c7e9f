import type { FeatureOptions, KnnSettings } from "@tokenwise/predictors";
import type { OutcomeMatrix } from "./cost-matrix";
import type { CurvePoint } from "./cost-quality-curve";
import type { GuaranteeResult } from "./guarantee";

// What the routing benchmark produces (`routing.json`), apart from how it is computed: the plots and
// the table read these types without depending on the benchmark run.

/** A published result to print beside ours. */
export interface PublishedResult {
  /** Cost reduction vs the reference model at `targetFraction` of its quality, as published (0–1). */
  costReduction: number;
  /** What the published figure measures, e.g. "share of calls not sent to GPT-4". */
  measures: string;
  source: string;
}

/** A held-out run: train on all of `train`, evaluate on all of `test` (same model keys). */
export interface TransferSpec {
  train: string;
  test: string;
  /** Leave out the test prompts that duplicate a training prompt (exact, normalised or near). */
  dedupe?: boolean;
}

/** One policy's operating point fixed on training data, applied to the test set. */
export interface FixedKnobPoint {
  knob: number;
  /** Quality on the training set's cross-validated curve at that knob, and the goal there. */
  trainQuality: number;
  trainGoal: number;
  /** Achieved quality on the test set, the goal there, and whether it was met. */
  quality: number;
  goal: number;
  met: boolean;
  /** Total USD on the test set, and as a fraction of the goal model's cost. */
  cost: number;
  costFraction: number;
}

/** One policy's operating point and, for policies with a knob, its cost–quality curve. */
export interface PolicyResult {
  /** Total USD over the data set at the reported operating point. */
  cost: number;
  /** Mean score at that point. */
  quality: number;
  /** How the policy was trained, e.g. "5-fold CV" or "trained on mmlu". */
  trainedOn: string;
  /** Cost as a fraction of the best single model's. */
  costFraction: number;
  /** The knob at the reported point (the cheapest point at or above the best single model's quality). */
  knob?: number;
  /** Share of prompts answered by each model at that point. */
  shares?: Record<string, number>;
  curve?: CurvePoint[];
}

/** Cost reduction at `target` quality for one policy. */
export interface MatchedReduction {
  cost: number;
  /** 1 − cost / reference model's cost. */
  costReduction: number;
  /** Share of prompts sent to the reference model (RouteLLM's "calls to GPT-4"). */
  referenceCallShare: number;
  /**
   * 1 − referenceCallShare: RouteLLM's cost-saving figure; null when the reference is not the priciest
   * model (then fewer calls to it need not mean a lower cost).
   */
  callShareReduction: number | null;
}

/** Results of one data set (or one cross-data-set run). */
export interface DatasetResult {
  name: string;
  description?: string;
  evaluation: string;
  prompts: number;
  models: {
    key: string;
    quality: number;
    cost: number;
    price: { input: string; output: string; currency: string; source: string };
    tokenizer: string;
  }[];
  outputForecast: string;
  tokenSources: OutcomeMatrix["tokenSources"];
  best_single: { model: string; cost: number; quality: number };
  reference: { model: string; cost: number; quality: number };
  oracle: { cost: number; quality: number; costExact: string };
  policies: Record<string, PolicyResult>;
  /** Fold seeds the figures are averaged over (one entry for a transfer). */
  seeds: number[];
  cost_reduction_at_95pct: {
    targetFraction: number;
    target: number;
    definition: string;
    /** Mean over `seeds` (null when any seed never reaches the target). */
    policies: Record<string, MatchedReduction | null>;
    /** Per policy, one entry per seed (same order as `seeds`). */
    perSeed: Record<string, (MatchedReduction | null)[]>;
    published?: PublishedResult;
    /** What kind of figure this is (RouteLLM-comparable: read on the evaluated data's own curve). */
    label?: string;
  };
  aiq: {
    range: { min: number; max: number };
    /** Mean over `seeds`. */
    policies: Record<string, number>;
    perSeed: Record<string, number[]>;
  };
  oracle_saving_captured: {
    definition: string;
    /** The oracle's least cost to reach the best single model's quality (the denominator's baseline). */
    oracleCostAtBest?: number;
    /** Mean over `seeds` (null when any seed is null). */
    policies: Record<string, number | null>;
    perSeed: Record<string, (number | null)[]>;
  };
  /** How prompts were grouped for cross-validation: a group never spans a fold's train and test. */
  folds: {
    grouping: string;
    groups: number;
    rowsInSharedGroups: number;
    largestGroup: number;
  };
  /** How the `blend-*` policies combine the ensemble with the difficulty predictor. */
  blend: { difficultyWeight: number; note: string };
  /** The ensemble predictor's settings: the kNN neighbourhood chosen per training run (nested, never on the test fold). */
  ensemble: { knnWeight: number; knnSettings: KnnSettings[]; selection: string };
  /** Duplicate prompts: within the set (cross-validated) or of training prompts in the test set (transfers). */
  duplicates?: {
    within?: { exact: number; normalised: number; near: number; total: number };
    trainTest?: { exact: number; normalised: number; near: number; total: number };
    /** Test prompts left out (`dedupe`). */
    excluded: number;
    definition: string;
  };
  /** Held-out runs: each policy's knob fixed on the training set, applied to the test set. */
  transfer?: {
    evaluation: string;
    knobChosenOn: string;
    goals: { target: string; bestSingle: string };
    /**
     * Per policy and goal: the knob at exactly the goal on the training curve (`target`, `bestSingle`),
     * and by the one-standard-error rule (`*OneSe`: train quality − its paired standard error ≥ the goal).
     */
    policies: Record<
      string,
      {
        target?: FixedKnobPoint;
        bestSingle?: FixedKnobPoint;
        targetOneSe?: FixedKnobPoint;
        bestSingleOneSe?: FixedKnobPoint;
      }
    >;
  };
  /** A declared target (`quality: { target, of, confidence }`) checked over random calibration/test splits. */
  guarantee?: GuaranteeResult;
  /**
   * The same splits with the floor certified for the population only (no horizon): the long-run
   * guarantee, which the finite test part checks with its own sampling noise on top (the figure kept
   * from before the horizon; see docs/routing-benchmark.md).
   */
  guaranteePopulation?: GuaranteeResult;
}

/** The whole benchmark result, as written to `routing.json`. */
export interface RoutingBenchmarkResult {
  generatedAt: string;
  config: { folds: number; seed: number; seeds: number[]; targetFraction: number; features: FeatureOptions };
  datasets: Record<string, DatasetResult>;
}
