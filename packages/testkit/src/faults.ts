import { TestkitConfigError } from "./errors";
import { createPrng, type Prng } from "./prng";

/**
 * A fault the simulated provider can inject into one request.
 * - `ok`: no fault.
 * - `429`: rate limited, with `retry-after` (seconds) and `retry-after-ms` headers.
 * - `500`, `503`: server errors; `529`: Anthropic's `overloaded_error` (any style may send it).
 * - `slow-ttft`: the response headers come only after `slowTtftMs` real milliseconds (not scaled by
 *   `timeScale`), so a client timeout fires first.
 * - `reset-before`: the socket is destroyed before any byte of the response.
 * - `reset-mid-stream`: the status and part of the body are sent, then the socket is destroyed.
 * - `malformed-json`: status 200 with a body (or SSE data line) that is not valid JSON.
 * - `truncated-sse`: part of the stream is sent, then the response ends cleanly without the final
 *   events (`[DONE]` / `message_stop`).
 * - `error-event`: part of the stream, then an in-stream error (`event: error` with
 *   `overloaded_error` for Anthropic, a `data: {"error": …}` chunk for OpenAI), then the end.
 */
export type FaultKind =
  | "ok"
  | "429"
  | "500"
  | "503"
  | "529"
  | "slow-ttft"
  | "reset-before"
  | "reset-mid-stream"
  | "malformed-json"
  | "truncated-sse"
  | "error-event";

/** Every fault kind, in a stable order. */
export const FAULT_KINDS: readonly FaultKind[] = Object.freeze([
  "ok",
  "429",
  "500",
  "503",
  "529",
  "slow-ttft",
  "reset-before",
  "reset-mid-stream",
  "malformed-json",
  "truncated-sse",
  "error-event",
]);

/**
 * Which requests of a model fail. A list is a script consumed in order (then `ok` forever);
 * the object form plays `script` first, then draws each request's fault: with probability `rate`
 * one of `kinds` (uniformly), from a PRNG seeded by `seed` (default: the server seed).
 */
export type FaultPlan =
  | readonly FaultKind[]
  | {
      script?: readonly FaultKind[];
      rate?: number;
      kinds?: readonly FaultKind[];
      seed?: number | string;
    };

/** Tunables of the faults. */
export interface FaultSettings {
  /** Sent as `retry-after` (rounded up to seconds) and `retry-after-ms` on 429, 503 and 529. Default 1000. */
  retryAfterMs?: number;
  /** Delay before the headers for `slow-ttft`, in real ms. Default 5000. */
  slowTtftMs?: number;
  /** For the mid-stream faults: content chunks sent before the cut. Default: half of them (at least 1). */
  cutAfterChunks?: number;
}

function checkKinds(kinds: readonly string[], where: string): void {
  for (const kind of kinds) {
    if (!FAULT_KINDS.includes(kind as FaultKind)) {
      throw new TestkitConfigError({
        message: `${where}: unknown fault "${kind}" (known: ${FAULT_KINDS.join(", ")})`,
      });
    }
  }
}

/**
 * The fault source of one model: deterministic for a given seed and request order.
 *
 * @example
 * const faults = new FaultSchedule(["429", "ok"], 1, "openai/gpt-4o-mini");
 * faults.next(); // "429"
 * faults.next(); // "ok"
 */
export class FaultSchedule {
  private script: FaultKind[];
  private readonly rate: number;
  private readonly kinds: readonly FaultKind[];
  private readonly rng: Prng;

  constructor(plan: FaultPlan | undefined, seed: number | string, name: string) {
    if (plan === undefined) {
      this.script = [];
      this.rate = 0;
      this.kinds = [];
    } else if (Array.isArray(plan)) {
      checkKinds(plan, `faults of ${name}`);
      this.script = [...plan];
      this.rate = 0;
      this.kinds = [];
    } else {
      const p = plan as Exclude<FaultPlan, readonly FaultKind[]>;
      this.script = [...(p.script ?? [])];
      this.rate = p.rate ?? 0;
      this.kinds = p.kinds ?? ["429", "500", "503"];
      checkKinds(this.script, `faults.script of ${name}`);
      checkKinds(this.kinds, `faults.kinds of ${name}`);
      if (!(this.rate >= 0 && this.rate <= 1)) {
        throw new TestkitConfigError({
          message: `faults.rate of ${name} must be in [0, 1], got ${this.rate}`,
        });
      }
      if (this.rate > 0 && this.kinds.length === 0) {
        throw new TestkitConfigError({
          message: `faults.kinds of ${name} is empty but rate is ${this.rate}`,
        });
      }
      seed = p.seed ?? seed;
    }
    this.rng = createPrng(seed, "faults", name);
  }

  /** The fault for the next request. */
  next(): FaultKind {
    const scripted = this.script.shift();
    if (scripted !== undefined) return scripted;
    if (this.rate === 0) return "ok";
    if (this.rng.next() >= this.rate) return "ok";
    return this.kinds[this.rng.int(this.kinds.length)]!;
  }

  /** Faults still scripted. */
  pending(): readonly FaultKind[] {
    return this.script;
  }
}
