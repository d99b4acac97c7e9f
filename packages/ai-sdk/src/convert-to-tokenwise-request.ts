import {
  type LanguageModelV3CallOptions,
  type LanguageModelV3DataContent,
  type LanguageModelV3FunctionTool,
  type LanguageModelV3Message,
  type LanguageModelV3Prompt,
  type LanguageModelV3ToolResultOutput,
  type SharedV3Warning,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import type {
  ChatMessage,
  ContentPart,
  ModelRequest,
  ResponseFormat,
  ToolCall,
  ToolChoice,
  ToolDefinition,
} from "@tokenwise/core";
import { ConversionCache } from "./conversion-cache";

/** Caches that give equal messages and tool lists the same converted objects across calls. */
export interface ConversionCaches {
  messages: ConversionCache<readonly ChatMessage[]>;
  tools: ConversionCache<readonly ToolDefinition[]>;
}

/** Conversion caches sized for agent loops (a few long conversations at once). */
export function createConversionCaches(): ConversionCaches {
  return { messages: new ConversionCache(4096), tools: new ConversionCache(64) };
}

/** The model request core's spec defines, and the warnings for what it cannot carry. */
export interface ConvertedRequest {
  request: ModelRequest;
  warnings: SharedV3Warning[];
}

/** Call settings the tokenwise spec has no field for (every adapter would drop them). */
const UNSUPPORTED_SETTINGS = [
  "topP",
  "topK",
  "presencePenalty",
  "frequencyPenalty",
  "stopSequences",
  "seed",
] as const satisfies readonly (keyof LanguageModelV3CallOptions)[];

/**
 * Maps AI SDK call options (prompt, tools, tool choice, response format, sampling settings) to
 * core's `ModelRequest`. What the spec cannot carry becomes an `unsupported` warning, never a silent
 * drop; content it cannot represent (non-image files) is an `UnsupportedFunctionalityError`.
 *
 * @example
 * convertToTokenwiseRequest({ prompt: [{ role: "user", content: [{ type: "text", text: "Hi" }] }] })
 * // { request: { messages: [{ role: "user", content: "Hi" }] }, warnings: [] }
 */
export function convertToTokenwiseRequest(
  options: LanguageModelV3CallOptions,
  caches?: ConversionCaches,
): ConvertedRequest {
  const warnings: SharedV3Warning[] = [];
  for (const setting of UNSUPPORTED_SETTINGS) {
    if (options[setting] !== undefined) {
      warnings.push({
        type: "unsupported",
        feature: setting,
        details: "tokenwise routes over a request spec without this setting; it is not sent",
      });
    }
  }
  // The AI SDK adds its own `user-agent`; only headers the caller set are worth a warning.
  const headers = Object.entries(options.headers ?? {}).filter(
    ([name, value]) => value !== undefined && name.toLowerCase() !== "user-agent",
  );
  if (headers.length > 0) {
    warnings.push({
      type: "unsupported",
      feature: "headers",
      details: `per-call headers (${headers.map(([n]) => n).join(", ")}) are not sent; set provider headers in createRouter({ providers })`,
    });
  }
  if (options.includeRawChunks) {
    warnings.push({
      type: "unsupported",
      feature: "includeRawChunks",
      details: "the router emits normalized stream parts only",
    });
  }

  const request: ModelRequest = { messages: convertPrompt(options.prompt, warnings, caches?.messages) };
  if (options.maxOutputTokens !== undefined) request.maxOutputTokens = options.maxOutputTokens;
  if (options.temperature !== undefined) request.temperature = options.temperature;

  const tools = convertTools(options.tools, warnings, caches?.tools);
  if (tools.length > 0) {
    request.tools = tools;
    if (options.toolChoice) request.toolChoice = convertToolChoice(options.toolChoice);
  }

  const format = convertResponseFormat(options.responseFormat, warnings);
  if (format) request.responseFormat = format;
  return { request, warnings };
}

function convertTools(
  tools: LanguageModelV3CallOptions["tools"],
  warnings: SharedV3Warning[],
  cache: ConversionCache<readonly ToolDefinition[]> | undefined,
): readonly ToolDefinition[] {
  const functions: LanguageModelV3FunctionTool[] = [];
  for (const tool of tools ?? []) {
    if (tool.type === "function") functions.push(tool);
    else {
      warnings.push({
        type: "unsupported",
        feature: `provider-defined tool ${tool.id}`,
        details: "provider-executed tools are not routed; the tool is not sent",
      });
    }
  }
  if (functions.length === 0) return [];
  const convert = () =>
    functions.map((tool): ToolDefinition => {
      const fn: ToolDefinition["function"] = {
        name: tool.name,
        parameters: tool.inputSchema as Record<string, unknown>,
      };
      if (tool.description !== undefined) fn.description = tool.description;
      if (tool.strict !== undefined) fn.strict = tool.strict;
      return { type: "function", function: fn };
    });
  return cache ? (cache.get(JSON.stringify(functions), convert) ?? convert()) : convert();
}

function convertToolChoice(choice: NonNullable<LanguageModelV3CallOptions["toolChoice"]>): ToolChoice {
  switch (choice.type) {
    case "auto":
    case "none":
    case "required":
      return choice.type;
    case "tool":
      return { type: "function", function: { name: choice.toolName } };
    default: {
      const never: never = choice;
      throw new UnsupportedFunctionalityError({ functionality: `tool choice ${JSON.stringify(never)}` });
    }
  }
}

function convertResponseFormat(
  format: LanguageModelV3CallOptions["responseFormat"],
  warnings: SharedV3Warning[],
): ResponseFormat | undefined {
  if (!format || format.type === "text") return undefined;
  if (!format.schema) return { type: "json_object" };
  if (format.description !== undefined) {
    warnings.push({
      type: "unsupported",
      feature: "responseFormat.description",
      details: "the JSON schema is sent with its name; the description has no field in the request",
    });
  }
  return {
    type: "json_schema",
    json_schema: { name: format.name ?? "response", schema: format.schema as Record<string, unknown> },
  };
}

/**
 * The AI SDK prompt as OpenAI-style chat messages (system prompts stay system messages). With a
 * cache, equal messages convert to the same objects across calls (see {@link ConversionCache}).
 */
export function convertPrompt(
  prompt: LanguageModelV3Prompt,
  warnings: SharedV3Warning[] = [],
  cache?: ConversionCache<readonly ChatMessage[]>,
): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const [index, message] of prompt.entries()) {
    if (!cache || !cacheable(message)) {
      messages.push(...convertMessage(message, index, warnings));
      continue;
    }
    const fresh: { messages?: ChatMessage[] } = {};
    const converted = cache.get(JSON.stringify(message), () => {
      const own: SharedV3Warning[] = [];
      fresh.messages = convertMessage(message, index, own);
      if (own.length === 0) return fresh.messages;
      // A conversion with warnings is not kept: each call must warn again.
      warnings.push(...own);
      return undefined;
    });
    messages.push(...(converted ?? fresh.messages ?? []));
  }
  return messages;
}

