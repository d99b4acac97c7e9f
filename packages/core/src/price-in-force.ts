import { divRoundHalfEven, parseFraction, parseScaled } from "./decimal";
import { PriceUnavailableError } from "./errors";
import type { ModelEntry } from "./model";
import type { PriceTier, PriceVersion, ThinkingMode, TimeWindow, TokenPrices } from "./price-version";
import type { ReasoningEffortLevel } from "./spec/messages";
import { isInWindow } from "./time-window";

/**
 * The price version in force for `model` at `at`: the newest whose `effectiveFrom` ≤ `at`.
 * Throws `PriceUnavailableError` when the model has no price yet at that instant.
 *
 * @example
 * priceInForce(deepseekChat, new Date("2026-09-01T12:00:00Z")).effectiveFrom // "2026-08-16T16:00:00Z"
 */
export function priceInForce(model: Pick<ModelEntry, "provider" | "id" | "prices">, at: Date): PriceVersion {
  const t = at.getTime();
  let best: PriceVersion | undefined;
  let bestT = Number.NEGATIVE_INFINITY;
  for (const version of model.prices) {
    const from = Date.parse(version.effectiveFrom);
    if (from <= t && from > bestT) {
      best = version;
      bestT = from;
    }
  }
  if (!best) {
    throw new PriceUnavailableError({
      modelId: `${model.provider}/${model.id}`,
      at,
      reason: "no price version is effective yet",
    });
  }
  return best;
}

/** Per-token rates in atto-units of the version's currency, after tier, window and batch. */
export interface EffectiveRates {
  currency: string;
  input: bigint;
  output: bigint;
  cacheRead: bigint;
  cacheWrite: bigint;
  cacheWrite1h: bigint;
  reasoning: bigint;
  /** Fixed fee per request, atto-units. */
  perRequest: bigint;
  /** The tier applied (its threshold), or null for base prices. */
  tier: number | null;
  /** The time-of-day window applied, or null. */
  window: string | null;
  /** The thinking mode priced, or null when the version does not price the modes apart. */
  mode: ThinkingMode | null;
  /** True when the multiplier product had to be rounded to the atto-unit. */
  rounded: boolean;
  /** Components missing from the version and billed at a fallback rate, e.g. `cacheRead→input`. */
  fallbacks: string[];
}

/** Atto-units per token for a price per million tokens: price × 10^18 / 10^6. */
const PER_TOKEN_SCALE = 12;

/** Parsed rates by price string: a catalog has a few hundred distinct prices, each call needs several. */
const perTokenMemo = new Map<string, bigint>();

function perToken(price: string): bigint {
  let rate = perTokenMemo.get(price);
  if (rate === undefined) {
    rate = parseScaled(price, PER_TOKEN_SCALE);
    // Bounded, should prices come from an unbounded source (feeds over a long run).
    if (perTokenMemo.size >= 4096) perTokenMemo.clear();
    perTokenMemo.set(price, rate);
  }
  return rate;
}

/** The tier for a prompt of `promptTokens`: the highest threshold strictly below it. */
export function tierFor(version: PriceVersion, promptTokens: number): PriceTier | undefined {
  let chosen: PriceTier | undefined;
  for (const tier of version.tiers ?? []) {
    if (
      promptTokens > tier.aboveInputTokens &&
      (!chosen || tier.aboveInputTokens > chosen.aboveInputTokens)
    ) {
      chosen = tier;
    }
  }
  return chosen;
}

/**
 * The thinking mode a reasoning setting asks for: `none` → non-thinking, `low`/`medium`/`high` →
 * thinking, no setting → undefined (the model's default mode).
 */
export function requestedThinkingMode(
  reasoningEffort: ReasoningEffortLevel | undefined,
): ThinkingMode | undefined {
  if (reasoningEffort === undefined) return undefined;
  return reasoningEffort === "none" ? "non-thinking" : "thinking";
}

