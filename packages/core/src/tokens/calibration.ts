import type { FamilySpec } from "./families";

/**
 * Serializable per-family calibration: sufficient statistics of the fit
 * realized ≈ a · baseTokens + b · messages (ridge towards the family prior), and the
 * out-of-sample log errors that size the error bar.
 */
export interface CalibrationState {
  version: 1;
  /** Observations folded in. */
  n: number;
  sxx: number;
  sxm: number;
  smm: number;
  sxy: number;
  smy: number;
  /** Sum of squared log errors of the estimates made before each observation. */
  errSumSq: number;
}

/** Where calibration lives between calls and processes (the router passes its own, e.g. Redis). */
export interface CalibrationStore {
  get(family: string): CalibrationState | undefined | Promise<CalibrationState | undefined>;
  put(family: string, state: CalibrationState): void | Promise<void>;
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
  return { version: 1, n: 0, sxx: 0, sxm: 0, smm: 0, sxy: 0, smy: 0, errSumSq: 0 };
}

/** Weight of the prior, in pseudo-observations of a 1,000-token, 4-message request. */
const PRIOR_WEIGHT = 2;
const X_REF = 1000;
const M_REF = 4;
/** Pseudo-observations behind the prior's error spread. */
const SIGMA_WEIGHT = 2;

/** The calibrated model of a family at this moment. */
export interface CalibrationFit {
  /** Tokens per base (o200k) token. */
  ratio: number;
  /** Extra tokens per message. */
  perMessage: number;
  /** Log-space standard deviation of one call's error. */
  sigma: number;
  /** Observations behind it. */
  n: number;
}

/**
 * Solves the ridge fit of a state under a family prior.
 *
 * @example
 * fitCalibration(emptyCalibration(), TOKENIZER_FAMILIES.anthropic!) // { ratio: 1.2, perMessage: 0, sigma: 0.2, n: 0 }
 */
export function fitCalibration(state: CalibrationState, spec: FamilySpec): CalibrationFit {
  const { ratio: a0, perMessage: b0, sigma: s0 } = spec.prior;
  const l1 = PRIOR_WEIGHT * X_REF * X_REF;
  const l2 = PRIOR_WEIGHT * M_REF * M_REF;
  const A = state.sxx + l1;
  const B = state.sxm;
  const D = state.smm + l2;
  const y1 = state.sxy + l1 * a0;
  const y2 = state.smy + l2 * b0;
  const det = A * D - B * B;
  let ratio = a0;
  let perMessage = b0;
  if (det > 0) {
    ratio = (y1 * D - B * y2) / det;
    perMessage = (A * y2 - B * y1) / det;
  }
  if (!(ratio > 0)) ratio = a0;
  const sigma = Math.sqrt((SIGMA_WEIGHT * s0 * s0 + state.errSumSq) / (SIGMA_WEIGHT + state.n));
  return { ratio, perMessage, sigma, n: state.n };
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
    sxy: state.sxy + x * realized,
    smy: state.smy + m * realized,
    errSumSq: state.errSumSq + Math.min(err * err, 1),
  };
}
