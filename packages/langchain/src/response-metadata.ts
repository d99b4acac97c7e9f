import type { BaseMessage } from "@langchain/core/messages";
import type { Money, Usage } from "@tokenwise/core";
import { type CallReport, type RejectedCandidate, reportToJSON } from "@tokenwise/router";

/** Money in JSON: exact atto-units as a decimal string (bigint does not survive JSON), and the currency. */
export interface MoneyJSON {
  currency: string;
  /** Integer 10^-18 units of the currency, as a decimal string. */
  atto: string;
}

/** One attempt of the call, as `response_metadata.routing.attempts` lists it. */
export interface AttemptSummary {
  provider: string;
  model: string;
  status: "ok" | "error" | "skipped";
  httpStatus?: number;
  error?: string;
  /** What this attempt was billed, when it was. */
  cost?: MoneyJSON;
  /** `provider` when the cost is from the provider's usage, `estimated` when the router had to estimate it. */
  usageSource?: "provider" | "estimated";
}

/** The routing decision: which model served the call, at which price, and why others did not. */
export interface RoutingMetadata {
  /** The router's call id (also the message id). */
  id: string;
  provider: string;
  model: string;
  /** `effectiveFrom` of the price version the call was priced at. */
  priceVersion: string;
  policy: string;
  taskKind: string;
  quality: { score: number | null; source: string };
  /** The cost the router expected when it chose. */
  estimatedCost: MoneyJSON;
  attempts: AttemptSummary[];
  rejected: RejectedCandidate[];
}

/**
 * What ChatTokenwise puts in an answer's `response_metadata` (on the final chunk when streaming).
 * Everything is JSON-safe, so tracers and checkpointers can store it.
 */
export interface TokenwiseResponseMetadata {
  [key: string]: unknown;
  /** The model that answered (`id` in the catalog). */
  model_name: string;
  model_provider: "tokenwise";
  /** The provider's raw finish reason, else the unified one. */
  finish_reason: string;
  /** The router's usage, every kind apart (`input` excludes cache reads and writes, `output` excludes reasoning). */
  usage: Usage;
  /** What the call cost: every billed attempt, failed ones included. */
  cost: MoneyJSON;
  routing: RoutingMetadata;
  /** The whole report, JSON-safe (bigints as decimal strings, dates as ISO strings). */
  report: Record<string, unknown>;
}

export function moneyJSON(m: Money): MoneyJSON {
  return { currency: m.currency, atto: m.atto.toString() };
}

/** The `response_metadata` of an answer from its report. */
export function responseMetadataOf(report: CallReport, usage: Usage): TokenwiseResponseMetadata {
  return {
    model_name: report.model,
    model_provider: "tokenwise",
    finish_reason: report.finishReason.raw ?? report.finishReason.unified,
    usage,
    cost: moneyJSON(report.total),
    routing: {
      id: report.id,
      provider: report.provider,
      model: report.model,
      priceVersion: report.priceVersion,
      policy: report.policy,
      taskKind: report.taskKind,
      quality: report.quality,
      estimatedCost: moneyJSON(report.estimated.cost.total),
      attempts: report.attempts.map((a) => {
        const out: AttemptSummary = { provider: a.provider, model: a.model, status: a.status };
        if (a.httpStatus !== undefined) out.httpStatus = a.httpStatus;
        if (a.error) out.error = `${a.error.name}: ${a.error.message}`;
        if (a.cost) out.cost = moneyJSON(a.cost.total);
        if (a.usageSource) out.usageSource = a.usageSource;
        return out;
      }),
      rejected: report.rejected,
    },
    report: JSON.parse(reportToJSON(report)) as Record<string, unknown>,
  };
}

/**
 * The exact cost of an answer ChatTokenwise returned (every billed attempt), or `undefined` for a
 * message that does not carry one.
 *
 * @example
 * const answer = await model.invoke("hi");
 * formatMoney(costOfMessage(answer)!); // "0.000012 USD"
 */
export function costOfMessage(message: BaseMessage): Money | undefined {
  const cost = (message.response_metadata as Partial<TokenwiseResponseMetadata> | undefined)?.cost;
  if (!cost || typeof cost.atto !== "string" || typeof cost.currency !== "string") return undefined;
  return { currency: cost.currency, atto: BigInt(cost.atto) };
}

/** The routing decision of an answer ChatTokenwise returned, or `undefined`. */
export function routingOfMessage(message: BaseMessage): RoutingMetadata | undefined {
  return (message.response_metadata as Partial<TokenwiseResponseMetadata> | undefined)?.routing;
}
