import {
  type Capability,
  type FxTable,
  type ModelEntry,
  type TaskKind,
  TokenwiseError,
  type Usage,
} from "@tokenwise/core";
import { buildModelStates, CAPABILITY_BITS, tableCounts } from "./candidate-table";
import type { FamilyTokens, PreparedRequest } from "./prepare-request";
import { cheapestPolicy, type RoutingPolicy } from "./routing-policy";
import {
  maxCostToFloat,
  resolveConstraints,
  selectCandidates,
  type UnknownQuality,
} from "./select-candidates";
import { heuristicBytesPerToken, type ReasoningForecast, type RequestEstimator } from "./token-estimator";
import type { Constraints, RejectedCandidate, RouterRequest } from "./types";

/**
 * What selection needs of a request, without its messages: a call as the ledger recorded it
 * (`LedgerEntry.call`), or a footprint built by hand.
 */
export interface Footprint {
  taskKind: TaskKind;
  /** Input tokens of the whole request per tokenizer family (at least one family). */
  tokens: Readonly<Record<string, number>>;
  /** Capabilities the request needs (implied and required). */
  capabilities: readonly Capability[];
  maxOutputTokens?: number;
  reasoningEffort?: RouterRequest["reasoningEffort"];
  /** Visible output tokens: the expectation ranks (expected cost); the reserve is checked (context, budget, latency). */
  output: { expected: number; reserve: number };
  /** Reasoning tokens expected (and reserved) on reasoning-capable models. */
  reasoning: ReasoningForecast;
  /**
   * Prompt tokens expected from the prompt cache, on every model that caches prompts (its
   * `promptCache` data; below its `minPrefixTokens` nothing is read, and explicit caches also expect
   * the rest of the prompt written, as in live selection).
   */
  cacheRead: number;
}

/** The model selection chose for a footprint. */
export interface FootprintChoice {
  provider: string;
  model: string;
  /** `provider/id`. */
  key: string;
  entry: ModelEntry;
  /** Expected usage: prompt for the model's family split into input, cache read and cache write; output and reasoning as forecast. */
  usage: Usage;
  /** Expected cost in the constraints' currency (a float: for ranking and display only). */
  expectedCost: number;
  /** `effectiveFrom` of the price version in force at the instant. */
  priceVersion: string;
}

/** What {@link FootprintSelector.select} found. */
export interface FootprintSelection {
  /** The policy's best candidate; undefined when none qualifies (see `rejected`). */
  choice: FootprintChoice | undefined;
  /** Every model not chosen because it could not serve, with its reason. */
  rejected: RejectedCandidate[];
  /**
   * Families selection needed that the footprint does not hold, converted from a counted family by
   * the ratio of the heuristic's bytes per token (`heuristicBytesPerToken`).
   */
  derivedFamilies: string[];
}

/** Settings of {@link createFootprintSelector}: the parts of `RouterSettings` selection reads. */
export interface FootprintSelectorSettings {
  models: readonly ModelEntry[];
  fx: FxTable;
  /** Default {@link cheapestPolicy}. */
  policy?: RoutingPolicy;
  /** As `RouterSettings.unknownQuality`. Default `"exclude"`. */
  unknownQuality?: UnknownQuality;
  /** As `RouterSettings.promptCaching`. Default true. */
  promptCaching?: boolean;
  /** As `RouterSettings.minCacheTokens`. Default 0. */
  minCacheTokens?: number;
}

/** Selects on footprints (see {@link createFootprintSelector}). */
export interface FootprintSelector {
  select(footprint: Footprint, constraints: Constraints, at: Date): FootprintSelection;
}

const toSet = (list: readonly string[] | undefined) => (list ? new Set(list) : undefined);
const EXACT_FIRST = ["o200k_base", "cl100k_base"];

