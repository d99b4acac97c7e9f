import {
  createStoreMirror,
  type StoreErrorHandler,
  type StoreMirror,
  TASK_KINDS,
  type TaskKind,
} from "@tokenwise/core";
import type { ModelState } from "./candidate-table";
import { type CircuitBreaker, type CircuitBreakerSettings, createCircuitBreaker } from "./circuit-breaker";
import {
  type LatencyObservation,
  type LatencyStat,
  type LatencyStore,
  observeLatency,
} from "./latency-stats";
import { observeQuality, type QualityStat, type QualityStore, qualityKey } from "./learning/quality-stats";
import { createPrefixTracker, type PrefixTracker } from "./prefix-tracker";

/** What {@link createStatsSnapshot} is built from: the router's store settings. */
export interface StatsSnapshotSettings {
  latencyStore?: LatencyStore;
  /** Learned quality per model and task kind. Default: a private in-memory store. */
  qualityStore?: QualityStore;
  circuitBreaker?: CircuitBreakerSettings | CircuitBreaker;
  prefixTracker?: PrefixTracker;
  /** How long the local views are trusted before re-reading the stores, ms. Default 1,000. */
  refreshMs?: number;
  onStoreError?: StoreErrorHandler;
  /** The clock, epoch ms. */
  now: () => number;
}

/**
 * The router's synchronous view of its asynchronous stores (latency statistics, breaker states,
 * prefix sightings): selection reads it without awaiting; observations are written to it at once and
 * to the stores in the background; it is re-read from the stores at most every `refreshMs`, started
 * by the selection that finds it stale (stale-while-revalidate), or on demand with `refresh()`.
 */
export interface StatsSnapshot {
  readonly breaker: CircuitBreaker;
  readonly tracker: PrefixTracker;
  /** The latency view (`get` is what selection's `latency` reads when a model's stat is not loaded). */
  readonly latency: StoreMirror<LatencyStat>;
  /** The learned-quality view (keys `provider/id#taskKind`). */
  readonly quality: StoreMirror<QualityStat>;
  /** Before a selection: starts background refreshes of stale views, applies landed ones to the model states. */
  beforeSelect(): void;
  /** Re-reads every view now (e.g. at startup, to begin with what other processes learned). */
  refresh(): Promise<void>;
  /** The latency a model is predicted with now: observed, else the catalog prior. */
  latencyOf(state: ModelState): LatencyStat | undefined;
  /** Folds one observed call into the model's latency (view and state now, store in the background). */
  observeLatency(state: ModelState, observation: LatencyObservation): LatencyStat;
  /** Folds one feedback score into the model's learned quality on a task kind (view now, store in the background). */
  observeQuality(state: ModelState, taskKind: TaskKind, score: number, atMs: number): QualityStat;
}

/** Builds the {@link StatsSnapshot} of a router over its model states. */
export function createStatsSnapshot(
  states: readonly ModelState[],
  settings: StatsSnapshotSettings,
): StatsSnapshot {
  const { refreshMs, onStoreError, now } = settings;
  const common = {
    ...(refreshMs !== undefined ? { refreshMs } : {}),
    ...(onStoreError ? { onStoreError } : {}),
    now,
  };
  const latency = createStoreMirror(settings.latencyStore, {
    name: "latency",
    ...common,
  });
  const quality = createStoreMirror(settings.qualityStore, {
    name: "quality",
    ...common,
  });
  const breaker =
    settings.circuitBreaker && "isOpen" in settings.circuitBreaker
      ? settings.circuitBreaker
      : createCircuitBreaker({ ...common, ...settings.circuitBreaker });
  const tracker = settings.prefixTracker ?? createPrefixTracker(onStoreError ? { onStoreError } : {});
  const modelKeys = states.map((s) => s.key);
  const qualityKeys = states.flatMap((s) => TASK_KINDS.map((k) => qualityKey(s.key, k)));
  const providers = [...new Set(states.map((s) => s.provider))];
  const keysOfModels = () => modelKeys;
  const keysOfProviders = () => providers;
  const keysOfQuality = () => qualityKeys;
  let applied = latency.generation;
  let appliedQuality = quality.generation;
  const apply = () => {
    if (latency.generation !== applied) {
      applied = latency.generation;
      for (const s of states) {
        s.latencyStat = latency.get(s.key);
        s.latencyLoaded = true;
      }
    }
    if (quality.generation !== appliedQuality) {
      appliedQuality = quality.generation;
      for (let i = 0, k = 0; i < states.length; i++) {
        const learned = states[i]!.learned;
        for (let j = 0; j < TASK_KINDS.length; j++, k++) learned[j] = quality.get(qualityKeys[k]!);
      }
    }
  };
  return {
    breaker,
    tracker,
    latency,
    quality,
    beforeSelect() {
      apply();
      latency.maybeRefresh(keysOfModels);
      quality.maybeRefresh(keysOfQuality);
      breaker.maybeRefresh?.(keysOfProviders);
    },
    async refresh() {
      await Promise.all([
        latency.refresh(modelKeys),
        quality.refresh(qualityKeys),
        breaker.refresh?.(providers),
      ]);
      apply();
    },
    latencyOf: (state) =>
      (state.latencyLoaded ? state.latencyStat : latency.get(state.key)) ?? state.latencyPrior,
    observeLatency(state, observation) {
      const prior = state.latencyPrior;
      const stat = latency.update(state.key, (prev) => observeLatency(prev ?? prior, observation))!;
      state.latencyStat = stat;
      state.latencyLoaded = true;
      return stat;
    },
    observeQuality(state, taskKind, score, atMs) {
      const stat = quality.update(qualityKey(state.key, taskKind), (prev) =>
        observeQuality(prev, score, atMs),
      )!;
      state.learned[TASK_KINDS.indexOf(taskKind)] = stat;
      return stat;
    },
  };
}
