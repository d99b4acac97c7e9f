import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import type { StreamPart } from "@tokenwise/core";

/**
 * A router stream part (core's spec) as an AI SDK stream part, ids kept. The router's `finish` maps
 * to undefined: the model emits its own `finish` once the router's report (cost, attempts) is in.
 *
 * @example
 * convertTokenwiseStreamPart({ type: "tool-input-start", id: "call_1", toolName: "search", index: 0 })
 * // { type: "tool-input-start", id: "call_1", toolName: "search" }
 */
export function convertTokenwiseStreamPart(part: StreamPart): LanguageModelV3StreamPart | undefined {
  switch (part.type) {
    case "text-start":
    case "text-end":
    case "reasoning-start":
    case "reasoning-end":
    case "tool-input-end":
      return { type: part.type, id: part.id };
    case "text-delta":
    case "reasoning-delta":
    case "tool-input-delta":
      return { type: part.type, id: part.id, delta: part.delta };
    case "tool-input-start":
      return { type: "tool-input-start", id: part.id, toolName: part.toolName };
    case "tool-call":
      return {
        type: "tool-call",
        toolCallId: part.toolCallId,
        toolName: part.toolName,
        input: part.input === "" ? "{}" : part.input,
      };
    case "finish":
      return undefined;
    default: {
      const never: never = part;
      throw new TypeError(`unknown router stream part ${JSON.stringify(never)}`);
    }
  }
}
