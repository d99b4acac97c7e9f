import type { SharedV3ProviderMetadata } from "@ai-sdk/provider";
import { COST_PARTS, type Cost, type CostPart, type Money, moneyToDecimal } from "@tokenwise/core";
import type { AttemptReport, CallReport } from "@tokenwise/router";

/** An amount as an exact decimal string with its currency. */
export type DecimalAmount = { amount: string; currency: string };

/** A cost: its total, each priced part (decimal strings) and how it was priced. */
export type CostMetadata = DecimalAmount & {
  parts: Record<CostPart, string>;
  /** Components billed at a fallback rate (e.g. cache reads at the input rate). */
  fallbacks: string[];
  /** Long-context tier applied (threshold in tokens), or null. */
  tier: number | null;
  /** Time-of-day window applied, or null. */
  window: string | null;
};

/** One attempt of the call (retries and failovers included). */
export type AttemptMetadata = {
  provider: string;
  model: string;
  attempt: number;
  status: "ok" | "error" | "skipped";
  latencyMs: number;
  httpStatus?: number;
  requestId?: string;
  ttftMs?: number;
  usageSource?: "provider" | "estimated";
  error?: { name: string; message: string; retryable: boolean };
  cost?: DecimalAmount;
};

/** What `providerMetadata.tokenwise` carries: JSON, amounts as exact decimal strings. */
export type TokenwiseProviderMetadata = {
  /** The router's call id (the report's `id`). */
  callId: string;
  /** Provider and model that served the call. */
  provider: string;
  model: string;
  /** `effectiveFrom` of the price version the call was priced at. */
  priceVersion: string;
  /** Report currency. */
  currency: string;
  taskKind: string;
  policy: string;
  /** The expectation the choice was made on. */
  estimatedCost: CostMetadata;
  /** The served attempt's usage × the price in force. */
  realizedCost: CostMetadata;
  /** Every billed attempt of the call, failed ones included. */
  totalCost: DecimalAmount;
  attempts: AttemptMetadata[];
  /** How many models were not chosen (the router's report lists them with reasons). */
  rejected: number;
  latencyMs: number;
  ttftMs: number | null;
  /** The dated FX rate used when the price currency differs from the report currency. */
  fx?: {
    from: string;
    to: string;
    rate: string;
    date: string;
    source: string;
    direct: boolean;
    exact: boolean;
  };
};

function amount(money: Money): DecimalAmount {
  return { amount: moneyToDecimal(money), currency: money.currency };
}

function costMetadata(cost: Cost): CostMetadata {
  const parts = {} as Record<CostPart, string>;
  for (const part of COST_PARTS) parts[part] = moneyToDecimal(cost.parts[part]);
  return {
    ...amount(cost.total),
    parts,
    fallbacks: [...cost.fallbacks],
    tier: cost.tier,
    window: cost.window,
  };
}

function attemptMetadata(a: AttemptReport): AttemptMetadata {
  const out: AttemptMetadata = {
    provider: a.provider,
    model: a.model,
    attempt: a.attempt,
    status: a.status,
    latencyMs: a.latencyMs,
  };
  if (a.httpStatus !== undefined) out.httpStatus = a.httpStatus;
  if (a.requestId !== undefined) out.requestId = a.requestId;
  if (a.ttftMs !== undefined) out.ttftMs = a.ttftMs;
  if (a.usageSource !== undefined) out.usageSource = a.usageSource;
  if (a.error) out.error = { ...a.error };
  if (a.cost) out.cost = amount(a.cost.total);
  return out;
}

/**
 * The router's report as `providerMetadata` (`{ tokenwise: … }`).
 *
 * @example
 * tokenwiseMetadata(result.report).tokenwise
 * // { provider: "openai", model: "gpt-4o-mini", priceVersion: "2026-01-01T00:00:00Z",
 * //   realizedCost: { amount: "0.0000119", currency: "USD", parts: {…}, … }, attempts: [{ status: "ok", … }], … }
 */
export function tokenwiseMetadata(report: CallReport): SharedV3ProviderMetadata {
  const meta: TokenwiseProviderMetadata = {
    callId: report.id,
    provider: report.provider,
    model: report.model,
    priceVersion: report.priceVersion,
    currency: report.currency,
    taskKind: report.taskKind,
    policy: report.policy,
    estimatedCost: costMetadata(report.estimated.cost),
    realizedCost: costMetadata(report.realized.cost),
    totalCost: amount(report.total),
    attempts: report.attempts.map(attemptMetadata),
    rejected: report.rejected.length,
    latencyMs: report.latencyMs,
    ttftMs: report.ttftMs,
  };
  if (report.fx) {
    const { from, to, rate, direct, exact } = report.fx;
    meta.fx = { from, to, rate: rate.rate, date: rate.date, source: rate.source, direct, exact };
  }
  return { tokenwise: meta };
}

/**
 * The typed `tokenwise` entry of an AI SDK result's (or step's) `providerMetadata`, or undefined
 * when the result did not come from a tokenwise model.
 *
 * @example
 * const { providerMetadata } = await generateText({ model: tokenwise("auto"), prompt });
 * readTokenwiseMetadata(providerMetadata)?.realizedCost.amount; // "0.0000119"
 */
export function readTokenwiseMetadata(
  providerMetadata: SharedV3ProviderMetadata | undefined,
): TokenwiseProviderMetadata | undefined {
  const meta = providerMetadata?.tokenwise;
  if (!meta || typeof meta.callId !== "string") return undefined;
  return meta as unknown as TokenwiseProviderMetadata;
}
