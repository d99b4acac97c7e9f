import { createMemoryKeyValueStore, ValidationError } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { type BreakerState, createCircuitBreaker } from "./circuit-breaker";

describe("circuit breaker", () => {
  it("opens after consecutive failures, half-opens after the cooldown, closes on success", () => {
    const b = createCircuitBreaker({ failureThreshold: 3, cooldownMs: 1000 });
    b.failure("p", 0);
    b.failure("p", 0);
    expect(b.isOpen("p", 0)).toBe(false);
    b.failure("p", 10);
    expect(b.isOpen("p", 500)).toBe(true);
    expect(b.state("p", 1010)).toBe("half-open");
    expect(b.isOpen("p", 1010)).toBe(false);
    b.failure("p", 1020);
    expect(b.isOpen("p", 1500)).toBe(true);
    b.success("p");
    expect(b.state("p", 1500)).toBe("closed");
    expect(b.isOpen("other", 0)).toBe(false);
  });
});

describe("circuit breaker over a shared store", () => {
  it("folds failures from two breakers into one state and sees it after a refresh", async () => {
    const store = createMemoryKeyValueStore<BreakerState>();
    const t = 0;
    const a = createCircuitBreaker({ failureThreshold: 3, store, now: () => t, refreshMs: 1000 });
    const b = createCircuitBreaker({ failureThreshold: 3, store, now: () => t, refreshMs: 1000 });
    a.failure("p", 0);
    a.failure("p", 0);
    b.failure("p", 5); // b alone has seen one failure; the store has three
    expect(b.isOpen("p", 10)).toBe(false);
    await Promise.resolve();
    expect(await store.get("p")).toEqual({ failures: 3, openedAt: 5 });
    await a.refresh?.(["p"]);
    expect(a.isOpen("p", 10)).toBe(true);
    a.success("p"); // closes it everywhere (the key is deleted)
    await b.refresh?.(["p"]);
    expect(await store.get("p")).toBeUndefined();
    expect(b.state("p", 10)).toBe("closed");
  });
  it("rejects bad settings with a ValidationError", () => {
    expect(() => createCircuitBreaker({ failureThreshold: 0 })).toThrow(ValidationError);
    expect(() => createCircuitBreaker({ cooldownMs: -1 })).toThrow(/cooldownMs: must be >= 0 \(got -1\)/);
  });
});
