import {
  type AdapterCall,
  type AdapterRegistry,
  BudgetExceededError,
  type BudgetStore,
  createTokenEstimator,
  type FxTable,
  type ModelEntry,
  type ProviderAdapter,
  type QualityOperatingPoint,
  type QualityPredictor,
  type QualityTarget,
  type StoreErrorHandler,
  type TaskKind,
  thinkingModeFor,
  type Usage,
  ValidationError,
} from "@tokenwise/core";
import { createAccounting } from "./account/bill-attempt";
import { feedback, inferredTtft } from "./account/feedback";
import { createMemoryLedger, type Ledger, type LedgerEntry, type LedgerSink } from "./account/ledger";
import { builtinAdapters } from "./adapters";
import { builtinBatchAdapters } from "./batch";
import type { BatchAdapter } from "./batch/batch-adapter";
import type { BudgetDefinition } from "./budgets/budget-definition";
import { type BudgetStoreDownPolicy, createBudgets, type RouterBudgets } from "./budgets/budgets";
import { buildModelStates, CAPABILITY_BITS, type ModelState, tableCounts } from "./candidate-table";
import type { CircuitBreaker, CircuitBreakerSettings } from "./circuit-breaker";
import { createScheduler, type Scheduler } from "./defer/scheduler";
import type { DeferOptions, DeferralSettings, JobHandle } from "./defer/types";
import { NoCandidateError } from "./errors";
import { abortCause, type CallContext, openCall } from "./execute/call-context";
import { type RetrySettings, resolveRetrySettings } from "./execute/retry";
import { type AttemptState, type ExecuteDeps, runAttempts } from "./execute/run-attempts";
import { createRouterStream } from "./execute/stream-lifecycle";
import type { LatencyStore } from "./latency-stats";
import { type ExplorationSettings, resolveExploration } from "./learning/exploration";
import type { QualityStore } from "./learning/quality-stats";
import { RecentCalls, recentCallId } from "./learning/recent-calls";
import { latencyEstimate, qualityReport } from "./learning/report";
import { createLifecycleWarnings, type LifecycleWarningSettings } from "./lifecycle-warnings";
import type { PrefixTracker } from "./prefix-tracker";
import { prepareRequest } from "./prepare-request";
import {
  createPriceFeeds,
  type PriceFeedSettings,
  type PriceFeeds,
  type PriceFeedWarning,
} from "./price-feeds";
import {
  baseURLFor,
  loadApiKey,
  missingKeyHint,
  type ProviderSettings,
  requireApiKey,
} from "./provider-settings";
import { resolveQualityTarget, targetFloor } from "./quality-target";
import { emitReport, makeReport } from "./report/make-report";
import { estimatedCost } from "./report/report";
import { cheapestPolicy, type RoutingPolicy } from "./routing-policy";
import {
  maxCostToFloat,
  orderCandidates,
  resolveConstraints,
  type ScoredCandidate,
  selectCandidates,
} from "./select-candidates";
import { createSession, type Session, type SessionHook, type SessionOptions } from "./session/session";
import { createStatsSnapshot } from "./stats-snapshot";
import { lastUserText, resolveTaskKind } from "./task-kind/detect-task-kind";
import { type RequestEstimator, withRequestEstimator } from "./token-estimator";
import type {
  CallReport,
  Constraints,
  FinishReason,
  Plan,
  RankedCandidate,
  RouterRequest,
  RouterResult,
  RouterStream,
  ToolCall,
} from "./types";
import { validateRouterSettings } from "./validate";

