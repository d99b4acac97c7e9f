import { type FxTable, makeUsage, type TaskKind, type Usage } from "@tokenwise/core";
import { bandFor, fxFactor, type ModelState, type RateBand, refreshModelState } from "./candidate-table";
import { type LatencyStat, latencyPrior, normalQuantile, predictLatency } from "./latency-stats";
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

/** Everything selection reads besides the request. */
export interface SelectionContext {
  readonly states: readonly ModelState[];
  readonly fx: FxTable;
  readonly estimator: TokenEstimator;
  readonly latency: (key: string) => LatencyStat | undefined;
  readonly policy: RoutingPolicy;
  readonly circuitOpen: (provider: string, at: number) => boolean;
  readonly hasCredentials: (provider: string) => boolean;
  /** Add Anthropic cache breakpoints (and so expect cache writes) on `anthropic`-style models. */
  readonly anthropicCaching: boolean;
  /** Smallest prefix a provider caches. */
  readonly minCacheTokens: number;
}

export interface Selection {
  readonly eligible: ScoredCandidate[];
  readonly best: ScoredCandidate | undefined;
  readonly rejected: RejectedCandidate[];
  readonly policyContext: PolicyContext;
}

function reject(
  out: RejectedCandidate[],
  s: ModelState,
  code: RejectedCandidate["code"],
  reason: string,
): void {
  out.push({ provider: s.provider, model: s.entry.id, code, reason });
}

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
  const states = ctx.states;
  for (let i = 0; i < states.length; i++) {
    const s = states[i]!;
    if (constraints.allowProviders && !constraints.allowProviders.has(s.provider)) {
      reject(rejected, s, "provider-denied", `provider ${s.provider} is not in allowProviders`);
      continue;
    }
    if (constraints.denyProviders?.has(s.provider)) {
      reject(rejected, s, "provider-denied", `provider ${s.provider} is in denyProviders`);
      continue;
    }
    if (constraints.allowModels && !constraints.allowModels.has(s.key)) {
      reject(rejected, s, "model-denied", `${s.key} is not in allowModels`);
      continue;
    }
    if (constraints.denyModels?.has(s.key)) {
      reject(rejected, s, "model-denied", `${s.key} is in denyModels`);
      continue;
    }
    if ((need & s.capsMask) !== need) {
      reject(rejected, s, "capability", `missing capability: ${missingCaps(need, s.capsMask)}`);
      continue;
    }
    if (!ctx.hasCredentials(s.provider)) {
      reject(rejected, s, "no-credentials", `no API key for provider ${s.provider}`);
      continue;
    }
    if (ctx.circuitOpen(s.provider, at)) {
      reject(rejected, s, "circuit-open", `circuit breaker open for provider ${s.provider}`);
      continue;
    }
    refreshModelState(s, at);
    if (s.price === undefined) {
      reject(rejected, s, "price-unavailable", s.priceProblem ?? "no price in force");
      continue;
    }
    const fx = fxFactor(s, currency, ctx.fx, at);
    if (Number.isNaN(fx)) {
      reject(rejected, s, "fx-missing", `no FX rate ${s.price.currency}→${currency}`);
      continue;
    }
    // Quality.
    const predicted = predictions?.get(s.key);
    let quality: number | null;
    let qualitySource: string;
    if (predicted !== undefined) {
      quality = predicted;
      qualitySource = predictorName ?? "predictor";
    } else {
      const q = s.entry.quality[taskKind] ?? s.entry.quality.general;
      quality = q ? q.score : null;
      qualitySource = q ? q.source : "none";
    }
    if (minQuality > 0) {
      if (quality === null) {
        reject(rejected, s, "quality-unknown", `no ${taskKind} quality score (floor ${minQuality})`);
        continue;
      }
      if (quality < minQuality) {
        reject(rejected, s, "quality", `quality ${quality.toFixed(3)} < floor ${minQuality} (${taskKind})`);
        continue;
      }
    }
    // Tokens.
    const tokens = prepared.tokens(s.family);
    const prompt = tokens.total;
    const forecast = Math.min(ctx.estimator.forecastOutput(request, s.key), s.entry.maxOutput);
    const reserve = request.maxOutputTokens ?? forecast;
    if (request.maxOutputTokens !== undefined && request.maxOutputTokens > s.entry.maxOutput) {
      reject(
        rejected,
        s,
        "max-output",
        `maxOutputTokens ${request.maxOutputTokens} > model max ${s.entry.maxOutput}`,
      );
      continue;
    }
    if (prompt + reserve > s.entry.contextWindow) {
      reject(
        rejected,
        s,
        "context-window",
        `${prompt} input + ${reserve} output tokens > context window ${s.entry.contextWindow}`,
      );
      continue;
    }
    // Latency.
    const stat = ctx.latency(s.key) ?? latencyPrior(s.entry.latency);
    let latencyMs = Number.POSITIVE_INFINITY;
    let ttftMs: number | null = null;
    if (stat) {
      const p = predictLatency(stat, latencyZ, forecast);
      latencyMs = p.totalMs;
      ttftMs = p.ttftMs;
    }
    if (maxLatencyMs !== Number.POSITIVE_INFINITY) {
      if (!stat) {
        reject(rejected, s, "latency-unknown", `no latency profile or observation (cap ${maxLatencyMs} ms)`);
        continue;
      }
      if (latencyMs > maxLatencyMs) {
        reject(
          rejected,
          s,
          "latency",
          `predicted p${Math.round(constraints.latencyPercentile * 100)} ${Math.round(latencyMs)} ms > cap ${maxLatencyMs} ms`,
        );
        continue;
      }
    }
    // Expected cost.
    const band = bandFor(s, prompt);
    let cacheRead = cached.get(s.key) ?? 0;
    if (cacheRead < ctx.minCacheTokens || cacheRead > prompt) cacheRead = cacheRead > prompt ? prompt : 0;
    let cacheWrite = 0;
    if (ctx.anthropicCaching && s.entry.api === "anthropic" && prompt >= ctx.minCacheTokens) {
      cacheWrite = prompt - cacheRead;
    }
    const input = prompt - cacheRead - cacheWrite;
    const expectedCost =
      (band.perRequest +
        input * band.input +
        cacheRead * band.cacheRead +
        cacheWrite * band.cacheWrite +
        forecast * band.output) *
      fx;
    if (expectedCost > maxCost) {
      reject(
        rejected,
        s,
        "cost",
        `expected ${expectedCost.toPrecision(4)} ${currency} > maxCostPerCall ${maxCost} ${currency}`,
      );
      continue;
    }
    const scored: ScoredCandidate = {
      key: s.key,
      entry: s.entry,
      expectedCost,
      quality,
      latencyMs,
      cachedTokens: cacheRead,
      state: s,
      band,
      usage: makeUsage({ input, cacheRead, cacheWrite, output: forecast }),
      prompt,
      ttftMs,
      qualitySource,
    };
    if (policy.admit) {
      const why = policy.admit(scored, policyContext);
      if (why !== undefined) {
        reject(rejected, s, "policy", why);
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
