import {
  type Capability,
  type EffectiveRates,
  type FxTable,
  findFxRate,
  gapOfWinRate,
  type ModelEntry,
  modelKey,
  type PriceVersion,
  type PromptCachePolicy,
  priceInForce,
  type QualityInForce,
  qualityInForce,
  ratingSigma,
  resolveRates,
  retiresAt,
  TASK_KINDS,
  type ThinkingMode,
  TokenwiseError,
} from "@tokenwise/core";
import { type LatencyStat, latencyPrior } from "./latency-stats";
import type { QualityStat } from "./learning/quality-stats";
import type { FeedPriceMark } from "./price-feeds";

/** Float per-token rates of one band (base prices or a long-context tier), in the version's currency. */
export interface RateBand {
  /** The band applies when the prompt is strictly above this many tokens (-1 for the base band). */
  above: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
  perRequest: number;
  /** The exact rates, for the exact cost of the chosen candidate. */
  exact: EffectiveRates;
}

/** What does not depend on the request, per model; prices re-resolved once per minute. */
export interface ModelState {
  readonly index: number;
  /** The model; its `prices` gain a feed's versions when `priceFeeds` apply one (price-feeds.ts). */
  entry: ModelEntry;
  /** Which of the model's versions come from a price feed, and that feed's freshness (undefined: none). */
  feed: FeedPriceMark | undefined;
  readonly key: string;
  readonly provider: string;
  readonly family: string;
  readonly capsMask: number;
  readonly contextWindow: number;
  /** The provider's limit on prompt tokens (`maxInputTokens`), or +Infinity when only the context window limits it. */
  readonly maxInputTokens: number;
  readonly maxOutput: number;
  /** The model's prompt-cache behaviour (catalog data); undefined: no cache reads or writes expected. */
  readonly promptCache: PromptCachePolicy | undefined;
  /** Epoch ms from which the provider no longer serves the model (`lifecycle.retiresOn`), or +Infinity. */
  readonly retiresAt: number;
  /**
   * Model-level quality per task kind (index in TASK_KINDS) in force at the resolved instant (dated
   * quality versions follow the model an alias serves), NaN when unknown; `general` fills gaps.
   */
  readonly quality: Float64Array;
  /** The same scores as rating gaps over the reference (Elo points), for the confidence bound. */
  readonly qualityGap: Float64Array;
  /** Standard error of each score on the rating scale (from its 95% interval; 0 without one). */
  readonly qualitySigma: Float64Array;
  /** 1 where the score is a flagged prior (`source: "prior"`), else 0. */
  readonly qualityPrior: Uint8Array;
  /** Source of each quality score (same index), or "none". */
  readonly qualitySource: string[];
  /** The scores themselves (same index), for reports. */
  readonly qualityScores: (QualityInForce | undefined)[];
  /** Instants (epoch ms) where the model's quality version changes, ascending (empty: undated quality). */
  readonly qualityChanges: readonly number[];
  /** Index in `qualityChanges` of the version resolved last (-2: never resolved). */
  qualityVersion: number;
  /**
   * The table's quality columns (shared by every state of one `buildModelStates` list): selection reads
   * one task kind's scores for every model from contiguous memory instead of one array per model.
   */
  readonly columns: QualityColumns;
  /** Index of the provider among the table's providers. */
  readonly providerIndex: number;
  /** Index of the tokenizer family among the table's families. */
  readonly familyIndex: number;
  /** Latency learned online (mirrors the latency store; loaded from it on first use). */
  latencyStat: LatencyStat | undefined;
  latencyLoaded: boolean;
  /** Quality learned from feedback per task kind (index in TASK_KINDS; mirrors the quality store). */
  learned: (QualityStat | undefined)[];
  /** Latency prior from the catalog profile (undefined: unknown until observed). */
  readonly latencyPrior: LatencyStat | undefined;
  /** Minute bucket the bands were resolved for (-1: never). */
  minute: number;
  /** Epoch ms until which the resolution holds (end of minute or next price version). */
  validUntil: number;
  price: PriceVersion | undefined;
  /** Why the model has no price now (price-unavailable), when `price` is undefined. */
  priceProblem: string | undefined;
  /** Bands ascending by threshold; index 0 is the base band. In the version's default thinking mode. */
  bands: RateBand[];
  /**
   * The same bands in each thinking mode, for a model with a `thinkingSwitch` whose price version
   * prices the modes apart (a request's `reasoningEffort` picks one); undefined otherwise (`bands` apply).
   */
  modeBands: Record<ThinkingMode, RateBand[]> | undefined;
  /** Float FX per report currency for this minute (version currency → report currency); NaN when missing. */
  fx: Map<string, number>;
  /**
   * The last report currency asked for and its factor: requests nearly always use the same currency
   * string, so one identity check answers them without a string comparison or a map lookup.
   */
  lastCurrency: string | undefined;
  lastFx: number;
}

