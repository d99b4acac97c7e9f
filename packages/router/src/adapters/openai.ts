import {
  type AdapterCall,
  type AdapterFactory,
  type AdapterResponse,
  type AdapterSettings,
  type AdapterStream,
  type FinishReason,
  makeUsage,
  type ProviderAdapter,
  StreamEndedEarlyError,
  type StreamPart,
  type ToolCall,
  type Usage,
  usageFromOpenAI,
} from "@tokenwise/core";
import OpenAI from "openai";
import { mapOpenAIFinishReason } from "./map-openai-finish-reason";
import { withProviderErrors } from "./provider-error";
import { sdkClientOptions } from "./sdk-client-options";

type ChatParams = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
type ChatMessageParam = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/** Builds the chat-completions body: the system prompt stays a system message, tools and formats as given. */
export function toOpenAIBody(call: Omit<AdapterCall, "signal">, provider: string): ChatParams {
  const { request } = call;
  // The caller's messages are the wire's (the SDK serializes them before `create` returns): no copy
  // of a long history unless a system prompt goes first.
  let messages = request.messages as ChatMessageParam[];
  if (request.system !== undefined) {
    const n = request.messages.length;
    messages = new Array<ChatMessageParam>(n + 1);
    messages[0] = { role: "system", content: request.system };
    for (let i = 0; i < n; i++) messages[i + 1] = request.messages[i] as ChatMessageParam;
  }
  const body: ChatParams = { model: call.model, messages };
  if (provider === "openai") body.max_completion_tokens = call.maxOutputTokens;
  else body.max_tokens = call.maxOutputTokens;
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools as OpenAI.Chat.Completions.ChatCompletionTool[];
    if (request.toolChoice !== undefined) body.tool_choice = request.toolChoice;
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  // OpenAI's reasoning models take `reasoning_effort`; compatible endpoints differ, so only `openai`.
  // `none` is not sent: only some OpenAI models accept it (gpt-5 takes `minimal`), so they keep their default.
  if (call.reasoningEffort !== undefined && call.reasoningEffort !== "none" && provider === "openai")
    body.reasoning_effort = call.reasoningEffort;
  if (request.responseFormat !== undefined) body.response_format = request.responseFormat;
  // OpenAI routes requests with the same prefix and `prompt_cache_key` to the same cache; compatible
  // endpoints differ (some refuse unknown fields), so only `openai`.
  if (call.sessionId !== undefined && provider === "openai") body.prompt_cache_key = call.sessionId;
  if (call.thinking !== undefined) {
    // The provider's own switch, outside OpenAI's schema (the SDK sends extra body fields as given).
    const on = call.thinking.mode === "thinking";
    const extra = body as ChatParams & ThinkingBody;
    if (call.thinking.switch === "enable_thinking") extra.enable_thinking = on;
    else extra.thinking = { type: on ? "enabled" : "disabled" };
  }
  return body;
}

/**
 * Thinking switches of OpenAI-compatible endpoints: Qwen on Model Studio takes `enable_thinking`
 * (https://www.alibabacloud.com/help/zh/model-studio/deep-thinking); Zhipu GLM (https://docs.z.ai/guides/llm/glm-4.5)
 * and Volcengine Ark take `thinking: { type: "enabled" | "disabled" }`.
 */
interface ThinkingBody {
  enable_thinking?: boolean;
  thinking?: { type: "enabled" | "disabled" };
}

function toolCallsOf(calls: OpenAI.Chat.Completions.ChatCompletionMessageToolCall[] | undefined): ToolCall[] {
  const out: ToolCall[] = [];
  for (const c of calls ?? []) {
    if (c.type === "function") {
      out.push({
        id: c.id,
        type: "function",
        function: { name: c.function.name, arguments: c.function.arguments },
      });
    }
  }
  return out;
}

/** A `chat.completion` body (an HTTP answer, or a line of a batch's output file), normalized. */
export function fromOpenAICompletion(
  data: OpenAI.Chat.Completions.ChatCompletion,
  requestId?: string | null,
): AdapterResponse {
  const choice = data.choices[0];
  const usage = data.usage ? usageFromOpenAI(data.usage) : makeUsage();
  const out: AdapterResponse = {
    text: choice?.message.content ?? "",
    toolCalls: toolCallsOf(choice?.message.tool_calls),
    finishReason: mapOpenAIFinishReason(choice?.finish_reason),
    usage,
    raw: data,
  };
  // DeepSeek and other compatible endpoints return reasoning as `reasoning_content`.
  const reasoning = (choice?.message as { reasoning_content?: string | null } | undefined)?.reasoning_content;
  if (reasoning) out.reasoning = reasoning;
  if (requestId) out.requestId = requestId;
  return out;
}

