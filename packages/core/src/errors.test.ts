import { describe, expect, it } from "vitest";
import { PriceUnavailableError, TokenwiseError, ValidationError } from "./errors";

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
