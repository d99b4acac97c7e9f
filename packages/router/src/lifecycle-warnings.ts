import {
  DEFAULT_RETIREMENT_WARNING_DAYS,
  type LifecycleWarning,
  lifecycleWarning,
  type ModelEntry,
  modelKey,
  TokenwiseError,
} from "@tokenwise/core";

/** Lifecycle warning settings of a router. */
export interface LifecycleWarningSettings {
  /**
   * Called once per model per router the first time a call is answered by a model that is deprecated
   * or within `retirementWarningDays` of its retirement. Default: `process.emitWarning` with type
   * `TokenwiseLifecycleWarning`, so nothing is silent; pass `() => {}` to rely on the reports only.
   */
  onWarning?: (warning: LifecycleWarning) => void;
  /** Days before `lifecycle.retiresOn` from which a model is warned about. Default 30. */
  retirementWarningDays?: number;
}

const DAY_MS = 86_400_000;

function emitProcessWarning(warning: LifecycleWarning): void {
  process.emitWarning(warning.message, {
    type: "TokenwiseLifecycleWarning",
    code: `TOKENWISE_MODEL_${warning.code.toUpperCase()}`,
  });
}

/**
 * The warnings of a model at an instant (undefined when it is active). With `emit` (calls, not plans),
 * `onWarning` is called on the first warning per model of this router; reports carry it every time.
 */
export function createLifecycleWarnings(
  settings: LifecycleWarningSettings,
): (model: ModelEntry, at: Date, emit: boolean) => LifecycleWarning[] | undefined {
  const days = settings.retirementWarningDays ?? DEFAULT_RETIREMENT_WARNING_DAYS;
  if (!Number.isFinite(days) || days < 0) {
    throw new TokenwiseError({ message: `createRouter: retirementWarningDays must be ≥ 0 (got ${days})` });
  }
  const onWarning = settings.onWarning ?? emitProcessWarning;
  const warned = new Set<string>();
  // A warning changes only at UTC midnights (whole warning days): kept per model for the rest of its
  // day (the midnight instant itself is computed apart: days left count from just after it).
  const byDay = Number.isInteger(days)
    ? new WeakMap<ModelEntry, { day: number; warning: LifecycleWarning | undefined }>()
    : undefined;
  return (model, at, emit) => {
    if (model.lifecycle === undefined) return undefined;
    let warning: LifecycleWarning | undefined;
    const t = at.getTime();
    const day = Math.floor(t / DAY_MS);
    const kept = t % DAY_MS === 0 ? undefined : byDay;
    const memo = kept?.get(model);
    if (memo !== undefined && memo.day === day) warning = memo.warning;
    else {
      warning = lifecycleWarning(model, at, days);
      if (warning !== undefined) Object.freeze(warning);
      kept?.set(model, { day, warning });
    }
    if (warning === undefined) return undefined;
    const key = modelKey(model);
    if (emit && !warned.has(key)) {
      warned.add(key);
      onWarning(warning);
    }
    return [warning];
  };
}
