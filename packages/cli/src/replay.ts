import {
  costOf,
  type FxTable,
  type ModelEntry,
  type Money,
  modelKey,
  parseWith,
  priceInForce,
  promptTokens,
  TokenwiseError,
  UnknownModelError,
  type Usage,
  ValidationError,
} from "@tokenwise/core";
import {
  type Constraints,
  createMemoryLedger,
  type LedgerEntry,
  type LedgerTotals,
  type RoutingPolicy,
} from "@tokenwise/router";
import { ConstraintsSchema, createFootprintSelector, type FootprintChoice } from "@tokenwise/router/internal";

/** Settings of {@link replay}. */
export interface ReplayOptions {
  /** The recorded ledger entries (`parseLedgerJsonl` of an export, or `router.ledger.entries()`). */
  entries: readonly LedgerEntry[];
  /**
   * The models and prices to replay under: the catalog's list (`createCatalog().list()`), extended
   * with a price table for a what-if. Every model the ledger names must be among them.
   */
  models: readonly ModelEntry[];
  /** FX rates (the catalog's `fx`). */
  fx: FxTable;
  /** Price (and route) every call at this instant instead of its own. Excludes `shiftDays`. */
  at?: Date;
  /**
   * Move every call by this many days (time of day kept; a multiple of 7 keeps the weekday too), e.g.
   * to replay last month's traffic under this month's prices and time-of-day windows.
   */
  shiftDays?: number;
  /** Constraints over each call's recorded ones, field by field (e.g. `{ minQuality: 0.7 }`). */
  constraints?: Constraints;
  /** Re-route every call (default true); false only re-prices the recorded usage on the recorded models. */
  reroute?: boolean;
  /** Currency of the totals. Default: the currency the ledger recorded costs in (its first entry's). */
  currency?: string;
  /** The routing policy (default: the router's `cheapestPolicy`). */
  policy?: RoutingPolicy;
  /** As `RouterSettings.unknownQuality` (default `"exclude"`). */
  unknownQuality?: "exclude" | "prior";
  /** As `RouterSettings.promptCaching` (default true). */
  promptCaching?: boolean;
  /** As `RouterSettings.minCacheTokens` (default 0). */
  minCacheTokens?: number;
}

/** What replay did with one call. */
export type ReplayOutcome =
  /** Re-routed to the model it was recorded on. */
  | "same"
  /** Re-routed to another model. */
  | "moved"
  /** No model qualifies under the replay's prices and constraints: kept on its recorded model. */
  | "no-candidate"
  /** The ledger holds no call record (footprint) for it, or `reroute: false`: re-priced only. */
  | "repriced-only";

/** One call in a replay. */
export interface ReplayCall {
  callId: string;
  /** The instant the call was recorded at (its served attempt's). */
  at: Date;
  /** The instant it was priced and routed at in the replay (`at`, `shiftDays`). */
  replayedAt: Date;
  tags: readonly string[];
  tenant?: string;
  /** `provider/id` of the model that served it (its last billed attempt). */
  recordedModel: string;
  /** `provider/id` of the model replay routed it to (the recorded one unless it moved). */
  model: string;
  outcome: ReplayOutcome;
  /** Ledger lines (billed attempts) of the call. */
  attempts: number;
  /** What the ledger recorded for it (every billed attempt). */
  recorded: Money;
  /** Its recorded usage re-priced on the recorded models: the bill if nothing changes. */
  repriced: Money;
  /** Its cost after re-routing (`repriced` unless it moved). */
  rerouted: Money;
  /** The usage a moved call is billed at (see {@link replay}). */
  reroutedUsage?: Usage;
  /** Families the footprint lacked, converted for selection (see `createFootprintSelector`). */
  derivedFamilies?: string[];
}

/** A sum in the replay's currency with the calls behind it. */
export interface ReplayRow {
  key: string;
  /** Calls recorded on it (by model: on this model; by tag or day: with this tag, on this day). */
  calls: number;
  recorded: Money;
  repriced: Money;
  /** Calls routed to it after re-routing (by model); the same as `calls` by tag and by day. */
  reroutedCalls: number;
  rerouted: Money;
}

