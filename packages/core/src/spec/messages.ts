/**
 * The request contract every adapter and integration codes against: messages in OpenAI chat style
 * (the lingua franca of the providers the router speaks to), tools, tool choice and response format.
 * Adapters translate it to their wire format; the router adds routing hints on top (`RouterRequest`).
 */

/** A text part of a message. */
export interface TextPart {
  type: "text";
  text: string;
}

/** An image part of a user message: an `https:` URL or a `data:` URL (base64). */
export interface ImagePart {
  type: "image_url";
  image_url: { url: string; detail?: "auto" | "low" | "high" };
}

/** A part of user content. */
export type ContentPart = TextPart | ImagePart;

/** A tool call an assistant made, OpenAI chat style (`arguments` is a JSON string). */
export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** One message, OpenAI chat style. System/developer messages are kept as system prompts by every adapter. */
export type ChatMessage =
  | { role: "system" | "developer"; content: string | TextPart[] }
  | { role: "user"; content: string | ContentPart[]; name?: string }
  | { role: "assistant"; content: string | TextPart[] | null; tool_calls?: ToolCall[]; name?: string }
  | { role: "tool"; tool_call_id: string; content: string | TextPart[] };

/** A function tool, OpenAI `tools` format. */
export interface ToolDefinition {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}

/** How the model may use tools. */
export type ToolChoice = "auto" | "none" | "required" | { type: "function"; function: { name: string } };

/** Structured output. `json_schema` requires the `structuredOutput` capability. */
export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; json_schema: { name: string; schema: Record<string, unknown>; strict?: boolean } };

/**
 * Reasoning effort for reasoning-capable models. `none` asks for no reasoning: hybrid models with a
 * thinking switch run in non-thinking mode (`low`, `medium`, `high` run them in thinking mode; see
 * core's `thinkingModeFor`).
 */
export type ReasoningEffortLevel = "none" | "low" | "medium" | "high";

/** What a model is asked: the part of a request an adapter sends. */
export interface ModelRequest {
  /** The conversation. System messages may appear here or in `system`. */
  messages: readonly ChatMessage[];
  /** A system prompt, sent as the provider's system prompt (never as a user message). */
  system?: string;
  tools?: readonly ToolDefinition[];
  toolChoice?: ToolChoice;
  /** Upper bound on generated tokens. */
  maxOutputTokens?: number;
  temperature?: number;
  /** Reasoning effort for reasoning-capable models (see the adapter for how it is sent). */
  reasoningEffort?: ReasoningEffortLevel;
  responseFormat?: ResponseFormat;
}
