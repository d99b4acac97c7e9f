import { describe, expect, it } from "vitest";
import { ModelLifecycleSchema } from "./model";
import { describeLifecycle, lifecycleState, lifecycleWarning, retiresAt } from "./model-lifecycle";

const model = {
  provider: "acme",
  id: "m1",
  lifecycle: ModelLifecycleSchema.parse({
    deprecatedOn: "2026-06-01",
    retiresOn: "2026-12-01",
    replacement: "m2",
    source: { url: "https://acme.test/deprecations", asOf: "2026-06-02" },
  }),
};

describe("model lifecycle", () => {
  it("moves active → deprecated → retired at 00:00 UTC of each date", () => {
    expect(lifecycleState(model, new Date("2026-05-31T23:59:59Z"))).toBe("active");
    expect(lifecycleState(model, new Date("2026-06-01T00:00:00Z"))).toBe("deprecated");
    expect(lifecycleState(model, new Date("2026-11-30T23:59:59Z"))).toBe("deprecated");
    expect(lifecycleState(model, new Date("2026-12-01T00:00:00Z"))).toBe("retired");
    expect(retiresAt(model)).toBe(Date.parse("2026-12-01T00:00:00Z"));
    expect(retiresAt({})).toBe(Number.POSITIVE_INFINITY);
    expect(lifecycleState({}, 0)).toBe("active");
  });

  it("warns within the window before an unannounced deprecation", () => {
    const quiet = { ...model, lifecycle: { ...model.lifecycle, deprecatedOn: undefined } };
    expect(lifecycleState(quiet, new Date("2026-10-31T00:00:00Z"))).toBe("active");
    expect(lifecycleState(quiet, new Date("2026-11-01T00:00:00Z"))).toBe("deprecated");
    expect(lifecycleState(quiet, new Date("2026-09-01T00:00:00Z"), 91)).toBe("deprecated");
    expect(lifecycleWarning(quiet, new Date("2026-11-20T06:00:00Z"))?.message).toBe(
      "acme/m1 retires on 2026-12-01 (in 10 days); the provider recommends m2 (https://acme.test/deprecations, as of 2026-06-02)",
    );
  });

  it("builds warnings with the days left, and one line for rejections", () => {
    expect(lifecycleWarning(model, new Date("2026-05-01T00:00:00Z"))).toBeUndefined();
    expect(lifecycleWarning(model, new Date("2026-11-30T12:00:00Z"))).toMatchObject({
      code: "deprecated",
      daysLeft: 0,
      retiresOn: "2026-12-01",
      replacement: "m2",
      source: "https://acme.test/deprecations",
    });
    expect(lifecycleWarning(model, new Date("2026-11-30T12:00:00Z"))?.message).toContain(
      "is deprecated and retires on 2026-12-01 (less than a day left)",
    );
    expect(lifecycleWarning(model, new Date("2026-12-03T00:00:00Z"))).toMatchObject({
      code: "retired",
      daysLeft: -2,
    });
    expect(describeLifecycle(model.lifecycle)).toBe(
      "deprecated on 2026-06-01; retires on 2026-12-01; replacement: m2 (https://acme.test/deprecations, as of 2026-06-02)",
    );
  });
});
