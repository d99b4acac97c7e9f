import { lifecycleWarning, type ModelEntry, ModelLifecycleSchema } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { createLifecycleWarnings } from "./lifecycle-warnings";

const model = {
  provider: "acme",
  id: "m1",
  lifecycle: ModelLifecycleSchema.parse({
    deprecatedOn: "2026-06-01",
    retiresOn: "2026-12-01",
    replacement: "m2",
    source: { url: "https://acme.test/deprecations", asOf: "2026-06-02" },
  }),
} as ModelEntry;

describe("createLifecycleWarnings", () => {
  it("answers as lifecycleWarning at every instant, across midnights and at midnight itself", () => {
    const seen: string[] = [];
    for (const days of [30, 0.5]) {
      const warnings = createLifecycleWarnings({
        onWarning: (w) => seen.push(w.message),
        retirementWarningDays: days,
      });
      const instants = [
        "2026-11-20T06:00:00Z",
        "2026-11-20T23:59:59.999Z",
        "2026-11-21T00:00:00Z",
        "2026-11-21T00:00:00.001Z",
        "2026-11-20T12:00:00Z",
        "2026-11-30T11:59:59Z",
        "2026-11-30T12:00:00Z",
        "2026-12-01T00:00:00Z",
        "2026-12-02T08:00:00Z",
      ];
      for (const iso of instants) {
        const at = new Date(iso);
        const expected = lifecycleWarning(model, at, days);
        expect(warnings(model, at, true), `${iso} (${days} days)`).toEqual(expected ? [expected] : undefined);
      }
    }
    // Once per model per router.
    expect(seen).toHaveLength(2);
  });

  it("a warning handed out twice is one frozen object: a report cannot change another's", () => {
    const warnings = createLifecycleWarnings({ onWarning: () => {} });
    const a = warnings(model, new Date("2026-11-20T06:00:00Z"), false)!;
    const b = warnings(model, new Date("2026-11-20T07:00:00Z"), false)!;
    expect(a[0]).toBe(b[0]);
    expect(Object.isFrozen(a[0])).toBe(true);
    expect(a).not.toBe(b);
  });
});
