import { ValidationError } from "@tokenwise/core";
import { seededRandom } from "@tokenwise/core/internal";
import { describe, expect, it } from "vitest";
import {
  bettingLowerBound,
  bettingRejects,
  type CalibrationSet,
  calibrateFloor,
  empiricalBernsteinLowerBound,
  floorChoices,
} from "./calibrate-target";

/**
 * A population where a noisy predictor knows the small model's chance: the small model is right with
 * probability p (uniform), the large one with 0.9; the predictor sees p plus noise.
 */
function draw(n: number, random: () => number): CalibrationSet {
  const predicted = [new Float64Array(n), new Float64Array(n)];
  const scores = [new Float64Array(n), new Float64Array(n)];
  for (let i = 0; i < n; i++) {
    const p = random();
    predicted[0]![i] = Math.min(1, Math.max(0, p + (random() - 0.5) * 0.3));
    predicted[1]![i] = 0.9;
    scores[0]![i] = random() < p ? 1 : 0;
    scores[1]![i] = random() < 0.9 ? 1 : 0;
  }
  return { models: ["x/small", "x/large"], predicted, scores };
}

describe("the tests behind calibrateFloor", () => {
  it("the betting test rejects a true null at most about δ of the time, and a false one mostly", () => {
    const random = seededRandom(3);
    let falseRejections = 0;
    let trueRejections = 0;
    for (let trial = 0; trial < 300; trial++) {
      const atNull = Float64Array.from({ length: 200 }, () => (random() < 0.6 ? 1 : 0));
      if (bettingRejects(atNull, 0.6, 0.1)) falseRejections++;
      const above = Float64Array.from({ length: 200 }, () => (random() < 0.75 ? 1 : 0));
      if (bettingRejects(above, 0.6, 0.1)) trueRejections++;
    }
    expect(falseRejections / 300).toBeLessThanOrEqual(0.1);
    expect(trueRejections / 300).toBeGreaterThan(0.8);
  });

  it("bounds lie below the sample mean and tighten with n", () => {
    const random = seededRandom(5);
    const small = Float64Array.from({ length: 100 }, () => (random() < 0.7 ? 1 : 0));
    const large = Float64Array.from({ length: 2000 }, () => (random() < 0.7 ? 1 : 0));
    const mean = (a: Float64Array) => a.reduce((x, y) => x + y, 0) / a.length;
    for (const a of [small, large]) {
      expect(bettingLowerBound(a, 0, 1, 0.1)).toBeLessThan(mean(a));
      expect(empiricalBernsteinLowerBound(a, 1, 0.1)).toBeLessThan(mean(a));
    }
    expect(mean(large) - bettingLowerBound(large, 0, 1, 0.1)).toBeLessThan(
      mean(small) - bettingLowerBound(small, 0, 1, 0.1),
    );
  });
});

describe("calibrateFloor", () => {
  const population = draw(40_000, seededRandom(11));
  const order = ["x/small", "x/large"];
  const trueQuality = (floor: number | null) => {
    if (floor === null) return population.scores[1]!.reduce((a, b) => a + b, 0) / 40_000;
    const choice = floorChoices(population.predicted, [0, 1], floor);
    let q = 0;
    for (let i = 0; i < 40_000; i++) q += population.scores[choice[i]!]![i]!;
    return q / 40_000;
  };
  const refQuality = population.scores[1]!.reduce((a, b) => a + b, 0) / 40_000;

  it("meets the target on the population in at least the stated share of calibration draws", () => {
    const random = seededRandom(17);
    let met = 0;
    let routedToSmall = 0;
    const trials = 120;
    for (let t = 0; t < trials; t++) {
      const point = calibrateFloor(
        draw(400, random),
        { target: 0.95, of: "x/large", confidence: 0.9 },
        order,
      );
      if (trueQuality(point.minQuality) >= 0.95 * refQuality) met++;
      routedToSmall += point.calibration.shares["x/small"] ?? 0;
    }
    expect(met / trials).toBeGreaterThanOrEqual(0.9);
    // Not vacuous: it does route a good share to the small model.
    expect(routedToSmall / trials).toBeGreaterThan(0.2);
  });

  it("with a horizon, the mean over that many new calls meets the target in at least the stated share of draws", () => {
    // What a user checks: route the next 400 calls with the floor calibrated on 400 others, and compare
    // their mean quality with 95% of the reference's on those same calls.
    const random = seededRandom(23);
    const trials = 120;
    let metHorizon = 0;
    let metPopulationOnly = 0;
    let routedToSmall = 0;
    const onNext = (future: CalibrationSet, floor: number | null) => {
      const choice =
        floor === null ? new Int32Array(400).fill(1) : floorChoices(future.predicted, [0, 1], floor);
      let q = 0;
      let qRef = 0;
      for (let i = 0; i < 400; i++) {
        q += future.scores[choice[i]!]![i]!;
        qRef += future.scores[1]![i]!;
      }
      return q >= 0.95 * qRef;
    };
    for (let t = 0; t < trials; t++) {
      const calibration = draw(400, random);
      const future = draw(400, random);
      const target = { target: 0.95, of: "x/large", confidence: 0.9 };
      const horizon = calibrateFloor(calibration, { ...target, horizon: 400 }, order);
      const population = calibrateFloor(calibration, target, order);
      // The horizon adds a condition, so its floor is never below the population-only one.
      expect(horizon.minQuality ?? 1).toBeGreaterThanOrEqual(population.minQuality ?? 0);
      expect(horizon.method).toMatch(/next 400 calls/);
      if (onNext(future, horizon.minQuality)) metHorizon++;
      if (onNext(future, population.minQuality)) metPopulationOnly++;
      routedToSmall += horizon.calibration.shares["x/small"] ?? 0;
    }
    expect(metHorizon / trials).toBeGreaterThanOrEqual(0.9);
    // The population certificate alone does not promise this (its figure is reported, not asserted).
    expect(metPopulationOnly).toBeLessThanOrEqual(metHorizon);
    expect(routedToSmall / trials).toBeGreaterThan(0.1);
  });

  it("rejects a horizon that is not a whole number of calls ≥ 1, with its path", () => {
    const set = draw(50, seededRandom(6));
    for (const horizon of [0, 2.5, -1, Number.NaN]) {
      try {
        calibrateFloor(set, { target: 0.95, of: "best", confidence: 0.9, horizon }, order);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).issues).toMatchObject([{ path: ["horizon"], value: horizon }]);
      }
    }
  });

  it("uses only the rows given, resolves `best`, and validates the target", () => {
    const set = draw(300, seededRandom(2));
    const point = calibrateFloor(set, { target: 0.9, of: "best", confidence: 0.8 }, order, [0, 1, 2, 3, 4]);
    expect(point.calibration.prompts).toBe(5);
    expect(point.reference).toBe("x/large");
    expect(() => calibrateFloor(set, { target: 1.5, of: "best", confidence: 0.9 }, order)).toThrow(
      ValidationError,
    );
    expect(() => calibrateFloor(set, { target: 0.9, of: "y/none", confidence: 0.9 }, order)).toThrow(
      /of: not a model/,
    );
    expect(() => calibrateFloor(set, { target: 0.9, of: "best", confidence: 0.9 }, ["z/other"])).toThrow(
      /none of the router's models/,
    );
  });

  it("returns no floor when nothing can be certified", () => {
    const set = draw(20, seededRandom(4));
    const point = calibrateFloor(set, { target: 0.99, of: "x/large", confidence: 0.99 }, order);
    expect(point.minQuality).toBeNull();
    expect(point.calibration.shares["x/large"]).toBe(1);
  });
});
