import type { AnswerPlan } from "./answer-plan";
import type { SimFinishReason } from "./response-source";
import type { StreamEvent } from "./stream-event";

/** OpenAI chat-completions `usage`, with every detail field the API sends. */
export interface OpenAIWireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: {
    reasoning_tokens: number;
    audio_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
  };
}

/** Identity fields shared by every chunk of one completion. */
export interface OpenAIContext {
  id: string;
  created: number;
  model: string;
}

/**
 * Usage as OpenAI reports it: `prompt_tokens` INCLUDES `cached_tokens`, `completion_tokens` INCLUDES
 * `reasoning_tokens`. Prompt-cache writes are not reported (OpenAI does not charge them).
 *
 * @example
 * openAIUsage({ prompt: { total: 2006, cacheRead: 1920, … }, outputTokens: 108, reasoningTokens: 192 })
 * // { prompt_tokens: 2006, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1920, … }, … }
 */
export function openAIUsage(
  plan: Pick<AnswerPlan, "prompt" | "outputTokens" | "reasoningTokens">,
): OpenAIWireUsage {
  const completion = plan.outputTokens + plan.reasoningTokens;
  return {
    prompt_tokens: plan.prompt.total,
    completion_tokens: completion,
    total_tokens: plan.prompt.total + completion,
    prompt_tokens_details: { cached_tokens: plan.prompt.cacheRead, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: plan.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** Output tokens each content event stands for, spread evenly over the text and tool fragments. */
export function tokensPerPiece(plan: AnswerPlan): number {
  const pieces = plan.textPieces.length + plan.toolCalls.reduce((n, c) => n + c.argumentPieces.length + 1, 0);
  return pieces > 0 ? plan.outputTokens / pieces : 0;
}

const FINGERPRINT = "fp_tokenwise";

function finish(reason: SimFinishReason): "stop" | "length" | "tool_calls" {
  return reason;
}

/**
 * The `chat.completion` object of a non-streaming answer.
 *
 * @example
 * openAICompletion(plan, { id: "chatcmpl-1", created: 1770933883, model: "gpt-4o-mini" }).choices[0].message.content
 */
export function openAICompletion(plan: AnswerPlan, ctx: OpenAIContext) {
  const message: Record<string, unknown> = {
    role: "assistant",
    content: plan.toolCalls.length > 0 && plan.text === "" ? null : plan.text,
    refusal: null,
    annotations: [],
  };
  if (plan.toolCalls.length > 0) {
    message.tool_calls = plan.toolCalls.map((c) => ({
      id: c.id,
      type: "function",
      function: { name: c.name, arguments: c.arguments },
    }));
  }
  return {
    id: ctx.id,
    object: "chat.completion",
    created: ctx.created,
    model: ctx.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finish(plan.finishReason) }],
    usage: openAIUsage(plan),
    service_tier: "default",
    system_fingerprint: FINGERPRINT,
  };
}

/**
 * The `chat.completion.chunk` events of a streamed answer, `data: [DONE]` last. With `includeUsage`
 * every chunk carries `usage: null` and a final chunk with empty `choices` carries the usage.
 *
 * @example
 * openAIStreamEvents(plan, ctx, true).map((e) => e.data).at(-1) // "[DONE]"
 */
export function openAIStreamEvents(
  plan: AnswerPlan,
  ctx: OpenAIContext,
  includeUsage: boolean,
): StreamEvent[] {
  const perPiece = tokensPerPiece(plan);
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => {
    const body: Record<string, unknown> = {
      id: ctx.id,
      object: "chat.completion.chunk",
      created: ctx.created,
      model: ctx.model,
      service_tier: "default",
      system_fingerprint: FINGERPRINT,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
    if (includeUsage) body.usage = null;
    return JSON.stringify(body);
  };
  const events: StreamEvent[] = [];
  const onlyTools = plan.toolCalls.length > 0 && plan.text === "";
  events.push({
    data: chunk({ role: "assistant", content: onlyTools ? null : "", refusal: null }),
    tokens: 0,
  });
  for (const text of plan.textPieces) {
    events.push({ data: chunk({ content: text }), content: { kind: "text", text }, tokens: perPiece });
  }
  plan.toolCalls.forEach((call, index) => {
    events.push({
      data: chunk({
        tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }],
      }),
      content: { kind: "tool", index, name: call.name, args: "" },
      tokens: perPiece,
    });
    for (const args of call.argumentPieces) {
      events.push({
        data: chunk({ tool_calls: [{ index, function: { arguments: args } }] }),
        content: { kind: "tool", index, name: call.name, args },
        tokens: perPiece,
      });
    }
  });
  events.push({ data: chunk({}, finish(plan.finishReason)), tokens: 0 });
  if (includeUsage) {
    events.push({
      data: JSON.stringify({
        id: ctx.id,
        object: "chat.completion.chunk",
        created: ctx.created,
        model: ctx.model,
        service_tier: "default",
        system_fingerprint: FINGERPRINT,
        choices: [],
        usage: openAIUsage(plan),
      }),
      tokens: 0,
    });
  }
  events.push({ data: "[DONE]", tokens: 0 });
  return events;
}

/** Error kinds the server answers with, named by cause. */
export type WireErrorKind = "bad-request" | "model-not-found" | "not-found" | "429" | "500" | "503" | "529";

/** HTTP status of each error kind. */
export function errorStatus(kind: WireErrorKind): number {
  switch (kind) {
    case "bad-request":
      return 400;
    case "model-not-found":
    case "not-found":
      return 404;
    case "429":
      return 429;
    case "500":
      return 500;
    case "503":
      return 503;
    case "529":
      return 529;
    default: {
      const never: never = kind;
      throw new Error(`unknown error kind ${String(never)}`);
    }
  }
}

/**
 * OpenAI's error body: `{ error: { message, type, param, code } }`.
 *
 * @example
 * openAIErrorBody("429", { model: "gpt-4o-mini", retryAfterMs: 1000 }).error.code // "rate_limit_exceeded"
 */
export function openAIErrorBody(
  kind: WireErrorKind,
  details: { model?: string; message?: string; param?: string | null; retryAfterMs?: number },
) {
  const e = (message: string, type: string, code: string | null, param: string | null = null) => ({
    error: { message, type, param, code },
  });
  switch (kind) {
    case "bad-request":
      return e(details.message ?? "Bad request", "invalid_request_error", null, details.param ?? null);
    case "model-not-found":
      return e(
        `The model \`${details.model ?? ""}\` does not exist or you do not have access to it.`,
        "invalid_request_error",
        "model_not_found",
      );
    case "not-found":
      return e(details.message ?? "Invalid URL", "invalid_request_error", null);
    case "429":
      return e(
        `Rate limit reached for ${details.model ?? "model"} in organization org-tokenwise-testkit on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in ${Math.ceil((details.retryAfterMs ?? 1000) / 1000)}s.`,
        "requests",
        "rate_limit_exceeded",
      );
    case "500":
      return e(
        "The server had an error while processing your request. Sorry about that!",
        "server_error",
        null,
      );
    case "503":
      return e("The server is overloaded or not ready yet.", "server_error", null);
    case "529":
      return e("The server is currently overloaded. Please try again later.", "server_error", "overloaded");
    default: {
      const never: never = kind;
      throw new Error(`unknown error kind ${String(never)}`);
    }
  }
}