/**
 * The OpenAI-style adapter (OpenAI and every OpenAI-compatible endpoint) over the official `openai`
 * client, created with `maxRetries: 0` (the router owns retries) and no SDK timeout (the router's
 * deadline aborts through the signal). `settings.provider` picks `max_completion_tokens` (`openai`)
 * or `max_tokens` (compatible endpoints). Failures are thrown as `ProviderError`s.
 *
 * @example
 * const adapter = createOpenAIAdapter({ provider: "deepseek", apiKey, baseURL, secrets: [apiKey] });
 */
export const createOpenAIAdapter: AdapterFactory = (settings: AdapterSettings): ProviderAdapter => {
  const client = new OpenAI(sdkClientOptions(settings));
  return withProviderErrors(settings, {
    async generate(call: AdapterCall): Promise<AdapterResponse> {
      const { data, request_id } = await client.chat.completions
        .create(toOpenAIBody(call, settings.provider), { signal: call.signal })
        .withResponse();
      return fromOpenAICompletion(data, request_id);
    },
    async stream(call: AdapterCall): Promise<AdapterStream> {
      const body = {
        ...toOpenAIBody(call, settings.provider),
        stream: true as const,
        stream_options: { include_usage: true },
      };
      const { data: stream, request_id } = await client.chat.completions
        .create(body, { signal: call.signal })
        .withResponse();
      let usage: Usage | undefined;
      async function* parts(): AsyncGenerator<StreamPart> {
        let finish: FinishReason | undefined;
        let textOpen = false;
        let reasoningOpen = false;
        // Tool calls by their index in this answer: id, name and arguments so far.
        const tools: { id: string; name: string; args: string }[] = [];
        for await (const chunk of stream) {
          if (chunk.usage) usage = usageFromOpenAI(chunk.usage);
          const choice = chunk.choices[0];
          if (!choice) continue;
          const delta = choice.delta as
            | (typeof choice.delta & { reasoning_content?: string | null })
            | undefined;
          // DeepSeek and other compatible endpoints stream reasoning as `reasoning_content`.
          if (delta?.reasoning_content) {
            if (!reasoningOpen) {
              reasoningOpen = true;
              yield { type: "reasoning-start", id: "reasoning-0" };
            }
            yield { type: "reasoning-delta", id: "reasoning-0", delta: delta.reasoning_content };
          }
          if (delta?.content) {
            if (reasoningOpen) {
              reasoningOpen = false;
              yield { type: "reasoning-end", id: "reasoning-0" };
            }
            if (!textOpen) {
              textOpen = true;
              yield { type: "text-start", id: "text-0" };
            }
            yield { type: "text-delta", id: "text-0", delta: delta.content };
          }
          for (const tc of delta?.tool_calls ?? []) {
            let tool = tools[tc.index];
            if (!tool) {
              tool = { id: tc.id ?? `call_${tc.index}`, name: tc.function?.name ?? "", args: "" };
              tools[tc.index] = tool;
              yield { type: "tool-input-start", id: tool.id, toolName: tool.name, index: tc.index };
            }
            const args = tc.function?.arguments ?? "";
            if (args) {
              tool.args += args;
              yield { type: "tool-input-delta", id: tool.id, delta: args };
            }
          }
          if (choice.finish_reason) finish = mapOpenAIFinishReason(choice.finish_reason);
        }
        if (!finish) throw new StreamEndedEarlyError("the stream ended without a finish reason");
        if (reasoningOpen) yield { type: "reasoning-end", id: "reasoning-0" };
        if (textOpen) yield { type: "text-end", id: "text-0" };
        for (const tool of tools) {
          if (!tool) continue;
          yield { type: "tool-input-end", id: tool.id };
          yield { type: "tool-call", toolCallId: tool.id, toolName: tool.name, input: tool.args };
        }
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
