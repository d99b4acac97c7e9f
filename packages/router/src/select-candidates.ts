import {
  describeLifecycle,
  type FxTable,
  gapOfWinRate,
  type ModelEntry,
  moneyFromDecimal,
  moneyToNumber,
  requestedThinkingMode,
  TASK_KINDS,
  type TaskKind,
  TokenwiseError,
  type Usage,
  ValidationError,
  winRateOfGap,
} from "@tokenwise/core";
import {
  bandFor,
  CAPABILITY_BITS,
  fxFactor,
  type ModelState,
  type QualityColumns,
  type RateBand,
  refreshTable,
} from "./candidate-table";
import {
  LATENCY_PRIOR_WEIGHT,
  type LatencyStat,
  latencyFreshness,
  MAD_TO_SD,
  normalQuantile,
} from "./latency-stats";
import {
  type ExplorationMark,
  type ExplorationReason,
  normalDraw,
  type ResolvedExploration,
} from "./learning/exploration";
import { priorStrength, qualityPosterior, WEAK_PRIOR_STRENGTH } from "./learning/quality-stats";
import type { PreparedRequest } from "./prepare-request";
import { stalePriceReason } from "./price-feeds";
import type { CandidateScore, PolicyContext, RoutingPolicy } from "./routing-policy";
import type { TaskKindDetection } from "./task-kind/detect-task-kind";
import type { RequestEstimator } from "./token-estimator";
import type { RejectedCandidate } from "./types";

/** Constraints resolved for one request (defaults merged, sets built). */
export interface ResolvedConstraints {
  taskKind: TaskKind;
  /** Set when the request asked for `taskKind: "auto"`: what was detected. */
  taskKindDetection?: TaskKindDetection;
  minQuality: number;
  /** Confidence the quality floor is met at, in [0.5, 1) (see `Constraints.qualityConfidence`). */
  qualityConfidence: number;
  /** Φ⁻¹(qualityConfidence): how many rating-scale standard errors below the estimate the floor is checked. */
  qualityZ: number;
  maxLatencyMs: number;
  latencyZ: number;
  latencyPercentile: number;
  allowProviders: ReadonlySet<string> | undefined;
  denyProviders: ReadonlySet<string> | undefined;
  allowModels: ReadonlySet<string> | undefined;
  denyModels: ReadonlySet<string> | undefined;
  /** Float, in `currency`; Infinity when none. */
  maxCost: number;
  /** What is left of the tightest budget over the call, float in `currency`; Infinity when none. */
  budgetCap: number;
  /** That budget's id. */
  budgetId: string | undefined;
  currency: string;
}

/** A candidate that passed every constraint, with its expectation. */
export interface ScoredCandidate extends CandidateScore {
  readonly state: ModelState;
  readonly band: RateBand;
  /** Expected usage (input split into uncached, cache read, cache write; output and reasoning expectations). */
  readonly usage: Usage;
  /** The output quantile (visible, reasoning) checked against the budget and the latency cap. */
  readonly outputReserve: number;
  readonly reasoningReserve: number;
  readonly prompt: number;
  readonly ttftMs: number | null;
  readonly qualitySource: string;
  /** Set when this candidate was chosen to explore (see `RouterSettings.exploration`). */
  readonly exploration?: ExplorationMark | undefined;
}

/**
 * A scored candidate. Selection scores each candidate into one reusable probe and keeps the object
 * only when it becomes the best so far; the others are rebuilt from the selection's records when the
 * whole list is read. The expected usage object is built on first read (most are never read).
 */
class Scored implements ScoredCandidate {
  state!: ModelState;
  band!: RateBand;
  expectedCost = 0;
  quality: number | null = null;
  latencyMs = 0;
  ttftMs: number | null = null;
  qualitySource = "";
  prompt = 0;
  cachedTokens = 0;
  cacheWrite = 0;
  output = 0;
  reasoning = 0;
  outputReserve = 0;
  reasoningReserve = 0;
  outlookCost = 0;
  exploration: ExplorationMark | undefined = undefined;
  private cachedUsage: Usage | undefined = undefined;
  /** A copy that keeps this candidate's numbers when the probe moves on (its usage rebuilt on read). */
  clone(): Scored {
    const c = new Scored();
    c.state = this.state;
    c.band = this.band;
    c.expectedCost = this.expectedCost;
    c.quality = this.quality;
    c.latencyMs = this.latencyMs;
    c.ttftMs = this.ttftMs;
    c.qualitySource = this.qualitySource;
    c.prompt = this.prompt;
    c.cachedTokens = this.cachedTokens;
    c.cacheWrite = this.cacheWrite;
    c.output = this.output;
    c.reasoning = this.reasoning;
    c.outputReserve = this.outputReserve;
    c.reasoningReserve = this.reasoningReserve;
    c.outlookCost = this.outlookCost;
    return c;
  }
  get key(): string {
    return this.state.key;
  }
  get entry(): ModelEntry {
    return this.state.entry;
  }
  get usage(): Usage {
    this.cachedUsage ??= {
      input: this.prompt - this.cachedTokens - this.cacheWrite,
      cacheRead: this.cachedTokens,
      cacheWrite: this.cacheWrite,
      cacheWrite1h: 0,
      output: this.output,
      reasoning: this.reasoning,
    };
    return this.cachedUsage;
  }
}

