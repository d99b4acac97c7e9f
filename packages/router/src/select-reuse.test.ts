import { createCatalog } from "@tokenwise/catalog";
import {
  type Capability,
  costFromRates,
  type ModelEntry,
  TASK_KINDS,
  type TaskKind,
  TokenwiseError,
} from "@tokenwise/core";
import { seededRandom } from "@tokenwise/core/internal";
import { describe, expect, it } from "vitest";
import { buildModelStates, type ModelState, tableCounts } from "./candidate-table";
import { prepareRequest } from "./prepare-request";
import { cheapestPolicy } from "./routing-policy";
import {
  resolveConstraints,
  type ScoredCandidate,
  type Selection,
  selectCandidates,
} from "./select-candidates";
import { createHeuristicEstimator } from "./token-estimator";
import type { RouterRequest } from "./types";

/** A request whose task kind is already resolved (what `select` passes on after `taskKind: "auto"`). */
type ResolvedRequest = RouterRequest & { taskKind?: TaskKind };

const at = Date.parse("2026-09-02T18:00:00Z");
const catalog = createCatalog();
const estimator = createHeuristicEstimator();
const policy = cheapestPolicy();
const CAPS: Capability[] = ["tools", "vision", "structuredOutput", "reasoning"];

function contextFor(states: ModelState[]) {
  return {
    states,
    fx: catalog.fx,
    estimator,
    latency: () => undefined,
    policy,
    circuitOpen: () => false,
    hasCredentials: () => true,
    promptCaching: true,
    minCacheTokens: 0,
    ...tableCounts(states),
  };
}

/** A random request over the catalog's vocabulary (seeded). */
function randomRequest(random: () => number): ResolvedRequest {
  const words = Math.floor(random() ** 3 * 60_000);
  const caps = CAPS.filter(() => random() < 0.15);
  const request: ResolvedRequest = {
    messages: [
      { role: "system", content: "You are a careful assistant." },
      { role: "user", content: "lorem ipsum ".repeat(words) },
    ],
    taskKind: TASK_KINDS[Math.floor(random() * TASK_KINDS.length)]!,
    constraints: {
      minQuality: random() < 0.2 ? 0 : Math.round(random() * 90) / 100,
      qualityConfidence: random() < 0.5 ? 0.5 : 0.9,
      ...(caps.length > 0 ? { requiredCapabilities: caps } : {}),
      ...(random() < 0.3 ? { currency: "EUR" } : {}),
    },
  };
  if (random() < 0.5) request.maxOutputTokens = 1 + Math.floor(random() * 40_000);
  return request;
}

/** What a selection says, every number included (the lists are read before release). */
function snapshot(selection: Selection) {
  return {
    best: selection.best?.key,
    eligible: selection.eligible.map((c) => ({
      key: c.key,
      cost: c.expectedCost,
      quality: c.quality,
      source: c.qualitySource,
      usage: c.usage,
      reserve: [c.outputReserve, c.reasoningReserve],
      latency: [c.latencyMs, c.ttftMs],
    })),
    rejected: selection.rejected.map((r) => ({ model: r.model, code: r.code, reason: r.reason })),
  };
}

/** Exact cost of a candidate's expected usage (bigint atto-units), straight from core. */
function exactCost(c: ScoredCandidate, currency: string): bigint {
  return costFromRates(c.usage, c.band.exact, c.state.price!, { at: new Date(at), currency, fx: catalog.fx })
    .total.atto;
}

describe("selection records reused across selections", () => {
  it("a released selection hands its records to the next one; lists read before stay intact; unread lists throw", () => {
    const states = buildModelStates(catalog.list());
    const ctx = contextFor(states);
    const run = (minQuality: number) => {
      const request: ResolvedRequest = {
        messages: [{ role: "user", content: "hi" }],
        constraints: { minQuality },
      };
      const constraints = resolveConstraints(
        request,
        {},
        () => Number.POSITIVE_INFINITY,
        () => undefined,
      );
      return selectCandidates(
        ctx,
        prepareRequest(request, estimator),
        constraints,
        at,
        new Map(),
        undefined,
        undefined,
      );
    };
    const first = run(0.8);
    const before = snapshot(first);
    first.release?.();
    // The next selection (another floor) writes into the same records.
    const second = run(0);
    expect(second.eligible.length).toBeGreaterThan(before.eligible.length);
    expect(snapshot(first)).toEqual(before);
    second.release?.();
    second.release?.(); // twice is harmless
    const third = run(0.5);
    third.release?.();
    expect(() => third.eligible).toThrow(TokenwiseError);
    expect(() => third.rejected).toThrow(/released selection/);
    expect(third.best).toBeDefined();
  });

  it("property: pooled records and quality columns give what a fresh table gives, and the best is the exact-cost minimum", () => {
    const random = seededRandom(9);
    const models: ModelEntry[] = catalog.list() as ModelEntry[];
    // One long-lived table (records recycled, columns reused) against a fresh table per request.
    const pooled = buildModelStates(models);
    const pooledCtx = contextFor(pooled);
    let compared = 0;
    let nearTies = 0;
    for (let round = 0; round < 150; round++) {
      const request = randomRequest(random);
      const constraints = resolveConstraints(
        request,
        {},
        () => Number.POSITIVE_INFINITY,
        () => undefined,
      );
      const prepared = prepareRequest(request, estimator);
      const fresh = selectCandidates(
        contextFor(buildModelStates(models)),
        prepareRequest(request, estimator),
        constraints,
        at,
        new Map(),
        undefined,
        undefined,
      );
      const reused = selectCandidates(pooledCtx, prepared, constraints, at, new Map(), undefined, undefined);
      const expected = snapshot(fresh);
      expect(snapshot(reused)).toEqual(expected);
      reused.release?.();
      // The straightforward answer: every eligible candidate's exact cost in bigint atto-units; the
      // cheapest (ties by the policy's order) is the one selection chose in floats.
      const eligible = fresh.eligible;
      if (eligible.length === 0) {
        expect(fresh.best).toBeUndefined();
        continue;
      }
      const currency = constraints.currency;
      const exact = eligible.map((c) => ({ c, cost: exactCost(c, currency) }));
      exact.sort((a, b) =>
        a.cost < b.cost ? -1 : a.cost > b.cost ? 1 : policy.compare(a.c, b.c, fresh.policyContext),
      );
      const [first, second] = exact;
      if (second && first!.cost !== second.cost) {
        const gap = Number(second.cost - first!.cost) / Number(second.cost);
        if (gap < 1e-9) {
          nearTies++;
          continue;
        }
      }
      expect(fresh.best!.key).toBe(first!.c.key);
      // The chosen candidate's exact cost is what the report carries (same usage, same rates).
      expect(exactCost(fresh.best!, currency)).toBe(first!.cost);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
    expect(nearTies).toBeLessThan(5);
  });
});
