import { seededRandom } from "@tokenwise/predictors/internal";
import type { OutcomeMatrix } from "./cost-matrix";
import type { CurvePoint } from "./cost-quality-curve";

/** A policy's choices over a data set: the model whose answer counts, and what was paid. */
export interface Routing {
  /** Index (into `matrix.models`) of the model whose answer is used, per prompt. */
  answer: Int32Array;
  /** Models called per prompt when more than the answering one was paid for (cascades). */
  paid?: (i: number) => readonly number[];
}

/** Per-prompt scores of the goals a curve point's standard errors are paired with (`CurvePoint.se`). */
export interface PairedGoals {
  /** The best single model's score per prompt. */
  best: Float64Array;
  /** The reference model's score per prompt, and the target fraction of it. */
  reference: Float64Array;
  fraction: number;
}

/** Standard error of the mean of `value(i)` over `n` prompts (sample standard deviation ÷ √n). */
function standardError(n: number, value: (i: number) => number): number {
  if (n < 2) return 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = value(i);
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / n;
  return Math.sqrt((Math.max(0, sumSq / n - mean * mean) * (n / (n - 1))) / n);
}

/**
 * Totals a routing: cost (USD, summed exactly in atto-units), quality (mean score of the answering
 * model) and the share of prompts answered by each model.
 *
 * @example
 * summarize(matrix, { answer: new Int32Array(matrix.n).fill(0) }) // model 0 alone
 */
export function summarize(
  matrix: OutcomeMatrix,
  routing: Routing,
  knob?: number,
  paired?: PairedGoals,
): CurvePoint & { costAtto: bigint } {
  let atto = 0n;
  let quality = 0;
  const counts = new Float64Array(matrix.models.length);
  for (let i = 0; i < matrix.n; i++) {
    const m = routing.answer[i]!;
    counts[m]!++;
    quality += matrix.scores[m]![i]!;
    if (routing.paid) for (const p of routing.paid(i)) atto += matrix.costAtto[p]![i]!;
    else atto += matrix.costAtto[m]![i]!;
  }
  const shares: Record<string, number> = {};
  matrix.models.forEach((key, m) => {
    shares[key] = matrix.n === 0 ? 0 : counts[m]! / matrix.n;
  });
  const cost = Number(atto) / 1e18;
  const point: CurvePoint & { costAtto: bigint } = {
    cost,
    costAtto: atto,
    quality: quality / Math.max(1, matrix.n),
    shares,
  };
  if (knob !== undefined) point.knob = knob;
  if (paired) {
    const routed = (i: number) => matrix.scores[routing.answer[i]!]![i]!;
    point.se = {
      bestSingle: standardError(matrix.n, (i) => routed(i) - paired.best[i]!),
      target: standardError(matrix.n, (i) => routed(i) - paired.fraction * paired.reference[i]!),
    };
  }
  return point;
}

/** Every prompt to model `m`. */
export function singleModelRouting(matrix: OutcomeMatrix, m: number): Routing {
  return { answer: new Int32Array(matrix.n).fill(m) };
}

/**
 * The oracle: per prompt, the cheapest model (by that prompt's cost) among those with the best score on
 * it — for right/wrong data, the cheapest model that gets it right (the cheapest model when none does).
 */
export function oracleRouting(matrix: OutcomeMatrix): Routing {
  const answer = new Int32Array(matrix.n);
  for (let i = 0; i < matrix.n; i++) {
    let best = -1;
    for (let m = 0; m < matrix.models.length; m++) {
      const s = matrix.scores[m]![i]!;
      const b = best < 0 ? -1 : matrix.scores[best]![i]!;
      if (best < 0 || s > b || (s === b && matrix.cost[m]![i]! < matrix.cost[best]![i]!)) best = m;
    }
    answer[i] = best;
  }
  return { answer };
}

/**
 * Random routing between two models: each prompt goes to `strong` with probability `p` (seeded), else to
 * `weak` — RouteLLM's random baseline. One point per `p` in `grid`.
 */
