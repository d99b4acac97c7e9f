import { CAPABILITY_BITS } from "./candidate-table";
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

/**
 * One message in a conversation chain: its prefix hash and cumulative size given the messages before
 * it. Kept per message object, so an agent's next turn (the same objects plus a few new ones) reuses
 * every link after a pointer walk and hashes only its new messages.
 */
interface Link {
  readonly message: object;
  readonly prev: Link | null;
  /** Hash of the fixed part (system + tools) the chain starts from. */
  readonly root: number;
  readonly hash: number;
  /** Cumulative UTF-16 length of the messages up to and including this one (prefix proportions). */
  readonly chars: number;
}

const links = new WeakMap<object, Link>();

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

function chainOf(messages: readonly ChatMessage[], root: number): Link[] {
  const n = messages.length;
  const out: Link[] = new Array(n);
  // The longest already-linked prefix: the last message that has a link, validated back to the start.
  let j = n - 1;
  let link: Link | undefined = j >= 0 ? links.get(messages[j]!) : undefined;
  while (link === undefined && j > 0) {
    j--;
    link = links.get(messages[j]!);
  }
  let reuse = -1;
  if (link && j >= 0) {
    let e: Link | null = link;
    let i = j;
    while (e !== null && i >= 0 && e.message === messages[i] && e.root === root) {
      out[i] = e;
      e = e.prev;
      i--;
    }
    if (i < 0 && e === null) reuse = j;
  }
  let prev: Link | null = reuse >= 0 ? out[reuse]! : null;
  for (let i = reuse + 1; i < n; i++) {
    const message = messages[i]!;
    const hash = chainHash(prev === null ? root : prev.hash, hashText(JSON.stringify(message)));
    const next: Link = {
      message,
      prev,
      root,
      hash,
      chars: (prev === null ? 0 : prev.chars) + messageChars(message),
    };
    links.set(message, next);
    out[i] = next;
    prev = next;
  }
  return out;
}

function impliedCaps(request: RouterRequest, stream: boolean): number {
  let mask = 0;
  if (request.tools && request.tools.length > 0) mask |= CAPABILITY_BITS.tools;
  if (request.responseFormat?.type === "json_schema") mask |= CAPABILITY_BITS.structuredOutput;
  if (stream) mask |= CAPABILITY_BITS.streaming;
  for (const message of request.messages) {
    if (message.role === "user" && Array.isArray(message.content)) {
      for (const part of message.content) if (part.type === "image_url") mask |= CAPABILITY_BITS.vision;
    }
  }
  for (const cap of request.constraints?.requiredCapabilities ?? []) mask |= CAPABILITY_BITS[cap];
  return mask;
}

/**
 * Prepares a request: hashes each message once (cached per message object, so an agent's growing
 * history only hashes its new messages) and counts tokens per family on demand.
 */
export function prepareRequest(
  request: RouterRequest,
  estimator: RequestEstimator,
  { stream = false, extraCaps = 0 }: { stream?: boolean; extraCaps?: number } = {},
): PreparedRequest {
  const messages = request.messages;
  const root = chainHash(hashText(request.system ?? ""), toolsHash(request.tools));
  const chain = chainOf(messages, root);
  const hashes: number[] = new Array(messages.length + 1);
  hashes[0] = root;
  for (let i = 0; i < chain.length; i++) hashes[i + 1] = chain[i]!.hash;
  const counted = new Map<string, FamilyTokens>();
  return {
    request,
    capsMask: impliedCaps(request, stream) | extraCaps,
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
      const chars = chain.length > 0 ? chain[chain.length - 1]!.chars : 0;
      const perChar = chars > 0 ? (total - head) / chars : 0;
      for (let i = 0; i < chain.length; i++) cumulative[i + 1] = head + Math.round(chain[i]!.chars * perChar);
      cumulative[messages.length] = total;
      t = { cumulative, total, low, high };
      counted.set(family, t);
      return t;
    },
  };
}
