import { type BudgetPeriod, type Money, moneyFromDecimal, parseWith } from "@tokenwise/core";
import { z } from "zod";
import { strictObject } from "../validate/strict-object";

/** Which calls a budget covers: every field given must match the request (an empty scope is refused). */
export interface BudgetScope {
  /** Calls whose `tenant` is this. */
  tenant?: string;
  /** Calls whose `tags` include this. */
  tag?: string;
  /** Calls whose `sessionId` is this. */
  session?: string;
  /** Calls whose `virtualKey` is this. */
  virtualKey?: string;
}

/**
 * A spending limit over the calls of a scope, per period.
 *
 * @example
 * { id: "acme-monthly", scope: { tenant: "acme" }, limit: "250", currency: "USD", period: "monthly", timeZone: "Europe/Paris", mode: "hard" }
 */
export interface BudgetDefinition {
  /** Unique id: names the budget in errors, reports and the store. */
  id: string;
  scope: BudgetScope;
  /** The limit per period: a decimal string in `currency` (e.g. `"250"`) or Money. */
  limit: string | Money;
  /** ISO 4217 code the budget is kept in (call costs are converted with the router's FX table). */
  currency: string;
  /** `total` (never resets), `daily` or `monthly` (calendar periods in `timeZone`). */
  period: BudgetPeriod;
  /** IANA time zone of the period boundaries. Default `UTC`. */
  timeZone?: string;
  /**
   * `hard`: a call that cannot be funded fails with `BudgetExceededError` before any provider request.
   * `soft`: calls go to the cheapest model that still fits what is left, and past the limit when none
   * does (the report says so); never refused.
   */
  mode: "hard" | "soft";
  /**
   * How long an attempt's reservation lives unsettled, ms: a crashed process's holds come back after
   * this. Make it longer than a call can take. Default 300,000.
   */
  leaseTtlMs?: number;
}

/** A definition checked and resolved. */
export interface ResolvedBudget {
  id: string;
  scope: BudgetScope;
  limit: Money;
  currency: string;
  period: BudgetPeriod;
  timeZone: string;
  mode: "hard" | "soft";
  leaseTtlMs: number;
}

const Currency = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD");
const Decimal = z
  .string()
  .regex(/^\d+(\.\d{1,18})?$/, 'must be a non-negative decimal such as "250" or "0.5"');

/** zod schema of a {@link BudgetDefinition}. */
export const BudgetDefinitionSchema = strictObject({
  id: z.string().min(1, "must not be empty"),
  scope: strictObject({
    tenant: z.string().min(1).optional(),
    tag: z.string().min(1).optional(),
    session: z.string().min(1).optional(),
    virtualKey: z.string().min(1).optional(),
  }).refine((s) => Object.values(s).some((v) => v !== undefined), {
    message: "name at least one of tenant, tag, session, virtualKey",
  }),
  limit: z.union([
    Decimal,
    strictObject({ currency: Currency, atto: z.bigint().nonnegative("must be ≥ 0") }),
  ]),
  currency: Currency,
  period: z.enum(["total", "daily", "monthly"], { error: 'must be "total", "daily" or "monthly"' }),
  timeZone: z
    .string()
    .refine(
      (tz) => {
        try {
          new Intl.DateTimeFormat("en-US", { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      },
      { message: "must be an IANA time zone such as Europe/Paris" },
    )
    .optional(),
  mode: z.enum(["hard", "soft"], { error: 'must be "hard" or "soft"' }),
  leaseTtlMs: z.number().int("must be a whole number of ms").positive("must be > 0").optional(),
}).refine((d) => typeof d.limit === "string" || d.limit.currency === d.currency, {
  message: "the limit's currency must be the budget's currency",
  path: ["limit", "currency"],
});

/** Checks a definition (ValidationError with paths and values) and resolves its limit to Money. */
export function resolveBudget(definition: unknown, source: string): ResolvedBudget {
  const d = parseWith(BudgetDefinitionSchema, definition, source) as BudgetDefinition;
  return {
    id: d.id,
    scope: { ...d.scope },
    limit: typeof d.limit === "string" ? moneyFromDecimal(d.limit, d.currency) : d.limit,
    currency: d.currency,
    period: d.period,
    timeZone: d.timeZone ?? "UTC",
    mode: d.mode,
    leaseTtlMs: d.leaseTtlMs ?? 300_000,
  };
}

/** True when the request is in the budget's scope. */
export function inScope(
  scope: BudgetScope,
  request: { tenant?: string; tags?: readonly string[]; sessionId?: string; virtualKey?: string },
): boolean {
  if (scope.tenant !== undefined && request.tenant !== scope.tenant) return false;
  if (scope.tag !== undefined && !request.tags?.includes(scope.tag)) return false;
  if (scope.session !== undefined && request.sessionId !== scope.session) return false;
  if (scope.virtualKey !== undefined && request.virtualKey !== scope.virtualKey) return false;
  return true;
}