/**
 * The router's selection (`selectCandidates`: the same constraints, policy, prices in force, tiers,
 * windows, prompt-cache expectations and quality in force) on a precomputed token footprint instead
 * of a request: what `tokenwise replay` re-routes recorded calls with. Latency is each model's catalog
 * prior (nothing observed), no provider is short of a key or behind an open breaker, and nothing
 * explores.
 *
 * @example
 * const selector = createFootprintSelector({ models: catalog.list(), fx: catalog.fx });
 * const { choice } = selector.select(footprint, { minQuality: 0.6 }, new Date("2026-09-01T12:00:00Z"));
 */
export function createFootprintSelector(settings: FootprintSelectorSettings): FootprintSelector {
  const states = buildModelStates(settings.models);
  const counts = tableCounts(states);
  const policy = settings.policy ?? cheapestPolicy();
  const caching = states.filter((s) => s.promptCache !== undefined);
  return {
    select(footprint, constraints, at) {
      const families = Object.keys(footprint.tokens);
      if (families.length === 0) {
        throw new TokenwiseError({ message: "a footprint needs the input tokens of at least one family" });
      }
      const source = EXACT_FIRST.find((f) => f in footprint.tokens) ?? families[0]!;
      const derivedFamilies: string[] = [];
      const request: RouterRequest = {
        messages: [],
        taskKind: footprint.taskKind,
        ...(footprint.maxOutputTokens !== undefined ? { maxOutputTokens: footprint.maxOutputTokens } : {}),
        ...(footprint.reasoningEffort !== undefined ? { reasoningEffort: footprint.reasoningEffort } : {}),
      };
      let capsMask = 0;
      for (const cap of footprint.capabilities) capsMask |= CAPABILITY_BITS[cap];
      for (const cap of constraints.requiredCapabilities ?? []) capsMask |= CAPABILITY_BITS[cap];
      const counted = new Map<string, FamilyTokens>();
      const prepared: PreparedRequest = {
        request,
        capsMask,
        hashes: [],
        counted,
        tokens(family) {
          let t = counted.get(family);
          if (t) return t;
          let total = footprint.tokens[family];
          if (total === undefined) {
            total = Math.round(
              (footprint.tokens[source]! * heuristicBytesPerToken(source)) / heuristicBytesPerToken(family),
            );
            derivedFamilies.push(family);
          }
          t = { cumulative: [total], total, low: total, high: total };
          counted.set(family, t);
          return t;
        },
      };
      const estimator: RequestEstimator = {
        name: "footprint",
        countMessage: () => 0,
        countFixed: () => 0,
        relativeError: () => 0,
        forecastOutput: () => footprint.output.expected,
        reserveOutput: () => footprint.output.reserve,
        reasoningForecast: () => footprint.reasoning,
        outputForecastByModel: false,
        observe() {},
      };
      const cached = new Map<string, number>();
      if (footprint.cacheRead > 0) for (const s of caching) cached.set(s.key, footprint.cacheRead);
      const resolved = resolveConstraints(
        { taskKind: footprint.taskKind, constraints },
        {},
        maxCostToFloat,
        toSet,
      );
      const selection = selectCandidates(
        {
          states,
          fx: settings.fx,
          estimator,
          latency: () => undefined,
          policy,
          circuitOpen: () => false,
          hasCredentials: () => true,
          promptCaching: settings.promptCaching ?? true,
          minCacheTokens: settings.minCacheTokens ?? 0,
          unknownQuality: settings.unknownQuality ?? "exclude",
          ...counts,
        },
        prepared,
        resolved,
        at.getTime(),
        cached,
        undefined,
        undefined,
      );
      const best = selection.best;
      const out = {
        choice: best && {
          provider: best.state.provider,
          model: best.entry.id,
          key: best.key,
          entry: best.entry,
          usage: best.usage,
          expectedCost: best.expectedCost,
          priceVersion: best.state.price?.effectiveFrom ?? "",
        },
        rejected: selection.rejected,
        derivedFamilies,
      };
      selection.release?.();
      return out;
    },
  };
}
