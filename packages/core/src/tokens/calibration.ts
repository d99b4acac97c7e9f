import type { KeyValueStore } from "../stores/key-value-store";
import type { FamilySpec } from "./families";

/**
 * Serializable per-family calibration: sufficient statistics of the fit
 * realized ≈ a · baseTokens + b · messages + c (ridge towards the family prior; `c`
 * absorbs fixed hidden prompt tokens and tool-format differences), and the
 * out-of-sample log errors that size the error bar.
 */
export interface CalibrationState {
  version: 1;
  /** Observations folded in. */
  n: number;
  sxx: number;
  sxm: number;
  smm: number;
  sx: number;
  sm: number;
  sxy: number;
  smy: number;
  sy: number;
  /** Sum of squared log errors of the estimates made before each observation. */
  errSumSq: number;
}

/**
 * Where calibration lives between calls and processes. `get` may answer synchronously (in memory)
 * or not (a shared store). A shared store implements `merge`: the state is a set of sums, so an
 * observation is folded in by adding its contribution (`HINCRBYFLOAT` per field on Redis), and
 * processes calibrating the same family all count instead of overwriting each other with `put`.
 */
export interface CalibrationStore {
  get(family: string): CalibrationState | undefined | Promise<CalibrationState | undefined>;
  put(family: string, state: CalibrationState): void | Promise<void>;
  /** Adds `delta` (one observation's contribution) to the stored state; returns the sum. Optional. */
  merge?(family: string, delta: CalibrationState): CalibrationState | Promise<CalibrationState>;
}

/**
 * A {@link CalibrationStore} over an asynchronous {@link KeyValueStore} (in memory, Redis, …):
 * `merge` folds atomically with `update`, so it can be shared between estimators and processes.
 *
 * @example
 * const shared = calibrationStoreOn(createMemoryKeyValueStore<CalibrationState>());
 * const a = createTokenEstimator({ store: shared });
 * const b = createTokenEstimator({ store: shared }); // learns from a's observations after refreshMs
 */
export function calibrationStoreOn(store: KeyValueStore<CalibrationState>): Required<CalibrationStore> {
  return {
    get: (family) => store.get(family),
    put: (family, state) => store.set(family, state),
    async merge(family, delta) {
      const sum = await store.update(family, (current) =>
        addCalibration(current ?? emptyCalibration(), delta),
      );
      return sum ?? delta;
    },
  };
}

/**
 * The sum of two states (every field is a sum over observations).
 *
 * @example
 * addCalibration(stored, updateCalibration(emptyCalibration(), observation, realized))
 */
export function addCalibration(a: CalibrationState, b: CalibrationState): CalibrationState {
  return {
    version: 1,
    n: a.n + b.n,
    sxx: a.sxx + b.sxx,
    sxm: a.sxm + b.sxm,
    smm: a.smm + b.smm,
    sx: a.sx + b.sx,
    sm: a.sm + b.sm,
    sxy: a.sxy + b.sxy,
    smy: a.smy + b.smy,
    sy: a.sy + b.sy,
    errSumSq: a.errSumSq + b.errSumSq,
  };
}

/**
 * A {@link CalibrationStore} in process memory (states are copied in and out).
 *
 * @example
 * const store = new InMemoryCalibrationStore();
 */
export class InMemoryCalibrationStore implements CalibrationStore {
  private readonly states = new Map<string, CalibrationState>();

  get(family: string): CalibrationState | undefined {
    const s = this.states.get(family);
    return s === undefined ? undefined : { ...s };
  }

  put(family: string, state: CalibrationState): void {
    this.states.set(family, { ...state });
  }
}

/** A fresh state with no observation. */
export function emptyCalibration(): CalibrationState {
  return { version: 1, n: 0, sxx: 0, sxm: 0, smm: 0, sx: 0, sm: 0, sxy: 0, smy: 0, sy: 0, errSumSq: 0 };
}

