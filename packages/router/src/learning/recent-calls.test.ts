import { describe, expect, it } from "vitest";
import { RecentCalls, recentCallId } from "./recent-calls";

describe("RecentCalls", () => {
  const at = Date.parse("2026-11-30T06:00:00Z");

  it("finds a remembered call by its id, with its model and task kind", () => {
    const ring = new RecentCalls<string>(100);
    ring.remember(recentCallId(at, 1, 123_456_789), "a", "code");
    ring.remember(recentCallId(at + 5, 4, 7), "b", "math");
    expect(ring.find(recentCallId(at, 1, 123_456_789))).toEqual({ value: "a", taskKind: "code" });
    expect(ring.find(recentCallId(at + 5, 4, 7))).toEqual({ value: "b", taskKind: "math" });
    // The calls that failed in between (2, 3) were never remembered.
    expect(ring.find(recentCallId(at, 2, 1))).toBeUndefined();
    expect(ring.find(recentCallId(at, 3, 0))).toBeUndefined();
  });

  it("needs every part of the id to match: another start, number or random part is unknown", () => {
    const ring = new RecentCalls<string>(100);
    ring.remember(recentCallId(at, 9, 555), "a", "general");
    expect(ring.find(recentCallId(at + 1, 9, 555))).toBeUndefined();
    expect(ring.find(recentCallId(at, 9, 556))).toBeUndefined();
    expect(ring.find(recentCallId(at, 109, 555))).toBeUndefined();
    for (const bad of ["", "twc_", "twc_x_y", "twc_a_b_c_d", "TWC_1_2_3", "twc_1_2_zzzzzzzz", "call-1"]) {
      expect(ring.find(bad)).toBeUndefined();
    }
    expect(ring.find(undefined as unknown as string)).toBeUndefined();
  });

  it("forgets a call once `window` later call numbers have used its slot", () => {
    const ring = new RecentCalls<number>(10);
    for (let n = 1; n <= 25; n++) ring.remember(recentCallId(at, n, n * 7), n, "general");
    for (let n = 1; n <= 15; n++) expect(ring.find(recentCallId(at, n, n * 7))).toBeUndefined();
    for (let n = 16; n <= 25; n++) expect(ring.find(recentCallId(at, n, n * 7))?.value).toBe(n);
  });

  it("keeps a whole window: the first and the last of 100,000 calls are both found, the one before is not", () => {
    const ring = new RecentCalls<object>(100_000);
    const state = {};
    for (let n = 1; n <= 100_001; n++)
      ring.remember(recentCallId(at + n, n, (n * 7919) % 1e9), state, "general");
    expect(ring.find(recentCallId(at + 1, 1, 7919))).toBeUndefined();
    expect(ring.find(recentCallId(at + 2, 2, 2 * 7919))?.value).toBe(state);
    expect(ring.find(recentCallId(at + 100_001, 100_001, (100_001 * 7919) % 1e9))?.value).toBe(state);
  });
});