/** What {@link replay} found. */
export interface ReplayResult {
  currency: string;
  calls: number;
  /** Ledger lines (billed attempts) read. */
  entries: number;
  /** The ledger as recorded: exact and estimated apart, with the error bar of the whole. */
  recorded: LedgerTotals;
  /** Recorded usage re-priced on the recorded models under the replay's prices. */
  repriced: Money;
  /** Every call re-routed under the replay's prices and constraints. */
  rerouted: Money;
  /** Calls that moved to another model: count and share of all calls (0–1). */
  moved: { count: number; share: number };
  /** Calls for which no model qualified (kept on their recorded model) and calls re-priced only. */
  noCandidate: number;
  repricedOnly: number;
  /** Moves, `from → to`, most frequent first. */
  moves: { from: string; to: string; calls: number }[];
  byModel: ReplayRow[];
  byTag: ReplayRow[];
  /** By the recorded UTC day (`YYYY-MM-DD`). */
  byDay: ReplayRow[];
  perCall: ReplayCall[];
  /** Calls whose footprint lacked a family some candidate needed (converted; see `createFootprintSelector`). */
  derivedFamilyCalls: number;
}

const DAY_MS = 86_400_000;

function add(a: Money, b: Money): Money {
  return { currency: a.currency, atto: a.atto + b.atto };
}

/** The usage a call that moved is billed at on its new model (see {@link replay}). */
function movedUsage(
  served: Usage,
  servedModel: ModelEntry,
  choice: FootprintChoice,
  caching: { promptCaching: boolean; minCacheTokens: number },
): Usage {
  const entry = choice.entry;
  // The prompt: the recorded provider count when the new model shares the tokenizer, else the
  // router's count for the new model's family (as selection saw it).
  const prompt =
    entry.tokenizer === servedModel.tokenizer ? promptTokens(served) : promptTokens(choice.usage);
  const pc = entry.promptCache;
  let cacheRead = 0;
  let cacheWrite = 0;
  if (pc !== undefined && (pc.mode === "automatic" || caching.promptCaching)) {
    const minPrefix = Math.max(pc.minPrefixTokens, caching.minCacheTokens);
    cacheRead = Math.min(served.cacheRead, prompt);
    if (cacheRead < minPrefix) cacheRead = 0;
    if (pc.mode === "explicit" && prompt >= minPrefix) cacheWrite = prompt - cacheRead;
  }
  return {
    input: prompt - cacheRead - cacheWrite,
    cacheRead,
    cacheWrite,
    cacheWrite1h: 0,
    output: served.output,
    reasoning: entry.capabilities.reasoning ? served.reasoning : 0,
  };
}

function checkOptions(options: ReplayOptions): Constraints | undefined {
  const issues: { path: (string | number)[]; message: string; value?: unknown }[] = [];
  if (!Array.isArray(options.entries))
    issues.push({ path: ["entries"], message: "must be an array of ledger entries" });
  if (!Array.isArray(options.models) || options.models.length === 0)
    issues.push({ path: ["models"], message: "must be a non-empty array of model entries" });
  if (options.at !== undefined && !(options.at instanceof Date && !Number.isNaN(options.at.getTime())))
    issues.push({ path: ["at"], message: "must be a valid Date", value: options.at });
  if (options.shiftDays !== undefined && !Number.isFinite(options.shiftDays))
    issues.push({
      path: ["shiftDays"],
      message: "must be a finite number of days",
      value: options.shiftDays,
    });
  if (options.at !== undefined && options.shiftDays !== undefined)
    issues.push({ path: ["shiftDays"], message: "give either at or shiftDays, not both" });
  if (issues.length > 0) throw new ValidationError({ source: "replay", issues });
  return options.constraints === undefined
    ? undefined
    : parseWith(ConstraintsSchema, options.constraints, "replay constraints");
}