export function randomCurve(
  matrix: OutcomeMatrix,
  weak: number,
  strong: number,
  grid: readonly number[],
  seed = 7,
  paired?: PairedGoals,
): CurvePoint[] {
  return grid.map((p) => {
    const random = seededRandom(seed);
    const answer = new Int32Array(matrix.n);
    for (let i = 0; i < matrix.n; i++) answer[i] = random() < p ? strong : weak;
    return summarize(matrix, { answer }, p, paired);
  });
}

/**
 * Cheapest-qualifying (the router's default with model-level quality scores): among models whose
 * score ≥ `floor`, the cheapest for this prompt (by `decisionCost`: known before the call). `quality(i)` gives the model-level scores that apply to
 * prompt i (those learned on the prompt's training split). Knob: the floor.
 */
export function cheapestQualifyingRouting(
  matrix: OutcomeMatrix,
  quality: (i: number) => Float64Array,
  floor: number,
): Routing {
  return cheapestAtLeast(matrix, (m, i) => quality(i)[m]!, floor);
}

/**
 * Per prompt, the cheapest model (by `decisionCost`) whose `score(m, i)` ≥ `floor`, else the model with
 * the highest score (the first of equals).
 */
function cheapestAtLeast(
  matrix: OutcomeMatrix,
  score: (m: number, i: number) => number,
  floor: number,
): Routing {
  const answer = new Int32Array(matrix.n);
  for (let i = 0; i < matrix.n; i++) {
    let best = -1;
    let top = 0;
    let topScore = Number.NaN;
    for (let m = 0; m < matrix.models.length; m++) {
      const v = score(m, i);
      if (m === 0 || v > topScore) {
        top = m;
        topScore = v;
      }
      if (v >= floor && (best < 0 || matrix.decisionCost[m]![i]! < matrix.decisionCost[best]![i]!)) best = m;
    }
    answer[i] = best < 0 ? top : best;
  }
  return { answer };
}

/**
 * Per prompt, the model maximising `predicted[m][i]` − λ·`cost(m, i)`/`costScale`, ties to the lower cost.
 */
function maxUtility(
  matrix: OutcomeMatrix,
  predicted: readonly Float64Array[],
  lambda: number,
  costScale: number,
  cost: (m: number, i: number) => number,
): Routing {
  const answer = new Int32Array(matrix.n);
  for (let i = 0; i < matrix.n; i++) {
    let best = 0;
    let bestU = Number.NEGATIVE_INFINITY;
    for (let m = 0; m < matrix.models.length; m++) {
      const u = predicted[m]![i]! - (lambda * cost(m, i)) / costScale;
      if (u > bestU || (u === bestU && cost(m, i) < cost(best, i))) {
        best = m;
        bestU = u;
      }
    }
    answer[i] = best;
  }
  return { answer };
}

/**
 * Learned routing by utility: per prompt, the model maximising predicted quality − λ·cost/`costScale`
 * (ties to the cheaper), where cost is the prompt's `decisionCost` (input priced + output forecast; never
 * the realised answer length). `predicted[m][i]` must come from a predictor that never saw prompt i. Knob: λ.
 */
export function utilityRouting(
  matrix: OutcomeMatrix,
  predicted: readonly Float64Array[],
  lambda: number,
  costScale: number,
): Routing {
  return maxUtility(matrix, predicted, lambda, costScale, (m, i) => matrix.decisionCost[m]![i]!);
}

/**
 * Learned routing by threshold: the cheapest model (for this prompt) whose predicted P(good) ≥ `threshold`,
 * else the model with the highest prediction. Knob: the threshold.
 */
export function thresholdRouting(
  matrix: OutcomeMatrix,
  predicted: readonly Float64Array[],
  threshold: number,
): Routing {
  return cheapestAtLeast(matrix, (m, i) => predicted[m]![i]!, threshold);
}

/**
 * Cascade: call the models of `chain(i)` cheapest first; accept a model's answer when the signal
 * `confidence(m, i)` ≥ `threshold`, else escalate; the last model is always accepted. Every model called
 * is paid for. The data sets carry no verifier signal (no log-probs, no repeated samples), so the
 * benchmark passes the learned predictor's P(good) for that model — available before the call, never
 * correctness. Knob: the threshold.
 */