/**
 * One model list's quality in force, task-kind-major: entry `k * models + i` is model i's figure for
 * TASK_KINDS[k] (the same numbers as each state's `quality`, `qualityGap`, `qualitySigma` and
 * `qualityPrior`, written together by the price/quality resolution).
 */
export interface QualityColumns {
  readonly models: number;
  readonly quality: Float64Array;
  readonly qualityGap: Float64Array;
  readonly qualitySigma: Float64Array;
  readonly qualityPrior: Uint8Array;
}

export const CAPABILITY_BITS: Record<Capability, number> = {
  tools: 1,
  vision: 2,
  structuredOutput: 4,
  streaming: 8,
  reasoning: 16,
};

export function capsMaskOf(caps: Partial<Record<Capability, boolean>>): number {
  let mask = 0;
  for (const cap of Object.keys(CAPABILITY_BITS) as Capability[]) if (caps[cap]) mask |= CAPABILITY_BITS[cap];
  return mask;
}

const ATTO = 1e18;

function toBand(above: number, rates: EffectiveRates): RateBand {
  return {
    above,
    input: Number(rates.input) / ATTO,
    output: Number(rates.output) / ATTO,
    cacheRead: Number(rates.cacheRead) / ATTO,
    cacheWrite: Number(rates.cacheWrite) / ATTO,
    reasoning: Number(rates.reasoning) / ATTO,
    perRequest: Number(rates.perRequest) / ATTO,
    exact: rates,
  };
}

/** Builds the per-model states of a model list. */
export function buildModelStates(models: readonly ModelEntry[]): ModelState[] {
  const providers = new Map<string, number>();
  const families = new Map<string, number>();
  const indexOf = (map: Map<string, number>, key: string) => {
    let i = map.get(key);
    if (i === undefined) {
      i = map.size;
      map.set(key, i);
    }
    return i;
  };
  const cells = models.length * TASK_KINDS.length;
  const columns: QualityColumns = {
    models: models.length,
    quality: new Float64Array(cells).fill(Number.NaN),
    qualityGap: new Float64Array(cells).fill(Number.NaN),
    qualitySigma: new Float64Array(cells),
    qualityPrior: new Uint8Array(cells),
  };
  // The fields selection reads for every model come first (they share the object's first cache lines).
  return models.map((entry, index) => ({
    providerIndex: indexOf(providers, entry.provider),
    retiresAt: retiresAt(entry),
    capsMask: capsMaskOf(entry.capabilities),
    price: undefined,
    feed: undefined,
    lastCurrency: undefined,
    lastFx: Number.NaN,
    familyIndex: indexOf(families, entry.tokenizer),
    learned: TASK_KINDS.map(() => undefined),
    maxOutput: entry.maxOutput,
    maxInputTokens: entry.maxInputTokens ?? Number.POSITIVE_INFINITY,
    contextWindow: entry.contextWindow,
    latencyLoaded: false,
    latencyStat: undefined,
    latencyPrior: latencyPrior(entry.latency),
    bands: [],
    modeBands: undefined,
    promptCache: entry.promptCache,
    key: modelKey(entry),
    columns,
    index,
    entry,
    provider: entry.provider,
    family: entry.tokenizer,
    quality: new Float64Array(TASK_KINDS.length),
    qualityGap: new Float64Array(TASK_KINDS.length),
    qualitySigma: new Float64Array(TASK_KINDS.length),
    qualityPrior: new Uint8Array(TASK_KINDS.length),
    qualitySource: TASK_KINDS.map(() => "none"),
    qualityScores: TASK_KINDS.map(() => undefined),
    qualityChanges: (entry.qualityVersions ?? [])
      .map((v) => Date.parse(v.effectiveFrom))
      .sort((a, b) => a - b),
    qualityVersion: -2,
    minute: -1,
    validUntil: Number.NEGATIVE_INFINITY,
    priceProblem: undefined,
    fx: new Map(),
  }));
}

