import { ApiStyleSchema, FxTableSchema, ModelEntrySchema } from "@tokenwise/core";
import { functionSchema as fn } from "@tokenwise/core/internal";
import { z } from "zod";
import { BudgetDefinitionSchema } from "../budgets/budget-definition";
import { RetrySettingsSchema } from "../execute/retry";
import { PriceFeedSettingsSchema } from "../price-feeds";
import type { RouterSettings } from "../router";
import { ConstraintsSchema } from "./constraints-schema";
import { strictObject } from "./strict-object";

/** An injected object (store, estimator, policy) that must have these methods. */
function implementing(what: string, methods: readonly string[]) {
  return z.custom<object>(
    (v) =>
      typeof v === "object" &&
      v !== null &&
      methods.every((m) => typeof (v as Record<string, unknown>)[m] === "function"),
    `must be ${what} with ${methods.map((m) => `${m}()`).join(", ")}`,
  );
}

const NonNegativeMs = z.number().nonnegative("must be a non-negative number of milliseconds");

const ProviderSettingsSchema = strictObject({
  apiKey: z.string().min(1, "must not be empty (omit it to read the environment variable)").optional(),
  baseURL: z
    .string()
    .refine((url) => /^https?:\/\/[^/]/.test(url) && URL.canParse(url), {
      message: "must be an absolute http(s) URL such as https://api.openai.com/v1",
    })
    .optional(),
  api: ApiStyleSchema.optional(),
  apiKeyEnv: z.string().min(1).optional(),
  headers: z.record(z.string(), z.string({ error: "header values must be strings" })).optional(),
});

const CircuitBreakerSettingsSchema = strictObject({
  failureThreshold: z.number().int().positive("must be a positive whole number").optional(),
  cooldownMs: NonNegativeMs.optional(),
  store: implementing("a breaker store", ["get", "set", "update"]).optional(),
  refreshMs: NonNegativeMs.optional(),
  now: fn("must be a function returning epoch ms").optional(),
  onStoreError: fn("must be a function (error: StoreError) => void").optional(),
});

/**
 * zod schema of {@link RouterSettings}. Model names in `defaults`' allow/deny lists and the keys of
 * `providers` are checked against the models apart (they need the model list).
 */
