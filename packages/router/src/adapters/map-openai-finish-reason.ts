import type { FinishReason } from "@tokenwise/core";

/** Maps an OpenAI-style `finish_reason`, keeping the raw value; unknown values map to `other`, never `stop`. */
export function mapOpenAIFinishReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case "stop":
      return { unified: "stop", raw };
    case "length":
      return { unified: "length", raw };
    case "tool_calls":
    case "function_call":
      return { unified: "tool-calls", raw };
    case "content_filter":
      return { unified: "content-filter", raw };
    case null:
    case undefined:
      return { unified: "other", raw: null };
    default:
      return { unified: "other", raw };
  }
}
