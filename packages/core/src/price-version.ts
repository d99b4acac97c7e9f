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
 * The mode a hybrid model answers in: `thinking` (it reasons before answering) or `non-thinking`.
 * Some providers price the two apart (Qwen3 commercial models on Model Studio: the output rate).
 */
export const THINKING_MODES = ["thinking", "non-thinking"] as const;
export type ThinkingMode = (typeof THINKING_MODES)[number];

/**
 * Thinking-mode prices: replace the band's own prices field by field when the request runs in
 * thinking mode (absent fields keep the band's price). The band's own prices are the non-thinking ones.
 */
export const ThinkingPricesSchema = TokenPricesSchema.partial().refine(
  (p) => Object.values(p).some((v) => v !== undefined),
  { message: "thinking prices must set at least one price (input, output, …)" },
);
export type ThinkingPrices = z.infer<typeof ThinkingPricesSchema>;

/**
 * A long-context tier: when the request's whole prompt (input + cache read + cache write tokens) is
 * strictly above `aboveInputTokens`, these prices apply to the whole request (Gemini, Claude, Qwen bands).
 */
export const PriceTierSchema = TokenPricesSchema.extend({
  aboveInputTokens: z.number().int().min(0, { message: "tier threshold must not be below zero" }),
  /** This tier's thinking-mode prices; required on every tier when the version has `thinking`. */
  thinking: ThinkingPricesSchema.optional(),
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
  /**
   * Thinking-mode prices of a hybrid model, where the provider prices the modes apart: the version's
   * own prices (and each tier's) are the non-thinking ones, these replace them in thinking mode.
   * Needs `defaultMode`.
   */
  thinking: ThinkingPricesSchema.optional(),
  /**
   * The mode the model answers in when the request does not choose one (the provider's default), for
   * a version with `thinking` prices.
   */
  defaultMode: z.enum(THINKING_MODES).optional(),
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
  if (version.thinking !== undefined) {
    if (version.defaultMode === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["defaultMode"],
        message:
          'a version with thinking prices needs defaultMode: the mode the provider answers in when the request does not choose ("thinking" or "non-thinking")',
      });
    }
    tiers.forEach((tier, i) => {
      if (tier.thinking === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["tiers", i, "thinking"],
          message: "the version prices thinking mode apart: every tier needs its thinking prices too",
        });
      }
    });
    (version.windows ?? []).forEach((w, i) => {
      if (w.prices !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["windows", i, "prices"],
          message:
            "a window with explicit prices cannot be combined with thinking prices: use a multiplier window",
        });
      }
    });
  } else {
    if (version.defaultMode !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["defaultMode"],
        message: "defaultMode only applies to a version with thinking prices",
      });
    }
    tiers.forEach((tier, i) => {
      if (tier.thinking !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["tiers", i, "thinking"],
          message: "a tier has thinking prices but the version has none: add the version's thinking prices",
        });
      }
    });
  }
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