/** What selection keeps per model list from one request to the next. */
export interface TableState {
  /** Every model's price resolution holds for `from` ≤ at < `until`. */
  from: number;
  until: number;
  /** How many candidates the last selection found eligible (sizes the next one's records). */
  eligibleHint: number;
}

const tableStates = new WeakMap<readonly ModelState[], TableState>();

/**
 * The list's state, with every model's prices resolved at `at`. Nearly every call falls within the
 * minute already resolved, so this checks one span per request instead of one per model (each on a
 * different object: a cache miss apiece on a large table).
 */
export function refreshTable(states: readonly ModelState[], at: number): TableState {
  let table = tableStates.get(states);
  if (table === undefined) {
    table = { from: 0, until: Number.NEGATIVE_INFINITY, eligibleHint: states.length };
    tableStates.set(states, table);
  }
  if (at < table.until && at >= table.from) return table;
  let from = Number.NEGATIVE_INFINITY;
  let until = Number.POSITIVE_INFINITY;
  for (const state of states) {
    refreshModelState(state, at);
    from = Math.max(from, state.minute * 60_000);
    until = Math.min(until, state.validUntil);
  }
  table.from = from;
  table.until = until;
  return table;
}

/** Makes the next selection re-resolve every model's prices (a price feed changed some). */
export function invalidateTable(states: readonly ModelState[]): void {
  const table = tableStates.get(states);
  if (table !== undefined) table.until = Number.NEGATIVE_INFINITY;
  for (const state of states) state.validUntil = Number.NEGATIVE_INFINITY;
}

/** Resolves a model's prices at `at` unless the last resolution still holds. */
function refreshModelState(state: ModelState, at: number): void {
  if (at < state.validUntil && at >= state.minute * 60_000) return;
  resolveModelState(state, at);
}

/**
 * Resolves a model's prices at `at`: the version in force, each band's rates with the time-of-day
 * window of that minute, as floats and exact.
 */
function resolveModelState(state: ModelState, at: number): void {
  const minute = Math.floor(at / 60_000);
  const date = new Date(at);
  state.minute = minute;
  state.fx.clear();
  state.lastCurrency = undefined;
  let validUntil = (minute + 1) * 60_000;
  for (const version of state.entry.prices) {
    const from = Date.parse(version.effectiveFrom);
    if (from > at && from < validUntil) validUntil = from;
  }
  for (const change of state.qualityChanges) if (change > at && change < validUntil) validUntil = change;
  state.validUntil = validUntil;
  resolveQuality(state, at, date);
  try {
    const price = priceInForce(state.entry, date);
    state.price = price;
    state.bands = resolveBands(price, date, undefined);
    state.modeBands =
      price.thinking !== undefined && state.entry.thinkingSwitch !== undefined
        ? {
            thinking: resolveBands(price, date, "thinking"),
            "non-thinking": resolveBands(price, date, "non-thinking"),
          }
        : undefined;
    state.priceProblem = undefined;
  } catch (error) {
    state.price = undefined;
    state.bands = [];
    state.modeBands = undefined;
    state.priceProblem =
      TokenwiseError.isInstance(error) || error instanceof Error ? error.message : String(error);
  }
}

