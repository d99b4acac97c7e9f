import { describe, expect, it } from "vitest";
import { PriceUnavailableError, TokenwiseError, ValidationError } from "./errors";
import { type Money, moneyFromDecimal } from "./money";

describe("TokenwiseError", () => {
  it("is recognised by its marker, across subclasses and copies of the package", () => {
    const error = new PriceUnavailableError({ modelId: "p/m", at: new Date(0), reason: "none" });
    expect(TokenwiseError.isInstance(error)).toBe(true);
    expect(TokenwiseError.isInstance(new Error("plain"))).toBe(false);
    const foreign = Object.assign(new Error("from another copy"), { [Symbol.for("tokenwise.error")]: true });
    expect(TokenwiseError.isInstance(foreign)).toBe(true);
  });
  it("keeps cause and retryable", () => {
    const cause = new Error("root");
    const error = new TokenwiseError({ message: "m", cause, retryable: true });
    expect(error.cause).toBe(cause);
    expect(error.retryable).toBe(true);
    expect(new ValidationError({ source: "t", issues: [{ path: [], message: "bad" }] }).message).toBe(
      "t: (root): bad",
    );
  });
});

describe("TokenwiseError.toJSON", () => {
  it("makes JSON.stringify work: name, message, retryable, own fields, bigints and Money as decimal strings", () => {
    class CostlyError extends TokenwiseError {
      readonly spent: Money;
      readonly atto: bigint;
      readonly at: Date;
      readonly attempts: { provider: string; cost: { total: Money; parts: Record<string, Money> } }[];
      constructor() {
        super({ message: "costly", retryable: true });
        this.name = "CostlyError";
        this.spent = moneyFromDecimal("0.000125", "USD");
        this.atto = 42n;
        this.at = new Date("2026-09-02T10:00:00Z");
        this.attempts = [
          {
            provider: "openai",
            cost: {
              total: moneyFromDecimal("1.5", "CNY"),
              parts: { input: moneyFromDecimal("0.000000000000000001", "CNY") },
            },
          },
        ];
      }
    }
    const json = JSON.parse(JSON.stringify(new CostlyError()));
    expect(json).toEqual({
      name: "CostlyError",
      message: "costly",
      retryable: true,
      spent: { currency: "USD", amount: "0.000125" },
      atto: "42",
      at: "2026-09-02T10:00:00.000Z",
      attempts: [
        {
          provider: "openai",
          cost: {
            total: { currency: "CNY", amount: "1.5" },
            parts: { input: { currency: "CNY", amount: "0.000000000000000001" } },
          },
        },
      ],
    });
  });

  it("serializes causes (plain errors with their fields, nested tokenwise errors), to a bounded depth", () => {
    const root = Object.assign(new Error("socket hang up"), { code: "ECONNRESET", bytes: 10n });
    const mid = new PriceUnavailableError({ modelId: "p/m", at: new Date(0), reason: "none" });
    Object.defineProperty(mid, "cause", { value: root });
    const top = new TokenwiseError({ message: "top", cause: mid });
    const json = JSON.parse(JSON.stringify(top));
    expect(json.cause).toMatchObject({
      name: "PriceUnavailableError",
      modelId: "p/m",
      at: "1970-01-01T00:00:00.000Z",
      retryable: false,
      cause: { name: "Error", message: "socket hang up", code: "ECONNRESET", bytes: "10" },
    });
    expect(json.cause.cause.stack).toBeUndefined();
    // A long chain ends in a marker instead of growing without bound.
    let deep: unknown = new Error("bottom");
    for (let i = 0; i < 50; i++) deep = new TokenwiseError({ message: `level ${i}`, cause: deep });
    const text = JSON.stringify(deep);
    expect(text).toContain("[Truncated]");
    expect(text).not.toContain("bottom");
  });

  it("marks cycles, cuts long strings and arrays, drops functions", () => {
    const error = new TokenwiseError({ message: "m" });
    const loop: Record<string, unknown> = { name: "loop" };
    loop.self = loop;
    Object.assign(error, {
      loop,
      long: "y".repeat(5000),
      many: Array.from({ length: 150 }, (_, i) => i),
      fn: () => 1,
    });
    const json = JSON.parse(JSON.stringify(error));
    expect(json.loop).toEqual({ name: "loop", self: "[Circular]" });
    expect(json.long).toHaveLength(2000 + "… (3000 more characters)".length);
    expect(json.many).toHaveLength(101);
    expect(json.many.at(-1)).toBe("… (50 more items)");
    expect("fn" in json).toBe(false);
  });

  it("ValidationError keeps a bounded preview of big values and its issues serialize", () => {
    const history = Array.from({ length: 847 }, () => ({ role: "user", content: "z".repeat(400) }));
    const error = new ValidationError({
      source: "request",
      issues: [{ path: ["messages"], message: "bad", value: history }],
    });
    const preview = error.issues[0]!.value as unknown[];
    expect(preview).toHaveLength(11);
    expect((preview[0] as { content: string }).content).toMatch(/^z{200}… \(200 more characters\)$/);
    expect(error.message.length).toBeLessThan(200);
    const json = JSON.parse(JSON.stringify(error));
    expect(json).toMatchObject({ name: "ValidationError", source: "request", retryable: false });
    expect(json.issues[0].path).toEqual(["messages"]);
  });
});
