/**
 * The learning simulation: a router with 2% exploration routes a stream of calls to simulated
 * providers on loopback whose true latency and quality differ from what the catalog says, and a
 * simulated user scores every answer from the serving model's true quality. Measures how fast the
 * router's latency estimates reach the truth, how often a deadline is missed, how many calls it takes
 * for traffic to leave a model whose quality declined, when an unrated model enters, and the regret
 * against an oracle that knows the true latency and quality.
 *
 * The models are synthetic (ids `sim-*`, prices and priors made up for the simulation, sourced
 * `simulation`): nothing here is a fact about a real provider.
 */

import { type ModelEntry, moneyToNumber, type TaskKind } from "@tokenwise/core";
import { seededRandom } from "@tokenwise/core/internal";
import {
  type CallReport,
  createMemoryLatencyStore,
  createRouter,
  type LatencyStat,
  NoCandidateError,
  type Router,
} from "@tokenwise/router";
import { startTsxWorker } from "../support/tsx-worker";
import { type SimModel, scaledModels, simEntries } from "./scenario";

export interface LearningOptions {
  /** Calls in the run. */
  calls: number;
  /** The call index where `sim-decliner`'s true quality drops (negative feedback starts). */
  declineAt: number;
  /** Exploration share. Default 0.02. */
  rate?: number;
  /** Share of calls with a deadline (`code` tasks, `maxLatencyMs`); the rest are `general` without one. */
  deadlineShare?: number;
  /** The deadline, ms (before `scale`). Default 80. */
  maxLatencyMs?: number;
  /**
   * Multiplies every latency (priors, truths, the deadline): larger makes the loopback and SDK
   * overhead (a few ms per call) a smaller share of the truth. Default 4.
   */
  scale?: number;
  /** Quality floor of every call. Default 0.7. */
  minQuality?: number;
  /** Calls in flight at once. Default 4. */
  concurrency?: number;
  /** Seed of the workload, the user's scores and the exploration draws. */
  seed?: number;
  /** Testkit latency jitter. Default 0.1. */
  jitter?: number;
  /** When a model's statistics count as stale (real ms: the run takes tens of seconds). Default 10,000. */
  staleAfterMs?: number;
}

/** What the run measured. */
export interface LearningResult {
  calls: number;
  exploration_rate: number;
  /** Per 3×-off model: calls (of the whole run) until its TTFT estimate first came within 10% of the truth; null: never. */
  latency_converge_calls: Record<string, number | null>;
  /** Final TTFT estimate (p50), truth, prior, relative error and observations per model. */
  latency_estimates: Record<
    string,
    { estimate_ms: number; truth_ms: number; prior_ms: number; error: number; observations: number }
  >;
  /** Share of calls with a deadline that missed it (cut by it or answered after it). */
  deadline_violations: number;
  /** Calls no model could serve within the constraints as the router knew them (NoCandidateError). */
  no_candidate_calls: number;
  deadline_calls: number;
  deadline_misses: number;
  /** Calls after the decline started until the last non-exploratory call to the declined model. */
  quality_switch_calls: number | null;
  /** Calls until the unrated model got its first non-exploratory call; null: never. */
  unrated_enter_calls: number | null;
  exploratory_calls: number;
  /** Calls served by a model whose true quality was below the floor. */
  floor_misses: number;
  /** What the run paid minus what the oracle would have paid for the same usage, USD. */
  regret_usd: number;
  spent_usd: number;
  oracle_usd: number;
  /** Calls per model, non-exploratory and exploratory. */
  traffic: Record<string, { routed: number; explored: number }>;
  failed_calls: number;
}

/** USD of a usage at a simulated model's prices. */
function costOf(m: SimModel, input: number, output: number): number {
  return (input * Number(m.input) + output * Number(m.output)) / 1e6;
}

/**
 * The oracle's model for a call: the cheapest whose true quality meets the floor and whose true
 * latency (TTFT plus jitter, plus the output time) fits the deadline.
 */
