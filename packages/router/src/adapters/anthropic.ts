import Anthropic from "@anthropic-ai/sdk";
import {
  type AdapterCall,
  type AdapterFactory,
  type AdapterResponse,
  type AdapterSettings,
  type AdapterStream,
  type ChatMessage,
  type ContentPart,
  type FinishReason,
  makeUsage,
  type ProviderAdapter,
  StreamEndedEarlyError,
  type StreamPart,
  type TextPart,
  type ToolCall,
  type Usage,
  usageFromAnthropic,
} from "@tokenwise/core";
import { mapAnthropicFinishReason } from "./map-anthropic-finish-reason";
import { withProviderErrors } from "./provider-error";
import { sdkClientOptions } from "./sdk-client-options";

type MessageParam = Anthropic.Messages.MessageParam;
type ContentBlockParam = Anthropic.Messages.ContentBlockParam;
type TextBlockParam = Anthropic.Messages.TextBlockParam;
type CreateParams = Anthropic.Messages.MessageCreateParamsNonStreaming;

function textOf(content: string | TextPart[] | null): string {
  if (content === null) return "";
  return typeof content === "string" ? content : content.map((p) => p.text).join("");
}

function imageBlock(url: string): ContentBlockParam {
  const data = /^data:(image\/(?:png|jpeg|gif|webp));base64,(.*)$/s.exec(url);
  if (data) {
    return {
      type: "image",
      source: {
        type: "base64",
        media_type: data[1] as "image/png" | "image/jpeg" | "image/gif" | "image/webp",
        data: data[2]!,
      },
    };
  }
  return { type: "image", source: { type: "url", url } };
}

function userBlocks(content: string | ContentPart[]): ContentBlockParam[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return content.map((p) =>
    p.type === "text" ? { type: "text", text: p.text } : imageBlock(p.image_url.url),
  );
}

function parseArguments(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { value };
  } catch {
    return { _raw: text };
  }
}

/**
 * Converts OpenAI-style messages to Anthropic's: system/developer messages join the `system` prompt
 * (never a user turn), assistant tool calls become `tool_use` blocks, tool results become
 * `tool_result` blocks in a user turn, consecutive same-role turns merge.
 */
