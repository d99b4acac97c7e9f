import {
  type Cost,
  type FxTable,
  type Money,
  makeUsage,
  promptTokens,
  thinkingModeFor,
  type Usage,
} from "@tokenwise/core";
import type { CallContext } from "../execute/call-context";
import { realizedCost } from "../report/report";
import type { ScoredCandidate } from "../select-candidates";
import type { RequestEstimator } from "../token-estimator";
import type { AttemptReport } from "../types";
import type { EstimateReason, LedgerEntry, LedgerSink } from "./ledger";
import { ledgerCallOf } from "./ledger-call";

/** A usage the provider did not report: the best estimate and usages bounding the bill below and above. */
export interface UsageEstimate {
  usage: Usage;
  /** The bill is at least the cheapest of these (an empty list: possibly nothing at all). */
  low: Usage[];
  /** The bill is at most the dearest of these. */
  high: Usage[];
}

/** What the stream delivered before it ended early. */
export interface Delivered {
  text: string;
  reasoning: string;
  tools: readonly { name: string; args: string }[];
}

/** Bills attempts: exact from the provider's usage, estimated (with an error bar) where it could not be read. */
export interface Accounting {
  /** The provider reported `usage`: an exact entry. */
  exact(ctx: CallContext, c: ScoredCandidate, attempt: AttemptReport, usage: Usage): Cost;
  /** The usage could not be read: an estimated entry with its error bar and reason. */
  estimated(
    ctx: CallContext,
    c: ScoredCandidate,
    attempt: AttemptReport,
    estimate: UsageEstimate,
    reason: EstimateReason,
  ): Cost;
  /**
   * The usage of an attempt whose answer did not arrive whole.
   * - `reported`: what the provider reported so far (Anthropic's `message_start` gives the prompt).
   * - `delivered`: output received (counted with the model's tokenizer family); none when no answer came.
   * - `served`: the provider served the whole answer (a malformed 200): expect the full output.
   * - `maybeNothing`: the request may not have been served at all (aborted before the response).
   */
  estimateUsage(
    ctx: CallContext,
    c: ScoredCandidate,
    options: {
      reported?: Usage | undefined;
      delivered?: Delivered;
      served?: boolean;
      maybeNothing?: boolean;
      maxOutputTokens: number;
    },
  ): UsageEstimate;
}

/** Settings of {@link createAccounting}. */
export interface AccountingSettings {
  fx: FxTable;
  estimator: RequestEstimator;
  sink: LedgerSink;
  /** A sink's failure (thrown or rejected): reported here, never thrown into the call. */
  onSinkError: (error: unknown, entry: LedgerEntry) => void;
  /** Every billed attempt's cost (exact or estimated), in the report currency: the budgets settle with it. */
  onBilled?: (ctx: CallContext, attempt: number, cost: Money) => void;
}

const PROMPT_KEYS = ["input", "cacheRead", "cacheWrite", "cacheWrite1h"] as const;

