import { parseWith, type ReasoningEffortLevel } from "@tokenwise/core";
import { type Constraints, TASK_KIND_OPTIONS, type TaskKindOption } from "@tokenwise/router";
import { z } from "zod";

/**
 * Routing settings of a tokenwise model: given once to `tokenwise(modelId, settings)`, and per call
 * under `providerOptions.tokenwise` (per-call values win; constraints merge field by field; tags add up).
 */
export interface TokenwiseModelSettings {
  /**
   * Constraints the chosen model must meet; they override the router's `defaults` field by field.
   * Validated by the router with the request.
   */
  constraints?: Constraints;
  /**
   * What kind of task this is: picks the quality score and the quality floor. Router default `general`;
   * `"auto"` detects it per prompt with the router's shipped classifier.
   */
  taskKind?: TaskKindOption;
  /** Labels the router's ledger sums by. */
  tags?: readonly string[];
  /** The tenant the router's ledger sums by. */
  tenant?: string;
  /** Reasoning effort, sent to models with the `reasoning` capability only. */
  reasoningEffort?: ReasoningEffortLevel;
}

/**
 * Validates {@link TokenwiseModelSettings}; unknown keys are errors (a typo must not be ignored).
 * `constraints` must be an object here; its fields are the router's, and the router validates them
 * on every request (one schema, where the fields are defined).
 */
export const TokenwiseModelSettingsSchema = z
  .object({
    constraints: z.record(z.string(), z.unknown()).optional(),
    taskKind: z.enum(TASK_KIND_OPTIONS).optional(),
    tags: z.array(z.string().min(1)).optional(),
    tenant: z.string().min(1).optional(),
    reasoningEffort: z.enum(["low", "medium", "high"]).optional(),
  })
  .strict();

/**
 * Parses settings, throwing core's `ValidationError` with the zod path and the offending value.
 *
 * @example
 * parseModelSettings({ taskKind: "poetry" }, "providerOptions.tokenwise")
 * // ValidationError: providerOptions.tokenwise: taskKind: Invalid option: … (got "poetry")
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
