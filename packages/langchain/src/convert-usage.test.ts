import { makeUsage } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { toUsageMetadata } from "./convert-usage";

describe("toUsageMetadata", () => {
  it("counts the whole prompt and everything generated, with cache and reasoning details", () => {
    expect(
      toUsageMetadata(
        makeUsage({
          input: 86,
          cacheRead: 1920,
          cacheWrite: 100,
          cacheWrite1h: 28,
          output: 108,
          reasoning: 192,
        }),
      ),
    ).toEqual({
      input_tokens: 2134,
      output_tokens: 300,
      total_tokens: 2434,
      input_token_details: { cache_read: 1920, cache_creation: 128 },
      output_token_details: { reasoning: 192 },
    });
  });

  it("reports zero details as zeros", () => {
    expect(toUsageMetadata(makeUsage({ input: 5, output: 2 }))).toEqual({
      input_tokens: 5,
      output_tokens: 2,
      total_tokens: 7,
      input_token_details: { cache_read: 0, cache_creation: 0 },
      output_token_details: { reasoning: 0 },
    });
  });
});
