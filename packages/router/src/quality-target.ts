import {
  type ModelEntry,
  priceInForce,
  type QualityOperatingPoint,
  type QualityPredictor,
  type QualityTarget,
  ValidationError,
} from "@tokenwise/core";

/** A quality target resolved at `createRouter`: the calibrated floor and the models it holds for. */
export interface ResolvedQualityTarget {
  readonly point: QualityOperatingPoint;
  /** Models the target is calibrated over (the predictor's models the router has), cheapest first. */
  readonly models: readonly string[];
}

/**
 * Resolves `createRouter({ quality })`: asks the quality predictor for its calibrated operating point
 * over the predictor's models the router has, ordered cheapest first by list price in force at `at`
 * (input + output per million tokens; they must share a currency). Throws a `ValidationError` when the
 * predictor has no calibration (`operatingPoint`) or shares no model with the router.
 */
export function resolveQualityTarget(
  target: QualityTarget,
  predictor: QualityPredictor | undefined,
  models: readonly ModelEntry[],
  at: Date,
): ResolvedQualityTarget {
  const fail = (path: string[], message: string, value?: unknown): never => {
    throw new ValidationError({
      source: "createRouter",
      issues: [value === undefined ? { path, message } : { path, message, value }],
    });
  };
  if (!predictor) fail(["quality"], "needs a qualityPredictor with calibration data (see `tokenwise train`)");
  if (typeof predictor!.operatingPoint !== "function") {
    fail(
      ["qualityPredictor"],
      "has no calibration data: train it with held-back calibration prompts (`tokenwise train`, trainPredictor) to declare a quality target",
      predictor!.name,
    );
  }
  const known = new Set(predictor!.models);
  const priced = models
    .filter((m) => known.has(`${m.provider}/${m.id}`))
    .map((m) => {
      const price = priceInForce(m, at);
      return {
        key: `${m.provider}/${m.id}`,
        currency: price.currency,
        list: Number(price.input) + Number(price.output),
      };
    });
  if (priced.length === 0) {
    fail(
      ["qualityPredictor", "models"],
      "none of the predictor's models is a router model",
      predictor!.models,
    );
  }
  const currencies = new Set(priced.map((p) => p.currency));
  if (currencies.size > 1) {
    fail(
      ["quality"],
      `the predictor's models are priced in ${[...currencies].join(" and ")}: a quality target needs one currency to order them`,
    );
  }
  const order = priced.sort((a, b) => a.list - b.list || a.key.localeCompare(b.key)).map((p) => p.key);
  return { point: predictor!.operatingPoint!(target, order), models: order };
}

/**
 * The floor for one prompt under a resolved target: the calibrated floor, lowered to the best prediction
 * among the target's models when none reaches it (then the highest-predicted model is chosen, as in
 * calibration); with no certified floor, only the reference model qualifies (floor 0).
 */
export function targetFloor(
  resolved: ResolvedQualityTarget,
  predictions: ReadonlyMap<string, number>,
): number {
  const floor = resolved.point.minQuality;
  if (floor === null) return 0;
  let top = Number.NEGATIVE_INFINITY;
  for (const m of resolved.models) top = Math.max(top, predictions.get(m) ?? Number.NEGATIVE_INFINITY);
  return Math.min(floor, top);
}
