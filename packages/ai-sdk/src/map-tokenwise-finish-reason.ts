import type { LanguageModelV3FinishReason } from "@ai-sdk/provider";
import type { FinishReason } from "@tokenwise/core";

/**
 * core's finish reason as the AI SDK's: the unified values are the same set; the provider's raw
 * value is kept (`null` becomes `undefined`).
 *
 * @example
 * mapTokenwiseFinishReason({ unified: "tool-calls", raw: "tool_use" }) // { unified: "tool-calls", raw: "tool_use" }
 */
export function mapTokenwiseFinishReason(reason: FinishReason): LanguageModelV3FinishReason {
  return { unified: reason.unified, raw: reason.raw ?? undefined };
}