export function cascadeRouting(
  matrix: OutcomeMatrix,
  chain: (i: number) => readonly number[],
  confidence: (m: number, i: number) => number,
  threshold: number,
): Routing {
  const answer = new Int32Array(matrix.n);
  const called: number[][] = new Array(matrix.n);
  for (let i = 0; i < matrix.n; i++) {
    const steps = chain(i);
    const paid: number[] = [];
    let chosen = steps[steps.length - 1]!;
    for (const m of steps) {
      paid.push(m);
      if (confidence(m, i) >= threshold) {
        chosen = m;
        break;
      }
    }
    answer[i] = chosen;
    called[i] = paid;
  }
  return { answer, paid: (i) => called[i]! };
}

/**
 * Learned routing by predicted gain (RouteLLM's routers threshold a predicted win probability): per
 * prompt, the model maximising predicted quality − λ·`modelCost[m]`/`costScale`, with one cost per model
 * (its mean cost per prompt) rather than this prompt's — so the decision ranks prompts by how much a
 * pricier model is predicted to add, not by how cheap this prompt happens to be. Knob: λ.
 *
 * @example
 * gainRouting(matrix, predicted, 0.1, Float64Array.from([0.001, 0.03]), 0.03) // strong where p̂_s − p̂_w > 0.097
 */
export function gainRouting(
  matrix: OutcomeMatrix,
  predicted: readonly Float64Array[],
  lambda: number,
  modelCost: Float64Array,
  costScale: number,
): Routing {
  return maxUtility(matrix, predicted, lambda, costScale, (m) => modelCost[m]!);
}

/**
 * The oracle's cost–quality frontier: the cheapest way, knowing every outcome, to reach each quality —
 * per prompt a choice of model, mixed where needed (the linear relaxation of the multiple-choice
 * knapsack, which mixing two routings realises). Exact: starting from every prompt's cheapest model
 * (best score among equally cheap ones), each prompt's upgrades along its own cost–score convex hull
 * are applied in order of decreasing score gained per dollar; every vertex is returned. No routing can
 * reach a quality for less than this curve (so a share of the saving measured against it is ≤ 100%).
 *
 * @example
 * costAtQuality(oracleFrontier(matrix), bestSingleQuality)?.cost // the least any router could pay
 */
export function oracleFrontier(matrix: OutcomeMatrix): CurvePoint[] {
  const M = matrix.models.length;
  let cost = 0;
  let quality = 0;
  const upgrades: { slope: number; dc: number; dq: number }[] = [];
  for (let i = 0; i < matrix.n; i++) {
    const options = Array.from({ length: M }, (_, m) => ({
      c: matrix.cost[m]![i]!,
      q: matrix.scores[m]![i]!,
    })).sort((a, b) => a.c - b.c || b.q - a.q);
    // Upper-left convex hull of (cost, score) from the cheapest option: decreasing slopes.
    const hull = [options[0]!];
    for (const o of options.slice(1)) {
      if (o.q <= hull[hull.length - 1]!.q) continue;
      while (hull.length >= 2) {
        const a = hull[hull.length - 2]!;
        const b = hull[hull.length - 1]!;
        if ((b.q - a.q) * (o.c - a.c) <= (o.q - a.q) * (b.c - a.c)) hull.pop();
        else break;
      }
      hull.push(o);
    }
    cost += hull[0]!.c;
    quality += hull[0]!.q;
    for (let h = 1; h < hull.length; h++) {
      const dc = hull[h]!.c - hull[h - 1]!.c;
      const dq = hull[h]!.q - hull[h - 1]!.q;
      upgrades.push({ slope: dc === 0 ? Number.POSITIVE_INFINITY : dq / dc, dc, dq });
    }
  }
  upgrades.sort((a, b) => b.slope - a.slope);
  const n = Math.max(1, matrix.n);
  const out: CurvePoint[] = [{ cost, quality: quality / n }];
  for (const u of upgrades) {
    cost += u.dc;
    quality += u.dq;
    out.push({ cost, quality: quality / n });
  }
  return out;
}