export const RouterSettingsSchema = strictObject({
  models: z.array(ModelEntrySchema).optional(),
  catalog: implementing("a catalog", ["list"]).optional(),
  fx: FxTableSchema.optional(),
  providers: z.record(z.string(), ProviderSettingsSchema).optional(),
  defaults: ConstraintsSchema.optional(),
  policy: implementing("a routing policy", ["compare"]).optional(),
  qualityPredictor: implementing("a quality predictor", ["predict"]).optional(),
  quality: strictObject({
    target: z.number().gt(0, "must be in (0, 1]").max(1, "must be in (0, 1]"),
    of: z.string().min(1, 'must be "best" or a model key'),
    confidence: z.number().gt(0, "must be in (0, 1)").lt(1, "must be in (0, 1)"),
    horizon: z
      .number()
      .int("must be a whole number of calls ≥ 1")
      .min(1, "must be a whole number of calls ≥ 1")
      .optional(),
  }).optional(),
  estimator: implementing("a token estimator", [
    "countMessage",
    "countFixed",
    "relativeError",
    "forecastOutput",
  ]).optional(),
  retry: RetrySettingsSchema.optional(),
  circuitBreaker: z
    .union(
      [implementing("a circuit breaker", ["isOpen", "success", "failure"]), CircuitBreakerSettingsSchema],
      {
        error:
          "must be { failureThreshold: positive integer, cooldownMs: ms ≥ 0 } or a CircuitBreaker (isOpen, success, failure)",
      },
    )
    .optional(),
  ledger: implementing("a ledger or ledger sink", ["record"]).optional(),
  latencyStore: implementing("a latency store", ["get", "set", "update"]).optional(),
  prefixTracker: implementing("a prefix tracker", ["record", "lookup"]).optional(),
  observers: z.array(fn("must be a function (report) => void")).optional(),
  now: fn("must be a function returning a Date").optional(),
  random: fn("must be a function returning a number in [0, 1)").optional(),
  env: z.record(z.string(), z.string().optional()).optional(),
  promptCaching: z.boolean().optional(),
  minCacheTokens: z.number().int().nonnegative().optional(),
  fetch: fn("must be a fetch function").optional(),
  onError: fn("must be a function (error) => void").optional(),
  storeRefreshMs: z.number().nonnegative("must be a number of milliseconds ≥ 0").optional(),
  onStoreError: fn("must be a function (error: StoreError) => void").optional(),
  onWarning: fn("must be a function (warning) => void").optional(),
  retirementWarningDays: z.number().nonnegative("must be a number of days ≥ 0").optional(),
  unknownQuality: z.enum(["exclude", "prior"], { error: 'must be "exclude" or "prior"' }).optional(),
  adapters: z
    .record(z.string().min(1), fn("must be an adapter factory (settings) => ProviderAdapter"))
    .optional(),
  attemptTimeoutMs: z.number().positive("must be a positive number of milliseconds").optional(),
  exploration: strictObject({
    rate: z.number().min(0, "must be a share in [0, 1]").max(1, "must be a share in [0, 1]"),
    staleAfterMs: z.number().positive("must be a positive number of milliseconds").optional(),
    minObservations: z.number().int("must be a whole number").positive("must be ≥ 1").optional(),
    seed: z.number().int("must be an integer seed").optional(),
  }).optional(),
  qualityStore: implementing("a quality store", ["get", "set", "update"]).optional(),
  evaluator: fn("must be a function (report, result) => score | Promise<score>").optional(),
  priceFeeds: z.array(PriceFeedSettingsSchema).optional(),
  onPriceFeedWarning: fn("must be a function (warning: PriceFeedWarning) => void").optional(),
  budgets: z.array(BudgetDefinitionSchema).optional(),
  budgetStore: implementing("a budget store", ["reserve", "settle", "release", "reap", "status"]).optional(),
  onBudgetStoreDown: z
    .union(
      [
        z.literal("fail-closed"),
        strictObject({
          failOpen: implementing("a budget store", ["reserve", "settle", "release", "reap", "status"]),
        }),
      ],
      { error: 'must be "fail-closed" or { failOpen: BudgetStore }' },
    )
    .optional(),
  deferral: strictObject({
    store: implementing("a job store", ["get", "put", "list"]).optional(),
    queue: implementing("a job queue", ["add", "start", "close"]).optional(),
    timeScale: z.number().positive("must be a positive number").optional(),
    batchAdapters: z
      .record(z.string().min(1), fn("must be a batch adapter factory (settings) => BatchAdapter"))
      .optional(),
    disableBatch: z.boolean().optional(),
    batchAllowanceMs: z.number().positive("must be a positive number of milliseconds").optional(),
    safetyMarginMs: NonNegativeMs.optional(),
    rescueMarginMs: NonNegativeMs.optional(),
    batchCollectMs: NonNegativeMs.optional(),
    pollMs: z.number().positive("must be a positive number of milliseconds").optional(),
    maxBatchAttempts: z.number().int("must be a whole number").min(1, "must be ≥ 1").optional(),
    windowGridMs: z.number().int("must be a whole number").positive("must be ≥ 1").optional(),
    autoRun: z.boolean().optional(),
    concurrency: z.number().int("must be a whole number").min(1, "must be ≥ 1").optional(),
    newId: fn("must be a function () => string").optional(),
  }).optional(),
});

// Every field of RouterSettings has a schema (tsc fails here when one is added without it).
type Unchecked = Exclude<keyof RouterSettings, keyof typeof RouterSettingsSchema.shape>;
const settingsCovered: [Unchecked] extends [never] ? true : Unchecked = true;
void settingsCovered;
