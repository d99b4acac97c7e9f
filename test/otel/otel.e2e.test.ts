import { context, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { moneyToDecimal, moneyToNumber } from "@tokenwise/core";
import { createTelemetryObserver } from "@tokenwise/otel";
import { afterEach, describe, expect, it } from "vitest";
import { hello, setup } from "../router/fixtures";

type Kit = Awaited<ReturnType<typeof setup>>;
const open: Kit[] = [];
afterEach(async () => {
  for (const k of open.splice(0)) await k.kit.close();
});

function telemetry() {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const observer = createTelemetryObserver({
    tracer: tracerProvider.getTracer("test"),
    meter: meterProvider.getMeter("test"),
  });
  const metricsNow = async () => {
    await reader.forceFlush();
    const all =
      metricExporter
        .getMetrics()
        .at(-1)
        ?.scopeMetrics.flatMap((s) => s.metrics) ?? [];
    return new Map(all.map((m) => [m.descriptor.name, m]));
  };
  return { spans, observer, metricsNow };
}

describe("@tokenwise/otel: spans and metrics from router reports", () => {
  it("one call span and one child span per attempt, with exactly these attributes and values", async () => {
    const t = telemetry();
    // The cheapest qualifying model answers 500 once: the router retries it (two attempts).
    const k = await setup({ faults: { "openai/gpt-4o": ["500"] }, router: { observers: [t.observer] } });
    open.push(k);
    const result = await k.router.generate({
      ...hello,
      constraints: { minQuality: 0.7 },
      tags: ["otel"],
      tenant: "acme",
    });
    const billing = k.kit.billing();
    expect(billing.map((b) => [b.model, b.status, b.billed])).toEqual([
      ["gpt-4o", 500, false],
      ["gpt-4o", 200, true],
    ]);
    const bill = billing[1]!;
    const cost = bill.cost!;

    const spans = t.spans.getFinishedSpans();
    expect(spans).toHaveLength(3);
    const call = spans.find((s) => s.attributes["tokenwise.call.id"] !== undefined)!;
    const attempts = spans.filter((s) => s !== call);
    expect(call.name).toBe("chat gpt-4o");
    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(call.attributes).toEqual({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.response.model": "gpt-4o",
      "gen_ai.response.id": bill.requestId,
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.usage.input_tokens": bill.usage.input + bill.usage.cacheRead,
      "gen_ai.usage.output_tokens": bill.usage.output + bill.usage.reasoning,
      "gen_ai.usage.cache_read.input_tokens": bill.usage.cacheRead,
      "gen_ai.usage.cache_creation.input_tokens": 0,
      "gen_ai.usage.reasoning.output_tokens": 0,
      "gen_ai.usage.cost.amount": moneyToNumber(k.kit.billingTotal("USD")),
      "gen_ai.usage.cost.currency": "USD",
      "gen_ai.usage.cost.source": "local",
      "tokenwise.call.id": result.report.id,
      "tokenwise.streamed": false,
      "tokenwise.price_version": "2026-01-01T00:00:00Z",
      "tokenwise.cost.total": moneyToDecimal(k.kit.billingTotal("USD")),
      "tokenwise.cost.realized": moneyToDecimal(cost.total),
      "tokenwise.cost.estimated": moneyToDecimal(result.report.estimated.cost.total),
      "tokenwise.cost.part.input": moneyToDecimal(cost.parts.input),
      "tokenwise.cost.part.cache_read": "0",
      "tokenwise.cost.part.cache_write": "0",
      "tokenwise.cost.part.cache_write_1h": "0",
      "tokenwise.cost.part.output": moneyToDecimal(cost.parts.output),
      "tokenwise.cost.part.reasoning": "0",
      "tokenwise.cost.part.request": "0",
      "tokenwise.cost.fallbacks": [...cost.fallbacks],
      "tokenwise.usage.input": bill.usage.input,
      "tokenwise.usage.cache_write_1h": 0,
      "tokenwise.estimated.input_tokens":
        result.report.estimated.usage.input + result.report.estimated.usage.cacheRead,
      "tokenwise.estimated.output_tokens": result.report.estimated.usage.output,
      "tokenwise.routing.policy": "cheapest-qualifying",
      "tokenwise.routing.task_kind": "general",
      "tokenwise.routing.quality": 0.85,
      "tokenwise.routing.quality_source": "test",
      "tokenwise.routing.attempts": 2,
      "tokenwise.routing.attempted_models": ["openai/gpt-4o"],
      "tokenwise.routing.rejected": 1,
      "tokenwise.routing.rejected.quality": 1,
      "tokenwise.tags": ["otel"],
      "tokenwise.tenant": "acme",
    });
    expect(cost.parts.input.atto + cost.parts.output.atto).toBe(cost.total.atto);

    for (const s of attempts) expect(s.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
    expect(attempts.map((s) => s.spanContext().traceId)).toEqual([
      call.spanContext().traceId,
      call.spanContext().traceId,
    ]);
    const [failed, served] = attempts.sort(
      (a, b) =>
        Number(a.attributes["tokenwise.attempt.number"]) - Number(b.attributes["tokenwise.attempt.number"]),
    );
    expect(failed!.attributes).toEqual({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o",
      "tokenwise.attempt.number": 1,
      "tokenwise.attempt.status": "error",
      "tokenwise.attempt.request_id": billing[0]!.requestId,
      "http.response.status_code": 500,
      "error.type": "ProviderError",
      "tokenwise.attempt.retryable": true,
    });
    expect(failed!.status.code).toBe(SpanStatusCode.ERROR);
    expect(served!.attributes).toEqual({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o",
      "tokenwise.attempt.number": 2,
      "tokenwise.attempt.status": "ok",
      "tokenwise.attempt.request_id": bill.requestId,
      "tokenwise.attempt.usage_source": "provider",
      "tokenwise.attempt.input_tokens": bill.usage.input + bill.usage.cacheRead,
      "tokenwise.attempt.output_tokens": bill.usage.output,
      "tokenwise.attempt.cost": moneyToDecimal(cost.total),
      "tokenwise.attempt.cost.currency": "USD",
    });
    expect(served!.status.code).toBe(SpanStatusCode.UNSET);
    // Attempts lie inside the call span, in order.
    const t0 = (s: (typeof spans)[number]) => s.startTime[0] * 1e9 + s.startTime[1];
    const t1 = (s: (typeof spans)[number]) => s.endTime[0] * 1e9 + s.endTime[1];
    expect(t0(failed!)).toBeGreaterThanOrEqual(t0(call));
    expect(t0(served!)).toBeGreaterThanOrEqual(t1(failed!));
    expect(t1(served!)).toBeLessThanOrEqual(t1(call));
  });

  it("a streamed call with prompt-cache reads and writes (Anthropic) reports them; metrics sum to the billing log", async () => {
    const t = telemetry();
    const k = await setup({ router: { observers: [t.observer] } });
    open.push(k);
    const long = `${"Policy: be precise and polite. ".repeat(400)}`;
    const request = {
      system: long,
      messages: [{ role: "user" as const, content: "Hello" }],
      constraints: { allowModels: ["anthropic/claude-sonnet-4-5"] },
    };
    for (let i = 0; i < 2; i++) {
      const s = k.router.stream(request);
      for await (const _ of s.textStream) {
        // drain
      }
      await s.result;
    }
    const billing = k.kit.billing();
    expect(billing).toHaveLength(2);
    const spans = t.spans.getFinishedSpans().filter((s) => s.attributes["tokenwise.call.id"] !== undefined);
    expect(spans).toHaveLength(2);
    for (const [i, span] of spans.entries()) {
      const u = billing[i]!.usage;
      expect(span.attributes).toMatchObject({
        "gen_ai.provider.name": "anthropic",
        "gen_ai.response.finish_reasons": ["end_turn"],
        "gen_ai.usage.input_tokens": u.input + u.cacheRead + u.cacheWrite + u.cacheWrite1h,
        "gen_ai.usage.cache_read.input_tokens": u.cacheRead,
        "gen_ai.usage.cache_creation.input_tokens": u.cacheWrite + u.cacheWrite1h,
        "gen_ai.usage.output_tokens": u.output,
        "tokenwise.cost.total": moneyToDecimal(billing[i]!.cost!.total),
        "tokenwise.streamed": true,
      });
      expect(span.attributes["tokenwise.ttft_ms"]).toEqual(expect.any(Number));
    }
    expect(billing[0]!.usage.cacheWrite).toBeGreaterThan(0);
    expect(billing[1]!.usage.cacheRead).toBeGreaterThan(0);

    const m = await t.metricsNow();
    const tokens = m.get("gen_ai.client.token.usage")!;
    const sumByType = (type: string) =>
      tokens.dataPoints
        .filter((p) => p.attributes["gen_ai.token.type"] === type)
        .reduce((s, p) => s + (p.value as { sum: number }).sum, 0);
    const promptOf = (e: (typeof billing)[number]) =>
      e.usage.input + e.usage.cacheRead + e.usage.cacheWrite + e.usage.cacheWrite1h;
    expect(sumByType("input")).toBe(billing.reduce((s, e) => s + promptOf(e), 0));
    expect(sumByType("output")).toBe(billing.reduce((s, e) => s + e.usage.output + e.usage.reasoning, 0));
    const cost = m.get("tokenwise.client.cost")!;
    expect(cost.dataPoints).toHaveLength(1);
    expect(cost.dataPoints[0]!.attributes["gen_ai.usage.cost.currency"]).toBe("USD");
    expect(cost.dataPoints[0]!.value).toBeCloseTo(moneyToNumber(k.kit.billingTotal("USD")), 15);
    const duration = m.get("gen_ai.client.operation.duration")!;
    expect(duration.dataPoints[0]!.value).toMatchObject({ count: 2 });
  });

  it("the call span is a child of the caller's active span (an agent step, say)", async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const spans = new InMemorySpanExporter();
      const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
      const tracer = provider.getTracer("test");
      const k = await setup({ router: { observers: [createTelemetryObserver({ tracer, metrics: false })] } });
      open.push(k);
      await tracer.startActiveSpan("agent step", async (step) => {
        await k.router.generate(hello);
        const s = k.router.stream(hello);
        for await (const _ of s.textStream) {
          // drain
        }
        await s.result;
        step.end();
      });
      const finished = spans.getFinishedSpans();
      const step = finished.find((s) => s.name === "agent step")!;
      const calls = finished.filter((s) => s.attributes["tokenwise.call.id"] !== undefined);
      expect(calls.map((c) => c.attributes["tokenwise.streamed"])).toEqual([false, true]);
      for (const c of calls) {
        expect(c.parentSpanContext?.spanId).toBe(step.spanContext().spanId);
        expect(c.spanContext().traceId).toBe(step.spanContext().traceId);
      }
    } finally {
      context.disable();
    }
  });
});
