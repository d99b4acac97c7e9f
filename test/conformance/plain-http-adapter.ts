/**
 * A third adapter, written only here: OpenAI chat-completions wire over plain `fetch` (no SDK), under
 * its own API style name. It depends on `@tokenwise/core`'s spec alone (no router file), which is the
 * point: the conformance suite and the router's registry take it like the built-in ones.
 */
import {
  type AdapterCall,
  type AdapterFactory,
  type AdapterResponse,
  type AdapterSettings,
  type AdapterStream,
  classifyStatus,
  type FinishReason,
  makeUsage,
  type OpenAIUsageWire,
  type ProviderAdapter,
  ProviderError,
  type ProviderErrorKind,
  retryAfterMs,
  type StreamPart,
  type ToolCall,
  type UnifiedFinishReason,
  type Usage,
  usageFromOpenAI,
} from "@tokenwise/core";

/** The API style this adapter is registered under. */
export const PLAIN_HTTP = "plain-http";

const FINISH: Record<string, UnifiedFinishReason> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool-calls",
  content_filter: "content-filter",
};

function finishReason(raw: string | null | undefined): FinishReason {
  if (raw === null || raw === undefined) return { unified: "other", raw: null };
  return { unified: FINISH[raw] ?? "other", raw };
}

interface WireToolCall {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

interface WireChunk {
  error?: { message?: string; type?: string };
  usage?: OpenAIUsageWire | null;
  choices?: {
    finish_reason?: string | null;
    delta?: { content?: string | null; reasoning_content?: string | null; tool_calls?: WireToolCall[] };
    message?: { content?: string | null; tool_calls?: WireToolCall[] };
  }[];
}

/** Builds the plain-http adapter for one provider (an OpenAI-compatible base URL ending in `/v1`). */
export const createPlainHttpAdapter: AdapterFactory = (settings: AdapterSettings): ProviderAdapter => {
  const doFetch = settings.fetch ?? globalThis.fetch;
  const redact = (text: string) => {
    let out = text;
    for (const s of settings.secrets) if (s.length >= 4) out = out.split(s).join("[REDACTED]");
    return out;
  };
  const fail = (
    call: AdapterCall,
    kind: ProviderErrorKind,
    retryable: boolean,
    message: string,
    extra: { status?: number; retryAfterMs?: number; requestId?: string; cause?: unknown } = {},
  ) =>
    new ProviderError({
      provider: settings.provider,
      model: call.model,
      kind,
      retryable,
      message: redact(message),
      ...extra,
    });
  /** Anything thrown while talking to the server, as a ProviderError. */
  const classify = (call: AdapterCall, error: unknown): ProviderError => {
    if (error instanceof ProviderError) return error;
    if (call.signal.aborted) {
      return fail(call, "aborted", false, "the call's signal aborted the request", {
        cause: call.signal.reason,
      });
    }
    if (error instanceof SyntaxError) return fail(call, "malformed-response", true, error.message);
    const text = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
    return fail(call, "connection", true, text);
  };

  const body = (call: AdapterCall, stream: boolean) => {
    const { request } = call;
    const messages = [
      ...(request.system !== undefined ? [{ role: "system", content: request.system }] : []),
      ...request.messages,
    ];
    return JSON.stringify({
      model: call.model,
      messages,
      max_tokens: call.maxOutputTokens,
      ...(request.tools?.length
        ? { tools: request.tools, ...(request.toolChoice ? { tool_choice: request.toolChoice } : {}) }
        : {}),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.responseFormat ? { response_format: request.responseFormat } : {}),
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    });
  };

