import type { AnswerPlan } from "./answer-plan";
import { tokensPerPiece, type WireErrorKind } from "./openai-wire";
import type { SimFinishReason } from "./response-source";
import type { StreamEvent } from "./stream-event";

/** Anthropic Messages `usage`, as the API sends it. */
export interface AnthropicWireUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  output_tokens: number;
  service_tier: "standard";
}

/** Identity fields of one message. */
export interface AnthropicContext {
  id: string;
  model: string;
}

/**
 * Usage as Anthropic reports it: `input_tokens` EXCLUDES cache reads and cache writes, which have
 * their own fields; thinking (reasoning) tokens are inside `output_tokens`.
 *
 * @example
 * anthropicUsage(plan) // { input_tokens: 50, cache_read_input_tokens: 100000, cache_creation_input_tokens: 248, … }
 */
export function anthropicUsage(
  plan: Pick<AnswerPlan, "prompt" | "outputTokens" | "reasoningTokens">,
): AnthropicWireUsage {
  const p = plan.prompt;
  const written = p.cacheWrite5m + p.cacheWrite1h;
  return {
    input_tokens: p.total - p.cacheRead - written,
    cache_creation_input_tokens: written,
    cache_read_input_tokens: p.cacheRead,
    cache_creation: { ephemeral_5m_input_tokens: p.cacheWrite5m, ephemeral_1h_input_tokens: p.cacheWrite1h },
    output_tokens: plan.outputTokens + plan.reasoningTokens,
    service_tier: "standard",
  };
}

/**
 * Anthropic's `stop_reason` for a neutral finish reason.
 *
 * @example
 * stopReason("tool_calls") // "tool_use"
 */
export function stopReason(reason: SimFinishReason): "end_turn" | "max_tokens" | "tool_use" {
  switch (reason) {
    case "stop":
      return "end_turn";
    case "length":
      return "max_tokens";
    case "tool_calls":
      return "tool_use";
    default: {
      const never: never = reason;
      throw new Error(`unknown finish reason ${String(never)}`);
    }
  }
}

function contentBlocks(plan: AnswerPlan): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [];
  if (plan.text !== "" || plan.toolCalls.length === 0) blocks.push({ type: "text", text: plan.text });
  for (const call of plan.toolCalls) {
    blocks.push({
      type: "tool_use",
      id: call.id,
      name: call.name,
      input: JSON.parse(call.arguments || "{}"),
    });
  }
  return blocks;
}

/**
 * The `message` object of a non-streaming answer.
 *
 * @example
 * anthropicMessage(plan, { id: "msg_01…", model: "claude-sonnet-4-5" }).stop_reason // "end_turn"
 */
export function anthropicMessage(plan: AnswerPlan, ctx: AnthropicContext) {
  return {
    id: ctx.id,
    type: "message",
    role: "assistant",
    model: ctx.model,
    content: contentBlocks(plan),
    stop_reason: stopReason(plan.finishReason),
    stop_sequence: null,
    usage: anthropicUsage(plan),
  };
}

/**
 * The events of a streamed answer: `message_start`, per block `content_block_start` /
 * `content_block_delta` (`text_delta`, `input_json_delta`) / `content_block_stop`, a `ping` after the
 * first block starts, `message_delta` with the stop reason and cumulative usage, `message_stop`.
 *
 * @example
 * anthropicStreamEvents(plan, ctx).map((e) => e.event)
 * // ["message_start", "content_block_start", "ping", "content_block_delta", …, "message_stop"]
 */
export function anthropicStreamEvents(plan: AnswerPlan, ctx: AnthropicContext): StreamEvent[] {
  const perPiece = tokensPerPiece(plan);
  const usage = anthropicUsage(plan);
  const ev = (
    event: string,
    payload: Record<string, unknown>,
    extra: Partial<StreamEvent> = {},
  ): StreamEvent => ({
    event,
    data: JSON.stringify({ type: event, ...payload }),
    tokens: 0,
    ...extra,
  });
  const events: StreamEvent[] = [
    ev("message_start", {
      message: {
        id: ctx.id,
        type: "message",
        role: "assistant",
        model: ctx.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: Math.min(1, usage.output_tokens) },
      },
    }),
  ];
  let index = 0;
  let pinged = false;
  const ping = () => {
    if (!pinged) {
      events.push(ev("ping", {}));
      pinged = true;
    }
  };
  if (plan.text !== "" || plan.toolCalls.length === 0) {
    events.push(ev("content_block_start", { index, content_block: { type: "text", text: "" } }));
    ping();
    for (const text of plan.textPieces) {
      events.push(
        ev(
          "content_block_delta",
          { index, delta: { type: "text_delta", text } },
          { content: { kind: "text", text }, tokens: perPiece },
        ),
      );
    }
    events.push(ev("content_block_stop", { index }));
    index++;
  }
  plan.toolCalls.forEach((call, toolIndex) => {
    events.push(
      ev(
        "content_block_start",
        { index, content_block: { type: "tool_use", id: call.id, name: call.name, input: {} } },
        { content: { kind: "tool", index: toolIndex, name: call.name, args: "" }, tokens: perPiece },
      ),
    );
    ping();
    events.push(ev("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: "" } }));
    for (const args of call.argumentPieces) {
      events.push(
        ev(
          "content_block_delta",
          { index, delta: { type: "input_json_delta", partial_json: args } },
          { content: { kind: "tool", index: toolIndex, name: call.name, args }, tokens: perPiece },
        ),
      );
    }
    events.push(ev("content_block_stop", { index }));
    index++;
  });
  events.push(
    ev("message_delta", {
      delta: { stop_reason: stopReason(plan.finishReason), stop_sequence: null },
      usage: {
        input_tokens: usage.input_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        output_tokens: usage.output_tokens,
      },
    }),
  );
  events.push(ev("message_stop", {}));
  return events;
}

/** The Anthropic `error.type` of each error kind. */
export function anthropicErrorType(kind: WireErrorKind): string {
  switch (kind) {
    case "bad-request":
      return "invalid_request_error";
    case "model-not-found":
    case "not-found":
      return "not_found_error";
    case "429":
      return "rate_limit_error";
    case "500":
    case "503":
      return "api_error";
    case "529":
      return "overloaded_error";
    default: {
      const never: never = kind;
      throw new Error(`unknown error kind ${String(never)}`);
    }
  }
}

/**
 * Anthropic's error body: `{ type: "error", error: { type, message }, request_id }`.
 *
 * @example
 * anthropicErrorBody("529", { requestId: "req_1" }) // { type: "error", error: { type: "overloaded_error", message: "Overloaded" }, … }
 */
export function anthropicErrorBody(
  kind: WireErrorKind,
  details: { model?: string; message?: string; requestId: string },
) {
  const messages: Record<WireErrorKind, string> = {
    "bad-request": details.message ?? "Bad request",
    "model-not-found": `model: ${details.model ?? ""}`,
    "not-found": details.message ?? "Not found",
    "429": "Number of requests has exceeded your per-minute rate limit",
    "500": "Internal server error",
    "503": "Service unavailable",
    "529": "Overloaded",
  };
  return {
    type: "error",
    error: { type: anthropicErrorType(kind), message: messages[kind] },
    request_id: details.requestId,
  };
}
