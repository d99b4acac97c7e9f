import {
  type Cost,
  completionTokens,
  createTokenEstimator,
  type FxTable,
  type ModelEntry,
  type Money,
  makeUsage,
  moneyFromDecimal,
  moneyToNumber,
  promptTokens,
  type QualityPredictor,
  TokenwiseError,
  type Usage,
  ValidationError,
} from "@tokenwise/core";
import { createAnthropicAdapter } from "./anthropic-adapter";
import { buildModelStates, CAPABILITY_BITS, type ModelState, tableCounts } from "./candidate-table";
import { type CircuitBreaker, type CircuitBreakerSettings, createCircuitBreaker } from "./circuit-breaker";
import {
  AllCandidatesFailedError,
  CallAbortedError,
  DeadlineExceededError,
  NoCandidateError,
  ProviderError,
  StreamInterruptedError,
} from "./errors";
import { createMemoryLatencyStore, type LatencyStore, latencyPrior, observeLatency } from "./latency-stats";
import { createMemoryLedger, type Ledger } from "./ledger";
import { createOpenAIAdapter } from "./openai-adapter";
import { createPrefixTracker, type PrefixTracker } from "./prefix-tracker";
import { type PreparedRequest, prepareRequest } from "./prepare-request";
import type { AdapterCall, AdapterStream, ProviderAdapter } from "./provider-adapter";
import { toProviderError } from "./provider-error";
import { baseURLFor, loadApiKey, type ProviderSettings, redact, requireApiKey } from "./provider-settings";
import { estimatedCost, realizedCost } from "./report";
import { DEFAULT_RETRY, type RetrySettings, withRetries } from "./retry";
import { cheapestPolicy, type RoutingPolicy } from "./routing-policy";
import {
  orderCandidates,
  type ResolvedConstraints,
  resolveConstraints,
  type ScoredCandidate,
  type Selection,
  selectCandidates,
} from "./select-candidates";
import { type TokenEstimator, withRequestEstimator } from "./token-estimator";
import type {
  AttemptReport,
  CallReport,
  Constraints,
  FinishReason,
  Plan,
  RankedCandidate,
  RouterRequest,
  RouterResult,
  RouterStream,
  StreamPart,
  ToolCall,
} from "./types";

/** Settings of {@link createRouter}. Everything that varies is injectable. */
export interface RouterSettings {
  /** The models to route between (catalog entries). Required unless `catalog` is given. */
  models?: readonly ModelEntry[];
  /** A catalog (`@tokenwise/catalog`'s `createCatalog()`): its `list()` and `fx` are used. */
  catalog?: { list(): readonly ModelEntry[]; fx: FxTable };
  /** FX table for reporting in another currency than a price's. Default: the catalog's, else none. */
  fx?: FxTable;
  /** Per-provider endpoint and credentials. Keys are read lazily from here or the environment. */
  providers?: Record<string, ProviderSettings>;
  /** Router-wide default constraints; a request's own constraints override field by field. */
  defaults?: Constraints;
  /** How qualifying candidates are ordered. Default {@link cheapestPolicy}. */
  policy?: RoutingPolicy;
  /** Per-prompt quality predictor; used instead of model-level scores for the models it knows. */
  qualityPredictor?: QualityPredictor;
  /**
   * Token estimation (input per family, output forecast, calibration). Default: core's estimator
   * (exact for OpenAI's encodings, calibrated elsewhere) for totals, with per-message prefix splits.
   */
  estimator?: TokenEstimator;
  /** Retry settings (per candidate, before failover). */
  retry?: RetrySettings;
  /** Circuit breaker settings, or your own breaker. */
  circuitBreaker?: CircuitBreakerSettings | CircuitBreaker;
  /** Where billed costs are summed. Default: in memory. */
  ledger?: Ledger;
  /** Where latency statistics live. Default: in memory. */
  latencyStore?: LatencyStore;
  /** Which prompt prefixes each model has seen (expected cache reads). Default: in memory, 5 min TTL. */
  prefixTracker?: PrefixTracker;
  /** Called with every report (successful calls and failed ones that billed). */
  observers?: ((report: CallReport) => void)[];
  /** The clock. Default `() => new Date()`. */
  now?: () => Date;
  /** Random numbers in [0, 1) (backoff jitter, ids). Default `Math.random`. */
  random?: () => number;
  /** Environment keys are read from, lazily. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Add Anthropic `cache_control` breakpoints (and expect cache writes/reads). Default true. */
  promptCaching?: boolean;
  /** Smallest prompt prefix providers cache, tokens. Default 1024. */
  minCacheTokens?: number;
  /** Custom fetch for every SDK client (proxies, tests). */
  fetch?: typeof globalThis.fetch;
  /**
   * Time one attempt may take to answer, ms: the whole response when not streaming, the first part
   * when streaming. On expiry the attempt is aborted and counts as a retryable timeout. Default: none
   * (only the call's `maxLatencyMs` bounds it).
   */
  attemptTimeoutMs?: number;
}