/** Everything selection reads besides the request. */
export interface SelectionContext {
  readonly states: readonly ModelState[];
  readonly fx: FxTable;
  readonly estimator: RequestEstimator;
  readonly latency: (key: string) => LatencyStat | undefined;
  readonly policy: RoutingPolicy;
  readonly circuitOpen: (provider: string, at: number) => boolean;
  /** Distinct providers and tokenizer families among `states` (see `providerIndex`, `familyIndex`). */
  readonly providerCount: number;
  readonly familyCount: number;
  readonly hasCredentials: (provider: string) => boolean;
  /** What to do about a provider without a key (the option and the environment variable), for its rejection reason. */
  readonly credentialsHint?: (provider: string) => string;
  /**
   * Mark cache breakpoints on models whose `promptCache` is `explicit` (and so expect cache writes and
   * reads there); `automatic` caches read whatever this says.
   */
  readonly promptCaching: boolean;
  /** A floor on every model's `promptCache.minPrefixTokens` (0: the model data alone decides). */
  readonly minCacheTokens: number;
  /**
   * Per model (by index in `states`), the API style when no adapter is registered for it, else
   * undefined; the whole array is undefined when every model has an adapter (the common case).
   */
  readonly missingAdapters?: readonly (string | undefined)[];
  /**
   * Models whose quality for the task kind is only a flagged prior: `exclude` treats them as unknown
   * (rejected `quality-unknown` under a floor, no score reported), `prior` uses the prior like a rating.
   * Default `exclude`.
   */
  readonly unknownQuality?: UnknownQuality;
  /**
   * Set when this selection explores: models whose latency or quality is unknown or stale are
   * preferred, their quality checked at a Thompson draw from its posterior (the hard constraints stay).
   */
  readonly explore?: ResolvedExploration;
  /**
   * A session's outlook (`router.session()`): the turns expected after this one and the prompt tokens
   * each adds (undefined: the output forecast). Each candidate then carries `outlookCost`, the expected
   * cost of those turns on it, each reading the previous prompt from its cache (at its read rate, the
   * new tokens at its input or cache-write rate) or, without a usable cache, paying full input price.
   */
  readonly outlook?: SessionOutlook;
}

/** What a session expects of its next turns (see `SelectionContext.outlook`). */
export interface SessionOutlook {
  readonly turns: number;
  readonly growthTokens: number | undefined;
}

/** How selection treats a model whose quality is only a flagged prior. */
export type UnknownQuality = "exclude" | "prior";

export interface Selection {
  /** Every candidate that passed, in table order (built on first read). */
  readonly eligible: ScoredCandidate[];
  readonly best: ScoredCandidate | undefined;
  /** Every rejected model with its reason (built on first read, each reason formatted on its first read). */
  readonly rejected: RejectedCandidate[];
  readonly policyContext: PolicyContext;
  /**
   * Hands the selection's records to the next selection on the same models, once `eligible` and
   * `rejected` have been read or never will be (the router: when the call has ended). Reading a list
   * that was not built before then throws. Optional: a selection never released is collected as usual.
   */
  release?(): void;
}

type Detail = number | string | undefined;

/**
 * A rejection whose human-readable reason is formatted only when read: selection rejects most models
 * of a large catalog on every call, and formatting numbers (or allocating closures) for each would
 * dominate its time.
 */
class Rejection implements RejectedCandidate {
  readonly provider: string;
  readonly model: string;
  readonly code: RejectedCandidate["code"];
  private readonly state: ModelState;
  private readonly c: ResolvedConstraints;
  private readonly a: Detail;
  private readonly b: Detail;
  constructor(s: ModelState, code: RejectedCandidate["code"], c: ResolvedConstraints, a: Detail, b: Detail) {
    this.provider = s.provider;
    this.model = s.entry.id;
    this.code = code;
    this.state = s;
    this.c = c;
    this.a = a;
    this.b = b;
  }
  get reason(): string {
    const { state: s, c, a, b } = this;
    switch (this.code) {
      case "provider-denied":
        return a === "allow"
          ? `provider ${s.provider} is not in allowProviders`
          : `provider ${s.provider} is in denyProviders`;
      case "model-denied":
        return a === "allow" ? `${s.key} is not in allowModels` : `${s.key} is in denyModels`;
      case "no-credentials":
        return `no API key for provider ${s.provider}${a === undefined ? "" : `: ${a}`}`;
      case "circuit-open":
        return `circuit breaker open for provider ${s.provider}`;
      case "no-adapter":
        return `no adapter for API style "${a}": register one with createRouter({ adapters: { "${a}": factory } })`;
      case "retired":
        return `${s.key} is retired: ${describeLifecycle(s.entry.lifecycle!)}`;
      case "capability":
        return `missing capability: ${missingCaps(Number(a), s.capsMask)}`;
      case "price-unavailable":
        return s.priceProblem ?? "no price in force";
      case "stale-price":
        return String(a);
      case "fx-missing":
        return `no FX rate ${s.price?.currency}→${c.currency}`;
      case "quality-unknown":
        return a === "prior"
          ? `only a prior ${c.taskKind} quality (unknownQuality "exclude"; floor ${c.minQuality})`
          : `no ${c.taskKind} quality score (floor ${c.minQuality})`;
      case "quality":
        return c.qualityZ === 0
          ? `quality ${Number(a).toFixed(3)} < floor ${c.minQuality} (${c.taskKind})`
          : `quality ${Number(a).toFixed(3)}, lower bound ${Number(b).toFixed(3)} at confidence ${c.qualityConfidence} < floor ${c.minQuality} (${c.taskKind})`;
      case "max-output":
        return `maxOutputTokens ${a} > model max ${s.maxOutput}`;
      case "context-window":
        return `${a} input + ${b} output tokens > context window ${s.contextWindow}`;
      case "input-limit":
        return `${a} input tokens > input limit ${s.maxInputTokens} (context window ${s.contextWindow})`;
      case "latency-unknown":
        return `no latency profile or observation (cap ${c.maxLatencyMs} ms)`;
      case "latency":
        return `predicted p${Math.round(c.latencyPercentile * 100)} ${Math.round(Number(a))} ms > cap ${c.maxLatencyMs} ms`;
      case "cost":
        return `cost at the output quantile ${Number(a).toPrecision(4)} ${c.currency} > maxCostPerCall ${c.maxCost} ${c.currency}`;
      case "budget":
        return `cost at the output quantile ${Number(a).toPrecision(4)} ${c.currency} > ${c.budgetCap.toPrecision(4)} ${c.currency} left of budget "${c.budgetId}"`;
      case "policy":
        return String(a);
      default: {
        const never: never = this.code;
        return String(never);
      }
    }
  }
  toJSON(): RejectedCandidate {
    return { provider: this.provider, model: this.model, code: this.code, reason: this.reason };
  }
}

