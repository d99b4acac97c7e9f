import {
  type AnthropicUsageWire,
  type ApiStyle,
  type Cost,
  convert,
  costOf,
  type FxTable,
  type Money,
  makeUsage,
  type OpenAIUsageWire,
  PriceUnavailableError,
  type PriceVersion,
  priceInForce,
  type ThinkingMode,
  type Usage,
  usageFromAnthropic,
  usageFromOpenAI,
} from "@tokenwise/core";
import type { FaultKind } from "./faults";

/**
 * How a request ended, from the provider's side.
 * - `completed`: the whole response was sent.
 * - `http-error`: an error status (429, 5xx, 4xx) was sent; nothing is billed.
 * - `reset-before`: the connection was dropped before any response; nothing is billed.
 * - `client-aborted-before`: the client went away before the response started; nothing is billed.
 * - `cut`: the response started and was cut (reset, truncated stream, in-stream error, or the client
 *   aborting mid-stream); what was sent is billed.
 * - `malformed`: a 200 with an unparsable body was sent; billed in full (the provider did the work).
 */
export type BillingOutcome =
  | "completed"
  | "http-error"
  | "reset-before"
  | "client-aborted-before"
  | "cut"
  | "malformed";

/** What the server knows when it settles one request. */
export interface Settlement {
  /** Arrival number on the server (1-based). */
  seq: number;
  /** `x-request-id` / `request-id` the server answered with. */
  requestId: string;
  /** Server clock at arrival: the instant the price in force is looked up for. */
  at: Date;
  provider: string;
  model: string;
  protocol: ApiStyle;
  stream: boolean;
  fault: FaultKind;
  /** HTTP status sent, or null when no status line was sent. */
  status: number | null;
  outcome: BillingOutcome;
  /**
   * Set for a line of a batch (OpenAI Batch, Anthropic Message Batches): billed at the batch rate of
   * the price in force at `at`, which is the batch's creation.
   */
  batch?: { id: string; customId: string };
  /** Usage in the provider's own wire shape (for cut streams: what was sent), or null when not billed. */
  wireUsage: OpenAIUsageWire | AnthropicUsageWire | null;
  /** The thinking mode the request switched to ({@link wireThinkingMode}); absent: the model's default. */
  mode?: ThinkingMode | undefined;
}

/**
 * The thinking mode a request body switches to, as the providers read it: Qwen's
 * `enable_thinking: true | false`, GLM's and Doubao's `thinking: { type: "enabled" | "disabled" }`;
 * undefined when the body sends no switch (the model answers in its default mode).
 */
export function wireThinkingMode(body: Record<string, unknown>): ThinkingMode | undefined {
  if (typeof body.enable_thinking === "boolean") return body.enable_thinking ? "thinking" : "non-thinking";
  const thinking = body.thinking as { type?: unknown } | undefined;
  if (thinking?.type === "enabled") return "thinking";
  if (thinking?.type === "disabled") return "non-thinking";
  return undefined;
}

/** One request as the provider would bill it: its settlement, and what it is charged. */
export interface BillingEntry extends Settlement {
  /** True when the provider charges for this request. */
  billed: boolean;
  /** The same usage normalized by `@tokenwise/core` (all zero when not billed). */
  usage: Usage;
  /** Charge at the price in force at `at`; zero when not billed; null when the model has no price. */
  cost: Cost | null;
}

/** Outcomes the provider charges for. */
export function isBilled(outcome: BillingOutcome): boolean {
  switch (outcome) {
    case "completed":
    case "cut":
    case "malformed":
      return true;
    case "http-error":
    case "reset-before":
    case "client-aborted-before":
      return false;
    default: {
      const never: never = outcome;
      throw new Error(`unknown outcome ${String(never)}`);
    }
  }
}

/**
 * The billing log of a testkit server: one entry per request, priced with `costOf` at the price version
 * in force at the request's arrival (a batch line: at the batch rate in force at the batch's creation;
 * a version without `batchMultiplier` leaves the line unpriced, and `total` then throws).
 *
 * @example
 * const log = new BillingLog();
 * log.settle(settlement, prices);
 * log.total("USD"); // Money
 */
export class BillingLog {
  private readonly list: BillingEntry[] = [];

  /** Records one request. `prices` are the model's price versions (empty: unpriced). */
  settle(s: Settlement, prices: readonly PriceVersion[]): BillingEntry {
    const billed = isBilled(s.outcome) && s.wireUsage !== null;
    const usage = !billed
      ? makeUsage()
      : s.protocol === "openai"
        ? usageFromOpenAI(s.wireUsage as OpenAIUsageWire)
        : usageFromAnthropic(s.wireUsage as AnthropicUsageWire);
    let cost: Cost | null = null;
    if (prices.length > 0) {
      try {
        const price = priceInForce({ provider: s.provider, id: s.model, prices: [...prices] }, s.at);
        cost = costOf(usage, price, {
          at: s.at,
          perRequest: billed,
          mode: s.mode,
          batch: s.batch !== undefined,
        });
      } catch (error) {
        if (!PriceUnavailableError.isInstance(error)) throw error;
      }
    }
    const entry: BillingEntry = { ...s, billed, wireUsage: billed ? s.wireUsage : null, usage, cost };
    this.list.push(entry);
    return entry;
  }

  /** Every entry, in settlement order. */
  entries(): BillingEntry[] {
    return [...this.list];
  }

  /**
   * Sum of every billed entry's cost in `currency` (converted with `fx` where the price currency
   * differs). Throws `PriceUnavailableError` when a billed request has no price in force, and
   * `FxRateMissingError` when a conversion has no rate.
   */
  total(currency: string, options: { fx?: FxTable } = {}): Money {
    let atto = 0n;
    for (const entry of this.list) {
      if (!entry.billed) continue;
      if (!entry.cost) {
        throw new PriceUnavailableError({
          modelId: `${entry.provider}/${entry.model}`,
          at: entry.at,
          reason: `request ${entry.requestId} was billed but the testkit was given no price in force for this model`,
        });
      }
      const amount = entry.cost.total;
      atto +=
        amount.currency === currency
          ? amount.atto
          : convert(amount, currency, options.fx ?? { rates: [] }, entry.at).money.atto;
    }
    return { currency, atto };
  }

  clear(): void {
    this.list.length = 0;
  }
}
