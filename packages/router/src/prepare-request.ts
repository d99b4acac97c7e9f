import { LruCache } from "@tokenwise/core/internal";
import { CAPABILITY_BITS } from "./candidate-table";
import { ConversationMemo, type MemoState } from "./conversation-memo";
import { chainHash, hashText } from "./prefix-tracker";
import type { RequestEstimator } from "./token-estimator";
import type { ChatMessage, RouterRequest, ToolDefinition } from "./types";

/** A request with what selection needs computed once: prefix hashes and per-family token counts. */
export interface PreparedRequest {
  readonly request: RouterRequest;
  /** Capabilities the request implies (tools, images, json_schema, streaming) plus the required ones. */
  readonly capsMask: number;
  /** Prefix hashes: index 0 covers system + tools, index i + 1 adds message i. */
  readonly hashes: number[];
  /** Token counts for a family: cumulative per prefix (same indexes as `hashes`), total and error bar. */
  tokens(family: string): FamilyTokens;
  /** Families counted so far. */
  readonly counted: Map<string, FamilyTokens>;
}

export interface FamilyTokens {
  cumulative: number[];
  total: number;
  low: number;
  high: number;
}

const toolHashes = new WeakMap<object, number>();

function toolsHash(tools: readonly ToolDefinition[] | undefined): number {
  if (!tools || tools.length === 0) return 0;
  let h = toolHashes.get(tools);
  if (h === undefined) {
    h = hashText(JSON.stringify(tools));
    toolHashes.set(tools, h);
  }
  return h;
}

function messageChars(message: ChatMessage): number {
  let n = 16;
  const content = message.content;
  if (typeof content === "string") n += content.length;
  else if (content) {
    for (const part of content) n += part.type === "text" ? part.text.length : 3200;
  }
  if (message.role === "assistant" && message.tool_calls) {
    for (const call of message.tool_calls)
      n += call.function.name.length + call.function.arguments.length + 16;
  }
  return n;
}

/** Hashes of system prompts seen lately (a string's own hash is cached by the engine: a hit is O(1)). */
const systemHashes = new LruCache<string, number>(256);

function systemHash(system: string | undefined): number {
  if (system === undefined) return hashText("");
  let h = systemHashes.get(system);
  if (h === undefined) {
    h = hashText(system);
    systemHashes.set(system, h);
  }
  return h;
}

/**
 * A conversation's prefix hashes and cumulative sizes, kept per conversation: an agent's next turn
 * (the same message objects plus a few new ones) hashes only its new messages, and finds the old
 * ones by comparing two arrays of references rather than one lookup per message.
 */
interface Chain extends MemoState {
  refs: unknown[];
  /** Hash of the fixed part (system + tools) the chain starts from. */
  root: number;
  /** `hashes[i]`: the prefix up to and including message i. */
  hashes: number[];
  /** `chars[i]`: cumulative UTF-16 length of messages 0..i (prefix proportions). */
  chars: number[];
  /** `caps[i]`: capabilities messages 0..i imply (images: vision). */
  caps: number[];
}

const chains = new ConversationMemo<Chain>(() => ({ refs: [], root: 0, hashes: [], chars: [], caps: [] }));

/** The request's prefix hashes (index 0: the fixed part, i + 1: message i) and cumulative sizes, copied out of its chain. */
function chainOf(
  messages: readonly ChatMessage[],
  root: number,
): { hashes: number[]; chars: number[]; caps: number } {
  const found = chains.find(messages);
  const chain: Chain = found?.state ?? { refs: [], root, hashes: [], chars: [], caps: [] };
  let k = found === undefined || chain.root !== root ? 0 : found.common;
  chain.root = root;
  chain.refs.length = k;
  chain.hashes.length = k;
  chain.chars.length = k;
  chain.caps.length = k;
  let caps = k === 0 ? 0 : chain.caps[k - 1]!;
  let hash = k === 0 ? root : chain.hashes[k - 1]!;
  let chars = k === 0 ? 0 : chain.chars[k - 1]!;
  for (; k < messages.length; k++) {
    const message = messages[k]!;
    hash = chainHash(hash, hashText(JSON.stringify(message)));
    chars += messageChars(message);
    caps |= messageCaps(message);
    chain.refs.push(message);
    chain.caps.push(caps);
    chain.hashes.push(hash);
    chain.chars.push(chars);
  }
  // Copies: another call may extend or cut the same conversation while this one is in flight.
  const hashes: number[] = new Array(messages.length + 1);
  hashes[0] = root;
  for (let i = 0; i < messages.length; i++) hashes[i + 1] = chain.hashes[i]!;
  return { hashes, chars: chain.chars.slice(0, messages.length), caps };
}

/** Capabilities one message implies: an image part needs vision. */
function messageCaps(message: ChatMessage): number {
  if (message.role === "user" && Array.isArray(message.content)) {
    for (const part of message.content) if (part.type === "image_url") return CAPABILITY_BITS.vision;
  }
  return 0;
}

/** Capabilities the request implies besides its messages' (`messageCaps`), plus the required ones. */
function impliedCaps(request: RouterRequest, stream: boolean, messageMask: number): number {
  let mask = messageMask;
  if (request.tools && request.tools.length > 0) mask |= CAPABILITY_BITS.tools;
  if (request.responseFormat?.type === "json_schema") mask |= CAPABILITY_BITS.structuredOutput;
  if (stream) mask |= CAPABILITY_BITS.streaming;
  for (const cap of request.constraints?.requiredCapabilities ?? []) mask |= CAPABILITY_BITS[cap];
  return mask;
}

/**
 * Prepares a request: hashes each message once (kept per conversation, so an agent's growing history
 * only hashes its new messages) and counts tokens per family on demand.
 */
export function prepareRequest(
  request: RouterRequest,
  estimator: RequestEstimator,
  { stream = false, extraCaps = 0 }: { stream?: boolean; extraCaps?: number } = {},
): PreparedRequest {
  const messages = request.messages;
  const root = chainHash(systemHash(request.system), toolsHash(request.tools));
  const { hashes, chars: sizes, caps } = chainOf(messages, root);
  const counted = new Map<string, FamilyTokens>();
  return {
    request,
    capsMask: impliedCaps(request, stream, caps) | extraCaps,
    hashes,
    counted,
    tokens(family) {
      let t = counted.get(family);
      if (t) return t;
      const fixed = estimator.countFixed(request.system, request.tools, family);
      let total: number;
      let low: number;
      let high: number;
      if (estimator.estimateRequest) {
        const whole = estimator.estimateRequest(request, family);
        total = whole.tokens;
        low = whole.low;
        high = whole.high;
      } else {
        let sum = fixed;
        for (const m of messages) sum += estimator.countMessage(m, family);
        const err = estimator.relativeError(family);
        total = sum;
        low = Math.floor(sum * (1 - err));
        high = Math.ceil(sum * (1 + err));
      }
      // Prefix token counts: the fixed part, then the rest split in proportion to message sizes.
      const cumulative: number[] = new Array(messages.length + 1);
      const head = Math.min(fixed, total);
      cumulative[0] = head;
      const chars = sizes.length > 0 ? sizes[sizes.length - 1]! : 0;
      const perChar = chars > 0 ? (total - head) / chars : 0;
      for (let i = 0; i < sizes.length; i++) cumulative[i + 1] = head + Math.round(sizes[i]! * perChar);
      cumulative[messages.length] = total;
      t = { cumulative, total, low, high };
      counted.set(family, t);
      return t;
    },
  };
}
