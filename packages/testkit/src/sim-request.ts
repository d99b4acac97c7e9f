import type { ApiStyle } from "@tokenwise/core";

/** One piece of the prompt in the order the provider caches it (tools, system, messages). */
export interface PromptUnit {
  /** Content identity for prefix matching (cache markers excluded). */
  key: string;
  /** The text whose tokens are counted. */
  text: string;
  /** True for the first unit of a message: the per-message overhead is added here. */
  startsMessage: boolean;
  /** True when the message carries a `name` (OpenAI's per-name overhead). */
  named: boolean;
  /** Anthropic `cache_control` on this unit: a cache breakpoint with its lifetime. */
  breakpoint?: "5m" | "1h";
}

/** A tool call in a request history or in a simulated response. */
export interface SimToolCall {
  /** Provider id (`call_…` / `toolu_…`); generated when absent in a response. */
  id?: string;
  name: string;
  /** Arguments as a JSON string or as an object (serialized with `JSON.stringify`). */
  arguments: string | Record<string, unknown>;
}

/** A message of the request, protocol-neutral: its role, its text, and tool calls it carried. */
export interface SimMessage {
  role: "system" | "user" | "assistant" | "tool";
  /** All text parts joined by a newline (tool results included). */
  content: string;
  toolCalls?: SimToolCall[];
}

/** A tool the request declares. */
export interface SimTool {
  name: string;
  description?: string;
  /** JSON Schema of the arguments (`parameters` / `input_schema`). */
  parameters: unknown;
}

/**
 * What the request lets the model do with its tools: OpenAI `tool_choice` `"auto"`/`"none"`/`"required"`/
 * `{ type: "function", function: { name } }`, Anthropic `{ type: "auto" | "none" | "any" | "tool", name }`.
 * `required` is OpenAI's `"required"` and Anthropic's `any`; `tool` names the one tool to call.
 */
export type SimToolChoice =
  | { type: "auto" }
  | { type: "none" }
  | { type: "required" }
  | { type: "tool"; name: string };

/** What a simulated provider received, normalized across the two wire formats. */
export interface SimRequest {
  protocol: ApiStyle;
  /** Path prefix the request came in on, e.g. `openai`, `deepseek`, `anthropic`. */
  provider: string;
  model: string;
  stream: boolean;
  /** OpenAI `stream_options.include_usage`. */
  includeUsage: boolean;
  /** System prompt (Anthropic `system`, OpenAI `system`/`developer` messages) first, then the turns. */
  messages: SimMessage[];
  tools: SimTool[];
  /** `tool_choice`, normalized; `auto` when absent. */
  toolChoice: SimToolChoice;
  /** `max_completion_tokens` / `max_tokens`. */
  maxTokens?: number;
  /** Prompt units in cache order. */
  units: PromptUnit[];
  /**
   * OpenAI `prompt_cache_key`: the automatic cache is partitioned by it (requests read only what
   * requests with the same key wrote), as OpenAI routes a prefix and key to the same cache machine.
   */
  promptCacheKey?: string;
  /** The parsed JSON body as sent. */
  body: Record<string, unknown>;
  /** Request headers (lower-case names). */
  headers: Record<string, string>;
  /** The id the server answers with in `x-request-id` / `request-id`. */
  requestId: string;
  /** Arrival number, 1-based, across the whole server. */
  seq: number;
  /** Server clock at arrival. */
  receivedAt: Date;
}

/** A request body the real API would reject with 400; `param` names the field. */
export class WireRequestError extends Error {
  readonly param: string | null;
  constructor(message: string, param: string | null) {
    super(message);
    this.name = "WireRequestError";
    this.param = param;
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
  return typeof value === "string"
    ? value
    : value === undefined || value === null
      ? ""
      : JSON.stringify(value);
}

/** Common fields of both parsers: what the server knows before reading the body. */
export type RequestMeta = Pick<SimRequest, "provider" | "headers" | "requestId" | "seq" | "receivedAt">;

function openAIContentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (isObject(part) && part.type === "text" ? str(part.text) : JSON.stringify(part)))
      .join("\n");
  }
  return str(content);
}