/** Settings of {@link createRouter}. Everything that varies is injectable. */
export interface RouterSettings extends LifecycleWarningSettings {
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
   * A declared quality target, e.g. `{ target: 0.95, of: "best", confidence: 0.9 }`: achieved quality ≥
   * 95% of the best model's with 90% confidence on traffic like the predictor's calibration prompts.
   * Needs a `qualityPredictor` saved with calibration data (`tokenwise train`); the floor is calibrated
   * once, at `createRouter`, over the predictor's models ordered by list price in force then. Each call
   * goes to the cheapest of those models predicted ≥ the floor (else the highest predicted). A request's
   * own `minQuality` or `allowModels` overrides it. See `router.qualityTarget`. Add `horizon: n` to make
   * the promise about the mean over the next n calls rather than the long-run mean (docs/router.md).
   */
  quality?: QualityTarget;
  /**
   * Models whose quality is only a flagged prior (`source: "prior"`, no rating exists): `"exclude"`
   * (default) treats their quality as unknown, `"prior"` uses the prior like a rating (reports show
   * `source: "prior"`).
   */
  unknownQuality?: "exclude" | "prior";
  /**
   * Token estimation (input per family, output forecast, calibration). Default: core's estimator
   * (exact for OpenAI's encodings, calibrated elsewhere) for totals, with per-message prefix splits.
   */
  estimator?: RequestEstimator;
  /** Retry settings (per candidate, before failover). */
  retry?: RetrySettings;
  /**
   * Circuit breaker settings (pass `store` to share breaker states between routers or processes), or
   * your own breaker.
   */
  circuitBreaker?: CircuitBreakerSettings | CircuitBreaker;
  /**
   * Where every attempt the provider may have billed is recorded: exact entries where it reported the
   * usage, estimated ones (with an error bar and the reason) where it could not be read. `record` may
   * be async; the call never waits for it. Default: {@link createMemoryLedger} with this router's FX.
   * A bare {@link LedgerSink} (only `record`, e.g. a Redis stream) receives every entry while
   * `router.ledger` stays an in-memory ledger for queries.
   */
  ledger?: Ledger | LedgerSink;
  /**
   * A ledger `record` that threw or rejected, or an observer that threw: reported here, never thrown
   * into the call. Default: `process.emitWarning`.
   */
  onError?: (
    error: unknown,
    context: { stage: "ledger" | "observer" | "evaluator" | "budget"; entry?: LedgerEntry },
  ) => void;
  /**
   * Where latency statistics live (keyed by `provider/id`): pass one store to several routers, or a
   * shared one to several processes. Default: a private in-memory store.
   */
  latencyStore?: LatencyStore;
  /**
   * Which prompt prefixes each model has seen (expected cache reads). Default: in memory, 5 min TTL;
   * `createPrefixTracker({ store })` shares sightings.
   */
  prefixTracker?: PrefixTracker;
  /**
   * How long the router trusts its local view of the latency and breaker stores before re-reading
   * them, ms (the re-read runs in the background; selection never waits on a store). Default 1,000.
   */
  storeRefreshMs?: number;
  /** Receives store failures (reads and background writes); a call never fails for a store. */
  onStoreError?: StoreErrorHandler;
  /** Called with every report (successful calls and failed ones that billed). */
  observers?: ((report: CallReport) => void)[];
  /** The clock. Default `() => new Date()`. */
  now?: () => Date;
  /** Random numbers in [0, 1) (backoff jitter, ids). Default `Math.random`. */
  random?: () => number;
  /** Environment keys are read from, lazily. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * Mark prompt-cache breakpoints on models whose catalog `promptCache` is `explicit` (Anthropic
   * `cache_control`), and expect their cache writes and reads. Automatic caches (OpenAI, DeepSeek,
   * Gemini) read by themselves either way. Default true.
   */
  promptCaching?: boolean;
  /**
   * A floor on every model's `promptCache.minPrefixTokens`: no cache read is expected below it.
   * Default 0 (each model's own minimum decides).
   */
  minCacheTokens?: number;
  /**
   * Adapters by API style, merged over the built-in ones (`openai`, `anthropic`): a model whose `api`
   * (or its provider's `api` setting) names a style is called through that factory. A model whose
   * style has no adapter is rejected in selection (`no-adapter`).
   *
   * @example
   * createRouter({ models, adapters: { "plain-http": createPlainHttpAdapter } })
   */
  adapters?: AdapterRegistry;
  /** Custom fetch for every SDK client and every price feed (proxies, tests). */
  fetch?: typeof globalThis.fetch;
  /**
   * Time one attempt may take to answer, ms: the whole response when not streaming, the first part
   * when streaming. On expiry the attempt is aborted and counts as a retryable timeout. Default: none
   * (only the call's `maxLatencyMs` bounds it).
   */
  attemptTimeoutMs?: number;
  /**
   * Exploration (default off): with probability `rate`, a call goes to a model whose latency or
   * quality statistics are unknown or stale, chosen by Thompson sampling among the candidates that
   * meet every hard constraint. Its report carries `exploration: { reason, draws }`.
   *
   * @example
   * createRouter({ catalog, exploration: { rate: 0.02, staleAfterMs: 86_400_000 } })
   */
  exploration?: ExplorationSettings;
  /**
   * Where quality learned from feedback lives (keyed `provider/id#taskKind`): share one between
   * routers or processes. Default: a private in-memory store.
   */
  qualityStore?: QualityStore;
  /**
   * Scores each successful call in [0, 1] (e.g. an LLM judge or a test suite), like calling
   * `router.feedback(report.id, { score })`. Runs after the call returns; a throw, a rejection or an
   * invalid score goes to `onError` (stage `evaluator`).
   */
  evaluator?: (report: CallReport, result: RouterResult) => number | Promise<number>;
  /**
   * Price feeds re-read in the background (never on a call's path: the selection reads the last
   * applied prices), with conditional GETs, imported onto this router's models by
   * `@tokenwise/catalog` (an optional peer). A model's own sourced price wins over a feed that
   * disagrees, and the disagreement is reported (`onPriceFeedWarning`); `trust: "feed"` uses the
   * feed's price instead. `stale` warns about, or refuses to route on, prices of a feed not confirmed
   * for N days (`stale-price`).
   *
   * @example
   * createRouter({ catalog, priceFeeds: [{ url: LITELLM_URL, format: "litellm", refreshEvery: 3_600_000, stale: { afterDays: 7, action: "refuse" } }] })
   */
  priceFeeds?: PriceFeedSettings[];
  /**
   * Receives price-feed reports: disagreements with a model's own price (model, field, both values
   * and sources), failed reads, stale feeds. Default: `process.emitWarning` with type
   * `TokenwisePriceFeedWarning`, so nothing is silent.
   */
  onPriceFeedWarning?: (warning: PriceFeedWarning) => void;
  /**
   * Spending limits per tenant, tag, session or virtual key, per period (total, daily, monthly in an
   * IANA zone). Each attempt reserves its cost at the forecast bound (p90 output) in every budget over
   * the call before the request goes out, and settles with the exact realized cost (estimated entries
   * too) or releases when nothing was billed. `hard`: a call that cannot be funded fails with
   * `BudgetExceededError` before any provider request; `soft`: the call goes to the cheapest model
   * that fits what is left (past the limit when none does). More with `router.budgets.define`.
   *
   * @example
   * createRouter({ catalog, budgets: [{ id: "acme", scope: { tenant: "acme" }, limit: "50", currency: "USD", period: "monthly", mode: "hard" }] })
   */
  budgets?: BudgetDefinition[];
  /**
   * Where budgets are kept: share one between routers (in memory) or processes
   * (`createRedisBudgetStore` from `@tokenwise/redis`). Default: in memory, this router only.
   */
  budgetStore?: BudgetStore;
  /**
   * When the budget store fails (Redis unreachable): `"fail-closed"` (default) fails calls over a
   * budget with `BudgetStoreError` before any provider request; `{ failOpen: store }` keeps
   * reserving on a local fallback store (e.g. `createMemoryBudgetStore()` with this process's share).
   */
  onBudgetStoreDown?: BudgetStoreDownPolicy;
  /**
   * Deferred jobs (`router.defer`): where they are kept, batch adapters, margins and timers. Default:
   * in memory, the built-in batch adapters, real-time timers.
   */
  deferral?: DeferralSettings;
}

