import { describe, expect, it } from "vitest";
import { convertTokenwiseUsage } from "./convert-tokenwise-usage";

describe("convertTokenwiseUsage", () => {
  it("totals the whole prompt and the whole completion, keeping each kind apart", () => {
    const usage = {
      input: 86,
      cacheRead: 1920,
      cacheWrite: 100,
      cacheWrite1h: 28,
      output: 108,
      reasoning: 192,
    };
    expect(convertTokenwiseUsage(usage)).toEqual({
      inputTokens: { total: 2134, noCache: 86, cacheRead: 1920, cacheWrite: 128 },
      outputTokens: { total: 300, text: 108, reasoning: 192 },
      raw: usage,
    });
  });
});
