import {
  completionTokens,
  type FinishReason,
  type Money,
  moneyToDecimal,
  moneyToNumber,
  promptTokens,
  type Usage,
} from "@tokenwise/core";
import type { CallReport, RouterResult, StreamPart } from "@tokenwise/router";

/** OpenAI's `finish_reason`; a reason without an OpenAI name keeps the provider's raw value (never "stop"). */
export function toOpenAIFinishReason(reason: FinishReason): string {
  switch (reason.unified) {
    case "stop":
      return "stop";
    case "length":
      return "length";
    case "tool-calls":
      return "tool_calls";
    case "content-filter":
      return "content_filter";
    case "error":
    case "other":
      return reason.raw ?? reason.unified;
    default: {
      const never: never = reason.unified;
      return String(never);
    }
  }
}

/** What the call cost, exactly: `usage.cost_details` and the `x-tokenwise-*` headers carry it. */
export interface CostDetails {
  currency: string;
  /** Exact decimal amount. */
  amount: string;
  /** Exact amount in 10^-18 units, as a decimal integer string. */
  atto: string;
}

/** OpenAI usage plus the cost: `cost` as OpenRouter reports it (a number), and the exact figures beside it. */
export interface UsageWithCost {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
  /** What the whole call cost (every billed attempt), in `cost_details.currency`; a float for display. */
  cost: number;
  cost_details: CostDetails;
}

/** The exact cost fields of a money amount. */
export function costDetails(total: Money): CostDetails {
  return { currency: total.currency, amount: moneyToDecimal(total), atto: total.atto.toString() };
}

/** OpenAI's usage from the spec's: prompt includes cache reads and writes, completion includes reasoning. */
export function toOpenAIUsage(usage: Usage, total: Money): UsageWithCost {
  const prompt = promptTokens(usage);
  const completion = completionTokens(usage);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: {
      cached_tokens: usage.cacheRead,
      cache_write_tokens: usage.cacheWrite + usage.cacheWrite1h,
    },
    completion_tokens_details: { reasoning_tokens: usage.reasoning },
    cost: moneyToNumber(total),
    cost_details: costDetails(total),
  };
}

/** Names of the `x-tokenwise-*` cost headers (declared in `Trailer` before a stream starts). */
export const COST_HEADER_NAMES = [
  "x-tokenwise-cost",
  "x-tokenwise-cost-atto",
  "x-tokenwise-currency",
  "x-tokenwise-model",
  "x-tokenwise-price-version",
  "x-tokenwise-call-id",
] as const;

/** The `x-tokenwise-*` headers (or trailers) of a finished call: the exact cost of every billed attempt. */
export function costHeaders(report: CallReport): Record<(typeof COST_HEADER_NAMES)[number], string> {
  return {
    "x-tokenwise-cost": moneyToDecimal(report.total),
    "x-tokenwise-cost-atto": report.total.atto.toString(),
    "x-tokenwise-currency": report.total.currency,
    "x-tokenwise-model": `${report.provider}/${report.model}`,
    "x-tokenwise-price-version": report.priceVersion,
    "x-tokenwise-call-id": report.id,
  };
}

/** A `chat.completion` body from a router result. */
export function completionBody(result: RouterResult, id: string, created: number): Record<string, unknown> {
  const message: Record<string, unknown> = { role: "assistant", content: result.text || null, refusal: null };
  if (result.toolCalls.length > 0) {
    message.tool_calls = result.toolCalls.map((c) => ({
      id: c.id,
      type: "function",
      function: { name: c.function.name, arguments: c.function.arguments },
    }));
  }
  return {
    id,
    object: "chat.completion",
    created,
    model: `${result.provider}/${result.model}`,
    choices: [
      { index: 0, message, logprobs: null, finish_reason: toOpenAIFinishReason(result.finishReason) },
    ],
    usage: toOpenAIUsage(result.usage, result.report.total),
    system_fingerprint: null,
  };
}

/**
 * Turns the router's stream parts into `chat.completion.chunk` objects: the first carries the role,
 * text and reasoning deltas map to `content` / `reasoning`, tool inputs to `tool_calls` deltas by index,
 * `finish` to the chunk with `finish_reason`. Parts that add nothing on the wire map to no chunk.
 */
export class ChunkEncoder {
  private readonly toolIndex = new Map<string, number>();
  private nextTool = 0;
  private sentRole = false;

  constructor(
    private readonly id: string,
    private readonly created: number,
    private readonly model: string,
  ) {}

  private chunk(delta: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> {
    if (!this.sentRole) {
      this.sentRole = true;
      delta = { role: "assistant", ...delta };
    }
    return {
      id: this.id,
      object: "chat.completion.chunk",
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
  }

  /** The chunk a part maps to, or undefined. */
  encode(part: StreamPart): Record<string, unknown> | undefined {
    switch (part.type) {
      case "text-delta":
        return this.chunk({ content: part.delta });
      case "reasoning-delta":
        return this.chunk({ reasoning: part.delta });
      case "tool-input-start": {
        const index = this.nextTool++;
        this.toolIndex.set(part.id, index);
        return this.chunk({
          tool_calls: [
            { index, id: part.id, type: "function", function: { name: part.toolName, arguments: "" } },
          ],
        });
      }
      case "tool-input-delta": {
        const index = this.toolIndex.get(part.id);
        if (index === undefined || part.delta === "") return undefined;
        return this.chunk({ tool_calls: [{ index, function: { arguments: part.delta } }] });
      }
      case "tool-call": {
        // A call that arrived whole (no tool-input-start) is sent whole.
        if (this.toolIndex.has(part.toolCallId)) return undefined;
        const index = this.nextTool++;
        this.toolIndex.set(part.toolCallId, index);
        return this.chunk({
          tool_calls: [
            {
              index,
              id: part.toolCallId,
              type: "function",
              function: { name: part.toolName, arguments: part.input },
            },
          ],
        });
      }
      case "finish":
        return this.chunk({}, toOpenAIFinishReason(part.finishReason));
      case "text-start":
      case "text-end":
      case "reasoning-start":
      case "reasoning-end":
      case "tool-input-end":
        return undefined;
      default: {
        const never: never = part;
        return never;
      }
    }
  }

  /** The final usage chunk (`stream_options.include_usage`): no choices, the usage and cost, the served model. */
  usageChunk(result: RouterResult): Record<string, unknown> {
    return {
      id: this.id,
      object: "chat.completion.chunk",
      created: this.created,
      model: `${result.provider}/${result.model}`,
      choices: [],
      usage: toOpenAIUsage(result.usage, result.report.total),
    };
  }
}