/** Feedback on one call (see {@link Router.feedback}). */
export interface CallFeedback {
  /** How good the answer was, in [0, 1]. */
  score: number;
}

/** How many recent calls `router.feedback` can score (older ids are unknown). */
export const FEEDBACK_WINDOW = 100_000;

/** Options of {@link Router.plan}. */
export interface PlanOptions {
  /** Plan for a streaming call (requires the `streaming` capability). */
  stream?: boolean;
  /** Do not reject providers without an API key (explain a decision on a machine without keys). */
  ignoreCredentials?: boolean;
  /** Plan for this instant instead of now (the prices, windows and versions in force then). */
  at?: Date;
}

/** The router. */
export interface Router {
  /** Ranks the candidates with estimated tokens and exact expected cost, and lists every rejection; calls no one. */
  plan(request: RouterRequest, options?: PlanOptions): Plan;
  /** Chooses, calls (with retries and failover) and reports. */
  generate(request: RouterRequest): Promise<RouterResult>;
  /**
   * Like `generate`, streaming; fails over only before the first part. The call starts at once;
   * `result` settles whether or not the parts are iterated. Aborting the request's `signal` or
   * leaving the loop (`break`) cancels the HTTP stream and rejects `result` with `CallAbortedError`
   * carrying the partial usage, which is accounted.
   *
   * @example
   * const s = router.stream({ messages });
   * for await (const text of s.textStream) process.stdout.write(text);
   * const { report } = await s.result;
   */
  stream(request: RouterRequest): RouterStream;
  /** Every attempt the provider may have billed: exact and estimated entries, sums per currency. */
  readonly ledger: Ledger;
  /** The budgets: `define` more, read a budget's `status`, `flush` pending settles. */
  readonly budgets: RouterBudgets;
  /**
   * Re-reads the shared stores (latency, breaker states) now instead of at the next stale selection:
   * await it at startup to begin with what other routers and processes learned.
   */
  refreshStores(): Promise<void>;
  /** Adds an observer; returns a function that removes it. */
  onReport(observer: (report: CallReport) => void): () => void;
  /** The models routed between. */
  models(): readonly ModelEntry[];
  /**
   * The price feeds of `priceFeeds`: `refresh()` re-reads them now (await it at startup to route on
   * them from the first call), `status()` tells what each one last did, `stop()` ends the background
   * refreshes.
   */
  readonly priceFeeds: PriceFeeds;
  /**
   * Scores the answer of a call (its `report.id`) in [0, 1]: updates the learned quality of the model
   * that answered on the call's task kind (a Beta posterior seeded by the catalog rating). Throws
   * `ValidationError` for a score outside [0, 1] or an id that is not a successful call among this
   * router's last {@link FEEDBACK_WINDOW} calls.
   */
  feedback(callId: string, feedback: CallFeedback): void;
  /**
   * A conversation routed as a whole: its calls stay on the model whose prompt cache is warm while
   * that is cheapest over the turns expected, and move when another model is cheaper even after
   * pricing the cache (reads at its discount within its TTL against full input plus any write premium).
   * Reports cost per call, cache-hit rate and what caching saved (see docs/router.md, Sessions).
   *
   * @example
   * const agent = router.session({ id: "ticket-4711", constraints: { minQuality: 0.6 } });
   * const { text } = await agent.generate({ messages, tools });
   * agent.report().totals.cacheHitRate;
   */
  session(options: SessionOptions): Session;
  /**
   * Runs `request` before `deadline` the cheapest admissible way: now, in a cheaper time-of-day window,
   * ahead of a dated price rise, or through the provider's batch API (see docs/router.md, Deferral).
   * Throws `ValidationError` for bad options or a deadline in the past, `DeadlineInfeasibleError` when
   * no run can finish in time, `NoCandidateError` when no model qualifies.
   *
   * @example
   * const job = router.defer({ messages }, { deadline: Date.now() + 12 * 3600_000, tags: ["nightly"] });
   * const { text } = await job.result;
   */
  defer(request: RouterRequest, options: DeferOptions): JobHandle;
  /** The deferred jobs: list, due work, the next due instant. */
  readonly jobs: Scheduler;
  /** The calibrated operating point of `createRouter({ quality })` (floor, reference, calibration figures). */
  readonly qualityTarget: QualityOperatingPoint | undefined;
}