const PROVIDER_REJECTIONS: Record<number, [RejectedCandidate["code"], Detail]> = {
  2: ["provider-denied", "allow"],
  3: ["provider-denied", "deny"],
  4: ["no-credentials", undefined],
  5: ["circuit-open", undefined],
};

const CAP_NAMES = ["tools", "vision", "structuredOutput", "streaming", "reasoning"];

function missingCaps(need: number, have: number): string {
  const names: string[] = [];
  for (let i = 0; i < CAP_NAMES.length; i++)
    if (need & (1 << i) && !(have & (1 << i))) names.push(CAP_NAMES[i]!);
  return names.join(", ");
}

/** The quality floor for a task kind from a constraint value. */
export function qualityFloor(
  minQuality: number | Partial<Record<TaskKind, number>> | undefined,
  taskKind: TaskKind,
): number {
  if (minQuality === undefined) return 0;
  if (typeof minQuality === "number") return minQuality;
  return minQuality[taskKind] ?? minQuality.general ?? 0;
}

type Code = RejectedCandidate["code"];

/** Codes whose reason needs two details (numbers or strings), recorded in `details`; others need none. */
const HAS_DETAILS: Record<Code, boolean> = {
  "provider-denied": true,
  "model-denied": true,
  "no-credentials": true,
  "circuit-open": false,
  "no-adapter": true,
  retired: false,
  capability: true,
  "price-unavailable": false,
  "stale-price": true,
  "fx-missing": false,
  "quality-unknown": true,
  quality: true,
  "max-output": true,
  "context-window": true,
  "input-limit": true,
  "latency-unknown": false,
  latency: true,
  cost: true,
  budget: true,
  policy: true,
};

// The outcome of an eligible model is a number: these flags.
const QUALITY_NULL = 1;
const TTFT_NULL = 2;
const PREDICTED = 4;
/** Quality from the learned posterior. */
const LEARNED = 8;
/** Admitted only by an exploration draw: eligible only as the exploration's pick. */
const DRAW_ONLY = 16;

/** A draw from a normal approximation of a 0–1 posterior, clipped to [0, 1]. */
function drawUnit(mean: number, sd: number, random: () => number): number {
  const x = mean + sd * normalDraw(random);
  return Math.min(1, Math.max(0, x));
}

/** Observations behind a latency stat, its prior's pseudo-observations included (at least 1). */
function latencyWeight(stat: LatencyStat): number {
  return Math.max(1, stat.count + (stat.count === 0 ? LATENCY_PRIOR_WEIGHT : (stat.priorWeight ?? 0)));
}

// One eligible candidate's numbers in `numbers`.
const COST = 0;
const QUALITY = 1;
const LATENCY = 2;
const TTFT = 3;
const PROMPT = 4;
const CACHE_READ = 5;
const CACHE_WRITE = 6;
const OUTPUT = 7;
const REASONING = 8;
const OUTPUT_RESERVE = 9;
const REASONING_RESERVE = 10;
const OUTLOOK = 11;
const NUMBERS = 12;

const EMPTY_COLUMNS: QualityColumns = {
  models: 0,
  quality: new Float64Array(0),
  qualityGap: new Float64Array(0),
  qualitySigma: new Float64Array(0),
  qualityPrior: new Uint8Array(0),
};

/** Zeros in a double-element array, copied from: a fresh `new Array(n)` holds small integers and is copied again when it first stores a float. */
let zeros: number[] = [0.5];

/** An array of `n` numbers (zeros) whose elements are already stored unboxed as doubles. */
function doubleArray(n: number): number[] {
  if (zeros.length < n) zeros = new Array(Math.max(n, 2 * zeros.length)).fill(0.5).fill(0);
  return zeros.slice(0, n);
}