/**
 * Re-prices and re-routes recorded calls under other prices or constraints, from the ledger alone
 * (no messages): what the traffic would cost if nothing changed, and what it would cost with the
 * router choosing again.
 *
 * - **Re-priced** ("if nothing changes"): each billed attempt's recorded usage on its recorded model,
 *   at the price in force at its instant (`at` or `shiftDays` move it) in the replay's models, with
 *   core's `costOf`. Under the prices that were in force this reproduces the ledger to the atto.
 * - **Re-routed**: each call goes through the router's own selection (`createFootprintSelector`) on its
 *   recorded footprint: tokens per family, capabilities, output bound and task kind; the constraints
 *   recorded, overridden by `constraints`. Ranking uses what the router knew when it routed: its output
 *   and reasoning forecasts and the cache reads it expected. A call routed to its recorded model costs
 *   its re-priced amount. A call that moves is billed at what happened, scaled to the new model: the
 *   recorded output tokens; the recorded reasoning tokens when the new model reasons (else none); the
 *   prompt as the provider counted it when the new model shares the recorded tokenizer, else the
 *   router's count for the new model's family; the recorded cache reads when the new model caches
 *   prompts and they reach its minimum prefix (explicit caches write the rest, as selection expects).
 *   Failed attempts before the served one are not carried over to the new model.
 *
 * @example
 * const entries = parseLedgerJsonl(readFileSync("calls.jsonl", "utf8"), { source: "calls.jsonl" });
 * const catalog = createCatalog().extend("rise.yaml", { mode: "merge" });
 * const r = replay({ entries, models: catalog.list(), fx: catalog.fx, constraints: { minQuality: 0.6 } });
 * console.log(formatMoney(r.repriced), formatMoney(r.rerouted), r.moved.share);
 */
export function replay(options: ReplayOptions): ReplayResult {
  const overrides = checkOptions(options);
  const { entries, fx } = options;
  const currency = options.currency ?? entries[0]?.cost.currency ?? "USD";
  const reroute = options.reroute ?? true;
  const caching = {
    promptCaching: options.promptCaching ?? true,
    minCacheTokens: options.minCacheTokens ?? 0,
  };
  const byKey = new Map(options.models.map((m) => [modelKey(m), m]));
  const when = (at: Date) =>
    options.at ??
    (options.shiftDays === undefined ? at : new Date(at.getTime() + options.shiftDays * DAY_MS));
  const modelOf = (key: string) => {
    const m = byKey.get(key);
    if (!m) throw new UnknownModelError({ modelId: key, known: [...byKey.keys()] });
    return m;
  };
  const zero: Money = { currency, atto: 0n };
  const priceOf = (model: ModelEntry, usage: Usage, at: Date) =>
    costOf(usage, priceInForce(model, at), { at, currency, fx }).total;
  const selector = reroute
    ? createFootprintSelector({
        models: options.models,
        fx,
        ...(options.policy ? { policy: options.policy } : {}),
        ...(options.unknownQuality ? { unknownQuality: options.unknownQuality } : {}),
        ...caching,
      })
    : undefined;

  const all = createMemoryLedger({ fx });
  const groups = new Map<string, LedgerEntry[]>();
  entries.forEach((e, i) => {
    if (!e.usage) {
      throw new ValidationError({
        source: "replay",
        issues: [
          { path: ["entries", i, "usage"], message: "a ledger entry without its usage cannot be re-priced" },
        ],
      });
    }
    all.record(e);
    const list = groups.get(e.callId);
    if (list) list.push(e);
    else groups.set(e.callId, [e]);
  });

  const calls: ReplayCall[] = [];
  for (const [callId, list] of groups) {
    const served = list.reduce((a, b) => (b.attempt > a.attempt ? b : a));
    const recordedKey = `${served.provider}/${served.model}`;
    const one = createMemoryLedger({ fx });
    let repriced = zero;
    for (const e of list) {
      one.record(e);
      repriced = add(repriced, priceOf(modelOf(`${e.provider}/${e.model}`), e.usage!, when(e.at)));
    }
    const replayedAt = when(served.at);
    const call: ReplayCall = {
      callId,
      at: served.at,
      replayedAt,
      tags: served.tags,
      recordedModel: recordedKey,
      model: recordedKey,
      outcome: "repriced-only",
      attempts: list.length,
      recorded: one.total(currency),
      repriced,
      rerouted: repriced,
    };
    if (served.tenant !== undefined) call.tenant = served.tenant;
    const record = served.call;
    if (selector && record) {
      const est = record.estimate;
      const constraints: Constraints = { ...record.constraints, ...overrides, currency };
      if (
        record.constraints.currency !== undefined &&
        record.constraints.currency !== currency &&
        constraints.maxCostPerCall !== undefined &&
        overrides?.maxCostPerCall === undefined
      ) {
        throw new TokenwiseError({
          message: `call ${callId} was routed with maxCostPerCall in ${record.constraints.currency}; replaying in ${currency} needs constraints.maxCostPerCall in ${currency}`,
        });
      }
      const { choice, derivedFamilies } = selector.select(
        {
          taskKind: record.taskKind,
          tokens: record.tokens,
          capabilities: record.capabilities,
          ...(record.maxOutputTokens !== undefined ? { maxOutputTokens: record.maxOutputTokens } : {}),
          ...(record.reasoningEffort !== undefined ? { reasoningEffort: record.reasoningEffort } : {}),
          output: { expected: est.usage.output, reserve: est.outputReserve.output },
          reasoning: { expected: est.usage.reasoning, reserve: est.outputReserve.reasoning },
          cacheRead: est.usage.cacheRead,
        },
        constraints,
        replayedAt,
      );
      if (derivedFamilies.length > 0) call.derivedFamilies = derivedFamilies;
      if (!choice) call.outcome = "no-candidate";
      else if (choice.key === recordedKey) call.outcome = "same";
      else {
        const usage = movedUsage(served.usage!, modelOf(recordedKey), choice, caching);
        call.outcome = "moved";
        call.model = choice.key;
        call.reroutedUsage = usage;
        call.rerouted = priceOf(choice.entry, usage, replayedAt);
      }
    }
    calls.push(call);
  }
  return summarize(calls, currency, entries.length, all.totals(currency, { fx }));
}