function oracleModel(
  models: readonly SimModel[],
  kind: TaskKind,
  declined: boolean,
  minQuality: number,
  deadline: number | undefined,
  jitter: number,
): SimModel | undefined {
  let best: SimModel | undefined;
  for (const m of models) {
    const q = ((declined ? m.declinedQuality : undefined) ?? m.trueQuality)[kind] ?? 0;
    if (q < minQuality) continue;
    if (deadline !== undefined && m.trueTtftMs * (1 + jitter) + 10 > deadline) continue;
    if (!best || Number(m.input) < Number(best.input)) best = m;
  }
  return best;
}

/** Runs the simulation on a testkit on loopback (real time: latencies are the testkit's, in ms). */
export async function runLearning(options: LearningOptions): Promise<LearningResult> {
  const {
    calls,
    declineAt,
    rate = 0.02,
    deadlineShare = 0.2,
    minQuality = 0.7,
    concurrency = 4,
    seed = 1,
    jitter = 0.1,
    scale = 4,
    staleAfterMs = 10_000,
  } = options;
  const models = scaledModels(scale);
  const maxLatencyMs = (options.maxLatencyMs ?? 80) * scale;
  const byId = new Map(models.map((m) => [m.id, m]));
  const entries = simEntries(models);
  // The simulated providers run in a worker thread: their CPU time stays out of the router's event
  // loop, so the latency the router observes is the simulated one plus only the client's overhead.
  const kit = await startKitWorker({ scale, jitter, seed });
  await warmUp(entries, kit.baseURL);
  const latencyStore = createMemoryLatencyStore();
  const workload = seededRandom(seed);
  const user = seededRandom(seed + 1);
  const router: Router = createRouter({
    models: entries,
    providers: { sim: { apiKey: "sk-sim", baseURL: kit.baseURL } },
    env: {},
    latencyStore,
    unknownQuality: "prior",
    exploration: { rate, seed: seed + 2, staleAfterMs },
    retry: { maxRetries: 0 },
    defaults: { minQuality },
    onWarning: () => {},
  });
  const slowKeys = models.filter((m) => m.trueTtftMs !== m.priorTtftMs && m.catalogQuality !== undefined);
  const converged: Record<string, number | null> = {};
  for (const m of slowKeys) converged[m.id] = null;
  const traffic: LearningResult["traffic"] = {};
  for (const m of models) traffic[m.id] = { routed: 0, explored: 0 };
  let deadlineCalls = 0;
  let deadlineMisses = 0;
  let lastDeclinedRouted = -1;
  let unratedEnter: number | null = null;
  let exploratory = 0;
  let floorMisses = 0;
  let oracle = 0;
  let failed = 0;
  let noCandidate = 0;
  let next = 0;
  let done = 0;

  const one = async (i: number) => {
    const withDeadline = workload() < deadlineShare;
    const kind: TaskKind = withDeadline ? "code" : "general";
    const declined = i >= declineAt;
    const started = performance.now();
    let report: CallReport | undefined;
    try {
      const result = await router.generate({
        taskKind: kind,
        messages: [{ role: "user", content: `Question ${i}: what is six times seven?` }],
        maxOutputTokens: 16,
        ...(withDeadline ? { constraints: { maxLatencyMs } } : {}),
      });
      report = result.report;
    } catch (error) {
      if (error instanceof NoCandidateError) {
        noCandidate++;
        return;
      }
      failed++;
      if (withDeadline) {
        deadlineCalls++;
        deadlineMisses++;
      }
      return;
    }
    const m = byId.get(report.model)!;
    if (withDeadline) {
      deadlineCalls++;
      if (performance.now() - started > maxLatencyMs) deadlineMisses++;
    }
    const explored = report.exploration !== undefined;
    if (explored) {
      exploratory++;
      traffic[m.id]!.explored++;
    } else {
      traffic[m.id]!.routed++;
      if (m.declinedQuality && declined) lastDeclinedRouted = i;
      if (m.catalogQuality === undefined && unratedEnter === null) unratedEnter = i;
    }
    const trueQ = ((declined ? m.declinedQuality : undefined) ?? m.trueQuality)[kind] ?? 0;
    if (trueQ < minQuality) floorMisses++;
    // The user: thumbs up with the model's true quality as the probability.
    router.feedback(report.id, { score: user() < trueQ ? 1 : 0 });
    const paid = moneyToNumber(report.total);
    const o = oracleModel(
      models,
      kind,
      declined,
      minQuality,
      withDeadline ? maxLatencyMs : undefined,
      jitter,
    );
    const u = report.realized.usage;
    oracle += o ? costOf(o, u.input + u.cacheRead + u.cacheWrite, u.output) : paid;
  };

  const checkConvergence = async (i: number) => {
    for (const m of slowKeys) {
      const stat = (await latencyStore.get(`sim/${m.id}`)) as LatencyStat | undefined;
      const within = stat !== undefined && Math.abs(stat.ttftMean - m.trueTtftMs) <= 0.1 * m.trueTtftMs;
      if (within) converged[m.id] ??= i;
    }
  };

  const worker = async () => {
    while (next < calls) {
      const i = next++;
      await one(i);
      done++;
      await checkConvergence(done);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await kit.close();
  }

  // What was paid, failed (deadline-cut) attempts included: the ledger's total.
  const spent = moneyToNumber(router.ledger.total("USD"));
  const estimates: LearningResult["latency_estimates"] = {};
  for (const m of models) {
    const stat = await latencyStore.get(`sim/${m.id}`);
    estimates[m.id] = {
      estimate_ms: stat?.ttftMean ?? m.priorTtftMs,
      truth_ms: m.trueTtftMs,
      error: ((stat?.ttftMean ?? m.priorTtftMs) - m.trueTtftMs) / m.trueTtftMs,
      prior_ms: m.priorTtftMs,
      observations: stat?.count ?? 0,
    };
  }
  return {
    calls,
    exploration_rate: rate,
    latency_converge_calls: converged,
    latency_estimates: estimates,
    deadline_violations: deadlineCalls === 0 ? 0 : deadlineMisses / deadlineCalls,
    deadline_calls: deadlineCalls,
    deadline_misses: deadlineMisses,
    quality_switch_calls: lastDeclinedRouted < 0 ? null : lastDeclinedRouted - declineAt + 1,
    unrated_enter_calls: unratedEnter,
    exploratory_calls: exploratory,
    floor_misses: floorMisses,
    regret_usd: spent - oracle,
    spent_usd: spent,
    oracle_usd: oracle,
    traffic,
    failed_calls: failed,
    no_candidate_calls: noCandidate,
  };
}

/** Starts the testkit worker; resolves with its base URL and a `close`. */
async function startKitWorker(data: {
  scale: number;
  jitter: number;
  seed: number;
}): Promise<{ baseURL: string; close: () => Promise<void> }> {
  const kit = await startTsxWorker<{ baseURL: string }>(
    new URL("./testkit-worker.ts", import.meta.url),
    data,
  );
  return { baseURL: kit.ready.baseURL, close: kit.close };
}

/**
 * Warms the simulated providers and the client code (JIT, connections) with a throwaway router, so
 * that the run's first observations are not the cold start's.
 */
async function warmUp(entries: ModelEntry[], baseURL: string): Promise<void> {
  const router = createRouter({
    models: entries,
    providers: { sim: { apiKey: "sk-sim", baseURL } },
    env: {},
    onWarning: () => {},
  });
  for (let round = 0; round < 5; round++) {
    await Promise.all(
      entries.map((e) =>
        router.generate({
          messages: [{ role: "user", content: "warm up" }],
          maxOutputTokens: 16,
          constraints: { allowModels: [`sim/${e.id}`] },
        }),
      ),
    );
  }
}