/** One selection's flat records (see LazySelection). */
interface Records {
  /** Per model (same index as `states`): its rejection code, or QUALITY_NULL/TTFT_NULL/PREDICTED flags. */
  readonly outcomes: (Code | number)[];
  /** NUMBERS numbers per eligible candidate, in table order (longer: a reused array). */
  readonly numbers: number[];
  /** The rate band of each eligible candidate, in table order. */
  readonly bands: RateBand[];
  /** Two details per rejection whose code HAS_DETAILS, in table order. */
  readonly details: Detail[];
}

/**
 * Released records per model list, reused by the next selections on it: allocating ~8 KB of records
 * per selection at 100 models (and filling the young generation with them) cost about a quarter of
 * its time. Bounded: more selections in flight than this allocate their own.
 */
const pools = new WeakMap<readonly ModelState[], Records[]>();
const POOL_SIZE = 32;

function takeRecords(states: readonly ModelState[], eligibleHint: number): Records {
  const reused = pools.get(states)?.pop();
  if (reused !== undefined) return reused;
  return {
    outcomes: new Array(states.length),
    numbers: doubleArray(eligibleHint * NUMBERS),
    bands: new Array(eligibleHint),
    details: [],
  };
}

/** Records two details of a rejection at `at`; returns the next free index. */
function note(details: Detail[], at: number, a: Detail, b: Detail): number {
  details[at] = a;
  details[at + 1] = b;
  return at + 2;
}

/**
 * What one selection found, kept as flat records: per model its outcome (a rejection code, or flags
 * when eligible), and per eligible candidate its numbers and rate band. On the hot path only `best`
 * is read (the call goes to it and usually succeeds); the candidate and rejection objects are built
 * on first read of `eligible` (failover, `plan()`) and `rejected` (the report, after the call).
 * Allocating them for every model was about a third of selection's time.
 */
class LazySelection implements Selection {
  private eligibleList: ScoredCandidate[] | undefined = undefined;
  private rejectedList: RejectedCandidate[] | undefined = undefined;
  constructor(
    readonly best: Scored | undefined,
    /** Index in `states` of the best candidate. */
    private readonly bestAt: number,
    private readonly states: readonly ModelState[],
    /** The records, until `release()` hands them to the next selection on the same table. */
    private records: Records | undefined,
    private readonly constraints: ResolvedConstraints,
    private readonly kindIndex: number,
    private readonly predictorSource: string,
    readonly policyContext: PolicyContext,
  ) {}

  get eligible(): ScoredCandidate[] {
    if (this.eligibleList === undefined) {
      const { outcomes, numbers: n, bands } = this.open();
      const list: ScoredCandidate[] = [];
      for (let i = 0, e = 0; i < outcomes.length; i++) {
        const flags = outcomes[i];
        if (typeof flags !== "number") continue;
        if (i === this.bestAt) list.push(this.best!);
        else if (flags & DRAW_ONLY) {
          // Admitted by an exploration draw but not chosen: not a failover candidate.
        } else {
          const s = this.states[i]!;
          const k = e * NUMBERS;
          const c = new Scored();
          c.state = s;
          c.band = bands[e]!;
          c.expectedCost = n[k + COST]!;
          c.quality = flags & QUALITY_NULL ? null : n[k + QUALITY]!;
          c.qualitySource =
            flags & PREDICTED
              ? this.predictorSource
              : flags & QUALITY_NULL
                ? "none"
                : flags & LEARNED
                  ? "learned"
                  : s.qualitySource[this.kindIndex]!;
          c.latencyMs = n[k + LATENCY]!;
          c.ttftMs = flags & TTFT_NULL ? null : n[k + TTFT]!;
          c.prompt = n[k + PROMPT]!;
          c.cachedTokens = n[k + CACHE_READ]!;
          c.cacheWrite = n[k + CACHE_WRITE]!;
          c.output = n[k + OUTPUT]!;
          c.reasoning = n[k + REASONING]!;
          c.outputReserve = n[k + OUTPUT_RESERVE]!;
          c.reasoningReserve = n[k + REASONING_RESERVE]!;
          c.outlookCost = n[k + OUTLOOK]!;
          list.push(c);
        }
        e++;
      }
      this.eligibleList = list;
    }
    return this.eligibleList;
  }

  get rejected(): RejectedCandidate[] {
    if (this.rejectedList === undefined) {
      const { outcomes, details } = this.open();
      const list: RejectedCandidate[] = [];
      for (let i = 0, d = 0; i < outcomes.length; i++) {
        const code = outcomes[i]!;
        if (typeof code === "number") continue;
        let a: Detail;
        let b: Detail;
        if (HAS_DETAILS[code]) {
          a = details[d];
          b = details[d + 1];
          d += 2;
        }
        list.push(new Rejection(this.states[i]!, code, this.constraints, a, b));
      }
      this.rejectedList = list;
    }
    return this.rejectedList;
  }

  private open(): Records {
    if (this.records === undefined) {
      throw new TokenwiseError({
        message: "a released selection was read: read eligible and rejected before release()",
      });
    }
    return this.records;
  }

