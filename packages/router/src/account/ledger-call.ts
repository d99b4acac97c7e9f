import type { Capability, FxTable } from "@tokenwise/core";
import { CAPABILITY_BITS } from "../candidate-table";
import type { CallContext } from "../execute/call-context";
import { estimatedCost } from "../report/report";
import type { ScoredCandidate } from "../select-candidates";
import type { Constraints } from "../types";
import type { LedgerCall } from "./ledger";

const CAPABILITIES = Object.keys(CAPABILITY_BITS) as Capability[];

/**
 * A float amount as a plain decimal string (no exponent), e.g. `0.01` → `"0.01"`: the resolved
 * `maxCostPerCall` is a float inside the router; the ledger writes it back as the decimal it came from.
 */
export function decimalOfFloat(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, "");
}

/** The constraints a call was routed under, as a `Constraints` object (see {@link LedgerCall.constraints}). */
function recordedConstraints(ctx: CallContext): Constraints {
  const c = ctx.constraints;
  const out: Constraints = {
    minQuality: c.minQuality,
    qualityConfidence: c.qualityConfidence,
    latencyPercentile: c.latencyPercentile,
    currency: c.currency,
  };
  if (Number.isFinite(c.maxLatencyMs)) out.maxLatencyMs = c.maxLatencyMs;
  if (c.allowProviders) out.allowProviders = [...c.allowProviders];
  if (c.denyProviders) out.denyProviders = [...c.denyProviders];
  if (c.allowModels) out.allowModels = [...c.allowModels];
  if (c.denyModels) out.denyModels = [...c.denyModels];
  if (Number.isFinite(c.maxCost)) out.maxCostPerCall = decimalOfFloat(c.maxCost);
  return out;
}

/**
 * The call record of a ledger entry: the request's footprint (tokens per family as counted,
 * capabilities, output bound, effort), the constraints in force and the router's estimate for the
 * attempt's model `c`.
 */
export function ledgerCallOf(ctx: CallContext, c: ScoredCandidate, fx: FxTable): LedgerCall {
  const tokens: Record<string, number> = {};
  for (const [family, t] of ctx.prepared.counted) tokens[family] = t.total;
  const mask = ctx.prepared.capsMask;
  const request = ctx.request;
  const call: LedgerCall = {
    taskKind: ctx.constraints.taskKind,
    tokens,
    capabilities: CAPABILITIES.filter((cap) => mask & CAPABILITY_BITS[cap]),
    streamed: (mask & CAPABILITY_BITS.streaming) !== 0,
    constraints: recordedConstraints(ctx),
    estimate: {
      usage: c.usage,
      cost: estimatedCost(c, ctx.start, ctx.constraints.currency, fx).total,
      outputReserve: { output: c.outputReserve, reasoning: c.reasoningReserve },
    },
  };
  if (request.maxOutputTokens !== undefined) call.maxOutputTokens = request.maxOutputTokens;
  if (request.reasoningEffort !== undefined) call.reasoningEffort = request.reasoningEffort;
  return call;
}
