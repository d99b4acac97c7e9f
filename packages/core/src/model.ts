import { z } from "zod";
import { PriceSourceSchema, PriceVersionSchema } from "./price-version";
import { IsoDateSchema, IsoInstantSchema } from "./schema-primitives";
import type { PromptCachePolicy } from "./spec/adapter";

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

/**
 * Wire protocol of a model's endpoint: the key of the adapter that speaks it. The router ships
 * `openai` (OpenAI and every OpenAI-compatible endpoint) and `anthropic`; any other non-empty name
 * is served by an adapter registered with `createRouter({ adapters })`.
 */
export const ApiStyleSchema = z
  .string()
  .min(1, { message: "an API style names an adapter: a non-empty string such as `openai`" });
/** Known API styles plus any registered one (autocompletes the built-ins without closing the list). */
export type ApiStyle = "openai" | "anthropic" | (string & {});

/**
 * How a model's provider caches prompt prefixes (see {@link PromptCachePolicy}): model data with its
 * source, never a provider-name check.
 */
export const PromptCachePolicySchema = z
  .object({
    mode: z.enum(["automatic", "explicit"]),
    minPrefixTokens: z.number().int().min(0),
    ttls: z.array(z.enum(["5m", "1h"])).readonly(),
    readMultiplier: z.number().min(0).max(1).optional(),
    writeMultiplier: z.number().min(0).optional(),
    source: PriceSourceSchema.optional(),
  })
  .refine((p) => p.mode === "automatic" || p.ttls.length > 0, {
    message: "explicit caching needs at least one TTL (the first is the default)",
    path: ["ttls"],
  }) satisfies z.ZodType<PromptCachePolicy>;

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

/**
 * A quality score in 0–1 with its source: the Bradley–Terry expected win rate against a stated
 * reference model, `low`/`high` from the source's 95% interval where it has one.
 *
 * A flagged prior (no rating exists for the model) has `source: "prior"` and names its rule in `rule`;
 * routing uses priors only when asked to (`unknownQuality: "prior"`).
 */
export const QualityScoreSchema = z
  .object({
    score: z.number().min(0).max(1),
    low: z.number().min(0).max(1).optional(),
    high: z.number().min(0).max(1).optional(),
    /** Where the number comes from (leaderboard, file, date, id), or exactly `"prior"` for a flagged prior. */
    source: z.string().min(1),
    /** Date of the data the score was read from (the leaderboard snapshot), when known. */
    asOf: IsoDateSchema.optional(),
    /** The rating on the source's own scale, with its 95% interval, when the source is a rating. */
    rating: z.tuple([z.number(), z.number(), z.number()]).optional(),
    /** The leaderboard id of the model that was rated (an alias is scored as the model it served). */
    servedModel: z.string().min(1).optional(),
    /** For `source: "prior"`: the documented rule that produced the number. */
    rule: z.string().min(1).optional(),
  })
  .refine((q) => (q.low ?? q.score) <= q.score && q.score <= (q.high ?? q.score), {
    message: "low ≤ score ≤ high",
  })
  .refine((q) => q.source !== "prior" || q.rule !== undefined, {
    message: 'a prior (source "prior") must name its rule',
    path: ["rule"],
  });
export type QualityScore = z.infer<typeof QualityScoreSchema>;

/** Quality scores per task kind. */
export const QualityScoresSchema = z.partialRecord(z.enum(TASK_KINDS), QualityScoreSchema);
export type QualityScores = z.infer<typeof QualityScoresSchema>;

/**
 * Quality from an instant on, like a price version: an alias whose underlying model changes
 * (`deepseek-chat` → V3, V3.1, V3.2, V4-Flash) gets one version per model it served.
 */
export const QualityVersionSchema = z.object({
  effectiveFrom: IsoInstantSchema,
  /** The model the id served from this instant (for aliases), e.g. `deepseek-v3.2`. */
  servedModel: z.string().min(1).optional(),
  /** Where the alias change is documented. */
  note: z.string().min(1).optional(),
  scores: QualityScoresSchema,
});
export type QualityVersion = z.infer<typeof QualityVersionSchema>;

