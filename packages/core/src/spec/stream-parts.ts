import type { Usage } from "../usage";
import type { FinishReason } from "./finish-reason";

/**
 * The parts of a streamed answer, in order. Every text, reasoning and tool-input block opens with a
 * `*-start`, carries `*-delta`s and closes with a `*-end`, all sharing the block's `id`; a tool input
 * that closed is followed by one `tool-call` with the whole arguments. `finish` is always last and
 * carries the provider's usage. (Shaped after the AI SDK's LanguageModelV3 stream parts.)
 */
export type StreamPart =
  | { type: "text-start"; id: string }
  | { type: "text-delta"; id: string; delta: string }
  | { type: "text-end"; id: string }
  | { type: "reasoning-start"; id: string }
  | { type: "reasoning-delta"; id: string; delta: string }
  | { type: "reasoning-end"; id: string }
  /** A tool call starts: `id` is the tool call id, `index` its position among this answer's calls. */
  | { type: "tool-input-start"; id: string; toolName: string; index: number }
  | { type: "tool-input-delta"; id: string; delta: string }
  | { type: "tool-input-end"; id: string }
  /** A complete tool call: `input` is the arguments as a JSON string. */
  | { type: "tool-call"; toolCallId: string; toolName: string; input: string }
  | { type: "finish"; finishReason: FinishReason; usage: Usage };

/** The type names of {@link StreamPart}. */
export type StreamPartType = StreamPart["type"];
