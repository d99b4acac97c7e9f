import type { Cost, FxTable, LifecycleWarning, ModelEntry, QualityPredictor, Usage } from "@tokenwise/core";
import type { BudgetMark } from "../budgets/budgets";
import type { CallContext } from "../execute/call-context";
import { latencyEstimate, qualityReport } from "../learning/report";
import type { ScoredCandidate } from "../select-candidates";
import type { CallReport, FinishReason } from "../types";
import { estimatedCost } from "./report";

/** What a report needs beyond the call: the router's policy name, FX table and predictor. */
export interface ReportSettings {
  policy: string;
  fx: FxTable;
  qualityPredictor: QualityPredictor | undefined;
  /** The model's lifecycle warnings at the call's instant (emitted once per model by the router). */
  warnings?: (model: ModelEntry, at: Date, emit: boolean) => LifecycleWarning[] | undefined;
  /** The call's budget marks (reservations, what was left), when budgets are over it. */
  budgets?: (ctx: CallContext) => BudgetMark[] | undefined;
}

/** Builds the report of a call served (or cut) by candidate `c`. `total` sums every amount accounted. */
export function makeReport(
  settings: ReportSettings,
  ctx: CallContext,
  c: ScoredCandidate,
  realized: { usage: Usage; cost: Cost },
  finishReason: FinishReason,
  ttftMs: number | null,
  streamed: boolean,
): CallReport {
  let total = 0n;
  for (const m of ctx.billed) total += m.atto;
  const report: CallReport = {
    id: ctx.id,
    provider: c.state.provider,
    model: c.entry.id,
    priceVersion: realized.cost.version.effectiveFrom,
    currency: ctx.constraints.currency,
    taskKind: ctx.constraints.taskKind,
    ...(ctx.constraints.taskKindDetection ? { taskKindDetection: ctx.constraints.taskKindDetection } : {}),
    policy: settings.policy,
    quality: qualityReport(c, ctx.constraints.taskKind),
    estimated: {
      usage: c.usage,
      cost: estimatedCost(c, ctx.start, ctx.constraints.currency, settings.fx),
      outputReserve: { output: c.outputReserve, reasoning: c.reasoningReserve },
    },
    realized,
    total: { currency: ctx.constraints.currency, atto: total },
    attempts: ctx.attempts,
    ttftMs,
    latencyMs: performance.now() - ctx.startPerf,
    rejected: ctx.selection.rejected,
    tags: ctx.request.tags ?? [],
    finishReason,
    streamed,
    at: ctx.start,
  };
  if (realized.cost.fx) report.fx = realized.cost.fx;
  const latency = latencyEstimate(c.state);
  if (latency) report.latencyEstimate = latency;
  if (c.exploration) report.exploration = c.exploration;
  const warnings = settings.warnings?.(c.entry, ctx.start, true);
  if (warnings) report.warnings = warnings;
  if (ctx.request.tenant !== undefined) report.tenant = ctx.request.tenant;
  const budgetMarks = settings.budgets?.(ctx);
  if (budgetMarks) report.budgets = budgetMarks;
  if (settings.qualityPredictor) {
    report.predictor = {
      name: settings.qualityPredictor.name,
      predicted: ctx.predictions?.get(c.key) ?? null,
    };
  }
  return report;
}

/** Tells every observer; an observer that throws does not break the call or the other observers. */
export function emitReport(
  observers: readonly ((report: CallReport) => void)[],
  report: CallReport,
  onError: (error: unknown) => void,
): void {
  for (const o of observers) {
    try {
      o(report);
    } catch (error) {
      onError(error);
    }
  }
}
