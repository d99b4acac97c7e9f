import { parseWith, ValidationError } from "@tokenwise/core";
import type { ChatMessage, ResponseFormat, ToolChoice, ToolDefinition } from "@tokenwise/router";
import { z } from "zod";
import { invalidRequest } from "./openai-error";

const TextPartSchema = z.object({ type: z.literal("text"), text: z.string() });
const ImagePartSchema = z.object({
  type: z.literal("image_url"),
  image_url: z.object({ url: z.string().min(1), detail: z.enum(["auto", "low", "high"]).optional() }),
});
const ToolCallSchema = z.object({
  id: z.string().min(1),
  type: z.literal("function"),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});

const MessageSchema = z.discriminatedUnion("role", [
  z.object({
    role: z.enum(["system", "developer"]),
    content: z.union([z.string(), z.array(TextPartSchema)]),
  }),
  z.object({
    role: z.literal("user"),
    content: z.union([z.string(), z.array(z.discriminatedUnion("type", [TextPartSchema, ImagePartSchema]))]),
    name: z.string().optional(),
  }),
  z.object({
    role: z.literal("assistant"),
    content: z.union([z.string(), z.array(TextPartSchema), z.null()]).optional(),
    tool_calls: z.array(ToolCallSchema).optional(),
    name: z.string().optional(),
  }),
  z.object({
    role: z.literal("tool"),
    tool_call_id: z.string().min(1),
    content: z.union([z.string(), z.array(TextPartSchema)]),
  }),
]);

const ToolSchema = z.object({
  type: z.literal("function"),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "1 to 64 letters, digits, _ or -"),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

const ToolChoiceSchema = z.union([
  z.enum(["auto", "none", "required"]),
  z.strictObject({ type: z.literal("function"), function: z.strictObject({ name: z.string().min(1) }) }),
]);

const ResponseFormatSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("text") }),
  z.strictObject({ type: z.literal("json_object") }),
  z.strictObject({
    type: z.literal("json_schema"),
    json_schema: z.strictObject({
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "1 to 64 letters, digits, _ or -"),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()),
      strict: z.boolean().nullable().optional(),
    }),
  }),
]);

/**
 * The body of `POST /v1/chat/completions` as this server reads it. Parameters tokenwise cannot honour
 * (several choices, log probabilities, stop sequences, legacy functions, audio) are rejected rather
 * than ignored; sampling knobs the spec does not carry (`top_p`, penalties, `seed`, …) are accepted and
 * not forwarded.
 */
export const ChatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(MessageSchema).min(1),
  tools: z.array(ToolSchema).optional(),
  tool_choice: ToolChoiceSchema.optional(),
  response_format: ResponseFormatSchema.optional(),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  reasoning_effort: z.enum(["low", "medium", "high"]).nullable().optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.strictObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  n: z.literal(1, "only n=1 is supported").nullable().optional(),
  logprobs: z.literal(false, "log probabilities are not supported").nullable().optional(),
  top_logprobs: z.null("log probabilities are not supported").optional(),
  stop: z.null("stop sequences are not supported").optional(),
  functions: z.undefined("legacy `functions` are not supported: use `tools`").optional(),
  function_call: z.undefined("legacy `function_call` is not supported: use `tool_choice`").optional(),
  audio: z.null("audio output is not supported").optional(),
});

/** A validated chat-completions body. */
export type ChatCompletionRequest = z.output<typeof ChatCompletionRequestSchema>;

/** The model request part of a body, in core's spec shape. */
export interface ParsedChatRequest {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
  maxOutputTokens?: number;
  temperature?: number;
  reasoningEffort?: "low" | "medium" | "high";
}

/**
 * Validates a parsed JSON body and maps it to the spec. Throws an `HttpError` (400,
 * `invalid_request_error`) whose `param` is the path of the first problem.
 *
 * The common shape (text messages, a token limit, a temperature, `stream`) is checked by hand and gives
 * the same result as the schema; anything else, valid or not, goes through the schema, so every error
 * is the schema's.
 */
export function parseChatRequest(body: unknown): ParsedChatRequest {
  return parsePlainChatRequest(body) ?? parseChatRequestWithSchema(body);
}