  const post = async (call: AdapterCall, stream: boolean): Promise<Response> => {
    let res: Response;
    try {
      res = await doFetch(`${settings.baseURL}/chat/completions`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${settings.apiKey}`,
          ...settings.headers,
        },
        body: body(call, stream),
        signal: call.signal,
      });
    } catch (error) {
      throw classify(call, error);
    }
    if (!res.ok) {
      const requestId = res.headers.get("x-request-id") ?? undefined;
      let message = `HTTP ${res.status}`;
      try {
        const json = (await res.json()) as { error?: { message?: string } };
        if (json.error?.message) message = `${res.status} ${json.error.message}`;
      } catch {
        // The status says enough.
      }
      const { kind, retryable } = classifyStatus(res.status);
      const after = retryAfterMs(res.headers);
      throw fail(call, kind, retryable, message, {
        status: res.status,
        ...(after !== undefined ? { retryAfterMs: after } : {}),
        ...(requestId ? { requestId } : {}),
      });
    }
    return res;
  };

  return {
    async generate(call: AdapterCall): Promise<AdapterResponse> {
      const res = await post(call, false);
      let data: WireChunk;
      try {
        data = JSON.parse(await res.text()) as WireChunk;
      } catch (error) {
        throw classify(call, error);
      }
      const choice = data.choices?.[0];
      const toolCalls: ToolCall[] = (choice?.message?.tool_calls ?? []).map((c) => ({
        id: c.id ?? "",
        type: "function",
        function: { name: c.function?.name ?? "", arguments: c.function?.arguments ?? "" },
      }));
      const out: AdapterResponse = {
        text: choice?.message?.content ?? "",
        toolCalls,
        finishReason: finishReason(choice?.finish_reason),
        usage: data.usage ? usageFromOpenAI(data.usage) : makeUsage(),
        raw: data,
      };
      const requestId = res.headers.get("x-request-id");
      if (requestId) out.requestId = requestId;
      return out;
    },

    async stream(call: AdapterCall): Promise<AdapterStream> {
      const res = await post(call, true);
      const reader = res.body!.getReader();
      let usage: Usage | undefined;
      let cancelled = false;
      const cancel = (reason?: unknown) => {
        if (cancelled) return;
        cancelled = true;
        reader.cancel(reason).catch(() => {});
      };
      /** The `data:` payloads of the SSE body, as they arrive. */
      async function* events(): AsyncGenerator<string> {
        const decoder = new TextDecoder();
        let buffer = "";
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end = buffer.indexOf("\n\n");
          while (end >= 0) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = event
              .split("\n")
              .filter((l) => l.startsWith("data:"))
              .map((l) => l.slice(5).trimStart())
              .join("\n");
            if (data) yield data;
            end = buffer.indexOf("\n\n");
          }
        }
      }
      async function* parts(): AsyncGenerator<StreamPart> {
        let finish: FinishReason | undefined;
        let done = false;
        let textOpen = false;
        let reasoningOpen = false;
        const tools: { id: string; name: string; args: string }[] = [];
        try {
          for await (const data of events()) {
            if (data === "[DONE]") {
              done = true;
              break;
            }
            const chunk = JSON.parse(data) as WireChunk;
            if (chunk.error)
              throw fail(call, "stream", true, chunk.error.message ?? "error event in the stream");
            if (chunk.usage) usage = usageFromOpenAI(chunk.usage);
            const choice = chunk.choices?.[0];
            if (!choice) continue;
            const delta = choice.delta;
            if (delta?.reasoning_content) {
              if (!reasoningOpen) {
                reasoningOpen = true;
                yield { type: "reasoning-start", id: "r0" };
              }
              yield { type: "reasoning-delta", id: "r0", delta: delta.reasoning_content };
            }
            if (delta?.content) {
              if (reasoningOpen) {
                reasoningOpen = false;
                yield { type: "reasoning-end", id: "r0" };
              }
              if (!textOpen) {
                textOpen = true;
                yield { type: "text-start", id: "t0" };
              }
              yield { type: "text-delta", id: "t0", delta: delta.content };
            }
            for (const tc of delta?.tool_calls ?? []) {
              const index = tc.index ?? 0;
              let tool = tools[index];
              if (!tool) {
                tool = { id: tc.id ?? `call_${index}`, name: tc.function?.name ?? "", args: "" };
                tools[index] = tool;
                yield { type: "tool-input-start", id: tool.id, toolName: tool.name, index };
              }
              if (tc.function?.arguments) {
                tool.args += tc.function.arguments;
                yield { type: "tool-input-delta", id: tool.id, delta: tc.function.arguments };
              }
            }
            if (choice.finish_reason) finish = finishReason(choice.finish_reason);
          }
        } catch (error) {
          throw classify(call, error);
        } finally {
          cancel();
        }
        if (!done || !finish)
          throw fail(call, "stream", true, "the stream ended without a finish reason and [DONE]");
        if (reasoningOpen) yield { type: "reasoning-end", id: "r0" };
        if (textOpen) yield { type: "text-end", id: "t0" };
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
        cancel,
      };
      const requestId = res.headers.get("x-request-id");
      if (requestId) out.requestId = requestId;
      return out;
    },
  };
};
