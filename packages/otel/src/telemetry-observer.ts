import {
  type Attributes,
  type Counter,
  context,
  type Histogram,
  type Meter,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import {
  addUsage,
  COST_PARTS,
  type CostPart,
  completionTokens,
  makeUsage,
  moneyToDecimal,
  moneyToNumber,
  promptTokens,
  type Usage,
} from "@tokenwise/core";
import type { AttemptReport, CallReport } from "@tokenwise/router";
import { ATTR, TW } from "./attributes";

/** The instrumentation scope name and version. */
export const SCOPE_NAME = "@tokenwise/otel";
export const SCOPE_VERSION = "0.1.0";

/** Settings of {@link createTelemetryObserver}. */
export interface TelemetrySettings {
  /** Tracer for the spans. Default: `trace.getTracer("@tokenwise/otel", version)` (the global provider). */
  tracer?: Tracer;
  /** Meter for the metrics. Default: `metrics.getMeter("@tokenwise/otel", version)` (the global provider). */
  meter?: Meter;
  /** Record the token, duration and cost metrics. Default true. */
  metrics?: boolean;
  /** Wall clock in ms for span times. Default `Date.now`. Spans end when the report arrives. */
  now?: () => number;
}

/** A router observer: pass it to `createRouter({ observers })` or `router.onReport(…)`. */
export type ReportObserver = (report: CallReport) => void;

const PART_KEYS: Record<CostPart, string> = {
  input: "input",
  cacheRead: "cache_read",
  cacheWrite: "cache_write",
  cacheWrite1h: "cache_write_1h",
  output: "output",
  reasoning: "reasoning",
  request: "request",
};

/** What every billed attempt of the call used (equals `realized.usage` when one attempt billed). */
function billedUsage(report: CallReport): Usage {
  let sum: Usage | undefined;
  for (const a of report.attempts) if (a.usage) sum = addUsage(sum ?? makeUsage(), a.usage);
  return sum ?? report.realized.usage;
}

/** The GenAI attributes that identify the call (shared by spans and metrics). */
function identity(report: CallReport): Attributes {
  return {
    [ATTR.operationName]: "chat",
    [ATTR.providerName]: report.provider,
    [ATTR.requestModel]: report.model,
    [ATTR.responseModel]: report.model,
  };
}

/** The span attributes of one call: GenAI semconv, cost, and the routing decision under tokenwise.*. */
export function callAttributes(report: CallReport): Attributes {
  const usage = billedUsage(report);
  const served = report.attempts.findLast((a) => a.status === "ok");
  const realized = report.realized.cost;
  const attrs: Attributes = {
    ...identity(report),
    [ATTR.finishReasons]: [report.finishReason.raw ?? report.finishReason.unified],
    [ATTR.inputTokens]: promptTokens(usage),
    [ATTR.outputTokens]: completionTokens(usage),
    [ATTR.cacheReadTokens]: usage.cacheRead,
    [ATTR.cacheCreationTokens]: usage.cacheWrite + usage.cacheWrite1h,
    [ATTR.reasoningTokens]: usage.reasoning,
    [ATTR.costAmount]: moneyToNumber(report.total),
    [ATTR.costCurrency]: report.currency,
    [ATTR.costSource]: "local",
    [TW.callId]: report.id,
    [TW.streamed]: report.streamed,
    [TW.priceVersion]: report.priceVersion,
    [TW.cost]: moneyToDecimal(report.total),
    [TW.costRealized]: moneyToDecimal(realized.total),
    [TW.costEstimated]: moneyToDecimal(report.estimated.cost.total),
    [TW.costFallbacks]: [...realized.fallbacks],
    [TW.usageInput]: usage.input,
    [TW.usageCacheWrite1h]: usage.cacheWrite1h,
    [TW.estimatedInputTokens]: promptTokens(report.estimated.usage),
    [TW.estimatedOutputTokens]: completionTokens(report.estimated.usage),
    [TW.policy]: report.policy,
    [TW.taskKind]: report.taskKind,
    [TW.qualitySource]: report.quality.source,
    [TW.attempts]: report.attempts.length,
    [TW.attemptedModels]: [...new Set(report.attempts.map((a) => `${a.provider}/${a.model}`))],
    [TW.rejected]: report.rejected.length,
    [TW.tags]: [...report.tags],
  };
  if (served?.requestId !== undefined) attrs[ATTR.responseId] = served.requestId;
  for (const part of COST_PARTS)
    attrs[`${TW.costPart}.${PART_KEYS[part]}`] = moneyToDecimal(realized.parts[part]);
  if (realized.tier !== null) attrs[TW.costTier] = realized.tier;
  if (realized.window !== null) attrs[TW.costWindow] = realized.window;
  if (report.fx) {
    attrs[TW.fxRate] = report.fx.rate.rate;
    attrs[TW.fxDate] = report.fx.rate.date;
    attrs[TW.fxSource] = report.fx.rate.source;
  }
  if (report.quality.score !== null) attrs[TW.quality] = report.quality.score;
  const byCode = new Map<string, number>();
  for (const r of report.rejected) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
  for (const [code, n] of byCode) attrs[`${TW.rejectedByCode}.${code}`] = n;
  if (report.tenant !== undefined) attrs[TW.tenant] = report.tenant;
  if (report.ttftMs !== null) attrs[TW.ttftMs] = report.ttftMs;
  return attrs;
}

/** The span attributes of one attempt. */
export function attemptAttributes(attempt: AttemptReport, currency: string): Attributes {
  const attrs: Attributes = {
    [ATTR.operationName]: "chat",
    [ATTR.providerName]: attempt.provider,
    [ATTR.requestModel]: attempt.model,
    [TW.attempt]: attempt.attempt,
    [TW.attemptStatus]: attempt.status,
  };
  if (attempt.requestId !== undefined) attrs[TW.attemptRequestId] = attempt.requestId;
  if (attempt.httpStatus !== undefined) attrs[ATTR.httpStatus] = attempt.httpStatus;
  if (attempt.usageSource !== undefined) attrs[TW.attemptUsageSource] = attempt.usageSource;
  if (attempt.usage) {
    attrs[TW.attemptInputTokens] = promptTokens(attempt.usage);
    attrs[TW.attemptOutputTokens] = completionTokens(attempt.usage);
  }
  if (attempt.cost) {
    attrs[TW.attemptCost] = moneyToDecimal(attempt.cost.total);
    attrs[TW.attemptCostCurrency] = currency;
  }
  if (attempt.ttftMs !== undefined) attrs[TW.ttftMs] = attempt.ttftMs;
  if (attempt.error) {
    attrs[ATTR.errorType] = attempt.error.name;
    attrs[TW.attemptRetryable] = attempt.error.retryable;
  }
  return attrs;
}

interface Instruments {
  tokens: Histogram;
  duration: Histogram;
  cost: Counter;
}

function instruments(meter: Meter): Instruments {
  return {
    tokens: meter.createHistogram("gen_ai.client.token.usage", {
      description: "Tokens used per call, by gen_ai.token.type (input includes cached tokens).",
      unit: "{token}",
    }),
    duration: meter.createHistogram("gen_ai.client.operation.duration", {
      description: "Duration of a routed call, retries and failover included.",
      unit: "s",
    }),
    cost: meter.createCounter("tokenwise.client.cost", {
      description:
        "Money billed per call (every billed attempt), in gen_ai.usage.cost.currency. Exact amounts are on the spans.",
      unit: "{currency}",
    }),
  };
}

/**
 * An observer that turns each router report into one `chat {model}` span (kind CLIENT) with a child
 * span per attempt, and records token, duration and cost metrics. Depends on `@opentelemetry/api`
 * only: bring your own SDK and exporter.
 *
 * The router calls observers when a call ends, inside the caller's context: the call span is a child
 * of the active span, and spans are timed backwards from the report's latencies.
 *
 * @example
 * const router = createRouter({ catalog: createCatalog(), observers: [createTelemetryObserver()] });
 */
export function createTelemetryObserver(settings: TelemetrySettings = {}): ReportObserver {
  const tracer = settings.tracer ?? trace.getTracer(SCOPE_NAME, SCOPE_VERSION);
  const now = settings.now ?? Date.now;
  const meters =
    settings.metrics === false
      ? undefined
      : instruments(settings.meter ?? metrics.getMeter(SCOPE_NAME, SCOPE_VERSION));

  return (report) => {
    const end = now();
    const start = end - report.latencyMs;
    const span = tracer.startSpan(
      `chat ${report.model}`,
      { kind: SpanKind.CLIENT, startTime: start, attributes: callAttributes(report) },
      context.active(),
    );
    if (report.finishReason.unified === "error") {
      span.setStatus({ code: SpanStatusCode.ERROR, message: "the stream was interrupted" });
      span.setAttribute(ATTR.errorType, "StreamInterruptedError");
    }
    attemptSpans(tracer, span, report, start, end);
    span.end(end);

    if (meters) {
      const attrs = identity(report);
      const usage = billedUsage(report);
      meters.tokens.record(promptTokens(usage), { ...attrs, [ATTR.tokenType]: "input" });
      meters.tokens.record(completionTokens(usage), { ...attrs, [ATTR.tokenType]: "output" });
      meters.duration.record(report.latencyMs / 1000, attrs);
      meters.cost.add(moneyToNumber(report.total), { ...attrs, [ATTR.costCurrency]: report.currency });
    }
  };
}

/** Child spans, one per attempt, placed in order inside the call span. */
function attemptSpans(tracer: Tracer, parent: Span, report: CallReport, start: number, end: number): void {
  const parentContext = trace.setSpan(context.active(), parent);
  const at0 = report.at.getTime();
  let cursor = start;
  for (const attempt of report.attempts) {
    // The attempt's offset on the router's clock when it moved; else right after the previous one.
    const offset = attempt.startedAt.getTime() - at0;
    const from = Math.min(Math.max(cursor, start + Math.max(0, offset)), end);
    const to = Math.min(from + attempt.latencyMs, end);
    const span = tracer.startSpan(
      `chat ${attempt.model}`,
      { kind: SpanKind.CLIENT, startTime: from, attributes: attemptAttributes(attempt, report.currency) },
      parentContext,
    );
    if (attempt.status === "error" && attempt.error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: attempt.error.message });
    }
    span.end(to);
    cursor = to;
  }
}