  release(): void {
    const records = this.records;
    if (records === undefined) return;
    this.records = undefined;
    let pool = pools.get(this.states);
    if (pool === undefined) {
      pool = [];
      pools.set(this.states, pool);
    }
    if (pool.length < POOL_SIZE) pool.push(records);
  }
}

/**
 * Drops the models that cannot serve the request (each with its reason) and scores the rest in
 * floats: expected cost in the report currency under the prices in force at `at` (tier by prompt
 * size, time-of-day window, expected cache reads from `cached`, per-request fee, FX), quality and
 * predicted latency. Finds the policy's best in one pass; the full order is sorted only on demand.
 */
export function selectCandidates(
  ctx: SelectionContext,
  prepared: PreparedRequest,
  constraints: ResolvedConstraints,
  at: number,
  cached: ReadonlyMap<string, number>,
  predictions: ReadonlyMap<string, number> | undefined,
  predictorName: string | undefined,
): Selection {
  const request = prepared.request;
  const { taskKind, minQuality, maxLatencyMs, latencyZ, maxCost, currency, qualityZ, budgetCap } =
    constraints;
  const excludePriors = ctx.unknownQuality !== "prior";
  const floorGap = gapOfWinRate(minQuality);
  const policyContext: PolicyContext = { taskKind, minQuality, currency };
  const policy = ctx.policy;
  const states = ctx.states;
  const predictorSource = predictorName ?? "predictor";
  const kindIndex = TASK_KINDS.indexOf(taskKind);
  const table = refreshTable(states, at);
  // This task kind's quality for every model, contiguous (see QualityColumns).
  const columns = states.length > 0 ? states[0]!.columns : EMPTY_COLUMNS;
  const kindBase = kindIndex * columns.models;
  const qColumn = columns.quality;
  const priorColumn = columns.qualityPrior;
  const gapColumn = columns.qualityGap;
  const sigmaColumn = columns.qualitySigma;
  // Records (see LazySelection): a released selection's, else new ones sized from the last selection.
  const records = takeRecords(states, table.eligibleHint);
  const { outcomes, numbers, bands, details } = records;
  let eligibleCount = 0;
  let nd = 0;
  // Each candidate is scored into `probe`; when it beats `best`, the two objects swap roles.
  let probe = new Scored();
  let best: Scored | undefined;
  let bestAt = -1;
  const explore = ctx.explore;
  let exploreBest: Scored | undefined;
  let exploreAt = -1;
  const need = prepared.capsMask;
  // Per provider: 0 not checked yet, 1 fine, else an index in PROVIDER_REJECTIONS.
  const providerStatus: number[] = new Array(ctx.providerCount).fill(0);
  const familyTotals: number[] = new Array(ctx.familyCount).fill(-1);
  const anyCached = cached.size > 0;
  const { estimator, minCacheTokens, promptCaching, outlook } = ctx;
  const forecastsReasoning = estimator.forecastReasoning !== undefined;
  const reasoningPair = estimator.reasoningForecast !== undefined;
  const maxOutputTokens = request.maxOutputTokens;
  // A reasoning effort asks hybrid models with a thinking switch for a mode (core's `thinkingModeFor`:
  // `none` non-thinking, any level thinking): that mode's bands price them.
  const askedMode = requestedThinkingMode(request.reasoningEffort);
  // Output forecasts that do not depend on the model: once per request. The expectation ranks (expected
  // cost); the quantile is what the context fit, the budget and the latency cap are checked with.
  const byModel = estimator.outputForecastByModel !== false;
  const sharedForecast = byModel ? undefined : estimator.forecastOutput(request, "");
  const sharedReserve = byModel
    ? undefined
    : Math.max(estimator.reserveOutput?.(request, "") ?? 0, sharedForecast!);
  for (let i = 0; i < states.length; i++) {
    const s = states[i]!;
    // Provider-level checks, once per provider per request.
    let ps = providerStatus[s.providerIndex]!;
    if (ps === 0) {
      ps =
        constraints.allowProviders && !constraints.allowProviders.has(s.provider)
          ? 2
          : constraints.denyProviders?.has(s.provider)
            ? 3
            : !ctx.hasCredentials(s.provider)
              ? 4
              : ctx.circuitOpen(s.provider, at)
                ? 5
                : 1;
      providerStatus[s.providerIndex] = ps;
    }
    if (ps !== 1) {
      const [code, detail] = PROVIDER_REJECTIONS[ps]!;
      outcomes[i] = code;
      if (HAS_DETAILS[code])
        nd = note(details, nd, ps === 4 ? ctx.credentialsHint?.(s.provider) : detail, undefined);
      continue;
    }
    if (at >= s.retiresAt) {
      outcomes[i] = "retired";
      continue;
    }
    if (constraints.allowModels && !constraints.allowModels.has(s.key)) {
      outcomes[i] = "model-denied";
      nd = note(details, nd, "allow", undefined);
      continue;
    }
    if (constraints.denyModels?.has(s.key)) {
      outcomes[i] = "model-denied";
      nd = note(details, nd, "deny", undefined);
      continue;
    }
    const noAdapter = ctx.missingAdapters?.[i];
    if (noAdapter !== undefined) {
      outcomes[i] = "no-adapter";
      nd = note(details, nd, noAdapter, undefined);
      continue;
    }
    if ((need & s.capsMask) !== need) {
      outcomes[i] = "capability";
      nd = note(details, nd, need, undefined);
      continue;
    }
    if (s.price === undefined) {
      outcomes[i] = "price-unavailable";
      continue;
    }
    if (s.feed !== undefined) {
      const stale = stalePriceReason(s.feed, s.price, at);
      if (stale !== undefined) {
        outcomes[i] = "stale-price";
        nd = note(details, nd, stale, undefined);
        continue;
      }
    }
    const fx = fxFactor(s, currency, ctx.fx, at);
    if (Number.isNaN(fx)) {
      outcomes[i] = "fx-missing";
      continue;
    }
    // Quality: the score in force at `at`; a flagged prior counts only with unknownQuality "prior".
    const predicted = predictions === undefined ? undefined : predictions.get(s.key);
    let quality: number | null;
    let isPrior = false;
    // Learned quality (feedback on this task kind): its Beta posterior replaces the catalog score.
    let learnedSd = -1;
    let qualityState: ExplorationReason | undefined;
    let qualityDraw: number | null = null;
    let drawOnly = false;
    if (predicted !== undefined) quality = predicted;
    else {
      const cell = kindBase + i;
      const q = qColumn[cell]!;
      isPrior = priorColumn[cell] === 1;
      const learned = s.learned[kindIndex];
      const rated = !Number.isNaN(q);
      if (learned !== undefined && learned.n > 0) {
        const post = qualityPosterior(
          rated ? q : 0.5,
          rated ? priorStrength(q, gapColumn[cell]!, sigmaColumn[cell]!, isPrior) : WEAK_PRIOR_STRENGTH,
          learned,
        );
        quality = post.mean;
        learnedSd = post.sd;
        if (explore !== undefined) {
          if (learned.count < explore.minObservations && (isPrior || !rated))
            qualityState = "quality-unknown";
          else if (at - learned.updatedAt > explore.staleAfterMs) qualityState = "quality-stale";
          if (qualityState !== undefined) qualityDraw = drawUnit(post.mean, post.sd, explore.random);
        }
      } else {
        quality = !rated || (isPrior && excludePriors) ? null : q;
        if (explore !== undefined && (isPrior || !rated) && !excludePriors) {
          // Only a prior (or nothing, started uniform): explored at a draw from the weak prior.
          qualityState = "quality-unknown";
          const post = qualityPosterior(rated ? q : 0.5, WEAK_PRIOR_STRENGTH, undefined);
          qualityDraw = drawUnit(post.mean, post.sd, explore.random);
        }
      }
    }
    if (minQuality > 0) {
      if (quality === null) {
        // Unknown quality: only an exploration draw from the weak prior can admit the model.
        if (qualityDraw !== null && qualityDraw >= minQuality) drawOnly = true;
        else {
          outcomes[i] = "quality-unknown";
          nd = note(details, nd, isPrior ? "prior" : "none", undefined);
          continue;
        }
      } else {
        // The floor is met at the confidence asked for: the one-sided lower bound on the rating
        // scale (learned quality: on the 0–1 scale of its posterior).
        const plain = qualityZ === 0 || predicted !== undefined;
        const bound = plain
          ? quality
          : learnedSd >= 0
            ? quality - qualityZ * learnedSd
            : gapColumn[kindBase + i]! - qualityZ * sigmaColumn[kindBase + i]!;
        const fails = plain || learnedSd >= 0 ? bound < minQuality : bound < floorGap;
        if (fails) {
          if (qualityDraw !== null && qualityDraw >= minQuality) drawOnly = true;
          else {
            outcomes[i] = "quality";
            nd = note(details, nd, quality, plain || learnedSd >= 0 ? bound : winRateOfGap(bound));
            continue;
          }
        }
      }
    }
    // Tokens.
    let prompt = familyTotals[s.familyIndex]!;
    if (prompt < 0) {
      prompt = prepared.tokens(s.family).total;
      familyTotals[s.familyIndex] = prompt;
    }
    const forecast = Math.min(sharedForecast ?? estimator.forecastOutput(request, s.key), s.maxOutput);
    let outReserve = Math.min(
      sharedReserve ?? Math.max(estimator.reserveOutput?.(request, s.key) ?? 0, forecast),
      s.maxOutput,
    );
    let thinking = 0;
    let thinkReserve = 0;
    if (s.capsMask & CAPABILITY_BITS.reasoning) {
      // Per model only for reasoning models, one look-up for both figures.
      if (reasoningPair) {
        const r = estimator.reasoningForecast!(request, s.key);
        thinking = r.expected;
        thinkReserve = Math.max(r.reserve, thinking);
      } else if (forecastsReasoning) thinkReserve = thinking = estimator.forecastReasoning!(request, s.key);
    }
    if (maxOutputTokens !== undefined) {
      if (maxOutputTokens > s.maxOutput) {
        outcomes[i] = "max-output";
        nd = note(details, nd, maxOutputTokens, undefined);
        continue;
      }
      // The cap bounds reasoning and visible output together (reasoning comes first).
      if (thinkReserve > maxOutputTokens) thinkReserve = maxOutputTokens;
      if (outReserve + thinkReserve > maxOutputTokens) outReserve = maxOutputTokens - thinkReserve;
    }
    if (prompt > s.maxInputTokens) {
      outcomes[i] = "input-limit";
      nd = note(details, nd, prompt, undefined);
      continue;
    }
    const reserve = maxOutputTokens ?? outReserve + thinkReserve;
    if (prompt + reserve > s.contextWindow) {
      outcomes[i] = "context-window";
      nd = note(details, nd, prompt, reserve);
      continue;
    }
    // Latency.
    if (!s.latencyLoaded) {
      s.latencyStat = ctx.latency(s.key);
      s.latencyLoaded = true;
    }
    const stat = s.latencyStat ?? s.latencyPrior;
    let latencyMs = Number.POSITIVE_INFINITY;
    let ttftMs: number | null = null;
    if (stat) {
      const t = stat.ttftMean + latencyZ * MAD_TO_SD * stat.ttftDev;
      ttftMs = Math.max(t, 0);
      latencyMs = ttftMs + ((outReserve + thinkReserve) * 1000) / stat.tokensPerSec;
    }
    if (maxLatencyMs !== Number.POSITIVE_INFINITY) {
      if (!stat) {
        outcomes[i] = "latency-unknown";
        continue;
      }
      if (latencyMs > maxLatencyMs) {
        outcomes[i] = "latency";
        nd = note(details, nd, latencyMs, undefined);
        continue;
      }
    }
    // Expected cost.
    const band = bandFor(s, prompt, askedMode);
    // Prompt cache, from the model's data: automatic caches read seen prefixes by themselves; explicit
    // ones read and write only where the router marks breakpoints (`promptCaching`).
    let cacheRead = 0;
    let cacheWrite = 0;
    let cacheable = false;
    const pc = s.promptCache;
    if (pc !== undefined && (pc.mode === "automatic" || promptCaching)) {
      const minPrefix = Math.max(pc.minPrefixTokens, minCacheTokens);
      cacheable = prompt >= minPrefix;
      cacheRead = anyCached ? (cached.get(s.key) ?? 0) : 0;
      if (cacheRead > prompt) cacheRead = prompt;
      if (cacheRead < minPrefix) cacheRead = 0;
      if (pc.mode === "explicit" && cacheable) cacheWrite = prompt - cacheRead;
    }
    const input = prompt - cacheRead - cacheWrite;
    const inputCost =
      band.perRequest + input * band.input + cacheRead * band.cacheRead + cacheWrite * band.cacheWrite;
    const expectedCost = (inputCost + forecast * band.output + thinking * band.reasoning) * fx;
    // A session's next turns on this model: each reads the previous prompt from the cache this call
    // leaves warm and pays for what it adds (the same rates; the tier of this prompt).
    let outlookCost = 0;
    if (outlook !== undefined && outlook.turns > 0) {
      const h = outlook.turns;
      const g = outlook.growthTokens ?? forecast;
      const previous = h * prompt + (g * h * (h - 1)) / 2;
      const fresh = cacheable && pc!.mode === "explicit" ? band.cacheWrite : band.input;
      const inputs = cacheable ? previous * band.cacheRead + h * g * fresh : (previous + h * g) * band.input;
      outlookCost =
        (inputs + h * (band.perRequest + forecast * band.output + thinking * band.reasoning)) * fx;
    }
    if (maxCost !== Number.POSITIVE_INFINITY || budgetCap !== Number.POSITIVE_INFINITY) {
      // The cap and the budgets hold for the output quantile, not only on average.
      const budgetCost = (inputCost + outReserve * band.output + thinkReserve * band.reasoning) * fx;
      if (budgetCost > maxCost) {
        outcomes[i] = "cost";
        nd = note(details, nd, budgetCost, undefined);
        continue;
      }
      if (budgetCost > budgetCap) {
        outcomes[i] = "budget";
        nd = note(details, nd, budgetCost, undefined);
        continue;
      }
    }
    const qualitySource =
      predicted !== undefined
        ? predictorSource
        : quality === null
          ? "none"
          : learnedSd >= 0
            ? "learned"
            : s.qualitySource[kindIndex]!;
    probe.state = s;
    probe.band = band;
    probe.expectedCost = expectedCost;
    probe.quality = quality;
    probe.latencyMs = latencyMs;
    probe.ttftMs = ttftMs;
    probe.qualitySource = qualitySource;
    probe.prompt = prompt;
    probe.cachedTokens = cacheRead;
    probe.cacheWrite = cacheWrite;
    probe.output = forecast;
    probe.reasoning = thinking;
    probe.outputReserve = outReserve;
    probe.reasoningReserve = thinkReserve;
    probe.outlookCost = outlookCost;
    probe.exploration = undefined;
    if (policy.admit) {
      const why = policy.admit(probe, policyContext);
      if (why !== undefined) {
        outcomes[i] = "policy";
        nd = note(details, nd, why, undefined);
        continue;
      }
    }
    outcomes[i] =
      (quality === null ? QUALITY_NULL : 0) |
      (ttftMs === null ? TTFT_NULL : 0) |
      (predicted !== undefined ? PREDICTED : 0) |
      (learnedSd >= 0 ? LEARNED : 0) |
      (drawOnly ? DRAW_ONLY : 0);
    if (explore !== undefined) {
      // Thompson sampling: a model whose latency or quality is unknown or stale competes at draws
      // from its posteriors; the cheapest (by the policy) whose draws meet the constraints is chosen.
      const latencyState = latencyFreshness(stat, at, explore.minObservations, explore.staleAfterMs);
      const reason: ExplorationReason | undefined =
        latencyState === "unknown"
          ? "latency-unknown"
          : latencyState === "stale"
            ? "latency-stale"
            : qualityState;
      if (reason !== undefined) {
        let latencyDraw: number | null = null;
        if (stat && maxLatencyMs !== Number.POSITIVE_INFINITY) {
          const n = latencyWeight(stat);
          const sd = MAD_TO_SD * stat.ttftDev;
          const mean = stat.ttftMean + (sd / Math.sqrt(n)) * normalDraw(explore.random);
          latencyDraw =
            Math.max(0, mean + latencyZ * sd) + ((outReserve + thinkReserve) * 1000) / stat.tokensPerSec;
        }
        const fits = latencyDraw === null || latencyDraw <= maxLatencyMs;
        if (fits && (exploreBest === undefined || policy.compare(probe, exploreBest, policyContext) < 0)) {
          exploreBest = probe.clone();
          exploreBest.exploration = {
            reason,
            draws: { quality: minQuality > 0 ? qualityDraw : null, latencyMs: latencyDraw },
          };
          exploreAt = i;
        }
      }
    }
    const k = eligibleCount * NUMBERS;
    numbers[k + COST] = expectedCost;
    numbers[k + QUALITY] = quality ?? 0;
    numbers[k + LATENCY] = latencyMs;
    numbers[k + TTFT] = ttftMs ?? 0;
    numbers[k + PROMPT] = prompt;
    numbers[k + CACHE_READ] = cacheRead;
    numbers[k + CACHE_WRITE] = cacheWrite;
    numbers[k + OUTPUT] = forecast;
    numbers[k + REASONING] = thinking;
    numbers[k + OUTPUT_RESERVE] = outReserve;
    numbers[k + REASONING_RESERVE] = thinkReserve;
    numbers[k + OUTLOOK] = outlookCost;
    bands[eligibleCount] = band;
    eligibleCount++;
    if (!drawOnly && (best === undefined || policy.compare(probe, best, policyContext) < 0)) {
      const previous = best;
      best = probe;
      bestAt = i;
      probe = previous ?? new Scored();
    }
  }
  table.eligibleHint = eligibleCount;
  if (exploreBest !== undefined) {
    best = exploreBest;
    bestAt = exploreAt;
  }
  return new LazySelection(
    best,
    bestAt,
    states,
    records,
    constraints,
    kindIndex,
    predictorSource,
    policyContext,
  );
}