/** Creates the router's accounting stage. */
export function createAccounting({
  fx,
  estimator,
  sink,
  onSinkError,
  onBilled,
}: AccountingSettings): Accounting {
  const record = (entry: LedgerEntry) => {
    try {
      const pending = sink.record(entry);
      if (pending && typeof pending.then === "function")
        pending.then(undefined, (e) => onSinkError(e, entry));
    } catch (error) {
      onSinkError(error, entry);
    }
  };

  // Priced in the thinking mode the attempt ran in: the one its adapter call asked for.
  const costs = (ctx: CallContext, c: ScoredCandidate, usage: Usage, at: Date, currency: string) => {
    const mode = thinkingModeFor(c.entry, ctx.request.reasoningEffort);
    const cost = realizedCost(c, usage, at, currency, fx, mode);
    const native = cost.fx ? realizedCost(c, usage, at, cost.version.currency, fx, mode) : cost;
    return { cost, native };
  };

  const entryOf = (
    ctx: CallContext,
    c: ScoredCandidate,
    attempt: AttemptReport,
    cost: Money,
    native: Money,
    usage: Usage,
    priceVersion: string,
  ): LedgerEntry => ({
    callId: ctx.id,
    attempt: attempt.attempt,
    ...(attempt.requestId !== undefined ? { requestId: attempt.requestId } : {}),
    provider: c.state.provider,
    model: c.entry.id,
    at: attempt.startedAt,
    cost,
    native,
    accuracy: "exact",
    tags: ctx.request.tags ?? [],
    ...(ctx.request.tenant !== undefined ? { tenant: ctx.request.tenant } : {}),
    usage,
    priceVersion,
    call: ledgerCallOf(ctx, c, fx),
  });

  const bounds = (
    ctx: CallContext,
    c: ScoredCandidate,
    usages: Usage[],
    at: Date,
    currency: string,
    pick: "min" | "max",
  ) => {
    let out: { cost: Money; native: Money } | undefined;
    for (const u of usages) {
      const { cost, native } = costs(ctx, c, u, at, currency);
      if (!out || (pick === "min" ? cost.total.atto < out.cost.atto : cost.total.atto > out.cost.atto)) {
        out = { cost: cost.total, native: native.total };
      }
    }
    return out;
  };

  /** Output tokens of delivered text, counted as the provider counts output: the text alone. */
  const countText = (text: string, family: string) => {
    if (!text) return 0;
    const empty = estimator.countMessage({ role: "assistant", content: "" }, family);
    return Math.max(0, estimator.countMessage({ role: "assistant", content: text }, family) - empty);
  };

  // Prompt tokens the provider counts beyond (or below) the estimate of the same request, per model:
  // the wire's chat framing (e.g. OpenAI's reply priming), learned from every exact bill. It corrects
  // the prompt of a usage that must be estimated (a cut OpenAI-style stream reports none).
  const promptOffset = new Map<string, number>();

  return {
    exact(ctx, c, attempt, usage) {
      promptOffset.set(c.key, promptTokens(usage) - ctx.prepared.tokens(c.state.family).total);
      const { cost, native } = costs(ctx, c, usage, attempt.startedAt, ctx.constraints.currency);
      attempt.usage = usage;
      attempt.usageSource = "provider";
      attempt.cost = cost;
      ctx.billed.push(cost.total);
      record(entryOf(ctx, c, attempt, cost.total, native.total, usage, cost.version.effectiveFrom));
      onBilled?.(ctx, attempt.attempt, cost.total);
      return cost;
    },

    estimated(ctx, c, attempt, estimate, reason) {
      const at = attempt.startedAt;
      const currency = ctx.constraints.currency;
      const { cost, native } = costs(ctx, c, estimate.usage, at, currency);
      const zero = (m: Money): Money => ({ currency: m.currency, atto: 0n });
      const low = bounds(ctx, c, estimate.low, at, currency, "min") ?? {
        cost: zero(cost.total),
        native: zero(native.total),
      };
      const high = bounds(ctx, c, estimate.high, at, currency, "max") ?? {
        cost: cost.total,
        native: native.total,
      };
      attempt.usage = estimate.usage;
      attempt.usageSource = "estimated";
      attempt.cost = cost;
      attempt.estimate = { reason, errorBar: { low: low.cost, high: high.cost } };
      ctx.billed.push(cost.total);
      record({
        ...entryOf(ctx, c, attempt, cost.total, native.total, estimate.usage, cost.version.effectiveFrom),
        accuracy: "estimated",
        errorBar: { low: low.cost, high: high.cost },
        nativeErrorBar: { low: low.native, high: high.native },
        reason,
      });
      onBilled?.(ctx, attempt.attempt, cost.total);
      return cost;
    },

    estimateUsage(ctx, c, { reported, delivered, served = false, maybeNothing = false, maxOutputTokens }) {
      const family = c.state.family;
      // The prompt: as reported (exact), else the estimate of the whole prepared request.
      const raw = ctx.prepared.tokens(family);
      const shift = promptOffset.get(c.key) ?? 0;
      const counted = {
        total: Math.max(0, raw.total + shift),
        low: Math.max(0, raw.low + Math.min(0, shift)),
        high: raw.high + Math.max(0, shift),
      };
      const promptKnown = reported !== undefined && PROMPT_KEYS.some((k) => reported[k] > 0);
      const prompt = (u: Partial<Usage>) =>
        promptKnown
          ? makeUsage({
              input: reported.input,
              cacheRead: reported.cacheRead,
              cacheWrite: reported.cacheWrite,
              cacheWrite1h: reported.cacheWrite1h,
            })
          : makeUsage(u);
      // The expected split of the prompt (cache reads and writes) applied to the counted total.
      const split = () => {
        const expected = promptTokens(c.usage);
        const extra = counted.total - expected;
        return {
          input: Math.max(0, c.usage.input + extra),
          cacheRead: c.usage.cacheRead,
          cacheWrite: c.usage.cacheWrite,
          cacheWrite1h: c.usage.cacheWrite1h,
        };
      };
      const promptLow = [prompt({ input: counted.low }), prompt({ cacheRead: counted.low })];
      const promptHigh = [prompt({ input: counted.high }), prompt({ cacheWrite: counted.high })];
      // Output: what was delivered (text and tool calls as the provider counts them), else the forecast.
      let out = 0;
      if (delivered) {
        out = countText(delivered.text, family);
        for (const t of delivered.tools) out += countText(t.name, family) + countText(t.args, family);
      }
      const err = estimator.relativeError(family);
      const outLow = Math.floor(out * (1 - err));
      const reasoningSeen = delivered ? countText(delivered.reasoning, family) : 0;
      const reasoning = Math.max(reasoningSeen, c.usage.reasoning);
      const output = served ? Math.max(out, c.usage.output) : out;
      const usage = maybeNothing
        ? makeUsage()
        : { ...prompt(split()), output, reasoning: delivered || served ? reasoning : 0 };
      // The provider cannot bill more generated tokens than the bound sent (output + reasoning).
      const most = Math.max(maxOutputTokens, Math.ceil(out * (1 + err)) + reasoning, output + reasoning);
      return {
        usage,
        low: maybeNothing ? [] : promptLow.map((u) => ({ ...u, output: outLow })),
        high: promptHigh.flatMap((u) => [
          { ...u, output: most },
          { ...u, reasoning: most },
        ]),
      };
    },
  };
}