export function toAnthropicMessages(
  system: string | undefined,
  messages: readonly ChatMessage[],
): { system: TextBlockParam[]; messages: MessageParam[] } {
  const sys: TextBlockParam[] = [];
  if (system !== undefined && system !== "") sys.push({ type: "text", text: system });
  const out: MessageParam[] = [];
  const push = (role: "user" | "assistant", blocks: ContentBlockParam[]) => {
    if (blocks.length === 0) return;
    const last = out.at(-1);
    if (last && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const m of messages) {
    switch (m.role) {
      case "system":
      case "developer": {
        const text = textOf(m.content);
        if (text) sys.push({ type: "text", text });
        break;
      }
      case "user":
        push("user", userBlocks(m.content));
        break;
      case "assistant": {
        const blocks: ContentBlockParam[] = [];
        const text = textOf(m.content);
        if (text) blocks.push({ type: "text", text });
        for (const call of m.tool_calls ?? []) {
          blocks.push({
            type: "tool_use",
            id: call.id,
            name: call.function.name,
            input: parseArguments(call.function.arguments),
          });
        }
        push("assistant", blocks);
        break;
      }
      case "tool":
        push("user", [{ type: "tool_result", tool_use_id: m.tool_call_id, content: textOf(m.content) }]);
        break;
      default: {
        const never: never = m;
        throw new Error(`unknown role ${String((never as { role: unknown }).role)}`);
      }
    }
  }
  return { system: sys, messages: out };
}

/**
 * Builds the Messages body. With an `explicit` prompt-cache policy, a cache breakpoint goes on the
 * system prompt (shared by every conversation with the same tools and system) and the conversation is
 * cached up to its last block, with the policy's first TTL (`1h` is sent; `5m` is the API's default):
 * in a session (`call.sessionId`) by top-level automatic caching (`cache_control` on the request: the
 * API puts the breakpoint on the last cacheable block and moves it forward as the conversation grows),
 * otherwise by a breakpoint on the last turn's last block.
 */
export function toAnthropicBody(call: Omit<AdapterCall, "signal">): CreateParams {
  const { request } = call;
  const { system, messages } = toAnthropicMessages(request.system, request.messages);
  let automatic: Anthropic.Messages.CacheControlEphemeral | undefined;
  if (call.promptCache?.mode === "explicit") {
    const cacheControl: Anthropic.Messages.CacheControlEphemeral =
      call.promptCache.ttls[0] === "1h" ? { type: "ephemeral", ttl: "1h" } : { type: "ephemeral" };
    const lastSys = system.at(-1);
    if (lastSys) lastSys.cache_control = cacheControl;
    if (call.sessionId !== undefined) automatic = cacheControl;
    else {
      const last = messages.at(-1);
      if (last && Array.isArray(last.content)) {
        const block = last.content.at(-1);
        if (block && block.type !== "thinking" && block.type !== "redacted_thinking") {
          (block as { cache_control?: Anthropic.Messages.CacheControlEphemeral }).cache_control =
            cacheControl;
        }
      }
    }
  }
  const body: CreateParams = { model: call.model, max_tokens: call.maxOutputTokens, messages };
  if (automatic) body.cache_control = { ...automatic };
  if (system.length > 0) body.system = system;
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((t) => {
      const tool: Anthropic.Messages.Tool = {
        name: t.function.name,
        input_schema: (t.function.parameters ?? {
          type: "object",
          properties: {},
        }) as Anthropic.Messages.Tool.InputSchema,
      };
      if (t.function.description !== undefined) tool.description = t.function.description;
      return tool;
    });
    const choice = request.toolChoice;
    if (choice !== undefined) {
      body.tool_choice =
        choice === "auto"
          ? { type: "auto" }
          : choice === "required"
            ? { type: "any" }
            : choice === "none"
              ? { type: "none" }
              : { type: "tool", name: choice.function.name };
    }
  }
  if (request.temperature !== undefined) {
    // Not in this SDK version's types, still accepted by the Messages API for most models.
    (body as unknown as Record<string, unknown>).temperature = request.temperature;
  }
  if (request.responseFormat?.type === "json_schema") {
    body.output_config = {
      format: { type: "json_schema", schema: request.responseFormat.json_schema.schema },
    };
  }
  return body;
}

function fromContent(content: Anthropic.Messages.ContentBlock[]): {
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
} {
  let text = "";
  let reasoning = "";
  const toolCalls: ToolCall[] = [];
  for (const block of content) {
    if (block.type === "text") text += block.text;
    else if (block.type === "thinking") reasoning += block.thinking;
    else if (block.type === "tool_use") {
      toolCalls.push({
        id: block.id,
        type: "function",
        function: { name: block.name, arguments: JSON.stringify(block.input) },
      });
    }
  }
  return { text, reasoning, toolCalls };
}

/** A `message` body (an HTTP answer, or a succeeded line of a message batch), normalized. */
export function fromAnthropicMessage(
  data: Anthropic.Messages.Message,
  requestId?: string | null,
): AdapterResponse {
  const { text, reasoning, toolCalls } = fromContent(data.content);
  const out: AdapterResponse = {
    text,
    toolCalls,
    finishReason: mapAnthropicFinishReason(data.stop_reason),
    usage: usageFromAnthropic(data.usage),
    raw: data,
  };
  if (reasoning) out.reasoning = reasoning;
  if (requestId) out.requestId = requestId;
  return out;
}

/**
 * The Anthropic adapter over the official `@anthropic-ai/sdk` client (`maxRetries: 0`). Failures are
 * thrown as `ProviderError`s.
 *
 * @example
 * const adapter = createAnthropicAdapter({ provider: "anthropic", apiKey, baseURL, secrets: [apiKey] });
 */
