import { describe, expect, it } from "vitest";
import { planLatency, sleep, validateLatency } from "./latency";
import { createPrng } from "./prng";

describe("planLatency", () => {
  it("scales and jitters within bounds, reproducibly", () => {
    const plan = planLatency({ ttftMs: 1000, tokensPerSecond: 100, jitter: 0.2 }, 0.5, createPrng(1));
    expect(plan.ttftMs).toBeGreaterThanOrEqual(400);
    expect(plan.ttftMs).toBeLessThanOrEqual(600);
    const again = planLatency({ ttftMs: 1000, tokensPerSecond: 100, jitter: 0.2 }, 0.5, createPrng(1));
    expect(again.ttftMs).toBe(plan.ttftMs);
    const d = plan.chunkDelayMs(10);
    expect(d).toBeGreaterThanOrEqual(40);
    expect(d).toBeLessThanOrEqual(60);
  });

  it("is zero at timeScale 0", () => {
    const plan = planLatency({ ttftMs: 1000, tokensPerSecond: 10 }, 0, createPrng(1));
    expect(plan.ttftMs).toBe(0);
    expect(plan.chunkDelayMs(100)).toBe(0);
  });

  it("validates profiles", () => {
    expect(() => validateLatency({ ttftMs: -1, tokensPerSecond: 1 }, "m")).toThrow(/ttftMs/);
    expect(() => validateLatency({ ttftMs: 1, tokensPerSecond: 1, jitter: 1 }, "m")).toThrow(/jitter/);
  });

  it("sleep resolves false when aborted", async () => {
    const c = new AbortController();
    const p = sleep(10_000, c.signal);
    c.abort();
    expect(await p).toBe(false);
    expect(await sleep(0)).toBe(true);
  });
});