/** Messages with binary file data are converted every time (their JSON key would be as large as the data). */
function cacheable(message: LanguageModelV3Message): boolean {
  if (message.role === "system") return true;
  return message.content.every((part) => part.type !== "file" || !(part.data instanceof Uint8Array));
}

function convertMessage(
  message: LanguageModelV3Message,
  index: number,
  warnings: SharedV3Warning[],
): ChatMessage[] {
  const messages: ChatMessage[] = [];
  switch (message.role) {
    case "system":
      messages.push({ role: "system", content: message.content });
      break;
    case "user": {
      const parts: ContentPart[] = message.content.map((part, i): ContentPart => {
        if (part.type === "text") return { type: "text", text: part.text };
        if (!part.mediaType.startsWith("image/")) {
          throw new UnsupportedFunctionalityError({
            functionality: `file part with media type ${part.mediaType} (prompt[${index}].content[${i}]); only images are routed`,
          });
        }
        return { type: "image_url", image_url: { url: imageUrl(part.data, part.mediaType) } };
      });
      const only = parts[0];
      messages.push({
        role: "user",
        content: parts.length === 1 && only?.type === "text" ? only.text : parts,
      });
      break;
    }
    case "assistant": {
      let text = "";
      const toolCalls: ToolCall[] = [];
      for (const [i, part] of message.content.entries()) {
        switch (part.type) {
          case "text":
            text += part.text;
            break;
          case "reasoning":
            // Chat-style requests have no place for earlier reasoning; providers do not expect it back.
            break;
          case "tool-call":
            if (part.providerExecuted) break;
            toolCalls.push({
              id: part.toolCallId,
              type: "function",
              function: {
                name: part.toolName,
                arguments: typeof part.input === "string" ? part.input : JSON.stringify(part.input ?? {}),
              },
            });
            break;
          case "tool-result":
            // Results of provider-executed tools: the provider keeps them; nothing to send.
            break;
          case "file":
            throw new UnsupportedFunctionalityError({
              functionality: `file part in an assistant message (prompt[${index}].content[${i}])`,
            });
          default: {
            const never: never = part;
            throw new UnsupportedFunctionalityError({
              functionality: `assistant part ${JSON.stringify(never)}`,
            });
          }
        }
      }
      messages.push({
        role: "assistant",
        content: text === "" && toolCalls.length > 0 ? null : text,
        ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
      });
      break;
    }
    case "tool":
      for (const part of message.content) {
        if (part.type === "tool-approval-response") {
          warnings.push({
            type: "unsupported",
            feature: "tool-approval-response",
            details: "approvals are for provider-executed tools, which are not routed",
          });
          continue;
        }
        messages.push({
          role: "tool",
          tool_call_id: part.toolCallId,
          content: toolOutputText(part.output),
        });
      }
      break;
    default: {
      const never: never = message;
      throw new UnsupportedFunctionalityError({ functionality: `message ${JSON.stringify(never)}` });
    }
  }
  return messages;
}

/** A tool result as the text a chat-style `tool` message carries. */
export function toolOutputText(output: LanguageModelV3ToolResultOutput): string {
  switch (output.type) {
    case "text":
    case "error-text":
      return output.value;
    case "json":
    case "error-json":
      return JSON.stringify(output.value);
    case "execution-denied":
      return output.reason ?? "Tool execution denied.";
    case "content":
      return output.value.map((part) => (part.type === "text" ? part.text : JSON.stringify(part))).join("\n");
    default: {
      const never: never = output;
      throw new UnsupportedFunctionalityError({ functionality: `tool output ${JSON.stringify(never)}` });
    }
  }
}

function imageUrl(data: LanguageModelV3DataContent, mediaType: string): string {
  if (data instanceof URL) return data.toString();
  const type = mediaType === "image/*" ? "image/jpeg" : mediaType;
  if (typeof data === "string") {
    return /^(https?:|data:)/i.test(data) ? data : `data:${type};base64,${data}`;
  }
  return `data:${type};base64,${Buffer.from(data).toString("base64")}`;
}
