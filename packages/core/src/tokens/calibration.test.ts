import { describe, expect, it } from "vitest";
import { createMemoryKeyValueStore } from "../stores/memory-key-value-store";
import type { StoreError } from "../stores/store-error";
import {
  addCalibration,
  type CalibrationState,
  calibrationStoreOn,
  emptyCalibration,
  updateCalibration,
} from "./calibration";
import { createTokenEstimator } from "./token-estimator";

const settle = () => new Promise<void>((r) => setImmediate(r));
const request = (i: number) => ({
  messages: [
    { role: "user" as const, content: `Please summarise report number ${i} in three bullet points.` },
  ],
});

describe("calibration store seam", () => {
  it("adding one observation's contribution equals folding it in", () => {
    let s = emptyCalibration();
    for (let i = 1; i <= 5; i++)
      s = updateCalibration(s, { baseTokens: 100 * i, messages: i, predicted: 120 * i }, 130 * i);
    const delta = updateCalibration(
      emptyCalibration(),
      { baseTokens: 700, messages: 3, predicted: 800 },
      900,
    );
    expect(addCalibration(s, delta)).toEqual(
      updateCalibration(s, { baseTokens: 700, messages: 3, predicted: 800 }, 900),
    );
  });

  it("two estimators sharing a store both count, and each sees the other's after refreshMs", async () => {
    const kv = createMemoryKeyValueStore<CalibrationState>();
    const shared = calibrationStoreOn(kv);
    let t = 0;
    const a = createTokenEstimator({ store: shared, refreshMs: 1000, now: () => t });
    const b = createTokenEstimator({ store: shared, refreshMs: 1000, now: () => t });
    for (let i = 0; i < 10; i++) {
      const ea = a.estimate(request(i), "anthropic");
      await a.observe("anthropic", ea, Math.round(ea.tokens * 1.3));
      const eb = b.estimate(request(i + 100), "anthropic");
      await b.observe("anthropic", eb, Math.round(eb.tokens * 1.3));
    }
    await settle();
    expect((await kv.get("anthropic"))?.n).toBe(20); // merged, not overwritten
    expect(a.calibration("anthropic").n).toBe(10); // within the TTL: its own view
    t = 1000;
    a.calibration("anthropic"); // stale: starts the re-read
    await settle();
    expect(a.calibration("anthropic").n).toBe(20);
  });

  it("reports a failing store and keeps calibrating in memory", async () => {
    const errors: StoreError[] = [];
    const down = () => Promise.reject(new Error("down"));
    const e = createTokenEstimator({
      store: { get: down, put: down, merge: down },
      onStoreError: (x) => errors.push(x),
    });
    const est = e.estimate(request(1), "anthropic");
    await e.observe("anthropic", est, est.tokens + 10);
    await settle();
    expect(e.calibration("anthropic").n).toBe(1);
    expect(errors.map((x) => `${x.store}:${x.operation}`).sort()).toEqual([
      "calibration:get",
      "calibration:update",
    ]);
  });
});
