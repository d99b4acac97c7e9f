import { z } from "zod";
import { PriceVersionSchema } from "./price-version";
import { IsoDateSchema } from "./schema-primitives";

/** Task kinds that quality scores and quality floors are keyed by. */
export const TASK_KINDS = [
  "general",
  "code",
  "math",
  "reasoning",
  "chinese",
  "creative",
  "instruction",
  "multiturn",
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Wire protocol of a model's endpoint: `openai` (OpenAI and OpenAI-compatible) or `anthropic`. */
export const ApiStyleSchema = z.enum(["openai", "anthropic"]);
export type ApiStyle = z.infer<typeof ApiStyleSchema>;

/** Tokenizer families: the public ones count exactly, the others are estimated and calibrated. */
export type TokenizerFamily =
  | "o200k_base"
  | "cl100k_base"
  | "claude"
  | "gemini"
  | "qwen"
  | "glm"
  | "deepseek"
  | "kimi"
  | "doubao"
  | "mistral"
  | "grok"
  | (string & {});

export const CapabilitiesSchema = z.object({
  tools: z.boolean(),
  vision: z.boolean(),
  structuredOutput: z.boolean(),
  streaming: z.boolean(),
  reasoning: z.boolean(),
});
export type Capabilities = z.infer<typeof CapabilitiesSchema>;
export type Capability = keyof Capabilities;

/** A quality score in 0–1 with its source; `low`/`high` carry the source's interval where it has one. */
export const QualityScoreSchema = z
  .object({
    score: z.number().min(0).max(1),
    low: z.number().min(0).max(1).optional(),
    high: z.number().min(0).max(1).optional(),
    source: z.string().min(1),
  })
  .refine((q) => (q.low ?? q.score) <= q.score && q.score <= (q.high ?? q.score), {
    message: "low ≤ score ≤ high",
  });
export type QualityScore = z.infer<typeof QualityScoreSchema>;

/** Latency profile: time to first token and output speed, with their source. */
export const LatencyProfileSchema = z.object({
  ttftMs: z.number().positive(),
  outputTokensPerSec: z.number().positive(),
  source: z.string().min(1),
});
export type LatencyProfile = z.infer<typeof LatencyProfileSchema>;

/**
 * A model's announced end of life, from the provider's own deprecation page: `deprecatedOn` (the
 * announcement), `retiresOn` (the first day requests fail, from 00:00 UTC), the `replacement` the
 * provider recommends, and where and when this was read. A model with no announcement has none.
 */
export const ModelLifecycleSchema = z
  .object({
    /** Day the provider announced the deprecation. */
    deprecatedOn: IsoDateSchema.optional(),
    /** Day the provider stops serving the model: requests fail from 00:00 UTC that day. */
    retiresOn: IsoDateSchema.optional(),
    /** The model id the provider recommends instead. */
    replacement: z.string().min(1).optional(),
    /** What the dates cover when the page says more than a date (time of day, aliases, routing). */
    note: z.string().min(1).optional(),
    /** The provider's page the dates come from and the day they were read there. */
    source: z.object({ url: z.url(), asOf: IsoDateSchema }),
  })
  .refine((l) => l.deprecatedOn !== undefined || l.retiresOn !== undefined, {
    message: "a lifecycle needs deprecatedOn or retiresOn",
  })
  .refine((l) => l.deprecatedOn === undefined || l.retiresOn === undefined || l.deprecatedOn <= l.retiresOn, {
    message: "deprecatedOn must not be after retiresOn",
    path: ["retiresOn"],
  });
export type ModelLifecycle = z.infer<typeof ModelLifecycleSchema>;

/** A model a provider serves, with its dated prices. */
export const ModelEntrySchema = z.object({
  /** Provider key, e.g. `openai`, `anthropic`, `deepseek`, `qwen`. */
  provider: z.string().min(1),
  /** The model id exactly as the provider's API spells it. */
  id: z.string().min(1),
  api: ApiStyleSchema,
  displayName: z.string().optional(),
  contextWindow: z.number().int().positive(),
  maxOutput: z.number().int().positive(),
  capabilities: CapabilitiesSchema,
  tokenizer: z.string().min(1),
  quality: z.partialRecord(z.enum(TASK_KINDS), QualityScoreSchema).default({}),
  latency: LatencyProfileSchema.optional(),
  prices: z.array(PriceVersionSchema).min(1, { message: "a model needs at least one price version" }),
  /** Deprecation and retirement dates, when the provider has announced them. */
  lifecycle: ModelLifecycleSchema.optional(),
});
export type ModelEntry = z.infer<typeof ModelEntrySchema>;
export type ModelEntryInput = z.input<typeof ModelEntrySchema>;

/** The key a model is known by across providers: `provider/id`. */
export function modelKey(model: Pick<ModelEntry, "provider" | "id">): string {
  return `${model.provider}/${model.id}`;
}

/** A table of models: unique `provider/id` keys. */
export const ModelTableSchema = z.array(ModelEntrySchema).superRefine((models, ctx) => {
  const seen = new Map<string, number>();
  models.forEach((model, i) => {
    const key = modelKey(model);
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: [i, "id"],
        message: `duplicate model id "${key}" (first at index ${first})`,
      });
    } else seen.set(key, i);
  });
});