function openAIRole(role: unknown, index: number): SimMessage["role"] {
  switch (role) {
    case "system":
    case "developer":
      return "system";
    case "user":
      return "user";
    case "assistant":
      return "assistant";
    case "tool":
    case "function":
      return "tool";
    default:
      throw new WireRequestError(
        `Invalid value: '${str(role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
        `messages.[${index}].role`,
      );
  }
}

/**
 * Normalizes an OpenAI chat-completions body. One prompt unit per tool, then one per message.
 *
 * @example
 * parseOpenAIRequest({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }, meta).messages
 * // [{ role: "user", content: "hi" }]
 */
export function parseOpenAIRequest(body: unknown, meta: RequestMeta): SimRequest {
  if (!isObject(body)) throw new WireRequestError("We could not parse the JSON body of your request.", null);
  if (typeof body.model !== "string" || body.model === "") {
    throw new WireRequestError("you must provide a model parameter", null);
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw new WireRequestError(
      "Invalid 'messages': empty array. Expected an array with minimum length 1.",
      "messages",
    );
  }
  const tools: SimTool[] = [];
  const units: PromptUnit[] = [];
  if (Array.isArray(body.tools)) {
    for (const tool of body.tools) {
      const fn = isObject(tool) && isObject(tool.function) ? tool.function : undefined;
      if (!fn || typeof fn.name !== "string")
        throw new WireRequestError("Missing required parameter: 'tools[0].function.name'.", "tools");
      const def: SimTool = { name: fn.name, parameters: fn.parameters ?? {} };
      if (typeof fn.description === "string") def.description = fn.description;
      tools.push(def);
      const text = JSON.stringify({
        name: def.name,
        description: def.description,
        parameters: def.parameters,
      });
      units.push({ key: `tool:${text}`, text, startsMessage: false, named: false });
    }
  }
  const messages: SimMessage[] = body.messages.map((raw, index) => {
    if (!isObject(raw))
      throw new WireRequestError(`Invalid type for 'messages.[${index}]'.`, `messages.[${index}]`);
    const role = openAIRole(raw.role, index);
    const message: SimMessage = { role, content: openAIContentText(raw.content) };
    let text = message.content;
    if (role === "assistant" && Array.isArray(raw.tool_calls)) {
      message.toolCalls = raw.tool_calls.filter(isObject).map((call) => {
        const fn = isObject(call.function) ? call.function : {};
        const out: SimToolCall = { name: str(fn.name), arguments: str(fn.arguments) };
        if (typeof call.id === "string") out.id = call.id;
        return out;
      });
      text += message.toolCalls.map((c) => `${c.name}${str(c.arguments)}`).join("");
    }
    units.push({
      key: `msg:${JSON.stringify(raw)}`,
      text: `${role}\n${text}`,
      startsMessage: true,
      named: typeof raw.name === "string",
    });
    return message;
  });
  const toolChoice = openAIToolChoice(body.tool_choice, tools);
  const streamOptions = isObject(body.stream_options) ? body.stream_options : {};
  const maxTokens =
    typeof body.max_completion_tokens === "number"
      ? body.max_completion_tokens
      : typeof body.max_tokens === "number"
        ? body.max_tokens
        : undefined;
  const request: SimRequest = {
    ...meta,
    protocol: "openai",
    model: body.model,
    stream: body.stream === true,
    includeUsage: streamOptions.include_usage === true,
    messages,
    tools,
    toolChoice,
    units,
    body,
  };
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  if (body.prompt_cache_key !== undefined && body.prompt_cache_key !== null) {
    if (typeof body.prompt_cache_key !== "string") {
      throw new WireRequestError(
        "Invalid type for 'prompt_cache_key': expected a string, but got an object instead.",
        "prompt_cache_key",
      );
    }
    request.promptCacheKey = body.prompt_cache_key;
  }
  return request;
}

function openAIToolChoice(value: unknown, tools: readonly SimTool[]): SimToolChoice {
  if (value === undefined || value === null) return { type: "auto" };
  if (tools.length === 0) {
    throw new WireRequestError(
      "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      "tool_choice",
    );
  }
  if (value === "auto" || value === "none" || value === "required") return { type: value };
  if (isObject(value) && value.type === "function" && isObject(value.function)) {
    const name = value.function.name;
    if (typeof name !== "string") {
      throw new WireRequestError(
        "Missing required parameter: 'tool_choice.function.name'.",
        "tool_choice.function.name",
      );
    }
    if (!tools.some((t) => t.name === name)) {
      throw new WireRequestError(
        `Invalid value for 'tool_choice': function '${name}' not found in 'tools'.`,
        "tool_choice",
      );
    }
    return { type: "tool", name };
  }
  throw new WireRequestError(
    "Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or a named function.",
    "tool_choice",
  );
}

function anthropicToolChoice(value: unknown, tools: readonly SimTool[]): SimToolChoice {
  if (value === undefined || value === null) return { type: "auto" };
  if (!isObject(value)) throw new WireRequestError("tool_choice: Input should be an object", "tool_choice");
  switch (value.type) {
    case "auto":
    case "none":
      return { type: value.type };
    case "any":
      return { type: "required" };
    case "tool": {
      if (typeof value.name !== "string")
        throw new WireRequestError("tool_choice.tool.name: Field required", "tool_choice.name");
      if (!tools.some((t) => t.name === value.name)) {
        throw new WireRequestError(
          `tool_choice.name: tool '${value.name}' is not in tools`,
          "tool_choice.name",
        );
      }
      return { type: "tool", name: value.name };
    }
    default:
      throw new WireRequestError(
        "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'",
        "tool_choice.type",
      );
  }
}

function breakpointOf(block: Json): PromptUnit["breakpoint"] {
  const cc = block.cache_control;
  if (!isObject(cc)) return undefined;
  return cc.ttl === "1h" ? "1h" : "5m";
}

function withoutCacheControl(block: Json): Json {
  const { cache_control: _ignored, ...rest } = block;
  return rest;
}

function anthropicBlockText(block: Json): string {
  switch (block.type) {
    case "text":
      return str(block.text);
    case "tool_use":
      return `${str(block.name)}${JSON.stringify(block.input ?? {})}`;
    case "tool_result":
      return typeof block.content === "string"
        ? block.content
        : Array.isArray(block.content)
          ? block.content.map((b) => (isObject(b) ? anthropicBlockText(b) : str(b))).join("\n")
          : "";
    case "thinking":
      return str(block.thinking);
    default:
      return JSON.stringify(withoutCacheControl(block));
  }
}

function anthropicBlocks(content: unknown, where: string): Json[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  if (Array.isArray(content) && content.every(isObject)) return content;
  throw new WireRequestError(`${where}: Input should be a valid list`, where);
}

/**
 * Normalizes an Anthropic Messages body. Prompt units follow Anthropic's cache order — tools, then
 * system blocks, then every content block of every message — and keep each block's `cache_control`.
 *
 * @example
 * parseAnthropicRequest({ model: "claude-sonnet-4-5", max_tokens: 64, messages: [{ role: "user", content: "hi" }] }, meta)
 */
export function parseAnthropicRequest(body: unknown, meta: RequestMeta): SimRequest {
  if (!isObject(body)) throw new WireRequestError("Request body is not valid JSON", null);
  if (typeof body.model !== "string" || body.model === "")
    throw new WireRequestError("model: Field required", "model");
  if (typeof body.max_tokens !== "number")
    throw new WireRequestError("max_tokens: Field required", "max_tokens");
  if (!Array.isArray(body.messages)) throw new WireRequestError("messages: Field required", "messages");
  if (body.messages.length === 0) {
    // The Messages API's own words for an empty list (400 invalid_request_error).
    throw new WireRequestError("messages: at least one message is required", "messages");
  }
  const units: PromptUnit[] = [];
  const tools: SimTool[] = [];
  const push = (block: Json, role: string, startsMessage: boolean) => {
    const unit: PromptUnit = {
      key: `${role}:${JSON.stringify(withoutCacheControl(block))}`,
      text: anthropicBlockText(block),
      startsMessage,
      named: false,
    };
    const bp = breakpointOf(block);
    if (bp) unit.breakpoint = bp;
    units.push(unit);
  };
  if (Array.isArray(body.tools)) {
    body.tools.forEach((tool, i) => {
      if (!isObject(tool) || typeof tool.name !== "string")
        throw new WireRequestError(`tools.${i}.name: Field required`, `tools.${i}`);
      const def: SimTool = { name: tool.name, parameters: tool.input_schema ?? {} };
      if (typeof tool.description === "string") def.description = tool.description;
      tools.push(def);
      const unit: PromptUnit = {
        key: `tool:${JSON.stringify(withoutCacheControl(tool))}`,
        text: JSON.stringify({ name: def.name, description: def.description, input_schema: def.parameters }),
        startsMessage: false,
        named: false,
      };
      const bp = breakpointOf(tool);
      if (bp) unit.breakpoint = bp;
      units.push(unit);
    });
  }
  const messages: SimMessage[] = [];
  if (body.system !== undefined) {
    const blocks = anthropicBlocks(body.system, "system");
    blocks.forEach((block, i) => {
      push(block, "system", i === 0);
    });
    messages.push({ role: "system", content: blocks.map(anthropicBlockText).join("\n") });
  }
  body.messages.forEach((raw, index) => {
    if (!isObject(raw) || (raw.role !== "user" && raw.role !== "assistant")) {
      throw new WireRequestError(
        `messages.${index}.role: Input should be 'user' or 'assistant'`,
        `messages.${index}.role`,
      );
    }
    const blocks = anthropicBlocks(raw.content, `messages.${index}.content`);
    blocks.forEach((block, i) => {
      push(block, raw.role as string, i === 0);
    });
    const toolResults = blocks.filter((b) => b.type === "tool_result");
    const message: SimMessage = {
      role:
        raw.role === "user" && toolResults.length === blocks.length && blocks.length > 0 ? "tool" : raw.role,
      content: blocks
        .filter((b) => b.type !== "tool_use")
        .map(anthropicBlockText)
        .join("\n"),
    };
    const calls = blocks.filter((b) => b.type === "tool_use");
    if (calls.length > 0) {
      message.toolCalls = calls.map((b) => ({
        id: str(b.id),
        name: str(b.name),
        arguments: isObject(b.input) ? b.input : {},
      }));
    }
    messages.push(message);
  });
  // Top-level `cache_control` (automatic caching): the breakpoint goes on the last cacheable block.
  if (body.cache_control !== undefined && body.cache_control !== null) {
    const bp = breakpointOf({ cache_control: body.cache_control });
    const last = [...units].reverse().find((u) => !u.key.includes('"type":"thinking"'));
    if (bp && last && last.breakpoint === undefined) last.breakpoint = bp;
  }
  return {
    ...meta,
    protocol: "anthropic",
    model: body.model,
    stream: body.stream === true,
    includeUsage: true,
    messages,
    tools,
    toolChoice: anthropicToolChoice(body.tool_choice, tools),
    units,
    maxTokens: body.max_tokens,
    body,
  };
}

/**
 * The text of the last user message, the natural thing to echo.
 *
 * @example
 * lastUserText(request) // "ping 17"
 */
export function lastUserText(request: Pick<SimRequest, "messages">): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const m = request.messages[i]!;
    if (m.role === "user") return m.content;
  }
  return "";
}
