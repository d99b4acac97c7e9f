import { describe, expect, it } from "vitest";
import { promptTokensFor } from "./prompt-tokens";

describe("promptTokensFor", () => {
  it("counts exactly with a public encoding", () => {
    expect(promptTokensFor("Hello, world!", "o200k_base")).toBe(4);
    expect(promptTokensFor("Hello, world!", "cl100k_base")).toBe(4);
  });
  it("applies a stated ratio to a public count, rounding up", () => {
    expect(promptTokensFor("Hello, world!", { estimateWith: "o200k_base", ratio: 1.1, note: "test" })).toBe(
      5,
    );
  });
});
