import type { PromptTokenSplit } from "./prompt-cache";
import type { SimFinishReason, SimResponse } from "./response-source";
import type { TokenCounter } from "./tokenizer";

/** A tool call ready to send: id, name and its arguments cut into stream fragments. */
export interface PlannedToolCall {
  id: string;
  name: string;
  /** The arguments JSON text. */
  arguments: string;
  /** `arguments` cut into the fragments streamed one by one. */
  argumentPieces: string[];
}

/** Everything a wire renderer needs to answer one request, in neutral terms. */
export interface AnswerPlan {
  text: string;
  /** `text` cut into the pieces streamed one by one (word-sized, whitespace kept). */
  textPieces: string[];
  toolCalls: PlannedToolCall[];
  /** Visible output tokens (text and tool calls), after `max_tokens` truncation. */
  outputTokens: number;
  /** Reasoning tokens (OpenAI: inside `completion_tokens`; Anthropic: inside `output_tokens`). */
  reasoningTokens: number;
  finishReason: SimFinishReason;
  prompt: PromptTokenSplit;
}

/**
 * Cuts text into word-sized pieces that join back to the original (`" world"` keeps its space).
 *
 * @example
 * splitText("Hello big world") // ["Hello", " big", " world"]
 */
export function splitText(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/**
 * Cuts a tool call's arguments into fragments of about `size` characters, like the providers stream them.
 *
 * @example
 * splitArguments('{"city":"Paris"}', 6) // ['{"city', '":"Par', 'is"}']
 */
export function splitArguments(args: string, size = 8): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += size) out.push(args.slice(i, i + size));
  return out;
}

/** Tokens of a tool call as output: its name and its arguments text. */
export function toolCallTokens(counter: TokenCounter, name: string, args: string): number {
  return counter.text(name) + counter.text(args);
}

function truncateToTokens(pieces: string[], counter: TokenCounter, budget: number): string[] {
  let lo = 0;
  let hi = pieces.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (counter.text(pieces.slice(0, mid).join("")) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return pieces.slice(0, lo);
}

/**
 * Turns a simulated answer into a plan: counts output tokens with the model's tokenizer and applies
 * `max_tokens` (reasoning counts against it first, then text, then tool calls; what does not fit is
 * dropped and the finish reason becomes `length`).
 *
 * @example
 * planAnswer({ text: "Hi there" }, { counter, prompt, reasoningTokens: 0, newId: () => "call_1" })
 */
export function planAnswer(
  response: SimResponse,
  options: {
    counter: TokenCounter;
    prompt: PromptTokenSplit;
    reasoningTokens: number;
    maxTokens?: number;
    newToolCallId: () => string;
  },
): AnswerPlan {
  const { counter } = options;
  const reasoningTokens = Math.max(0, Math.floor(response.reasoningTokens ?? options.reasoningTokens));
  let textPieces = splitText(response.text ?? "");
  let toolCalls: PlannedToolCall[] = (response.toolCalls ?? []).map((call) => {
    const args = typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
    return {
      id: call.id ?? options.newToolCallId(),
      name: call.name,
      arguments: args,
      argumentPieces: splitArguments(args),
    };
  });
  let finishReason: SimFinishReason = response.finishReason ?? (toolCalls.length > 0 ? "tool_calls" : "stop");
  let outputTokens =
    counter.text(textPieces.join("")) +
    toolCalls.reduce((n, c) => n + toolCallTokens(counter, c.name, c.arguments), 0);
  if (options.maxTokens !== undefined && outputTokens + reasoningTokens > options.maxTokens) {
    const budget = Math.max(0, options.maxTokens - reasoningTokens);
    textPieces = truncateToTokens(textPieces, counter, budget);
    let used = counter.text(textPieces.join(""));
    toolCalls = toolCalls.filter((c) => {
      const n = toolCallTokens(counter, c.name, c.arguments);
      if (used + n > budget) return false;
      used += n;
      return true;
    });
    outputTokens = used;
    finishReason = "length";
  }
  return {
    text: textPieces.join(""),
    textPieces,
    toolCalls,
    outputTokens,
    reasoningTokens,
    finishReason,
    prompt: options.prompt,
  };
}
