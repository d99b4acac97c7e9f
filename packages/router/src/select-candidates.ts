import { type FxTable, type ModelEntry, TASK_KINDS, type TaskKind, type Usage } from "@tokenwise/core";
import {
  bandFor,
  CAPABILITY_BITS,
  fxFactor,
  type ModelState,
  type RateBand,
  refreshModelState,
} from "./candidate-table";
import { type LatencyStat, MAD_TO_SD, normalQuantile } from "./latency-stats";
import type { PreparedRequest } from "./prepare-request";
import type { CandidateScore, PolicyContext, RoutingPolicy } from "./routing-policy";
import type { TokenEstimator } from "./token-estimator";
import type { RejectedCandidate } from "./types";

/** Constraints resolved for one request (defaults merged, sets built). */
export interface ResolvedConstraints {
  taskKind: TaskKind;
  minQuality: number;
  maxLatencyMs: number;
  latencyZ: number;
  latencyPercentile: number;
  allowProviders: ReadonlySet<string> | undefined;
  denyProviders: ReadonlySet<string> | undefined;
  allowModels: ReadonlySet<string> | undefined;
  denyModels: ReadonlySet<string> | undefined;
  /** Float, in `currency`; Infinity when none. */
  maxCost: number;
  currency: string;
}

/** A candidate that passed every constraint, with its expectation. */
export interface ScoredCandidate extends CandidateScore {
  readonly state: ModelState;
  readonly band: RateBand;
  /** Expected usage (input split into uncached, cache read, cache write; output forecast). */
  readonly usage: Usage;
  readonly prompt: number;
  readonly ttftMs: number | null;
  readonly qualitySource: string;
}

/** A scored candidate; its expected usage object is built on first read (most are never read). */
class Scored implements ScoredCandidate {
  private cachedUsage: Usage | undefined;
  constructor(
    readonly state: ModelState,
    readonly band: RateBand,
    readonly expectedCost: number,
    readonly quality: number | null,
    readonly latencyMs: number,
    readonly ttftMs: number | null,
    readonly qualitySource: string,
    readonly prompt: number,
    readonly cachedTokens: number,
    readonly cacheWrite: number,
    readonly output: number,
    readonly reasoning: number,
  ) {}
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
  readonly estimator: TokenEstimator;
  readonly latency: (key: string) => LatencyStat | undefined;
  readonly policy: RoutingPolicy;
  readonly circuitOpen: (provider: string, at: number) => boolean;
  /** Distinct providers and tokenizer families among `states` (see `providerIndex`, `familyIndex`). */
  readonly providerCount: number;
  readonly familyCount: number;
  readonly hasCredentials: (provider: string) => boolean;
  /** Add Anthropic cache breakpoints (and so expect cache writes) on `anthropic`-style models. */
  readonly anthropicCaching: boolean;
  /** Smallest prefix a provider caches. */
  readonly minCacheTokens: number;
}

