/** One operating point of a policy: total cost (USD), quality (mean score) and share of calls per model. */
export interface CurvePoint {
  cost: number;
  quality: number;
  /** The knob value that produced the point, if the policy has one. */
  knob?: number;
  /** Share of prompts answered by each model (0–1). */
  shares?: Record<string, number>;
  /**
   * Standard errors of the point's quality against each goal, paired per prompt: of the mean of
   * (routed score − the best single model's score) and of (routed score − target × the reference's).
   */
  se?: { bestSingle: number; target: number };
}

/**
 * The Pareto frontier of points: sorted by cost, keeping only points of strictly higher quality than
 * every cheaper point. Mixing two frontier points at random realises every point on the segment between them.
 *
 * @example
 * paretoFrontier([{ cost: 2, quality: 0.5 }, { cost: 1, quality: 0.6 }]) // [{ cost: 1, quality: 0.6 }]
 */
export function paretoFrontier<P extends CurvePoint>(points: readonly P[]): P[] {
  const sorted = [...points].sort((a, b) => a.cost - b.cost || b.quality - a.quality);
  const out: P[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (!last || p.quality > last.quality) out.push(p);
  }
  return out;
}

/** The result of {@link costAtQuality}. */
export interface MatchedPoint {
  cost: number;
  quality: number;
  /** Interpolated share of calls per model. */
  shares: Record<string, number>;
}

/**
 * The cheapest cost at which a policy reaches `target` quality: linear interpolation between the two
 * adjacent points of its Pareto frontier that bracket the target (the same interpolation RouteLLM uses
 * for its call-performance threshold, `np.interp(target, accuracy, strong_percentage)`). Shares of calls
 * are interpolated with the same weight. `undefined` when no point reaches the target.
 *
 * @example
 * costAtQuality([{ cost: 1, quality: 0.6 }, { cost: 3, quality: 0.8 }], 0.7)?.cost // 2
 */
export function costAtQuality(points: readonly CurvePoint[], target: number): MatchedPoint | undefined {
  const frontier = paretoFrontier(points);
  for (let i = 0; i < frontier.length; i++) {
    const p = frontier[i]!;
    if (p.quality >= target) {
      const prev = frontier[i - 1];
      if (!prev) return { cost: p.cost, quality: p.quality, shares: { ...p.shares } };
      const t = (target - prev.quality) / (p.quality - prev.quality);
      const shares: Record<string, number> = {};
      for (const key of new Set([...Object.keys(prev.shares ?? {}), ...Object.keys(p.shares ?? {})])) {
        shares[key] = (prev.shares?.[key] ?? 0) * (1 - t) + (p.shares?.[key] ?? 0) * t;
      }
      return { cost: prev.cost + t * (p.cost - prev.cost), quality: target, shares };
    }
  }
  return undefined;
}

/**
 * The non-decreasing convex hull of cost–quality points (RouterBench, Hu et al. 2024): the upper
 * concave envelope of the points, cut where it would decrease. Points are returned sorted by cost.
 *
 * @example
 * nonDecreasingConvexHull([{ cost: 0, quality: 0 }, { cost: 1, quality: 0.2 }, { cost: 2, quality: 1 }])
 * // [{ cost: 0, quality: 0 }, { cost: 2, quality: 1 }]
 */
export function nonDecreasingConvexHull(points: readonly CurvePoint[]): CurvePoint[] {
  const frontier = paretoFrontier(points);
  const hull: CurvePoint[] = [];
  for (const p of frontier) {
    while (hull.length >= 2) {
      const a = hull[hull.length - 2]!;
      const b = hull[hull.length - 1]!;
      // Remove b if it lies on or below the segment a→p.
      const cross = (b.cost - a.cost) * (p.quality - a.quality) - (b.quality - a.quality) * (p.cost - a.cost);
      if (cross >= 0) hull.pop();
      else break;
    }
    hull.push(p);
  }
  return hull;
}

/**
 * AIQ, "average improvement in quality" (RouterBench, Hu et al. 2024, arXiv 2403.12031):
 * AIQ = 1/(c_max − c_min) ∫_{c_min}^{c_max} R̃(c) dc, where R̃ is the policy's non-decreasing convex hull,
 * held flat after its most expensive point (as withmartian/routerbench `evaluation/AIQ.py` does) and 0
 * below its cheapest point. `range` is the common cost range of the policies being compared.
 *
 * @example
 * aiq([{ cost: 0, quality: 0.5 }, { cost: 1, quality: 1 }], { min: 0, max: 1 }) // 0.75
 */
export function aiq(points: readonly CurvePoint[], range: { min: number; max: number }): number {
  const hull = nonDecreasingConvexHull(points);
  if (hull.length === 0 || !(range.max > range.min))
    return hull.length === 0 ? 0 : hull[hull.length - 1]!.quality;
  const at = (c: number): number => {
    if (c < hull[0]!.cost) return 0;
    for (let i = 1; i < hull.length; i++) {
      const a = hull[i - 1]!;
      const b = hull[i]!;
      if (c <= b.cost) return a.quality + ((c - a.cost) / (b.cost - a.cost)) * (b.quality - a.quality);
    }
    return hull[hull.length - 1]!.quality;
  };
  // Exact integral of a piecewise-linear function: integrate between every breakpoint in range.
  const xs = [range.min, range.max, ...hull.map((p) => p.cost)]
    .filter((x) => x >= range.min && x <= range.max)
    .sort((a, b) => a - b);
  let area = 0;
  for (let i = 1; i < xs.length; i++) {
    const a = xs[i - 1]!;
    const b = xs[i]!;
    // 0 left of the hull's first point; a step up at it.
    if (b <= a || b <= hull[0]!.cost) continue;
    const left = a === hull[0]!.cost ? hull[0]!.quality : at(a);
    area += ((left + at(b)) / 2) * (b - a);
  }
  return area / (range.max - range.min);
}
