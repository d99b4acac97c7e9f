/**
 * The request shapes token estimation reads: OpenAI chat-completions (`messages`,
 * `tools`) plus an optional top-level `system` and Anthropic content blocks, which
 * the router may pass through unconverted. Everything is optional and loosely typed
 * on purpose: estimation must never throw on a field it does not know.
 */

/** A text part (`{type:"text", text}`) in either API. */
export interface TextPart {
  type: "text";
  text: string;
}

/** An OpenAI image part. `width`/`height` are optional hints when the URL is not a data URL. */
export interface ImageUrlPart {
  type: "image_url";
  image_url: { url: string; detail?: "low" | "high" | "auto"; width?: number; height?: number };
}

/** An Anthropic image block. */
export interface AnthropicImagePart {
  type: "image";
  source: { type: string; media_type?: string; data?: string; url?: string };
  width?: number;
  height?: number;
}

/** An Anthropic `tool_use` block (a tool call inside assistant content). */
export interface ToolUsePart {
  type: "tool_use";
  id?: string;
  name: string;
  input: unknown;
}

/** An Anthropic `tool_result` block. */
export interface ToolResultPart {
  type: "tool_result";
  tool_use_id?: string;
  content?: string | ContentPart[];
}

/** Any other part (audio, file, ...): its JSON is counted as text, approximately. */
export interface OtherPart {
  type: string;
  [key: string]: unknown;
}

/** One part of multi-part content. */
export type ContentPart =
  | TextPart
  | ImageUrlPart
  | AnthropicImagePart
  | ToolUsePart
  | ToolResultPart
  | OtherPart;

/** An OpenAI tool call of an assistant message. */
export interface ToolCallLike {
  id?: string;
  type?: string;
  function: { name: string; arguments: string };
}

/** A chat message (system, developer, user, assistant, tool, function). */
export interface ChatMessageLike {
  role: string;
  content?: string | ContentPart[] | null;
  name?: string;
  tool_calls?: ToolCallLike[] | null;
  tool_call_id?: string;
  [key: string]: unknown;
}

/** A JSON-schema property, as far as the tool-formatting rule needs it. */
export interface JsonSchemaLike {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchemaLike>;
  items?: JsonSchemaLike;
  [key: string]: unknown;
}

/** An OpenAI tool definition (`{type:"function", function:{name, description, parameters}}`). */
export interface ToolDefinitionLike {
  type?: string;
  function?: { name: string; description?: string; parameters?: JsonSchemaLike; [key: string]: unknown };
  /** Anthropic shape: `{name, description, input_schema}`. */
  name?: string;
  description?: string;
  input_schema?: JsonSchemaLike;
  [key: string]: unknown;
}

/** The prepared request whose input tokens are estimated. */
export interface ChatRequestLike {
  /** Anthropic-style top-level system prompt (counted as a leading system message). */
  system?: string | ContentPart[];
  messages: ChatMessageLike[];
  tools?: ToolDefinitionLike[];
  [key: string]: unknown;
}
