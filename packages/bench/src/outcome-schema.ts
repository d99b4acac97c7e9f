import { PriceVersionSchema } from "@tokenwise/core";
import { z } from "zod";

/** A per-model outcome score in 0–1: 1/0 for right/wrong, a judge's score divided by its maximum, … */
const ScoreSchema = z
  .number()
  .min(0, { message: "score must be in 0–1" })
  .max(1, { message: "score must be in 0–1" });

const TokenCountsSchema = z.object({
  /** Prompt tokens this model was billed for (overrides counting the prompt text). */
  input: z.number().int().min(0).optional(),
  /** Output tokens this model produced (overrides the data set's output forecast). */
  output: z.number().int().min(0).optional(),
});

/**
 * One prompt of a routing data set, one JSON object per line of a `.jsonl` file:
 * the prompt text and each model's outcome, optionally each model's tokens or cost.
 */
export const OutcomeRowSchema = z.object({
  /** Stable id of the prompt; defaults to the line number. */
  id: z.string().min(1).optional(),
  /** The prompt text as the model saw it (used for token counts and the predictor's features). */
  prompt: z.string().min(1, { message: "prompt must not be empty" }),
  /** Per-model outcome in 0–1, keyed by model key. */
  scores: z.record(z.string().min(1), ScoreSchema),
  /** Optional task kind (`math`, `code`, …) or any label the caller knows at request time. */
  kind: z.string().min(1).optional(),
  /** Optional group known at request time (MMLU subject, a product feature, a tenant). */
  group: z.string().min(1).optional(),
  /**
   * Optional cross-validation group: rows sharing it are never split between train and test (e.g. the
   * turns of one conversation). Not a predictor feature. Identical prompts are grouped anyway.
   */
  foldGroup: z.string().min(1).optional(),
  /** Optional per-model token counts. */
  tokens: z.record(z.string().min(1), TokenCountsSchema).optional(),
  /** Optional per-model cost in USD of this prompt; overrides prices × tokens. */
  cost: z.record(z.string().min(1), z.number().min(0)).optional(),
});
export type OutcomeRow = z.infer<typeof OutcomeRowSchema>;
export type OutcomeRowInput = z.input<typeof OutcomeRowSchema>;

/**
 * How a model's prompt tokens are counted: exactly with a public tokenizer, or estimated from one
 * with a stated ratio (for models whose tokenizer cannot run in-process).
 */
export const TokenizerSpecSchema = z.union([
  z.enum(["o200k_base", "cl100k_base"]),
  z.object({
    /** The public tokenizer counted. */
    estimateWith: z.enum(["o200k_base", "cl100k_base"]),
    /** Multiplier applied to that count. */
    ratio: z.number().positive(),
    /** Why this estimate: what the ratio rests on. */
    note: z.string().min(1),
  }),
]);
export type TokenizerSpec = z.infer<typeof TokenizerSpecSchema>;

/** A model of a routing data set: its key, price version (with source) and tokenizer. */
export const BenchModelSchema = z.object({
  /** Key used in the rows' `scores` (e.g. `openai/gpt-4-1106-preview`). */
  key: z.string().min(1),
  /** The price version the data set is priced at (core's schema: decimal USD per million tokens + source). */
  price: PriceVersionSchema,
  tokenizer: TokenizerSpecSchema,
});
export type BenchModel = z.infer<typeof BenchModelSchema>;
export type BenchModelInput = z.input<typeof BenchModelSchema>;

/** Output tokens assumed when a row does not carry them: a number for every model, or one per model key. */
export const OutputForecastSchema = z.union([
  z.number().int().min(0),
  z.record(z.string().min(1), z.number().int().min(0)),
]);
export type OutputForecast = z.infer<typeof OutputForecastSchema>;

/** A routing data set: models with prices, per-prompt outcomes, and the output forecast used where rows lack output tokens. */
export interface RoutingDataset {
  /** Short name, e.g. `mmlu`. */
  name: string;
  /** Human-readable description with the source. */
  description?: string;
  models: BenchModel[];
  rows: OutcomeRow[];
  /** Output tokens when a row lacks them, with the reason in `outputForecastNote`. */
  outputForecast: OutputForecast;
  outputForecastNote: string;
  /** The reference model that "at 95%" and "cost reduction" are measured against; default: the best single model. */
  referenceModel?: string;
}