/** True when a score is a flagged prior rather than a sourced rating. */
export function isQualityPrior(score: Pick<QualityScore, "source">): boolean {
  return score.source === "prior";
}

/**
 * Latency profile: time to first token and output speed, with their source. A conservative prior (no
 * measurement cited) has `source: "prior"` and names its rule.
 */
export const LatencyProfileSchema = z
  .object({
    ttftMs: z.number().positive(),
    outputTokensPerSec: z.number().positive(),
    source: z.string().min(1),
    /** For `source: "prior"`: the documented rule that produced the numbers. */
    rule: z.string().min(1).optional(),
  })
  .refine((l) => l.source !== "prior" || l.rule !== undefined, {
    message: 'a prior (source "prior") must name its rule',
    path: ["rule"],
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
export const ModelEntrySchema = z
  .object({
    /** Provider key, e.g. `openai`, `anthropic`, `deepseek`, `qwen`. */
    provider: z.string().min(1),
    /**
     * The catalog's id of the model: what reports, ledgers, allow/deny lists and `provider/id` keys use.
     * The id a call sends is `apiId` when set, else this.
     */
    id: z.string().min(1),
    /**
     * The model id sent on the wire when it differs from `id` (e.g. Volcengine Ark's
     * `doubao-seed-2-0-pro-260215` for the catalog's `doubao-seed-2.0-pro`). Default: `id`.
     */
    apiId: z.string().min(1).optional(),
    api: ApiStyleSchema,
    /** Prompt-cache behaviour of this model; absent: the router expects no cache reads or writes. */
    promptCache: PromptCachePolicySchema.optional(),
    displayName: z.string().optional(),
    contextWindow: z.number().int().positive(),
    /**
     * The most prompt tokens the provider accepts, where it limits the input below the context window
     * (gpt-5: 272,000 input within a 400,000 context). Absent: the prompt is limited by the context
     * window (and the output reserve) alone.
     */
    maxInputTokens: z.number().int().positive().optional(),
    maxOutput: z.number().int().positive(),
    capabilities: CapabilitiesSchema,
    /**
     * How a request switches a hybrid model's thinking mode on the wire, when it can:
     * `enable_thinking` (Qwen on Model Studio: `"enable_thinking": true | false` in the body) or
     * `thinking-type` (Zhipu GLM, Volcengine Doubao: `"thinking": { "type": "enabled" | "disabled" }`).
     * The adapter sends the mode the call was priced in (see `thinkingModeFor`). Absent: the model
     * always answers in its default mode.
     */
    thinkingSwitch: z.enum(["enable_thinking", "thinking-type"]).optional(),
    tokenizer: z.string().min(1),
    /** Quality per task kind now (or of the model's only version); see `qualityVersions` for dated ones. */
    quality: QualityScoresSchema.default({}),
    /**
     * Dated quality, newest in force first found by `qualityInForce`; when present it wins over `quality`
     * for the instants it covers. Order does not matter; `effectiveFrom` must be unique.
     */
    qualityVersions: z
      .array(QualityVersionSchema)
      .superRefine((versions, ctx) => {
        const seen = new Set<number>();
        versions.forEach((v, i) => {
          const t = Date.parse(v.effectiveFrom);
          if (seen.has(t)) {
            ctx.addIssue({
              code: "custom",
              path: [i, "effectiveFrom"],
              message: `duplicate quality version effectiveFrom ${v.effectiveFrom}`,
            });
          }
          seen.add(t);
        });
      })
      .optional(),
    latency: LatencyProfileSchema.optional(),
    prices: z.array(PriceVersionSchema).min(1, { message: "a model needs at least one price version" }),
    /** Deprecation and retirement dates, when the provider has announced them. */
    lifecycle: ModelLifecycleSchema.optional(),
  })
  .superRefine((model, ctx) => {
    if (model.maxInputTokens !== undefined && model.maxInputTokens > model.contextWindow) {
      ctx.addIssue({
        code: "custom",
        path: ["maxInputTokens"],
        message: `maxInputTokens ${model.maxInputTokens} is above the context window ${model.contextWindow}`,
      });
    }
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
