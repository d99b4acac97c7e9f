// The week's clock across processes: a simulated instant that moves only when the parent says so
// (queue-week.ts sends each new instant to the scheduler processes before they run what is due).

export interface StepClock {
  now(): Date;
  /** The instant, epoch ms. */
  at(): number;
  set(at: number): void;
}

export function stepClock(start: number): StepClock {
  let t = start;
  return {
    now: () => new Date(t),
    at: () => t,
    set: (at) => {
      t = at;
    },
  };
}