export const createAnthropicAdapter: AdapterFactory = (settings: AdapterSettings): ProviderAdapter => {
  const client = new Anthropic(sdkClientOptions(settings));
  return withProviderErrors(settings, {
    async generate(call: AdapterCall): Promise<AdapterResponse> {
      const { data, request_id } = await client.messages
        .create(toAnthropicBody(call), { signal: call.signal })
        .withResponse();
      return fromAnthropicMessage(data, request_id);
    },
    async stream(call: AdapterCall): Promise<AdapterStream> {
      const { data: stream, request_id } = await client.messages
        .create({ ...toAnthropicBody(call), stream: true }, { signal: call.signal })
        .withResponse();
      let usage: Usage | undefined;
      let inputWire: Anthropic.Messages.Usage | undefined;
      async function* parts(): AsyncGenerator<StreamPart> {
        let finish: FinishReason | undefined;
        let stopped = false;
        let toolIndex = -1;
        // Open content blocks by their index: what kind, the part id, and a tool's name and input.
        const blocks = new Map<
          number,
          { kind: "text" | "reasoning" | "tool"; id: string; name: string; args: string }
        >();
        for await (const event of stream) {
          switch (event.type) {
            case "message_start":
              inputWire = event.message.usage;
              usage = usageFromAnthropic(inputWire);
              break;
            case "content_block_start": {
              const block = event.content_block;
              if (block.type === "tool_use") {
                toolIndex++;
                blocks.set(event.index, { kind: "tool", id: block.id, name: block.name, args: "" });
                yield { type: "tool-input-start", id: block.id, toolName: block.name, index: toolIndex };
              } else if (block.type === "text") {
                const id = `text-${event.index}`;
                blocks.set(event.index, { kind: "text", id, name: "", args: "" });
                yield { type: "text-start", id };
                if (block.text) yield { type: "text-delta", id, delta: block.text };
              } else if (block.type === "thinking" || block.type === "redacted_thinking") {
                const id = `reasoning-${event.index}`;
                blocks.set(event.index, { kind: "reasoning", id, name: "", args: "" });
                yield { type: "reasoning-start", id };
              }
              break;
            }
            case "content_block_delta": {
              const open = blocks.get(event.index);
              if (!open) break;
              if (event.delta.type === "text_delta") {
                yield { type: "text-delta", id: open.id, delta: event.delta.text };
              } else if (event.delta.type === "thinking_delta") {
                yield { type: "reasoning-delta", id: open.id, delta: event.delta.thinking };
              } else if (event.delta.type === "input_json_delta") {
                open.args += event.delta.partial_json;
                yield { type: "tool-input-delta", id: open.id, delta: event.delta.partial_json };
              }
              break;
            }
            case "content_block_stop": {
              const open = blocks.get(event.index);
              if (!open) break;
              blocks.delete(event.index);
              if (open.kind === "text") yield { type: "text-end", id: open.id };
              else if (open.kind === "reasoning") yield { type: "reasoning-end", id: open.id };
              else {
                yield { type: "tool-input-end", id: open.id };
                yield {
                  type: "tool-call",
                  toolCallId: open.id,
                  toolName: open.name,
                  input: open.args || "{}",
                };
              }
              break;
            }
            case "message_delta": {
              finish = mapAnthropicFinishReason(event.delta.stop_reason);
              const u = event.usage;
              usage = usageFromAnthropic({
                input_tokens: u.input_tokens ?? inputWire?.input_tokens ?? 0,
                cache_read_input_tokens: u.cache_read_input_tokens ?? inputWire?.cache_read_input_tokens ?? 0,
                cache_creation_input_tokens:
                  u.cache_creation_input_tokens ?? inputWire?.cache_creation_input_tokens ?? 0,
                cache_creation: inputWire?.cache_creation ?? null,
                output_tokens: u.output_tokens,
              });
              break;
            }
            case "message_stop":
              stopped = true;
              break;
            default:
              break;
          }
        }
        if (!stopped || !finish) throw new StreamEndedEarlyError("the stream ended without message_stop");
        yield { type: "finish", finishReason: finish, usage: usage ?? makeUsage() };
      }
      const iterable = parts();
      const out: AdapterStream = {
        [Symbol.asyncIterator]: () => iterable,
        usage: () => usage,
        cancel: (reason?: unknown) => stream.controller.abort(reason),
      };
      if (request_id) out.requestId = request_id;
      return out;
    },
  });
};
