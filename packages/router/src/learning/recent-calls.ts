/**
 * The router's recent successful calls, for `router.feedback(callId, …)`: which model answered and on
 * which task kind. Call ids have the form `twc_<start ms, base 36>_<call number, base 36>_<random,
 * base 36>`, so the slot of a call is its number modulo the window and the id need not be kept as a
 * string: per call the ring holds three numbers and one reference in flat arrays (about 24 bytes)
 * instead of a map entry with its key string and value object (about 300 bytes). The window counts
 * calls, failed ones included: a call number's slot is reused `window` calls later.
 *
 * @example
 * const ring = new RecentCalls<string>(3);
 * ring.remember(recentCallId(1700000000000, 1, 42), "gpt", "code");
 * ring.find(recentCallId(1700000000000, 1, 42)); // { value: "gpt", taskKind: "code" }
 */
export class RecentCalls<T, K extends string = string> {
  private readonly starts: number[] = [];
  private readonly numbers: number[] = [];
  private readonly randoms: number[] = [];
  private readonly values: (T | undefined)[] = [];
  private readonly kinds: (K | undefined)[] = [];

  constructor(readonly window: number) {}

  /** Records the call whose id is `id` (made by {@link recentCallId}); ids of another form are ignored. */
  remember(id: string, value: T, taskKind: K): void {
    const parts = parseCallId(id);
    if (parts === undefined) return;
    const slot = parts.number % this.window;
    // Slots fill in call order; the calls that failed in between leave empty slots.
    while (this.starts.length < slot) {
      this.starts.push(Number.NaN);
      this.numbers.push(-1);
      this.randoms.push(-1);
      this.values.push(undefined);
      this.kinds.push(undefined);
    }
    this.starts[slot] = parts.start;
    this.numbers[slot] = parts.number;
    this.randoms[slot] = parts.random;
    this.values[slot] = value;
    this.kinds[slot] = taskKind;
  }

  /** The call with this id, if it is still in the window. */
  find(id: string): { value: T; taskKind: K } | undefined {
    const parts = parseCallId(id);
    if (parts === undefined) return undefined;
    const slot = parts.number % this.window;
    if (
      slot >= this.starts.length ||
      this.numbers[slot] !== parts.number ||
      this.starts[slot] !== parts.start ||
      this.randoms[slot] !== parts.random
    ) {
      return undefined;
    }
    return { value: this.values[slot] as T, taskKind: this.kinds[slot]! };
  }
}

const ID = /^twc_([0-9a-z]{1,11})_([0-9a-z]{1,11})_([0-9a-z]{1,7})$/;

/** A call id: the call's start, its number in this router, and a random part (< 1e9). */
export function recentCallId(startMs: number, number: number, random: number): string {
  return `twc_${startMs.toString(36)}_${number.toString(36)}_${random.toString(36)}`;
}

function parseCallId(id: string): { start: number; number: number; random: number } | undefined {
  const m = typeof id === "string" ? ID.exec(id) : null;
  if (m === null) return undefined;
  const start = Number.parseInt(m[1]!, 36);
  const number = Number.parseInt(m[2]!, 36);
  const random = Number.parseInt(m[3]!, 36);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(number) || !Number.isSafeInteger(random)) {
    return undefined;
  }
  return { start, number, random };
}
