import {
  CapabilitiesSchema,
  CurrencyCodeSchema,
  isDecimalString,
  parseWith,
  type ReasoningEffortLevel,
  TASK_KINDS,
  type TaskKind,
} from "@tokenwise/core";
import type { Constraints } from "@tokenwise/router";
import { z } from "zod";

/**
 * Routing settings of a tokenwise model: given once to `tokenwise(modelId, settings)`, and per call
 * under `providerOptions.tokenwise` (per-call values win; constraints merge field by field; tags add up).
 */
export interface TokenwiseModelSettings {
  /** Constraints the chosen model must meet; they override the router's `defaults` field by field. */
  constraints?: Constraints;
  /** What kind of task this is: picks the quality score and the quality floor. Router default `general`. */
  taskKind?: TaskKind;
  /** Labels the router's ledger sums by. */
  tags?: readonly string[];
  /** The tenant the router's ledger sums by. */
  tenant?: string;
  /** Reasoning effort, sent to models with the `reasoning` capability only. */
  reasoningEffort?: ReasoningEffortLevel;
}

const PositiveFinite = z.number().finite().positive();
const Quality = z.number().min(0).max(1);

const MoneySchema = z.object({ currency: z.string().min(1), atto: z.bigint() }).strict();

/** Validates {@link Constraints}: the same fields, with their ranges. */
export const ConstraintsSchema = z
  .object({
    minQuality: z.union([Quality, z.partialRecord(z.enum(TASK_KINDS), Quality)]).optional(),
    maxLatencyMs: PositiveFinite.optional(),
    latencyPercentile: z.number().gt(0).lt(1).optional(),
    requiredCapabilities: z.array(CapabilitiesSchema.keyof()).optional(),
    allowProviders: z.array(z.string().min(1)).optional(),
    denyProviders: z.array(z.string().min(1)).optional(),
    allowModels: z.array(z.string().min(1)).optional(),
    denyModels: z.array(z.string().min(1)).optional(),
    maxCostPerCall: z
      .union([
        z
          .string()
          .refine(isDecimalString, { message: 'must be a non-negative decimal string such as "0.01"' }),
        MoneySchema,
      ])
      .optional(),
    currency: CurrencyCodeSchema.optional(),
  })
  .strict();

/** Validates {@link TokenwiseModelSettings}; unknown keys are errors (a typo must not be ignored). */
export const TokenwiseModelSettingsSchema = z
  .object({
    constraints: ConstraintsSchema.optional(),
    taskKind: z.enum(TASK_KINDS).optional(),
    tags: z.array(z.string().min(1)).optional(),
    tenant: z.string().min(1).optional(),
    reasoningEffort: z.enum(["low", "medium", "high"]).optional(),
  })
  .strict();

/**
 * Parses settings, throwing core's `ValidationError` with the zod path and the offending value.
 *
 * @example
 * parseModelSettings({ constraints: { minQuality: 2 } }, "providerOptions.tokenwise")
 * // ValidationError: providerOptions.tokenwise: constraints.minQuality: … (got 2)
 */
export function parseModelSettings(data: unknown, source: string): TokenwiseModelSettings {
  return parseWith(TokenwiseModelSettingsSchema, data ?? {}, source) as TokenwiseModelSettings;
}

/** Model settings, then per-call settings on top: constraints field by field, tags added (deduplicated). */
export function mergeModelSettings(
  base: TokenwiseModelSettings,
  call: TokenwiseModelSettings,
): TokenwiseModelSettings {
  const out: TokenwiseModelSettings = { ...base, ...call };
  if (base.constraints || call.constraints) out.constraints = { ...base.constraints, ...call.constraints };
  if (base.tags || call.tags) out.tags = [...new Set([...(base.tags ?? []), ...(call.tags ?? [])])];
  return out;
}