/** Options of {@link Router.plan}. */
export interface PlanOptions {
  /** Plan for a streaming call (requires the `streaming` capability). */
  stream?: boolean;
  /** Do not reject providers without an API key (explain a decision on a machine without keys). */
  ignoreCredentials?: boolean;
}

/** The router. */
export interface Router {
  /** Ranks the candidates with estimated tokens and exact expected cost, and lists every rejection; calls no one. */
  plan(request: RouterRequest, options?: PlanOptions): Plan;
  /** Chooses, calls (with retries and failover) and reports. */
  generate(request: RouterRequest): Promise<RouterResult>;
  /**
   * Like `generate`, streaming; fails over only before the first token reaches the caller. The call
   * starts when `parts` (or `textStream`) is first iterated; `result` settles when the stream ends.
   *
   * @example
   * const s = router.stream({ messages });
   * for await (const text of s.textStream) process.stdout.write(text);
   * const { report } = await s.result;
   */
  stream(request: RouterRequest): RouterStream;
  /** The ledger of billed costs. */
  readonly ledger: Ledger;
  /** Adds an observer; returns a function that removes it. */
  onReport(observer: (report: CallReport) => void): () => void;
  /** The models routed between. */
  models(): readonly ModelEntry[];
}

interface CallContext {
  id: string;
  request: RouterRequest;
  prepared: PreparedRequest;
  constraints: ResolvedConstraints;
  selection: Selection;
  start: Date;
  /** Monotonic start (performance.now()): latencies and the deadline use it, never the injected clock. */
  startPerf: number;
  controller: AbortController;
  attempts: AttemptReport[];
  errors: unknown[];
  billed: Money[];
  cleanup: () => void;
  predictions: Map<string, number> | undefined;
}

function scaled(values: readonly number[], factor: number): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.floor(values[i]! * factor);
  return out;
}

function lastUserText(request: RouterRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const m = request.messages[i]!;
    if (m.role === "user") {
      return typeof m.content === "string"
        ? m.content
        : m.content.map((p) => (p.type === "text" ? p.text : "")).join("");
    }
  }
  return "";
}

/**
 * Creates a router: estimate → candidates → select → execute → account → report.
 *
 * @example
 * const router = createRouter({ catalog: createCatalog(), defaults: { minQuality: 0.6 } });
 * const { text, report } = await router.generate({ messages: [{ role: "user", content: "Hi" }] });
 * console.log(report.model, formatMoney(report.realized.cost.total));
 */
