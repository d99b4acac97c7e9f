import type { LanguageModelV3Usage } from "@ai-sdk/provider";
import { completionTokens, type Usage } from "@tokenwise/core";

/**
 * core's `Usage` (each token kind apart, priced once) as the AI SDK's usage: the input total is the
 * whole prompt (uncached input + cache reads + cache writes of both lifetimes), the output total is
 * visible output + reasoning. `raw` keeps the normalized usage the cost was computed from.
 *
 * @example
 * convertTokenwiseUsage({ input: 86, cacheRead: 1920, cacheWrite: 0, cacheWrite1h: 0, output: 108, reasoning: 192 })
 * // { inputTokens: { total: 2006, noCache: 86, cacheRead: 1920, cacheWrite: 0 },
 * //   outputTokens: { total: 300, text: 108, reasoning: 192 }, raw: { … } }
 */
export function convertTokenwiseUsage(usage: Usage): LanguageModelV3Usage {
  const cacheWrite = usage.cacheWrite + usage.cacheWrite1h;
  return {
    inputTokens: {
      total: usage.input + usage.cacheRead + cacheWrite,
      noCache: usage.input,
      cacheRead: usage.cacheRead,
      cacheWrite,
    },
    outputTokens: { total: completionTokens(usage), text: usage.output, reasoning: usage.reasoning },
    raw: { ...usage },
  };
}

/** Usage when nothing was reported (a stream that failed before its final part). */
export function unknownUsage(): LanguageModelV3Usage {
  return {
    inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: undefined, text: undefined, reasoning: undefined },
  };
}