/** The failover order: the best first, then the rest by the policy. */
export function orderCandidates(selection: Selection, policy: RoutingPolicy): ScoredCandidate[] {
  return [...selection.eligible].sort((a, b) => policy.compare(a, b, selection.policyContext));
}

/** `maxCostPerCall` as a float in `currency` (selection ranks and checks in floats); Infinity without a cap. */
export function maxCostToFloat(
  amount: import("./types").Constraints["maxCostPerCall"],
  currency: string,
): number {
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
}

/** Resolves constraints: request values over router defaults. */
export function resolveConstraints(
  request: { taskKind?: TaskKind; constraints?: import("./types").Constraints },
  defaults: import("./types").Constraints,
  toFloat: (amount: import("./types").Constraints["maxCostPerCall"], currency: string) => number,
  sets: (list: readonly string[] | undefined) => ReadonlySet<string> | undefined,
): ResolvedConstraints {
  const c = request.constraints ?? {};
  const taskKind = request.taskKind ?? "general";
  const currency = c.currency ?? defaults.currency ?? "USD";
  const percentile = c.latencyPercentile ?? defaults.latencyPercentile ?? 0.9;
  const confidence = c.qualityConfidence ?? defaults.qualityConfidence ?? 0.5;
  if (!(typeof confidence === "number" && confidence >= 0.5 && confidence < 1)) {
    throw new ValidationError({
      source: "router request",
      issues: [
        {
          path: ["constraints", "qualityConfidence"],
          message:
            "must be a number in [0.5, 1): 0.5 checks the floor against the estimate, 0.95 against its one-sided 95% lower bound",
          value: confidence,
        },
      ],
    });
  }
  const maxCostRaw = c.maxCostPerCall ?? defaults.maxCostPerCall;
  return {
    taskKind,
    minQuality: qualityFloor(c.minQuality ?? defaults.minQuality, taskKind),
    qualityConfidence: confidence,
    qualityZ: confidence === 0.5 ? 0 : normalQuantile(confidence),
    maxLatencyMs: c.maxLatencyMs ?? defaults.maxLatencyMs ?? Number.POSITIVE_INFINITY,
    latencyPercentile: percentile,
    latencyZ: normalQuantile(percentile),
    allowProviders: sets(c.allowProviders ?? defaults.allowProviders),
    denyProviders: sets(c.denyProviders ?? defaults.denyProviders),
    allowModels: sets(c.allowModels ?? defaults.allowModels),
    denyModels: sets(c.denyModels ?? defaults.denyModels),
    maxCost: maxCostRaw === undefined ? Number.POSITIVE_INFINITY : toFloat(maxCostRaw, currency),
    budgetCap: Number.POSITIVE_INFINITY,
    budgetId: undefined,
    currency,
  };
}