/** The output bound sent to a provider: the caller's max, else room for the output quantile (reasoning included), at least 4,096, within the model's maximum. */
function outputBound(modelMax: number, reserve: number, request: RouterRequest): number {
  return request.maxOutputTokens ?? Math.min(modelMax, Math.max(4096, reserve));
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
  const validateRequest = validateRouterSettings(settings);
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
  const providers = settings.providers ?? {};
  const defaults = settings.defaults ?? {};
  const policy = settings.policy ?? cheapestPolicy();
  const estimator = settings.estimator ?? withRequestEstimator(createTokenEstimator());
  const retry = resolveRetrySettings(settings.retry);
  const given = settings.ledger;
  const ledger: Ledger = given && "totals" in given ? given : createMemoryLedger({ fx });
  const sink: LedgerSink =
    given && given !== ledger
      ? {
          record(entry) {
            ledger.record(entry);
            return given.record(entry);
          },
        }
      : ledger;
  const observers = [...(settings.observers ?? [])];
  const now = settings.now ?? (() => new Date());
  const target = settings.quality
    ? resolveQualityTarget(settings.quality, settings.qualityPredictor, models, now())
    : undefined;
  const targetModels = target
    ? target.point.minQuality === null
      ? [target.point.reference]
      : [...target.models]
    : undefined;
  const stats = createStatsSnapshot(states, {
    ...(settings.latencyStore ? { latencyStore: settings.latencyStore } : {}),
    ...(settings.qualityStore ? { qualityStore: settings.qualityStore } : {}),
    ...(settings.circuitBreaker ? { circuitBreaker: settings.circuitBreaker } : {}),
    ...(settings.prefixTracker ? { prefixTracker: settings.prefixTracker } : {}),
    ...(settings.storeRefreshMs !== undefined ? { refreshMs: settings.storeRefreshMs } : {}),
    ...(settings.onStoreError ? { onStoreError: settings.onStoreError } : {}),
    now: () => now().getTime(),
  });
  const { breaker, tracker } = stats;
  const lifecycleWarnings = createLifecycleWarnings(settings);
  const priceFeeds = createPriceFeeds(settings.priceFeeds ?? [], {
    states,
    now,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    ...(settings.onPriceFeedWarning ? { onWarning: settings.onPriceFeedWarning } : {}),
  });
  const random = settings.random ?? Math.random;
  const exploration = resolveExploration(settings.exploration, random);
  const promptCaching = settings.promptCaching ?? true;
  const unknownQuality = settings.unknownQuality ?? "exclude"; // checked by the settings schema
  const minCacheTokens = settings.minCacheTokens ?? 0;
  const env = () => settings.env ?? process.env;
  const onError =
    settings.onError ??
    ((error: unknown, context: { stage: string }) =>
      process.emitWarning(
        `tokenwise ${context.stage}: ${error instanceof Error ? error.message : String(error)}`,
      ));
  let callCounter = 0;
  const budgets = createBudgets({
    definitions: settings.budgets ?? [],
    store: settings.budgetStore,
    onDown: settings.onBudgetStoreDown,
    fx,
    now,
    onError: (error) => onError(error, { stage: "budget" }),
  });

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
  const registry: AdapterRegistry = { ...builtinAdapters, ...settings.adapters };
  const apiOf = (state: ModelState): string => providers[state.provider]?.api ?? state.entry.api;
  // The registry and the providers' `api` are fixed for the router's life: which models lack an
  // adapter is decided once, not per selection.
  const missing = states.map((state) => {
    const api = apiOf(state);
    return Object.hasOwn(registry, api) ? undefined : api;
  });
  const missingAdapters = missing.some((api) => api !== undefined) ? missing : undefined;
  const adapters = new Map<string, ProviderAdapter>();
  const adapterFor = (state: ModelState): ProviderAdapter => {
    const api = apiOf(state);
    const cacheKey = `${state.provider}\u0000${api}`;
    let adapter = adapters.get(cacheKey);
    if (adapter) return adapter;
    const factory = Object.hasOwn(registry, api) ? registry[api] : undefined;
    if (!factory) {
      throw new ValidationError({
        source: "createRouter",
        issues: [
          {
            path: ["adapters", api],
            message: `no adapter for API style "${api}" (model ${state.key}); known: ${Object.keys(registry).join(", ")}`,
          },
        ],
      });
    }
    adapter = factory(adapterSettingsFor(state));
    adapters.set(cacheKey, adapter);
    return adapter;
  };
  /** Credentials, endpoint and transport of a model's provider, as its adapters are given them. */
  const adapterSettingsFor = (state: ModelState) => {
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
    return {
      provider: state.provider,
      apiKey,
      baseURL,
      secrets,
      ...(p?.headers ? { headers: p.headers } : {}),
      ...(settings.fetch ? { fetch: settings.fetch } : {}),
    };
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

  const select = (
    raw: RouterRequest,
    stream: boolean,
    ignoreCredentials: boolean,
    at: Date,
    mayExplore = false,
    session?: SessionHook,
    budgetCaps: "all" | "hard" | "none" = "all",
  ) => {
    // `taskKind: "auto"`: detected once here; everything downstream sees the detected kind.
    const { request, detection } = resolveTaskKind(raw);
    const prepared = prepareRequest(request, estimator, { stream });
    const constraints = resolveConstraints(request, defaults, maxCostToFloat, toSet);
    if (detection) constraints.taskKindDetection = detection;
    if (budgets.active && budgetCaps !== "none") {
      const cap = budgets.cap(request, constraints.currency, at, budgetCaps === "hard");
      if (cap) {
        constraints.budgetCap = cap.left;
        constraints.budgetId = cap.budget.id;
      }
    }
    const atMs = at.getTime();
    stats.beforeSelect();
    let cached: ReadonlyMap<string, number> = tracker.lookup(prepared.hashes, atMs);
    if (cached.size === 0) tracker.prefetch?.(prepared.hashes, atMs);
    // A session knows its own cache (model, prefix, TTL) and what it expects of its next turns.
    const view = session?.view(prepared, cached, atMs);
    if (view) cached = view.cached;
    let predictions: Map<string, number> | undefined;
    if (settings.qualityPredictor) {
      predictions = settings.qualityPredictor.predict({
        prompt: lastUserText(request.messages),
        taskKind: constraints.taskKind,
        inputTokens: prepared.tokens("o200k_base").total,
      });
      if (target && request.constraints?.minQuality === undefined) {
        constraints.minQuality = targetFloor(target, predictions);
        if (request.constraints?.allowModels === undefined) constraints.allowModels = toSet(targetModels);
      }
    }
    const selection = selectCandidates(
      {
        states,
        fx,
        estimator,
        latency: (key) => stats.latency.get(key),
        policy,
        circuitOpen: (provider, t) => breaker.isOpen(provider, t),
        hasCredentials: ignoreCredentials ? () => true : (provider) => keyOf(provider) !== undefined,
        credentialsHint: (provider) => missingKeyHint(provider, providers[provider]),
        promptCaching,
        minCacheTokens,
        ...(missingAdapters ? { missingAdapters } : {}),
        unknownQuality,
        ...(view ? { outlook: view.outlook } : {}),
        ...(mayExplore && exploration && exploration.random() < exploration.rate
          ? { explore: exploration }
          : {}),
        ...counts,
      },
      prepared,
      constraints,
      atMs,
      cached,
      predictions,
      settings.qualityPredictor?.name,
    );
    return { request, prepared, constraints, selection, predictions };
  };

  const ranked = (
    c: ScoredCandidate,
    at: Date,
    currency: string,
    taskKind: TaskKind,
    withCost: boolean,
  ): RankedCandidate => {
    const out: RankedCandidate = {
      provider: c.state.provider,
      model: c.entry.id,
      expectedCost: c.expectedCost,
      estimated: {
        prompt: c.prompt,
        usage: c.usage,
        outputReserve: { output: c.outputReserve, reasoning: c.reasoningReserve },
      },
      quality: qualityReport(c, taskKind),
      predictedLatencyMs: Number.isFinite(c.latencyMs) ? c.latencyMs : null,
      predictedTtftMs: c.ttftMs,
      priceVersion: c.state.price?.effectiveFrom ?? "",
      window: c.band.exact.window,
      tier: c.band.exact.tier,
      mode: c.band.exact.mode,
    };
    if (withCost) out.cost = estimatedCost(c, at, currency, fx);
    const latency = latencyEstimate(c.state);
    if (latency) out.latencyEstimate = latency;
    const warnings = lifecycleWarnings(c.entry, at, false);
    if (warnings) out.warnings = warnings;
    return out;
  };

  const plan = (request: RouterRequest, options: PlanOptions = {}): Plan => {
    validateRequest(request);
    const at = options.at ?? now();
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
      ...(constraints.taskKindDetection ? { taskKindDetection: constraints.taskKindDetection } : {}),
      policy: policy.name,
      estimates,
      ranked: order.map((c) => ranked(c, at, constraints.currency, constraints.taskKind, true)),
      rejected: selection.rejected,
    };
    selection.release?.();
    if (settings.qualityPredictor) out.predictor = settings.qualityPredictor.name;
    return out;
  };

  const begin = (raw: RouterRequest, stream: boolean, session?: SessionHook): CallContext => {
    const start = now();
    let { request, prepared, constraints, selection, predictions } = select(
      raw,
      stream,
      false,
      start,
      true,
      session,
    );
    if (!selection.best && constraints.budgetId !== undefined) {
      // Nothing fits what is left of the tightest budget: a soft one lets the call go past it (to the
      // cheapest model within the hard budgets); a hard one refuses it before any provider request.
      const budgetId = constraints.budgetId;
      const soft = budgets.cap(request, constraints.currency, start, false)?.budget.mode === "soft";
      const uncapped = select(raw, stream, false, start, true, session, soft ? "hard" : "none");
      const base = uncapped.selection;
      let cheapest: ScoredCandidate | undefined;
      for (const c of base.eligible) if (!cheapest || c.expectedCost < cheapest.expectedCost) cheapest = c;
      if (soft && cheapest) {
        // Past a soft budget: the cheapest model (within the hard budgets), whatever the policy.
        ({ request, prepared, constraints, predictions } = uncapped);
        selection = {
          get eligible() {
            return base.eligible;
          },
          get rejected() {
            return base.rejected;
          },
          best: cheapest,
          policyContext: base.policyContext,
        };
      } else if (!soft && cheapest && selection.rejected.some((r) => r.code === "budget")) {
        const { budget, exact } = budgets.cap(request, constraints.currency, start, false)!;
        throw new BudgetExceededError({
          budget: budgetId,
          left: exact,
          estimate: budgets.reserveAmount(cheapest, start, budget.currency),
          model: cheapest.key,
        });
      }
    }
    if (!selection.best) throw new NoCandidateError({ rejected: selection.rejected });
    callCounter++;
    const ctx = openCall({
      id: recentCallId(start.getTime(), callCounter, Math.floor(random() * 1e9)),
      request,
      prepared,
      constraints,
      selection,
      predictions,
      start,
    });
    // Whatever way the call ends, no reservation outlives it.
    const close = ctx.cleanup;
    ctx.cleanup = () => {
      close();
      budgets.releaseRest(ctx);
      // The report has read the rejections and failover is over: the next call reuses the records.
      ctx.selection.release?.();
    };
    return ctx;
  };

  // The output bound, decided once per candidate: the caller's max, else room for the output
  // quantile (reasoning included), at least 4,096, within the model's maximum.
  const maxOutputFor = (c: ScoredCandidate, request: RouterRequest) =>
    outputBound(c.entry.maxOutput, c.outputReserve + c.reasoningReserve, request);

  const adapterCall = (ctx: CallContext, c: ScoredCandidate, signal: AbortSignal): AdapterCall => {
    const call: AdapterCall = {
      provider: c.state.provider,
      model: c.entry.apiId ?? c.entry.id,
      request: ctx.request,
      maxOutputTokens: maxOutputFor(c, ctx.request),
      signal,
      ...(promptCaching && c.state.promptCache ? { promptCache: c.state.promptCache } : {}),
      ...(ctx.request.reasoningEffort !== undefined && c.state.capsMask & CAPABILITY_BITS.reasoning
        ? { reasoningEffort: ctx.request.reasoningEffort }
        : {}),
      ...(ctx.request.sessionId !== undefined ? { sessionId: ctx.request.sessionId } : {}),
    };
    // The mode the call was priced in goes on the wire (the request's, else the version's default).
    const mode = thinkingModeFor(c.entry, ctx.request.reasoningEffort) ?? c.band.exact.mode;
    if (c.entry.thinkingSwitch !== undefined && mode !== null) {
      call.thinking = { mode, switch: c.entry.thinkingSwitch };
    }
    return call;
  };

  const accounting = createAccounting({
    fx,
    estimator,
    sink,
    onSinkError: (error, entry) => onError(error, { stage: "ledger", entry }),
    onBilled: (ctx, attempt, cost) => budgets.settle(ctx, attempt, cost),
  });
  const execute: ExecuteDeps = {
    retry,
    attemptTimeoutMs: settings.attemptTimeoutMs,
    breaker,
    secrets,
    now,
    accounting,
    order: (ctx) => orderCandidates(ctx.selection, policy),
    maxOutputFor: (ctx, c) => maxOutputFor(c, ctx.request),
    budgets,
  };
  const stores = { estimator, stats, tracker, breaker };
  const reportSettings = {
    policy: policy.name,
    fx,
    qualityPredictor: settings.qualityPredictor,
    warnings: lifecycleWarnings,
    budgets: budgets.marks,
  };
  const emit = (report: CallReport) =>
    emitReport(observers, report, (e) => onError(e, { stage: "observer" }));

  /** The end of an attempt the provider answered in full, for both paths: bill → feedback → report. */
  const complete = (
    ctx: CallContext,
    state: AttemptState,
    answer: {
      text: string;
      toolCalls: ToolCall[];
      finishReason: FinishReason;
      usage: Usage;
      ttftMs: number | null;
    },
    streamed: boolean,
    raw?: unknown,
  ): RouterResult => {
    const { c, attempt } = state;
    attempt.latencyMs = performance.now() - state.startPerf;
    const estimatedUsage = state.phase === "done";
    const cost = estimatedUsage ? attempt.cost! : accounting.exact(ctx, c, attempt, answer.usage);
    state.phase = "done";
    if (!estimatedUsage) {
      const ttftMs = answer.ttftMs ?? inferredTtft(stores, c, answer.usage, attempt.latencyMs);
      feedback(stores, ctx, c, answer.usage, { ttftMs, totalMs: attempt.latencyMs, atMs: now().getTime() });
    }
    const report = makeReport(
      reportSettings,
      ctx,
      c,
      { usage: answer.usage, cost },
      answer.finishReason,
      answer.ttftMs,
      streamed,
    );
    emit(report);
    const out: RouterResult = {
      text: answer.text,
      toolCalls: answer.toolCalls,
      finishReason: answer.finishReason,
      usage: answer.usage,
      provider: c.state.provider,
      model: c.entry.id,
      report,
    };
    if (raw !== undefined) out.raw = raw;
    remember(ctx.id, c.state, ctx.constraints.taskKind);
    if (settings.evaluator) evaluate(settings.evaluator, report, out);
    return out;
  };

  // Quality feedback: the model and task kind of each recent successful call, in a ring of the last
  // FEEDBACK_WINDOW call numbers (flat arrays keyed by the number in the id: no string kept per call).
  const recentCalls = new RecentCalls<ModelState, TaskKind>(FEEDBACK_WINDOW);
  const remember = (id: string, state: ModelState, taskKind: TaskKind) =>
    recentCalls.remember(id, state, taskKind);
  const giveFeedback = (callId: string, fb: CallFeedback) => {
    const score = (fb as { score?: unknown } | undefined)?.score;
    if (typeof score !== "number" || !(score >= 0 && score <= 1)) {
      throw new ValidationError({
        source: "router.feedback",
        issues: [{ path: ["score"], message: "must be a number in [0, 1]", value: score }],
      });
    }
    const call = recentCalls.find(callId);
    if (!call) {
      throw new ValidationError({
        source: "router.feedback",
        issues: [
          {
            path: ["callId"],
            message: `unknown call id: not a successful one among this router's last ${FEEDBACK_WINDOW} calls`,
            value: callId,
          },
        ],
      });
    }
    stats.observeQuality(call.value, call.taskKind, score, now().getTime());
  };
  const evaluate = (
    evaluator: NonNullable<RouterSettings["evaluator"]>,
    report: CallReport,
    result: RouterResult,
  ) => {
    void (async () => {
      try {
        giveFeedback(report.id, { score: await evaluator(report, result) });
      } catch (error) {
        onError(error, { stage: "evaluator" });
      }
    })();
  };

  // A call cut by its deadline before the answer (a stream: before its first part) still teaches
  // latency: the model took at least the time it was given (a censored observation, folded in as if
  // it were the TTFT).
  const byKey = new Map(states.map((s) => [s.key, s]));
  const observeDeadline = (ctx: CallContext) => {
    if (abortCause(ctx) !== "deadline") return;
    const last = ctx.attempts[ctx.attempts.length - 1];
    const state = last && byKey.get(`${last.provider}/${last.model}`);
    if (!state || last.ttftMs !== undefined) return;
    stats.observeLatency(state, {
      ttftMs: performance.now() - ctx.startPerf,
      outputTokens: 0,
      generationMs: 0,
      atMs: now().getTime(),
    });
  };

  const generate = async (request: RouterRequest, session?: SessionHook): Promise<RouterResult> => {
    validateRequest(request);
    const ctx = begin(request, false, session);
    try {
      return await runAttempts(execute, ctx, async (state) => {
        const res = await adapterFor(state.c.state).generate(adapterCall(ctx, state.c, state.signal));
        if (res.requestId) state.attempt.requestId = res.requestId;
        return complete(ctx, state, { ...res, ttftMs: null }, false, res.raw);
      });
    } catch (error) {
      observeDeadline(ctx);
      throw error;
    } finally {
      ctx.cleanup();
    }
  };

  const stream = (request: RouterRequest, session?: SessionHook): RouterStream =>
    createRouterStream({
      ...execute,
      open: () => {
        validateRequest(request);
        return begin(request, true, session);
      },
      connect: (ctx, state) => adapterFor(state.c.state).stream(adapterCall(ctx, state.c, state.signal)),
      complete: (ctx, state, answer) => complete(ctx, state, answer, true),
      failed: observeDeadline,
      interrupted: (ctx, state, accounted, ttftMs) =>
        emit(
          makeReport(reportSettings, ctx, state.c, accounted, { unified: "error", raw: null }, ttftMs, true),
        ),
    });

  // Deferred jobs: the scheduler plans with this router's selection and runs through its generate.
  const batchRegistry = { ...builtinBatchAdapters, ...settings.deferral?.batchAdapters };
  const batchAdapters = new Map<string, BatchAdapter | undefined>();
  const batchAdapterFor = (provider: string, id: string): BatchAdapter | undefined => {
    const state = byKey.get(`${provider}/${id}`);
    if (!state) return undefined;
    const api = apiOf(state);
    const cacheKey = `${provider}\u0000${api}`;
    if (!batchAdapters.has(cacheKey)) {
      const factory = Object.hasOwn(batchRegistry, api) ? batchRegistry[api] : undefined;
      batchAdapters.set(
        cacheKey,
        factory && keyOf(provider) !== undefined ? factory(adapterSettingsFor(state)) : undefined,
      );
    }
    return batchAdapters.get(cacheKey);
  };
  let scheduler: Scheduler | undefined;
  const jobs = (): Scheduler => {
    scheduler ??= createScheduler(
      {
        plan: (request, at) => plan(request, { at }),
        generate,
        models,
        batchAdapterFor,
        maxOutputFor: (provider, id, request, reserve) =>
          outputBound(byKey.get(`${provider}/${id}`)?.entry.maxOutput ?? reserve, reserve, request),
        validate: validateRequest,
        ledger: sink,
        localLedger: ledger,
        fx,
        now,
      },
      settings.deferral,
    );
    return scheduler;
  };

  return {
    plan,
    generate: (request) => generate(request),
    stream: (request) => stream(request),
    session: (options) =>
      createSession(
        {
          generate,
          stream,
          now,
          fx,
          promptCaching,
          model: (key) => byKey.get(key),
          defaultCurrency: defaults.currency ?? "USD",
          onStoreError:
            settings.onStoreError ??
            ((e) => process.emitWarning(`tokenwise ${e.message}`, { type: "TokenwiseStoreWarning" })),
          defineBudget: budgets.define,
        },
        options,
      ),
    defer: (request, options) => jobs().defer(request, options),
    get jobs() {
      return jobs();
    },
    ledger,
    budgets: { define: budgets.define, status: budgets.status, flush: budgets.flush },
    refreshStores: () => stats.refresh(),
    onReport(observer) {
      observers.push(observer);
      return () => {
        const i = observers.indexOf(observer);
        if (i >= 0) observers.splice(i, 1);
      };
    },
    models: () => models,
    priceFeeds,
    feedback: giveFeedback,
    qualityTarget: target?.point,
  };
}
