import { describe, expect, it } from "vitest";
import { createCircuitBreaker } from "./circuit-breaker";

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