/** Weight of the prior, in pseudo-observations of a 1,000-token, 4-message request. */
const PRIOR_WEIGHT = 2;
const X_REF = 1000;
const M_REF = 4;
const C_REF = 1;
/** Pseudo-observations behind the prior's error spread. */
const SIGMA_WEIGHT = 2;

/** The calibrated model of a family at this moment. */
export interface CalibrationFit {
  /** Tokens per base (o200k) token. */
  ratio: number;
  /** Extra tokens per message. */
  perMessage: number;
  /** Extra tokens per request. */
  intercept: number;
  /** Log-space standard deviation of one call's error. */
  sigma: number;
  /** Observations behind it. */
  n: number;
}

/**
 * Solves the ridge fit of a state under a family prior.
 *
 * @example
 * fitCalibration(emptyCalibration(), TOKENIZER_FAMILIES.anthropic!) // { ratio: 1.2, perMessage: 0, intercept: 0, sigma: 0.2, n: 0 }
 */
export function fitCalibration(state: CalibrationState, spec: FamilySpec): CalibrationFit {
  const { ratio: a0, perMessage: b0, sigma: s0 } = spec.prior;
  const l1 = PRIOR_WEIGHT * X_REF * X_REF;
  const l2 = PRIOR_WEIGHT * M_REF * M_REF;
  const l3 = PRIOR_WEIGHT * C_REF * C_REF;
  const sigma = Math.sqrt((SIGMA_WEIGHT * s0 * s0 + state.errSumSq) / (SIGMA_WEIGHT + state.n));
  const solved = solve3(
    [
      [state.sxx + l1, state.sxm, state.sx],
      [state.sxm, state.smm + l2, state.sm],
      [state.sx, state.sm, state.n + l3],
    ],
    [state.sxy + l1 * a0, state.smy + l2 * b0, state.sy],
  );
  if (solved === undefined || !(solved[0] > 0))
    return { ratio: a0, perMessage: b0, intercept: 0, sigma, n: state.n };
  return { ratio: solved[0], perMessage: solved[1], intercept: solved[2], sigma, n: state.n };
}

/** Gaussian elimination with partial pivoting for a 3×3 system. */
function solve3(m: number[][], y: number[]): [number, number, number] | undefined {
  const a = m.map((row, i) => [...row, y[i]!]);
  for (let c = 0; c < 3; c++) {
    let p = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    if (Math.abs(a[p]![c]!) < 1e-12) return undefined;
    [a[c], a[p]] = [a[p]!, a[c]!];
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const row = a[r]!;
      const pivot = a[c]!;
      const f = row[c]! / pivot[c]!;
      for (let k = c; k < 4; k++) row[k] = row[k]! - f * pivot[k]!;
    }
  }
  return [a[0]![3]! / a[0]![0]!, a[1]![3]! / a[1]![1]!, a[2]![3]! / a[2]![2]!];
}

/**
 * Folds one observation into a state (returns a new state).
 * `predicted` is what was estimated before the call (for the error bar), `realized` what the provider billed.
 *
 * @example
 * updateCalibration(emptyCalibration(), { baseTokens: 1000, messages: 3, predicted: 1200 }, 1150)
 */
export function updateCalibration(
  state: CalibrationState,
  observation: { baseTokens: number; messages: number; predicted: number },
  realized: number,
): CalibrationState {
  const x = observation.baseTokens;
  const m = observation.messages;
  if (!(x > 0) || !(realized > 0) || !(observation.predicted > 0)) return state;
  const err = Math.log(realized / observation.predicted);
  return {
    version: 1,
    n: state.n + 1,
    sxx: state.sxx + x * x,
    sxm: state.sxm + x * m,
    smm: state.smm + m * m,
    sx: state.sx + x,
    sm: state.sm + m,
    sxy: state.sxy + x * realized,
    smy: state.smy + m * realized,
    sy: state.sy + realized,
    errSumSq: state.errSumSq + Math.min(err * err, 1),
  };
}