/**
 * The thinking mode a request runs `model` in, or undefined for the model's default mode: on a model
 * that has a `thinkingSwitch`, `reasoningEffort` `none` asks for non-thinking mode and `low`, `medium`
 * or `high` for thinking mode; without a setting, or on a model without a switch, the model answers in
 * its default mode (the price version's `defaultMode`). The router prices, bills and sends this one mode.
 *
 * @example
 * thinkingModeFor(qwenPlus, "low") // "thinking"
 * thinkingModeFor(glm, "none") // "non-thinking"
 * thinkingModeFor(qwenPlus, undefined) // undefined: qwen-plus's default, non-thinking
 */
export function thinkingModeFor(
  model: Pick<ModelEntry, "thinkingSwitch">,
  reasoningEffort: ReasoningEffortLevel | undefined,
): ThinkingMode | undefined {
  return model.thinkingSwitch !== undefined ? requestedThinkingMode(reasoningEffort) : undefined;
}

/** The time window of `version` containing `at`, if any. */
export function windowAt(version: PriceVersion, at: Date): TimeWindow | undefined {
  return version.windows?.find((w) => isInWindow(w, at));
}

/**
 * Resolves the per-token rates of a price version for a request of `promptTokens` at `at`:
 * the long-context tier reprices the whole request, thinking-mode prices replace the tier's (or the
 * version's) where the version prices the modes apart (`mode`, default: the version's `defaultMode`),
 * then the time-of-day window applies (explicit prices, or a multiplier), then the batch multiplier if asked.
 */
export function resolveRates(
  version: PriceVersion,
  {
    at,
    promptTokens,
    batch = false,
    mode,
  }: { at: Date; promptTokens: number; batch?: boolean; mode?: ThinkingMode | undefined },
): EffectiveRates {
  const tier = tierFor(version, promptTokens);
  const window = windowAt(version, at);
  let base: TokenPrices = tier ?? version;
  let priced: ThinkingMode | null = null;
  if (version.thinking !== undefined) {
    priced = mode ?? version.defaultMode ?? "non-thinking";
    if (priced === "thinking") base = { ...base, ...definedOf(tier ? tier.thinking : version.thinking) };
  }
  if (window?.prices) base = window.prices;
  const fallbacks: string[] = [];
  const input = perToken(base.input);
  const output = perToken(base.output);
  const pick = (value: string | undefined, fallback: bigint, label: string): bigint => {
    if (value !== undefined) return perToken(value);
    fallbacks.push(label);
    return fallback;
  };
  const cacheRead = pick(base.cacheRead, input, "cacheRead→input");
  const cacheWrite = pick(base.cacheWrite, input, "cacheWrite→input");
  const cacheWrite1h = pick(base.cacheWrite1h, cacheWrite, "cacheWrite1h→cacheWrite");
  const reasoning = pick(base.reasoning, output, "reasoning→output");
  const rates = { input, output, cacheRead, cacheWrite, cacheWrite1h, reasoning };
  let rounded = false;
  const multipliers: string[] = [];
  if (window?.multiplier !== undefined) multipliers.push(window.multiplier);
  if (batch) {
    if (version.batchMultiplier === undefined) {
      throw new PriceUnavailableError({ modelId: "(version)", at, reason: "no batch price in this version" });
    }
    multipliers.push(version.batchMultiplier);
  }
  for (const m of multipliers) {
    const { num, scale } = parseFraction(m);
    const den = 10n ** BigInt(scale);
    for (const key of Object.keys(rates) as (keyof typeof rates)[]) {
      const product = rates[key] * num;
      if (product % den !== 0n) rounded = true;
      rates[key] = divRoundHalfEven(product, den);
    }
  }
  return {
    currency: version.currency,
    ...rates,
    perRequest: version.perRequest === undefined ? 0n : parseScaled(version.perRequest, 18),
    tier: tier?.aboveInputTokens ?? null,
    window: window?.name ?? null,
    mode: priced,
    rounded,
    fallbacks,
  };
}

/** The fields of a partial price set that are set (a parsed partial may carry undefined keys). */
function definedOf(prices: Partial<TokenPrices> | undefined): Partial<TokenPrices> {
  const out: Partial<TokenPrices> = {};
  if (prices === undefined) return out;
  for (const [key, value] of Object.entries(prices) as [keyof TokenPrices, string | undefined][]) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}