function summarize(
  calls: ReplayCall[],
  currency: string,
  entries: number,
  recorded: LedgerTotals,
): ReplayResult {
  const zero: Money = { currency, atto: 0n };
  const row = (key: string): ReplayRow => ({
    key,
    calls: 0,
    recorded: zero,
    repriced: zero,
    reroutedCalls: 0,
    rerouted: zero,
  });
  const models = new Map<string, ReplayRow>();
  const tags = new Map<string, ReplayRow>();
  const days = new Map<string, ReplayRow>();
  const moves = new Map<string, { from: string; to: string; calls: number }>();
  const get = (map: Map<string, ReplayRow>, key: string) => {
    let r = map.get(key);
    if (!r) {
      r = row(key);
      map.set(key, r);
    }
    return r;
  };
  let repriced = zero;
  let rerouted = zero;
  let moved = 0;
  let noCandidate = 0;
  let repricedOnly = 0;
  let derived = 0;
  for (const c of calls) {
    repriced = add(repriced, c.repriced);
    rerouted = add(rerouted, c.rerouted);
    if (c.outcome === "moved") {
      moved++;
      const key = `${c.recordedModel}\u0000${c.model}`;
      const m = moves.get(key) ?? { from: c.recordedModel, to: c.model, calls: 0 };
      m.calls++;
      moves.set(key, m);
    } else if (c.outcome === "no-candidate") noCandidate++;
    else if (c.outcome === "repriced-only") repricedOnly++;
    if (c.derivedFamilies) derived++;
    const before = get(models, c.recordedModel);
    before.calls++;
    before.recorded = add(before.recorded, c.recorded);
    before.repriced = add(before.repriced, c.repriced);
    const after = get(models, c.model);
    after.reroutedCalls++;
    after.rerouted = add(after.rerouted, c.rerouted);
    for (const r of [...c.tags.map((t) => get(tags, t)), get(days, c.at.toISOString().slice(0, 10))]) {
      r.calls++;
      r.reroutedCalls++;
      r.recorded = add(r.recorded, c.recorded);
      r.repriced = add(r.repriced, c.repriced);
      r.rerouted = add(r.rerouted, c.rerouted);
    }
  }
  // Largest first, by the larger of the two bills a row shows.
  const larger = (r: ReplayRow) => {
    if (r.repriced.atto > r.rerouted.atto) return r.repriced.atto;
    return r.rerouted.atto;
  };
  const byCost = (a: ReplayRow, b: ReplayRow) => {
    const x = larger(a);
    const y = larger(b);
    return x > y ? -1 : x < y ? 1 : a.key.localeCompare(b.key);
  };
  return {
    currency,
    calls: calls.length,
    entries,
    recorded,
    repriced,
    rerouted,
    moved: { count: moved, share: calls.length === 0 ? 0 : moved / calls.length },
    noCandidate,
    repricedOnly,
    moves: [...moves.values()].sort((a, b) => b.calls - a.calls || a.from.localeCompare(b.from)),
    byModel: [...models.values()].sort(byCost),
    byTag: [...tags.values()].sort(byCost),
    byDay: [...days.values()].sort((a, b) => a.key.localeCompare(b.key)),
    perCall: calls,
    derivedFamilyCalls: derived,
  };
}