/** A version's bands (base, then each tier ascending) at `date`, in `mode` (undefined: the default). */
function resolveBands(price: PriceVersion, date: Date, mode: ThinkingMode | undefined): RateBand[] {
  const bands: RateBand[] = [toBand(-1, resolveRates(price, { at: date, promptTokens: 0, mode }))];
  const tiers = [...(price.tiers ?? [])].sort((a, b) => a.aboveInputTokens - b.aboveInputTokens);
  for (const tier of tiers) {
    bands.push(
      toBand(
        tier.aboveInputTokens,
        resolveRates(price, { at: date, promptTokens: tier.aboveInputTokens + 1, mode }),
      ),
    );
  }
  return bands;
}

/**
 * Fills the state's quality arrays with the scores in force at `at` (core's `qualityInForce`), when
 * the quality version changed since the last resolution (models without dated versions: once).
 */
function resolveQuality(state: ModelState, at: number, date: Date): void {
  const changes = state.qualityChanges;
  let version = -1;
  while (version + 1 < changes.length && changes[version + 1]! <= at) version++;
  if (version === state.qualityVersion) return;
  state.qualityVersion = version;
  const columns = state.columns;
  TASK_KINDS.forEach((kind, k) => {
    const q = qualityInForce(state.entry, date, kind);
    const cell = k * columns.models + state.index;
    state.qualityScores[k] = q;
    state.quality[k] = columns.quality[cell] = q?.score ?? Number.NaN;
    state.qualityGap[k] = columns.qualityGap[cell] = q ? gapOfWinRate(q.score) : Number.NaN;
    state.qualitySigma[k] = columns.qualitySigma[cell] = q ? ratingSigma(q) : 0;
    state.qualityPrior[k] = columns.qualityPrior[cell] = q?.prior ? 1 : 0;
    state.qualitySource[k] = q?.source ?? "none";
  });
}

/**
 * The band for a prompt of `promptTokens`, in `mode` (the request's, core's `requestedThinkingMode`)
 * when the model's price tells the modes apart, else in its default mode.
 */
export function bandFor(state: ModelState, promptTokens: number, mode?: ThinkingMode): RateBand {
  const bands = mode !== undefined && state.modeBands !== undefined ? state.modeBands[mode] : state.bands;
  let chosen = bands[0]!;
  for (let i = 1; i < bands.length; i++) {
    const band = bands[i]!;
    if (promptTokens > band.above) chosen = band;
  }
  return chosen;
}

/** Float FX factor from the model's price currency to `currency` this minute; NaN when no rate exists. */
export function fxFactor(state: ModelState, currency: string, fx: FxTable, at: number): number {
  if (currency === state.lastCurrency) return state.lastFx;
  const factor = fxFactorOf(state, currency, fx, at);
  state.lastCurrency = currency;
  state.lastFx = factor;
  return factor;
}

function fxFactorOf(state: ModelState, currency: string, fx: FxTable, at: number): number {
  const src = state.price?.currency;
  if (src === undefined || src === currency) return 1;
  let factor = state.fx.get(currency);
  if (factor !== undefined) return factor;
  try {
    const { rate, direct } = findFxRate(fx, src, currency, new Date(at));
    const r = Number(rate.rate);
    factor = direct ? r : 1 / r;
  } catch {
    factor = Number.NaN;
  }
  state.fx.set(currency, factor);
  return factor;
}

/** Number of distinct providers and tokenizer families among states. */
export function tableCounts(states: readonly ModelState[]): { providerCount: number; familyCount: number } {
  let providerCount = 0;
  let familyCount = 0;
  for (const s of states) {
    providerCount = Math.max(providerCount, s.providerIndex + 1);
    familyCount = Math.max(familyCount, s.familyIndex + 1);
  }
  return { providerCount, familyCount };
}
