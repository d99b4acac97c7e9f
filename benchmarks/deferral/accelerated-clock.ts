// A simulated clock that runs `scale` times faster than real time and can stand still, shared by
// processes as plain data (each computes now() from the same state and the machine's clock).

/** The clock's state: simulated `sim0` at real `real0`; `frozenAt` while it stands still. */
export interface ClockState {
  sim0: number;
  real0: number;
  scale: number;
  frozenAt?: number;
}

export interface AcceleratedClock {
  now(): Date;
  readonly scale: number;
  state(): ClockState;
  /** Replaces the state (another process paused or resumed the clock). */
  set(state: ClockState): void;
  /** Stands still at the current instant. */
  pause(): void;
  /** Runs again from where it stood. */
  resume(): void;
  /** Real ms until the simulated instant `at` (0 if past; Infinity while frozen). */
  realMsUntil(at: number): number;
}

export function acceleratedClock(initial: ClockState): AcceleratedClock {
  let s = { ...initial };
  const nowMs = () => s.frozenAt ?? s.sim0 + (Date.now() - s.real0) * s.scale;
  return {
    now: () => new Date(Math.floor(nowMs())),
    get scale() {
      return s.scale;
    },
    state: () => ({ ...s }),
    set: (state) => {
      s = { ...state };
    },
    pause: () => {
      if (s.frozenAt === undefined) s = { ...s, frozenAt: nowMs() };
    },
    resume: () => {
      if (s.frozenAt !== undefined) s = { sim0: s.frozenAt, real0: Date.now(), scale: s.scale };
    },
    realMsUntil: (at) =>
      s.frozenAt !== undefined ? Number.POSITIVE_INFINITY : Math.max(0, (at - nowMs()) / s.scale),
  };
}
