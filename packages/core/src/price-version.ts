import { z } from "zod";
import { CurrencyCodeSchema } from "./currency";
import { DecimalStringSchema, IsoDateSchema, IsoInstantSchema } from "./schema-primitives";
import { WEEKDAYS, windowMinutesOfWeek } from "./time-window";

/** Token prices per million tokens, in the version's currency. */
export const TokenPricesSchema = z.object({
  /** Uncached input. */
  input: DecimalStringSchema,
  /** Output (visible completion). */
  output: DecimalStringSchema,
  /** Cached input read (prompt-cache hit). Absent: cache reads are billed at `input`. */
  cacheRead: DecimalStringSchema.optional(),
  /** Cache write, 5-minute (or the provider's only) lifetime. Absent: billed at `input`. */
  cacheWrite: DecimalStringSchema.optional(),
  /** Cache write, 1-hour lifetime, where it differs. Absent: billed at `cacheWrite`. */
  cacheWrite1h: DecimalStringSchema.optional(),
  /** Reasoning output where it is priced apart from output. Absent: billed at `output`. */
  reasoning: DecimalStringSchema.optional(),
});
export type TokenPrices = z.infer<typeof TokenPricesSchema>;

/**
 * A long-context tier: when the request's whole prompt (input + cache read + cache write tokens) is
 * strictly above `aboveInputTokens`, these prices apply to the whole request (Gemini, Claude, Qwen bands).
 */
export const PriceTierSchema = TokenPricesSchema.extend({
  aboveInputTokens: z.number().int().min(0, { message: "tier threshold must not be below zero" }),
});
export type PriceTier = z.infer<typeof PriceTierSchema>;

const HHMM = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d$/, { message: "must be HH:MM (00:00–24:00)" })
  .refine((t) => t <= "24:00", { message: "must not be after 24:00" });

/**
 * A time-of-day window (e.g. DeepSeek off-peak): wall-clock `start`–`end` in `timezone` on `days`
 * (the day the window starts; `end` ≤ `start` means it runs past midnight). Either a `multiplier` on
 * every token price or explicit `prices` replacing them.
 */
export const TimeWindowSchema = z
  .object({
    name: z.string().min(1),
    timezone: z.string().refine(isTimeZone, { message: "unknown IANA time zone" }),
    days: z.array(z.enum(WEEKDAYS)).min(1),
    start: HHMM,
    end: HHMM,
    multiplier: DecimalStringSchema.optional(),
    prices: TokenPricesSchema.optional(),
  })
  .refine((w) => (w.multiplier === undefined) !== (w.prices === undefined), {
    message: "a window needs exactly one of multiplier or prices",
  });
export type TimeWindow = z.infer<typeof TimeWindowSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Where a price comes from and the day it was read there. */
export const PriceSourceSchema = z.object({
  url: z.string().min(1),
  asOf: IsoDateSchema,
  note: z.string().optional(),
});

/** One dated version of a model's prices. The version in force at `t` is the newest with `effectiveFrom` ≤ t. */
export const PriceVersionSchema = TokenPricesSchema.extend({
  currency: CurrencyCodeSchema,
  effectiveFrom: IsoInstantSchema,
  tiers: z.array(PriceTierSchema).optional(),
  /** A fixed fee per request, in the version's currency. */
  perRequest: DecimalStringSchema.optional(),
  /** Batch API prices as a multiplier on token prices (e.g. `"0.5"`). */
  batchMultiplier: DecimalStringSchema.optional(),
  /** Where the batch multiplier comes from (when it is documented apart from the token prices). */
  batchSource: PriceSourceSchema.optional(),
  windows: z.array(TimeWindowSchema).optional(),
  source: PriceSourceSchema,
}).superRefine((version, ctx) => {
  if (version.batchSource && version.batchMultiplier === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["batchSource"],
      message: "a batch source without a batchMultiplier",
    });
  }
  const tiers = version.tiers ?? [];
  const seen = new Set<number>();
  tiers.forEach((tier, i) => {
    if (seen.has(tier.aboveInputTokens)) {
      ctx.addIssue({
        code: "custom",
        path: ["tiers", i, "aboveInputTokens"],
        message: "duplicate tier threshold",
      });
    }
    seen.add(tier.aboveInputTokens);
  });
  const windows = version.windows ?? [];
  const zones = new Set(windows.map((w) => w.timezone));
  if (zones.size > 1) {
    ctx.addIssue({
      code: "custom",
      path: ["windows"],
      message: "all windows of one price version must share a timezone",
    });
    return;
  }
  for (let i = 0; i < windows.length; i++) {
    for (let j = i + 1; j < windows.length; j++) {
      const a = windowMinutesOfWeek(windows[i]!);
      const b = windowMinutesOfWeek(windows[j]!);
      const clash = a.find(([s1, e1]) => b.some(([s2, e2]) => s1 < e2 && s2 < e1));
      if (clash) {
        ctx.addIssue({
          code: "custom",
          path: ["windows", j],
          message: `window "${windows[j]!.name}" overlaps window "${windows[i]!.name}"`,
        });
      }
    }
  }
});
export type PriceVersion = z.infer<typeof PriceVersionSchema>;
export type PriceVersionInput = z.input<typeof PriceVersionSchema>;
