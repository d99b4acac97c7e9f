import {
  costOf,
  type FxTable,
  type ModelEntry,
  type Money,
  moneyFromDecimal,
  priceInForce,
} from "@tokenwise/core";
import { NoCandidateError } from "../errors";
import type { Plan, RankedCandidate, RouterRequest } from "../types";
import { DeadlineInfeasibleError } from "./errors";
import type { createPriceEpochs } from "./price-epochs";
import type { JobPlan } from "./types";

/** What planning needs from the router. */
export interface PlanDeps {
  /** The router's own selection at an instant (`router.plan(request, { at })`). */
  plan(request: RouterRequest, at: Date): Plan;
  modelOf(provider: string, id: string): ModelEntry | undefined;
  /** Whether a batch adapter serves this model's provider. */
  canBatch(provider: string, id: string): boolean;
  fx: FxTable;
  epochs: ReturnType<typeof createPriceEpochs>;
  safetyMarginMs: number;
  batchAllowanceMs: number;
  batchCollectMs: number;
  batchEnabled: boolean;
}

interface Option {
  at: number;
  candidate: RankedCandidate;
  cost: Money;
  batch: boolean;
}

const latencyOf = (c: RankedCandidate) => c.predictedLatencyMs ?? 0;

/** The cheapest candidate of a plan within `maxCost` (the plan is ordered by the router's policy). */
function affordable(plan: Plan, maxCost: Money | undefined): RankedCandidate | undefined {
  for (const c of plan.ranked) {
    if (!c.cost) continue;
    if (maxCost === undefined || c.cost.total.atto <= maxCost.atto) return c;
  }
  return undefined;
}

/**
 * Chooses how to run one job before its deadline: the router's own selection at each instant where
 * a price changes (now, each window boundary, each dated version) that leaves time for the predicted
 * latency plus the safety margin, and the batch price of the candidates now when the deadline leaves
 * the batch allowance. The cheapest wins; a tie goes to the earliest, interactive before batch.
 * Throws `NoCandidateError` when no model qualifies and `DeadlineInfeasibleError` when none can
 * finish in time.
 */
export function planJob(
  deps: PlanDeps,
  request: RouterRequest,
  now: Date,
  deadline: Date,
  maxCostInput: string | Money | undefined,
): JobPlan {
  const t0 = now.getTime();
  const end = deadline.getTime();
  const first = deps.plan(request, now);
  const currency = first.currency;
  const maxCost =
    maxCostInput === undefined
      ? undefined
      : typeof maxCostInput === "string"
        ? moneyFromDecimal(maxCostInput, currency)
        : maxCostInput;
  const best0 = affordable(first, maxCost);
  if (!best0?.cost) {
    throw new NoCandidateError({
      rejected: [
        ...first.rejected,
        ...first.ranked.map((c) => ({
          provider: c.provider,
          model: c.model,
          code: "cost" as const,
          reason: `expected cost ${c.cost?.total.atto ?? "?"} atto above the job's maxCost`,
        })),
      ],
    });
  }
  const earliestFinish = t0 + latencyOf(best0) + deps.safetyMarginMs;
  if (earliestFinish > end) {
    throw new DeadlineInfeasibleError({ deadline, earliestFinish: new Date(earliestFinish) });
  }
  const options: Option[] = [{ at: t0, candidate: best0, cost: best0.cost.total, batch: false }];
  for (const at of deps.epochs.between(t0, end - deps.safetyMarginMs)) {
    const p = deps.plan(request, new Date(at));
    const c = affordable(p, maxCost);
    if (c?.cost && at + latencyOf(c) + deps.safetyMarginMs <= end) {
      options.push({ at, candidate: c, cost: c.cost.total, batch: false });
    }
  }
  const submitBy = t0 + deps.batchCollectMs;
  if (deps.batchEnabled && submitBy + deps.batchAllowanceMs + deps.safetyMarginMs <= end) {
    const at = new Date(submitBy);
    for (const c of first.ranked) {
      const model = deps.modelOf(c.provider, c.model);
      if (!model || !deps.canBatch(c.provider, c.model)) continue;
      let price: ReturnType<typeof priceInForce>;
      try {
        price = priceInForce(model, at);
      } catch {
        continue;
      }
      if (price.batchMultiplier === undefined) continue;
      const cost = costOf(c.estimated.usage, price, { at, batch: true, currency, fx: deps.fx }).total;
      if (maxCost !== undefined && cost.atto > maxCost.atto) continue;
      options.push({ at: submitBy, candidate: c, cost, batch: true });
    }
  }
  let chosen = options[0]!;
  for (const o of options) {
    if (o.cost.atto < chosen.cost.atto) chosen = o;
  }
  const out: JobPlan = {
    mechanism: "now",
    at: new Date(chosen.at),
    provider: chosen.candidate.provider,
    model: chosen.candidate.model,
    outputReserve:
      chosen.candidate.estimated.outputReserve.output + chosen.candidate.estimated.outputReserve.reasoning,
    expected: chosen.cost,
    runNow: best0.cost.total,
  };
  if (chosen.batch) {
    out.mechanism = "batch";
    return out;
  }
  // A dated rise inside the job's time: what the cheapest way after it would have cost.
  const rise = deps.epochs.versionChanges(chosen.at, end)[0];
  if (rise !== undefined) {
    let afterRise: Money | undefined;
    for (const o of options) {
      if (!o.batch && o.at >= rise && (!afterRise || o.cost.atto < afterRise.atto)) afterRise = o.cost;
    }
    if (afterRise && afterRise.atto > chosen.cost.atto) {
      out.afterRise = afterRise;
      if (chosen.at === t0 || chosen.cost.atto === best0.cost.total.atto) {
        out.mechanism = "ahead-of-rise";
        return out;
      }
    }
  }
  if (chosen.at > t0) {
    const model = deps.modelOf(chosen.candidate.provider, chosen.candidate.model);
    const versionNow = model ? safeVersion(model, now) : undefined;
    const versionThen = model ? safeVersion(model, new Date(chosen.at)) : undefined;
    out.mechanism = versionNow !== versionThen ? "price-change" : "window";
  }
  return out;
}

function safeVersion(model: ModelEntry, at: Date): string | undefined {
  try {
    return priceInForce(model, at).effectiveFrom;
  } catch {
    return undefined;
  }
}
