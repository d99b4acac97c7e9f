import { CapabilitiesSchema, CurrencyCodeSchema, TASK_KINDS } from "@tokenwise/core";
import { isDecimalString } from "@tokenwise/core/internal";
import { z } from "zod";
import type { Constraints } from "../types";
import { strictObject } from "./strict-object";

/** Capability names a request may require (`tools`, `vision`, `structuredOutput`, `streaming`, `reasoning`). */
export const CAPABILITY_NAMES = CapabilitiesSchema.keyof().options;

/** A finite number in [0, 1]. */
const UnitInterval = z.number().min(0, "must be at least 0").max(1, "must be at most 1");

/** A non-negative decimal string, e.g. `"0.01"` (a number would lose digits: it is refused). */
const DecimalAmountSchema = z.string().refine((text) => isDecimalString(text), {
  message: 'must be a non-negative decimal string such as "0.01"',
});

/** Exact money: `{ currency, atto }` with an ISO 4217 code and a non-negative bigint. */
const MoneySchema = strictObject({
  currency: CurrencyCodeSchema,
  atto: z.bigint().nonnegative(),
});

const NameList = z.array(z.string().min(1, "must not be empty"), {
  error: (issue) =>
    typeof issue.input === "string" ? `must be an array of names: use ["${issue.input}"]` : undefined,
});

/** zod schema of {@link Constraints}: the same for a request's `constraints` and the router's `defaults`. */
export const ConstraintsSchema = strictObject({
  minQuality: z
    .union([UnitInterval, z.partialRecord(z.enum(TASK_KINDS), UnitInterval)], {
      error: "must be a number in [0, 1] or an object of floors per task kind, e.g. { code: 0.7 }",
    })
    .optional(),
  qualityConfidence: z
    .number()
    .gte(0.5, "must be in [0.5, 1): 0.5 compares the point estimate, 0.95 a one-sided 95% lower bound")
    .lt(1, "must be in [0.5, 1): 0.5 compares the point estimate, 0.95 a one-sided 95% lower bound")
    .optional(),
  maxLatencyMs: z.number().positive("must be a positive number of milliseconds").optional(),
  latencyPercentile: z
    .number()
    .gt(0, "must be between 0 and 1 (exclusive)")
    .lt(1, "must be between 0 and 1 (exclusive)")
    .optional(),
  requiredCapabilities: z
    .array(z.enum(CAPABILITY_NAMES), {
      error: (issue) =>
        typeof issue.input === "string" ? `must be an array: use ["${issue.input}"]` : undefined,
    })
    .optional(),
  allowProviders: NameList.optional(),
  denyProviders: NameList.optional(),
  allowModels: NameList.optional(),
  denyModels: NameList.optional(),
  maxCostPerCall: z
    .union([DecimalAmountSchema, MoneySchema], {
      error: 'must be a decimal string such as "0.01" or Money { currency, atto }',
    })
    .optional(),
  currency: CurrencyCodeSchema.optional(),
});

// Every field of Constraints has a schema (tsc fails here when one is added without it).
type Unchecked = Exclude<keyof Constraints, keyof typeof ConstraintsSchema.shape>;
const constraintsCovered: [Unchecked] extends [never] ? true : Unchecked = true;
void constraintsCovered;
