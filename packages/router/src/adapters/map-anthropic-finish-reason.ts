import type { FinishReason } from "@tokenwise/core";

/** Maps an Anthropic `stop_reason`, keeping the raw value; unknown values map to `other`, never `stop`. */
export function mapAnthropicFinishReason(raw: string | null | undefined): FinishReason {
  switch (raw) {
    case "end_turn":
    case "stop_sequence":
      return { unified: "stop", raw };
    case "max_tokens":
    case "model_context_window_exceeded":
      return { unified: "length", raw };
    case "tool_use":
      return { unified: "tool-calls", raw };
    case "refusal":
      return { unified: "content-filter", raw };
    case null:
    case undefined:
      return { unified: "other", raw: null };
    default:
      return { unified: "other", raw };
  }
}
