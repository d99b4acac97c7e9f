import { TestkitConfigError } from "./errors";
import { lastUserText, type SimRequest, type SimToolCall } from "./sim-request";

/** Why a simulated answer stopped, in OpenAI's words (mapped to Anthropic's `stop_reason`). */
export type SimFinishReason = "stop" | "length" | "tool_calls";

/** A simulated answer, protocol-neutral. */
export interface SimResponse {
  /** Visible text. */
  text?: string;
  /** Tool calls, streamed as `tool_calls` deltas (OpenAI) or `tool_use` blocks (Anthropic). */
  toolCalls?: SimToolCall[];
  /** Reasoning tokens for this answer; overrides the model's `reasoningTokens`. */
  reasoningTokens?: number;
  /** Override the finish reason (default: `tool_calls` when there are tool calls, else `stop`). */
  finishReason?: SimFinishReason;
}

/** An OpenAI chat message as recorded (the shape replays are given in). */
export interface RecordedChatMessage {
  role: string;
  content?: string | null | { type: string; text?: string }[];
  tool_calls?: { id?: string; type?: string; function: { name: string; arguments: string } }[];
}

/**
 * Where a model's answers come from.
 * - `"echo"` (default): the last user message's text, verbatim.
 * - `{ scripted }`: the answers in order, cycling when exhausted.
 * - `{ replay }`: the assistant turns of a recorded conversation (OpenAI chat messages); the answer to a
 *   request is the turn whose index is the number of assistant messages the request already carries,
 *   so a replayed agent loop gets turn 0, 1, 2, … however requests interleave.
 * - a function: computes the answer from the request.
 */
export type ResponseSource =
  | "echo"
  | { scripted: readonly (SimResponse | string)[] }
  | { replay: readonly RecordedChatMessage[] }
  | ((request: SimRequest) => SimResponse | string | Promise<SimResponse | string>);

/** The request asked for a replayed turn that the recording does not have. */
export class ReplayExhaustedError extends Error {
  constructor(turn: number, turns: number) {
    super(`replay has ${turns} assistant turn(s); the request asks for turn ${turn}`);
    this.name = "ReplayExhaustedError";
  }
}

function fromRecorded(message: RecordedChatMessage): SimResponse {
  const out: SimResponse = {};
  const content = message.content;
  const text =
    typeof content === "string"
      ? content
      : Array.isArray(content)
        ? content.map((p) => p.text ?? "").join("")
        : "";
  if (text) out.text = text;
  if (message.tool_calls && message.tool_calls.length > 0) {
    out.toolCalls = message.tool_calls.map((c) => {
      const call: SimToolCall = { name: c.function.name, arguments: c.function.arguments };
      if (c.id) call.id = c.id;
      return call;
    });
  }
  return out;
}

/**
 * Builds the answer function of a model from its source.
 *
 * @example
 * const answer = responder({ scripted: ["first", "second"] }, "openai/gpt-4o-mini");
 * await answer(request); // { text: "first" }
 */
export function responder(
  source: ResponseSource | undefined,
  name: string,
): (request: SimRequest) => Promise<SimResponse> {
  const normalize = (r: SimResponse | string): SimResponse => (typeof r === "string" ? { text: r } : r);
  if (source === undefined || source === "echo") {
    return async (request) => ({ text: lastUserText(request) });
  }
  if (typeof source === "function") {
    return async (request) => normalize(await source(request));
  }
  if ("scripted" in source) {
    const list = source.scripted.map(normalize);
    if (list.length === 0)
      throw new TestkitConfigError({ message: `scripted responses of ${name} are empty` });
    let i = 0;
    return async () => list[i++ % list.length]!;
  }
  if ("replay" in source) {
    const turns = source.replay.filter((m) => m.role === "assistant").map(fromRecorded);
    if (turns.length === 0)
      throw new TestkitConfigError({ message: `replay of ${name} has no assistant turn` });
    return async (request) => {
      const turn = request.messages.filter((m) => m.role === "assistant").length;
      const found = turns[turn];
      if (!found) throw new ReplayExhaustedError(turn, turns.length);
      return found;
    };
  }
  const never: never = source;
  throw new TestkitConfigError({ message: `unknown response source for ${name}: ${String(never)}` });
}