export function createRouter(settings: RouterSettings): Router {
  const models = settings.models ?? settings.catalog?.list();
  if (!models) {
    throw new ValidationError({
      source: "createRouter",
      issues: [{ path: ["models"], message: "pass `models` or `catalog`" }],
    });
  }
  const fx: FxTable = settings.fx ?? settings.catalog?.fx ?? { rates: [] };
  const states = buildModelStates(models);
  const counts = tableCounts(states);
  const stateByKey = new Map(states.map((s) => [s.key, s]));
  const providers = settings.providers ?? {};
  const defaults = settings.defaults ?? {};
  const policy = settings.policy ?? cheapestPolicy();
  const estimator = settings.estimator ?? withRequestEstimator(createTokenEstimator());
  const retry = { ...DEFAULT_RETRY, ...settings.retry };
  const breaker =
    settings.circuitBreaker && "isOpen" in settings.circuitBreaker
      ? settings.circuitBreaker
      : createCircuitBreaker(settings.circuitBreaker ?? {});
  const ledger = settings.ledger ?? createMemoryLedger();
  const latency = settings.latencyStore ?? createMemoryLatencyStore();
  const tracker = settings.prefixTracker ?? createPrefixTracker();
  const observers = [...(settings.observers ?? [])];
  const now = settings.now ?? (() => new Date());
  const random = settings.random ?? Math.random;
  const promptCaching = settings.promptCaching ?? true;
  const minCacheTokens = settings.minCacheTokens ?? 1024;
  const env = () => settings.env ?? process.env;
  let callCounter = 0;

  // Credentials and clients, resolved lazily per provider and cached in this router only.
  const keys = new Map<string, string | undefined>();
  const secrets: string[] = [];
  const keyOf = (provider: string): string | undefined => {
    if (!keys.has(provider)) {
      const key = loadApiKey(provider, providers[provider], env());
      keys.set(provider, key);
      if (key) secrets.push(key);
    }
    return keys.get(provider);
  };
  const adapters = new Map<string, ProviderAdapter>();
  const adapterFor = (state: ModelState): ProviderAdapter => {
    const cacheKey = `${state.provider}\u0000${state.entry.api}`;
    let adapter = adapters.get(cacheKey);
    if (adapter) return adapter;
    const p = providers[state.provider];
    const apiKey = requireApiKey(state.provider, p, env());
    if (!secrets.includes(apiKey)) secrets.push(apiKey);
    const baseURL = baseURLFor(state.provider, p);
    if (!baseURL) {
      throw new ValidationError({
        source: "createRouter",
        issues: [
          { path: ["providers", state.provider, "baseURL"], message: "unknown provider: set its baseURL" },
        ],
      });
    }
    const api = p?.api ?? state.entry.api;
    const common = {
      apiKey,
      baseURL,
      ...(p?.headers ? { headers: p.headers } : {}),
      ...(settings.fetch ? { fetch: settings.fetch } : {}),
    };
    adapter =
      api === "anthropic"
        ? createAnthropicAdapter(common)
        : createOpenAIAdapter({ ...common, provider: state.provider });
    adapters.set(cacheKey, adapter);
    return adapter;
  };

  const setCache = new WeakMap<readonly string[], ReadonlySet<string>>();
  const toSet = (list: readonly string[] | undefined) => {
    if (!list) return undefined;
    let s = setCache.get(list);
    if (!s) {
      s = new Set(list);
      setCache.set(list, s);
    }
    return s;
  };
  const toFloat = (amount: Constraints["maxCostPerCall"], currency: string): number => {
    if (amount === undefined) return Number.POSITIVE_INFINITY;
    const m = typeof amount === "string" ? moneyFromDecimal(amount, currency) : amount;
    if (m.currency !== currency) {
      throw new ValidationError({
        source: "constraints",
        issues: [
          { path: ["maxCostPerCall"], message: `is in ${m.currency}, costs are reported in ${currency}` },
        ],
      });
    }
    return moneyToNumber(m);
  };

  const select = (request: RouterRequest, stream: boolean, ignoreCredentials: boolean, at: Date) => {
    const prepared = prepareRequest(request, estimator, { stream });
    const constraints = resolveConstraints(request, defaults, toFloat, toSet);
    const atMs = at.getTime();
    const cached = tracker.lookup(prepared.hashes, atMs);
    let predictions: Map<string, number> | undefined;
    if (settings.qualityPredictor) {
      predictions = settings.qualityPredictor.predict({
        prompt: lastUserText(request),
        taskKind: constraints.taskKind,
        inputTokens: prepared.tokens("o200k_base").total,
      });
    }
    const selection = selectCandidates(
      {
        states,
        fx,
        estimator,
        latency: (key) => latency.get(key),
        policy,
        circuitOpen: (provider, t) => breaker.isOpen(provider, t),
        hasCredentials: ignoreCredentials ? () => true : (provider) => keyOf(provider) !== undefined,
        anthropicCaching: promptCaching,
        minCacheTokens,
        ...counts,
      },
      prepared,
      constraints,
      atMs,
      cached,
      predictions,
      settings.qualityPredictor?.name,
    );
    return { prepared, constraints, selection, predictions };
  };

  const ranked = (c: ScoredCandidate, at: Date, currency: string, withCost: boolean): RankedCandidate => {
    const out: RankedCandidate = {
      provider: c.state.provider,
      model: c.entry.id,
      expectedCost: c.expectedCost,
      estimated: {
        prompt: c.prompt,
        usage: c.usage,
        outputReserve: { output: c.outputReserve, reasoning: c.reasoningReserve },
      },
      quality: { score: c.quality, source: c.qualitySource },
      predictedLatencyMs: Number.isFinite(c.latencyMs) ? c.latencyMs : null,
      predictedTtftMs: c.ttftMs,
      priceVersion: c.state.price?.effectiveFrom ?? "",
      window: c.band.exact.window,
      tier: c.band.exact.tier,
    };
    if (withCost) out.cost = estimatedCost(c, at, currency, fx);
    return out;
  };

  const plan = (request: RouterRequest, options: PlanOptions = {}): Plan => {
    const at = now();
    const { prepared, constraints, selection } = select(
      request,
      options.stream ?? false,
      options.ignoreCredentials ?? false,
      at,
    );
    const order = orderCandidates(selection, policy);
    const estimates: Plan["estimates"] = {};
    for (const [family, t] of prepared.counted)
      estimates[family] = { tokens: t.total, low: t.low, high: t.high };
    const out: Plan = {
      at,
      currency: constraints.currency,
      taskKind: constraints.taskKind,
      policy: policy.name,
      estimates,
      ranked: order.map((c) => ranked(c, at, constraints.currency, true)),
      rejected: selection.rejected,
    };
    if (settings.qualityPredictor) out.predictor = settings.qualityPredictor.name;
    return out;
  };

  const begin = (request: RouterRequest, stream: boolean): CallContext => {
    const start = now();
    const startPerf = performance.now();
    const { prepared, constraints, selection, predictions } = select(request, stream, false, start);
    if (!selection.best) throw new NoCandidateError({ rejected: selection.rejected });
    const controller = new AbortController();
    const onAbort = () => controller.abort(request.signal?.reason);
    request.signal?.addEventListener("abort", onAbort, { once: true });
    if (request.signal?.aborted) controller.abort(request.signal.reason);
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (Number.isFinite(constraints.maxLatencyMs)) {
      timer = setTimeout(
        () => controller.abort(new DeadlineExceededError({ deadlineMs: constraints.maxLatencyMs })),
        constraints.maxLatencyMs,
      );
    }
    callCounter++;
    return {
      id: `twc_${start.getTime().toString(36)}_${callCounter.toString(36)}_${Math.floor(random() * 1e9).toString(36)}`,
      request,
      prepared,
      constraints,
      selection,
      start,
      startPerf,
      controller,
      attempts: [],
      errors: [],
      billed: [],
      predictions,
      cleanup: () => {
        if (timer) clearTimeout(timer);
        request.signal?.removeEventListener("abort", onAbort);
      },
    };
  };

  /** Candidates in failover order: the best first; the rest sorted only when needed. */
  function* candidates(ctx: CallContext): Generator<ScoredCandidate> {
    const best = ctx.selection.best!;
    yield best;
    for (const c of orderCandidates(ctx.selection, policy)) if (c !== best) yield c;
  }

  // Without the caller's max: room for the output quantile (reasoning included), at least 4,096.
  const maxOutputFor = (c: ScoredCandidate, request: RouterRequest) =>
    request.maxOutputTokens ??
    Math.min(c.entry.maxOutput, Math.max(4096, c.outputReserve + c.reasoningReserve));

  const bill = (
    ctx: CallContext,
    c: ScoredCandidate,
    attempt: AttemptReport,
    usage: Usage,
    at: Date,
    source: "provider" | "estimated" = "provider",
  ): Cost => {
    const cost = realizedCost(c, usage, at, ctx.constraints.currency, fx);
    attempt.usage = usage;
    attempt.usageSource = source;
    attempt.cost = cost;
    ctx.billed.push(cost.total);
    const native = cost.fx ? realizedCost(c, usage, at, cost.version.currency, fx).total : cost.total;
    const entry = {
      callId: ctx.id,
      provider: c.state.provider,
      model: c.entry.id,
      at,
      cost: cost.total,
      native,
      tags: ctx.request.tags ?? [],
      ...(ctx.request.tenant !== undefined ? { tenant: ctx.request.tenant } : {}),
    };
    ledger.record(entry);
    return cost;
  };

  const failAttempt = (
    ctx: CallContext,
    c: ScoredCandidate,
    attempt: AttemptReport,
    error: unknown,
  ): ProviderError => {
    const e = toProviderError(error, { provider: c.state.provider, model: c.entry.id, secrets });
    attempt.status = "error";
    if (e.status !== undefined) attempt.httpStatus = e.status;
    if (e.requestId !== undefined) attempt.requestId = e.requestId;
    attempt.error = { name: e.name, message: redact(e.message, secrets), retryable: e.retryable };
    attempt.latencyMs = elapsed(attempt);
    ctx.errors.push(e);
    if (e.retryable) breaker.failure(c.state.provider, now().getTime());
    return e;
  };

  const abortedError = (
    ctx: CallContext,
    attempt: AttemptReport | undefined,
    c: ScoredCandidate | undefined,
  ) => {
    const reason: unknown = ctx.controller.signal.reason;
    const deadline = reason instanceof DeadlineExceededError;
    if (attempt && c) {
      attempt.status = "error";
      attempt.latencyMs = elapsed(attempt);
      attempt.error = {
        name: deadline ? "DeadlineExceededError" : "CallAbortedError",
        message: deadline ? (reason as Error).message : "aborted by the caller",
        retryable: false,
      };
    }
    return deadline;
  };

  const feedback = (
    ctx: CallContext,
    c: ScoredCandidate,
    usage: Usage,
    ttftMs: number,
    totalMs: number,
    atMs: number,
  ) => {
    const tokens = ctx.prepared.tokens(c.state.family);
    estimator.observe({
      family: c.state.family,
      modelKey: c.key,
      request: ctx.request,
      estimatedPrompt: tokens.total,
      actualPrompt: promptTokens(usage),
      actualOutput: usage.output,
      actualReasoning: usage.reasoning,
    });
    const out = completionTokens(usage);
    const stat = observeLatency(latency.get(c.key) ?? latencyPrior(c.entry.latency), {
      ttftMs,
      outputTokens: out,
      generationMs: Math.max(0, totalMs - ttftMs),
    });
    latency.set(c.key, stat);
    const state = stateByKey.get(c.key);
    if (state) {
      state.latencyStat = stat;
      state.latencyLoaded = true;
    }
    // The real prompt scales the estimated cumulative counts: prefixes as the provider counts them.
    const scale = tokens.total > 0 ? promptTokens(usage) / tokens.total : 1;
    tracker.record(
      c.key,
      ctx.prepared.hashes,
      scale === 1 ? tokens.cumulative : scaled(tokens.cumulative, scale),
      atMs,
    );
    breaker.success(c.state.provider);
  };

  const makeReport = (
    ctx: CallContext,
    c: ScoredCandidate,
    usage: Usage,
    realized: Cost,
    finishReason: FinishReason,
    ttftMs: number | null,
    streamed: boolean,
  ): CallReport => {
    const est = estimatedCost(c, ctx.start, ctx.constraints.currency, fx);
    let total = 0n;
    for (const m of ctx.billed) total += m.atto;
    const report: CallReport = {
      id: ctx.id,
      provider: c.state.provider,
      model: c.entry.id,
      priceVersion: realized.version.effectiveFrom,
      currency: ctx.constraints.currency,
      taskKind: ctx.constraints.taskKind,
      policy: policy.name,
      quality: { score: c.quality, source: c.qualitySource },
      estimated: {
        usage: c.usage,
        cost: est,
        outputReserve: { output: c.outputReserve, reasoning: c.reasoningReserve },
      },
      realized: { usage, cost: realized },
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
    if (realized.fx) report.fx = realized.fx;
    if (ctx.request.tenant !== undefined) report.tenant = ctx.request.tenant;
    if (settings.qualityPredictor) {
      report.predictor = {
        name: settings.qualityPredictor.name,
        predicted: ctx.predictions?.get(c.key) ?? null,
      };
    }
    for (const o of observers) o(report);
    return report;
  };

  const callFailed = (ctx: CallContext): Error => {
    const reason: unknown = ctx.controller.signal.reason;
    if (ctx.controller.signal.aborted && !(reason instanceof DeadlineExceededError)) {
      return new CallAbortedError({ attempts: ctx.attempts, cause: reason });
    }
    if (reason instanceof DeadlineExceededError) ctx.errors.push(reason);
    return new AllCandidatesFailedError({
      attempts: ctx.attempts,
      rejected: ctx.selection.rejected,
      errors: ctx.errors,
    });
  };

  const attemptStarts = new WeakMap<AttemptReport, number>();
  const elapsed = (attempt: AttemptReport) =>
    performance.now() - (attemptStarts.get(attempt) ?? performance.now());

  const newAttempt = (ctx: CallContext, c: ScoredCandidate): AttemptReport => {
    const attempt: AttemptReport = {
      provider: c.state.provider,
      model: c.entry.id,
      attempt: ctx.attempts.length + 1,
      status: "ok",
      startedAt: now(),
      latencyMs: 0,
    };
    ctx.attempts.push(attempt);
    attemptStarts.set(attempt, performance.now());
    return attempt;
  };

  const adapterCall = (ctx: CallContext, c: ScoredCandidate, signal: AbortSignal): AdapterCall => ({
    provider: c.state.provider,
    model: c.entry.id,
    request: ctx.request,
    maxOutputTokens: maxOutputFor(c, ctx.request),
    signal,
    ...(promptCaching && c.state.entry.api === "anthropic"
      ? { promptCache: { mode: "explicit" as const, minPrefixTokens: minCacheTokens, ttls: ["5m" as const] } }
      : {}),
    ...(ctx.request.reasoningEffort !== undefined && c.state.capsMask & CAPABILITY_BITS.reasoning
      ? { reasoningEffort: ctx.request.reasoningEffort }
      : {}),
  });

  const runWithFailover = async <T>(
    ctx: CallContext,
    attemptOnce: (
      c: ScoredCandidate,
      attempt: AttemptReport,
      signal: AbortSignal,
      answered: () => void,
    ) => Promise<T>,
  ): Promise<T> => {
    const deadline = Number.isFinite(ctx.constraints.maxLatencyMs)
      ? ctx.startPerf + ctx.constraints.maxLatencyMs
      : Number.POSITIVE_INFINITY;
    for (const c of candidates(ctx)) {
      if (ctx.controller.signal.aborted) break;
      const t = now().getTime();
      if (breaker.isOpen(c.state.provider, t)) {
        ctx.attempts.push({
          provider: c.state.provider,
          model: c.entry.id,
          attempt: ctx.attempts.length + 1,
          status: "skipped",
          error: { name: "CircuitOpen", message: `circuit open for ${c.state.provider}`, retryable: false },
          startedAt: new Date(t),
          latencyMs: 0,
        });
        continue;
      }
      try {
        return await withRetries(
          async () => {
            const attempt = newAttempt(ctx, c);
            const local = new AbortController();
            const onCallAbort = () => local.abort(ctx.controller.signal.reason);
            ctx.controller.signal.addEventListener("abort", onCallAbort, { once: true });
            let timedOut = false;
            const timer =
              settings.attemptTimeoutMs === undefined
                ? undefined
                : setTimeout(() => {
                    timedOut = true;
                    local.abort(new Error("attempt timeout"));
                  }, settings.attemptTimeoutMs);
            const answered = () => {
              if (timer) clearTimeout(timer);
            };
            try {
              return await attemptOnce(c, attempt, local.signal, answered);
            } catch (error) {
              if (ctx.controller.signal.aborted) {
                abortedError(ctx, attempt, c);
                throw error;
              }
              if (timedOut) {
                throw failAttempt(
                  ctx,
                  c,
                  attempt,
                  new ProviderError({
                    provider: c.state.provider,
                    model: c.entry.id,
                    kind: "timeout",
                    retryable: true,
                    message: `${c.key}: no answer within attemptTimeoutMs=${settings.attemptTimeoutMs}`,
                  }),
                );
              }
              const failed = failAttempt(ctx, c, attempt, error);
              // A 200 whose body could not be read was served, and a provider bills what it served:
              // account the estimate, flagged as such, rather than nothing.
              if (failed.kind === "malformed-response") {
                bill(ctx, c, attempt, c.usage, attempt.startedAt, "estimated");
              }
              throw failed;
            } finally {
              answered();
              ctx.controller.signal.removeEventListener("abort", onCallAbort);
            }
          },
          {
            settings: retry,
            signal: ctx.controller.signal,
            deadline,
            now: () => performance.now(),
            random,
            toError: (e) => (e instanceof ProviderError ? e : undefined),
          },
        );
      } catch (error) {
        if (ctx.controller.signal.aborted) break;
        if (error instanceof StreamInterruptedError) throw error;
        if (!(error instanceof ProviderError) && !TokenwiseError.isInstance(error)) {
          ctx.errors.push(error);
        }
      }
    }
    throw callFailed(ctx);
  };

  const generate = async (request: RouterRequest): Promise<RouterResult> => {
    const ctx = begin(request, false);
    try {
      return await runWithFailover(ctx, async (c, attempt, signal) => {
        const res = await adapterFor(c.state).generate(adapterCall(ctx, c, signal));
        if (res.requestId) attempt.requestId = res.requestId;
        const end = now();
        attempt.latencyMs = elapsed(attempt);
        const realized = bill(ctx, c, attempt, res.usage, attempt.startedAt);
        const out = completionTokens(res.usage);
        const prior = latency.get(c.key) ?? latencyPrior(c.entry.latency);
        const genMs = prior ? Math.min(attempt.latencyMs, (out * 1000) / prior.tokensPerSec) : 0;
        feedback(ctx, c, res.usage, attempt.latencyMs - genMs, attempt.latencyMs, end.getTime());
        const report = makeReport(ctx, c, res.usage, realized, res.finishReason, null, false);
        return {
          text: res.text,
          toolCalls: res.toolCalls,
          finishReason: res.finishReason,
          usage: res.usage,
          provider: c.state.provider,
          model: c.entry.id,
          report,
          raw: res.raw,
        };
      });
    } finally {
      ctx.cleanup();
    }
  };

  const stream = (request: RouterRequest): RouterStream => {
    let resolveResult!: (r: RouterResult) => void;
    let rejectResult!: (e: unknown) => void;
    const result = new Promise<RouterResult>((res, rej) => {
      resolveResult = res;
      rejectResult = rej;
    });
    result.catch(() => {});
    let started = false;
    async function* run(): AsyncGenerator<StreamPart> {
      if (started) throw new TokenwiseError({ message: "a router stream can be iterated once" });
      started = true;
      let ctx: CallContext;
      try {
        ctx = begin(request, true);
      } catch (error) {
        rejectResult(error);
        throw error;
      }
      try {
        // Open a stream and read up to its first part, with retries and failover.
        const opened = await runWithFailover(ctx, async (c, attempt, signal, answered) => {
          const s: AdapterStream = await adapterFor(c.state).stream(adapterCall(ctx, c, signal));
          if (s.requestId) attempt.requestId = s.requestId;
          const it = s[Symbol.asyncIterator]();
          let first: IteratorResult<StreamPart>;
          try {
            first = await it.next();
            answered();
          } catch (error) {
            const partial = s.usage();
            if (partial) bill(ctx, c, attempt, partial, attempt.startedAt);
            throw error;
          }
          return { c, attempt, s, it, first, ttft: elapsed(attempt) };
        });
        const { c, attempt, s, it, ttft } = opened;
        // The call's abort (caller signal, deadline) also cuts a stream already open, not only its opening.
        ctx.controller.signal.addEventListener("abort", () => s.cancel(ctx.controller.signal.reason), {
          once: true,
        });
        let next = opened.first;
        let text = "";
        const tools: { id: string; name: string; args: string }[] = [];
        const toolById = new Map<string, { id: string; name: string; args: string }>();
        let finish: FinishReason | undefined;
        let usage: Usage | undefined;
        try {
          while (!next.done) {
            const part = next.value;
            if (part.type === "text-delta") text += part.delta;
            else if (part.type === "tool-input-start") {
              const t = { id: part.id, name: part.toolName, args: "" };
              tools[part.index] = t;
              toolById.set(part.id, t);
            } else if (part.type === "tool-input-delta") {
              const t = toolById.get(part.id);
              if (t) t.args += part.delta;
            } else if (part.type === "tool-call") {
              const t = toolById.get(part.toolCallId);
              if (t) t.args = part.input;
              else tools.push({ id: part.toolCallId, name: part.toolName, args: part.input });
            } else if (part.type === "finish") {
              finish = part.finishReason;
              usage = part.usage;
            }
            yield part;
            next = await it.next();
          }
        } catch (error) {
          // After the first token: no failover. Bill what the provider reports, else an estimate of what was sent.
          const e = ctx.controller.signal.aborted ? error : failAttempt(ctx, c, attempt, error);
          const partial = partialUsage(c, s.usage(), text, tools);
          const cost = bill(ctx, c, attempt, partial, attempt.startedAt, "estimated");
          attempt.latencyMs = elapsed(attempt);
          const err = new StreamInterruptedError({ attempts: ctx.attempts, cause: e });
          for (const o of observers) {
            o(makeReport(ctx, c, partial, cost, { unified: "error", raw: null }, ttft, true));
          }
          rejectResult(err);
          throw err;
        }
        const end = now();
        attempt.latencyMs = elapsed(attempt);
        attempt.ttftMs = ttft;
        const u = usage ?? makeUsage();
        const realized = bill(ctx, c, attempt, u, attempt.startedAt);
        feedback(ctx, c, u, ttft, attempt.latencyMs, end.getTime());
        const fr = finish ?? { unified: "other", raw: null };
        const report = makeReport(ctx, c, u, realized, fr, ttft, true);
        const toolCalls: ToolCall[] = tools
          .filter((t) => t !== undefined)
          .map((t) => ({ id: t.id, type: "function", function: { name: t.name, arguments: t.args } }));
        resolveResult({
          text,
          toolCalls,
          finishReason: fr,
          usage: u,
          provider: c.state.provider,
          model: c.entry.id,
          report,
        });
      } catch (error) {
        rejectResult(error);
        throw error;
      } finally {
        ctx.cleanup();
      }
    }
    const parts = run();
    async function* texts(): AsyncGenerator<string> {
      for await (const p of parts) if (p.type === "text-delta") yield p.delta;
    }
    return { parts, textStream: texts(), result };
  };

  /** Usage of a stream cut after output reached the caller: the provider's report, else an estimate. */
  const partialUsage = (
    c: ScoredCandidate,
    reported: Usage | undefined,
    text: string,
    tools: { name?: string; args: string }[],
  ): Usage => {
    let out = text ? estimator.countMessage({ role: "assistant", content: text }, c.state.family) - 4 : 0;
    for (const t of tools)
      out +=
        estimator.countMessage({ role: "assistant", content: `${t.name ?? ""}${t.args}` }, c.state.family) -
        4;
    out = Math.max(0, out);
    if (reported) return { ...reported, output: Math.max(reported.output, out) };
    return { ...c.usage, output: out, reasoning: 0 };
  };

  return {
    plan,
    generate,
    stream,
    ledger,
    onReport(observer) {
      observers.push(observer);
      return () => {
        const i = observers.indexOf(observer);
        if (i >= 0) observers.splice(i, 1);
      };
    },
    models: () => models,
  };
}