/** {@link parseChatRequest} through {@link ChatCompletionRequestSchema} alone. */
export function parseChatRequestWithSchema(body: unknown): ParsedChatRequest {
  let req: ChatCompletionRequest;
  try {
    req = parseWith(ChatCompletionRequestSchema, body, "chat completion request");
  } catch (error) {
    if (error instanceof ValidationError) throw invalidRequest(error.issues);
    throw error;
  }
  if (req.tool_choice !== undefined && req.tool_choice !== "none" && !req.tools?.length) {
    throw invalidRequest([{ path: ["tool_choice"], message: "needs `tools`", value: req.tool_choice }]);
  }
  if (req.stream_options && !req.stream) {
    throw invalidRequest([{ path: ["stream_options"], message: "only allowed with stream: true" }]);
  }
  const out: ParsedChatRequest = {
    model: req.model,
    stream: req.stream === true,
    includeUsage: req.stream_options?.include_usage === true,
    messages: req.messages.map((m) =>
      m.role === "assistant" && m.content === undefined ? { ...m, content: null } : m,
    ) as ChatMessage[],
  };
  if (req.tools?.length) out.tools = req.tools as ToolDefinition[];
  if (req.tool_choice !== undefined) out.toolChoice = req.tool_choice;
  if (req.response_format) out.responseFormat = req.response_format as ResponseFormat;
  const max = req.max_completion_tokens ?? req.max_tokens;
  if (max != null) out.maxOutputTokens = max;
  if (req.temperature != null) out.temperature = req.temperature;
  if (req.reasoning_effort != null) out.reasoningEffort = req.reasoning_effort;
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** Roles whose message is `{ role, content: string }` in the plain shape. */
const PLAIN_ROLES = new Set(["system", "developer", "user", "assistant"]);

/** A positive integer, null or absent (`max_tokens`, `max_completion_tokens`). */
const plainLimit = (v: unknown) =>
  v === undefined || v === null || (Number.isSafeInteger(v) && (v as number) > 0);

/**
 * The plain body: `model`, text-only messages (`{role, content: string}` for system, developer, user
 * and assistant), and optionally `max_tokens`, `max_completion_tokens`, `temperature`, `stream` and
 * `stream_options.include_usage`. It is mapped exactly as the schema path maps it (the schema strips no key from
 * such messages, so they are passed on as they are). Anything else: undefined, for the schema.
 */
function parsePlainChatRequest(body: unknown): ParsedChatRequest | undefined {
  if (!isPlainObject(body)) return undefined;
  let model: unknown;
  let messages: unknown;
  let maxTokens: unknown;
  let maxCompletionTokens: unknown;
  let temperature: unknown;
  let stream = false;
  let includeUsage = false;
  for (const key in body) {
    const value = body[key];
    switch (key) {
      case "model":
        model = value;
        break;
      case "messages":
        messages = value;
        break;
      case "max_tokens":
        maxTokens = value;
        break;
      case "max_completion_tokens":
        maxCompletionTokens = value;
        break;
      case "temperature":
        temperature = value;
        break;
      case "stream":
        if (value === true) stream = true;
        else if (value !== false && value !== null) return undefined;
        break;
      case "stream_options":
        if (value === null) break;
        if (!isPlainObject(value)) return undefined;
        for (const option in value) {
          if (option !== "include_usage" || typeof value[option] !== "boolean") return undefined;
          includeUsage = value[option] as boolean;
        }
        // Options without `stream: true` are an error: the schema path words it.
        if (!("stream" in body) || body.stream !== true) return undefined;
        break;
      default:
        return undefined;
    }
  }
  if (typeof model !== "string" || model.length === 0) return undefined;
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  for (const m of messages as unknown[]) {
    if (!isPlainObject(m) || typeof m.content !== "string" || !PLAIN_ROLES.has(m.role as string)) {
      return undefined;
    }
    let keys = 0;
    for (const _ in m) keys++;
    if (keys !== 2) return undefined;
  }
  if (!plainLimit(maxTokens) || !plainLimit(maxCompletionTokens)) return undefined;
  if (
    temperature !== undefined &&
    temperature !== null &&
    !(typeof temperature === "number" && temperature >= 0 && temperature <= 2)
  ) {
    return undefined;
  }
  const out: ParsedChatRequest = {
    model,
    stream,
    includeUsage,
    messages: messages as ChatMessage[],
  };
  const max = (maxCompletionTokens ?? maxTokens) as number | null | undefined;
  if (max != null) out.maxOutputTokens = max;
  if (temperature != null) out.temperature = temperature as number;
  return out;
}
