import type { UsageMetadata } from "@langchain/core/messages";
import { completionTokens, promptTokens, type Usage } from "@tokenwise/core";

/**
 * The router's usage as LangChain's `usage_metadata`, following ChatOpenAI and ChatAnthropic:
 * `input_tokens` is the whole prompt (uncached input + cache reads + cache writes), `output_tokens`
 * everything generated (visible output + reasoning); the details say how much of each came from the
 * cache, went into it (5-minute and 1-hour writes together), or was reasoning. The router's own split
 * (every kind apart) is in `response_metadata.usage`.
 *
 * @example
 * toUsageMetadata({ input: 86, cacheRead: 1920, cacheWrite: 0, cacheWrite1h: 0, output: 108, reasoning: 192 });
 * // { input_tokens: 2006, output_tokens: 300, total_tokens: 2306,
 * //   input_token_details: { cache_read: 1920, cache_creation: 0 }, output_token_details: { reasoning: 192 } }
 */
export function toUsageMetadata(usage: Usage): UsageMetadata {
  const input = promptTokens(usage);
  const output = completionTokens(usage);
  return {
    input_tokens: input,
    output_tokens: output,
    total_tokens: input + output,
    input_token_details: {
      cache_read: usage.cacheRead,
      cache_creation: usage.cacheWrite + usage.cacheWrite1h,
    },
    output_token_details: { reasoning: usage.reasoning },
  };
}