export interface Selection {
  readonly eligible: ScoredCandidate[];
  readonly best: ScoredCandidate | undefined;
  /** Every rejected model with its reason (formatted on first read). */
  readonly rejected: RejectedCandidate[];
  readonly policyContext: PolicyContext;
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
        return `no API key for provider ${s.provider}`;
      case "circuit-open":
        return `circuit breaker open for provider ${s.provider}`;
      case "capability":
        return `missing capability: ${missingCaps(Number(a), s.capsMask)}`;
      case "price-unavailable":
        return s.priceProblem ?? "no price in force";
      case "fx-missing":
        return `no FX rate ${s.price?.currency}→${c.currency}`;
      case "quality-unknown":
        return `no ${c.taskKind} quality score (floor ${c.minQuality})`;
      case "quality":
        return `quality ${Number(a).toFixed(3)} < floor ${c.minQuality} (${c.taskKind})`;
      case "max-output":
        return `maxOutputTokens ${a} > model max ${s.maxOutput}`;
      case "context-window":
        return `${a} input + ${b} output tokens > context window ${s.contextWindow}`;
      case "latency-unknown":
        return `no latency profile or observation (cap ${c.maxLatencyMs} ms)`;
      case "latency":
        return `predicted p${Math.round(c.latencyPercentile * 100)} ${Math.round(Number(a))} ms > cap ${c.maxLatencyMs} ms`;
      case "cost":
        return `expected ${Number(a).toPrecision(4)} ${c.currency} > maxCostPerCall ${c.maxCost} ${c.currency}`;
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
  const { taskKind, minQuality, maxLatencyMs, latencyZ, maxCost, currency } = constraints;
  const policyContext: PolicyContext = { taskKind, minQuality, currency };
  const eligible: ScoredCandidate[] = [];
  const rejected: RejectedCandidate[] = [];
  const policy = ctx.policy;
  let best: ScoredCandidate | undefined;
  const need = prepared.capsMask;
  const providerStatus: number[] = new Array(ctx.providerCount).fill(0);
  const familyTotals: number[] = new Array(ctx.familyCount).fill(-1);
  const anyCached = cached.size > 0;
  const sharedForecast =
    ctx.estimator.outputForecastByModel === false ? ctx.estimator.forecastOutput(request, "") : undefined;
  const kindIndex = TASK_KINDS.indexOf(taskKind);
  const states = ctx.states;
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
      rejected.push(new Rejection(s, code, constraints, detail, undefined));
      continue;
    }
    if (constraints.allowModels && !constraints.allowModels.has(s.key)) {
      rejected.push(new Rejection(s, "model-denied", constraints, "allow", undefined));
      continue;
    }
    if (constraints.denyModels?.has(s.key)) {
      rejected.push(new Rejection(s, "model-denied", constraints, "deny", undefined));
      continue;
    }
    if ((need & s.capsMask) !== need) {
      rejected.push(new Rejection(s, "capability", constraints, need, undefined));
      continue;
    }
    refreshModelState(s, at);
    if (s.price === undefined) {
      rejected.push(new Rejection(s, "price-unavailable", constraints, undefined, undefined));
      continue;
    }
    const fx = fxFactor(s, currency, ctx.fx, at);
    if (Number.isNaN(fx)) {
      rejected.push(new Rejection(s, "fx-missing", constraints, undefined, undefined));
      continue;
    }
    // Quality.
    const predicted = predictions === undefined ? undefined : predictions.get(s.key);
    let quality: number | null;
    let qualitySource: string;
    if (predicted !== undefined) {
      quality = predicted;
      qualitySource = predictorName ?? "predictor";
    } else {
      const q = s.quality[kindIndex]!;
      quality = Number.isNaN(q) ? null : q;
      qualitySource = s.qualitySource[kindIndex]!;
    }
    if (minQuality > 0) {
      if (quality === null) {
        rejected.push(new Rejection(s, "quality-unknown", constraints, undefined, undefined));
        continue;
      }
      if (quality < minQuality) {
        rejected.push(new Rejection(s, "quality", constraints, quality, undefined));
        continue;
      }
    }
    // Tokens.
    let prompt = familyTotals[s.familyIndex]!;
    if (prompt < 0) {
      prompt = prepared.tokens(s.family).total;
      familyTotals[s.familyIndex] = prompt;
    }
    const forecast = Math.min(sharedForecast ?? ctx.estimator.forecastOutput(request, s.key), s.maxOutput);
    const thinking =
      s.capsMask & CAPABILITY_BITS.reasoning && ctx.estimator.forecastReasoning
        ? ctx.estimator.forecastReasoning(request, s.key)
        : 0;
    const reserve = request.maxOutputTokens ?? forecast + thinking;
    if (request.maxOutputTokens !== undefined && request.maxOutputTokens > s.maxOutput) {
      rejected.push(new Rejection(s, "max-output", constraints, request.maxOutputTokens, undefined));
      continue;
    }
    if (prompt + reserve > s.contextWindow) {
      rejected.push(new Rejection(s, "context-window", constraints, prompt, reserve));
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
      latencyMs = ttftMs + ((forecast + thinking) * 1000) / stat.tokensPerSec;
    }
    if (maxLatencyMs !== Number.POSITIVE_INFINITY) {
      if (!stat) {
        rejected.push(new Rejection(s, "latency-unknown", constraints, undefined, undefined));
        continue;
      }
      if (latencyMs > maxLatencyMs) {
        rejected.push(new Rejection(s, "latency", constraints, latencyMs, undefined));
        continue;
      }
    }
    // Expected cost.
    const band = bandFor(s, prompt);
    let cacheRead = anyCached ? (cached.get(s.key) ?? 0) : 0;
    if (cacheRead < ctx.minCacheTokens || cacheRead > prompt) cacheRead = cacheRead > prompt ? prompt : 0;
    let cacheWrite = 0;
    if (ctx.anthropicCaching && s.isAnthropic && prompt >= ctx.minCacheTokens) {
      cacheWrite = prompt - cacheRead;
    }
    const input = prompt - cacheRead - cacheWrite;
    const expectedCost =
      (band.perRequest +
        input * band.input +
        cacheRead * band.cacheRead +
        cacheWrite * band.cacheWrite +
        forecast * band.output +
        thinking * band.reasoning) *
      fx;
    if (expectedCost > maxCost) {
      rejected.push(new Rejection(s, "cost", constraints, expectedCost, undefined));
      continue;
    }
    const scored = new Scored(
      s,
      band,
      expectedCost,
      quality,
      latencyMs,
      ttftMs,
      qualitySource,
      prompt,
      cacheRead,
      cacheWrite,
      forecast,
      thinking,
    );
    if (policy.admit) {
      const why = policy.admit(scored, policyContext);
      if (why !== undefined) {
        rejected.push(new Rejection(s, "policy", constraints, why, undefined));
        continue;
      }
    }
    eligible.push(scored);
    if (!best || policy.compare(scored, best, policyContext) < 0) best = scored;
  }
  return { eligible, best, rejected, policyContext };
}

/** The failover order: the best first, then the rest by the policy. */
export function orderCandidates(selection: Selection, policy: RoutingPolicy): ScoredCandidate[] {
  return [...selection.eligible].sort((a, b) => policy.compare(a, b, selection.policyContext));
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
  const maxCostRaw = c.maxCostPerCall ?? defaults.maxCostPerCall;
  return {
    taskKind,
    minQuality: qualityFloor(c.minQuality ?? defaults.minQuality, taskKind),
    maxLatencyMs: c.maxLatencyMs ?? defaults.maxLatencyMs ?? Number.POSITIVE_INFINITY,
    latencyPercentile: percentile,
    latencyZ: normalQuantile(percentile),
    allowProviders: sets(c.allowProviders ?? defaults.allowProviders),
    denyProviders: sets(c.denyProviders ?? defaults.denyProviders),
    allowModels: sets(c.allowModels ?? defaults.allowModels),
    denyModels: sets(c.denyModels ?? defaults.denyModels),
    maxCost: maxCostRaw === undefined ? Number.POSITIVE_INFINITY : toFloat(maxCostRaw, currency),
    currency,
  };
}
