import { CAPABILITY_BITS } from "./candidate-table";
import { chainHash, hashText } from "./prefix-tracker";
import type { TokenEstimator } from "./token-estimator";
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

const messageHashes = new WeakMap<object, number>();
const toolHashes = new WeakMap<object, number>();

function messageHash(message: ChatMessage): number {
  let h = messageHashes.get(message);
  if (h === undefined) {
    h = hashText(JSON.stringify(message));
    messageHashes.set(message, h);
  }
  return h;
}

function toolsHash(tools: readonly ToolDefinition[] | undefined): number {
  if (!tools || tools.length === 0) return 0;
  let h = toolHashes.get(tools);
  if (h === undefined) {
    h = hashText(JSON.stringify(tools));
    toolHashes.set(tools, h);
  }
  return h;
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
  estimator: TokenEstimator,
  { stream = false, extraCaps = 0 }: { stream?: boolean; extraCaps?: number } = {},
): PreparedRequest {
  const hashes: number[] = new Array(request.messages.length + 1);
  let h = chainHash(hashText(request.system ?? ""), toolsHash(request.tools));
  hashes[0] = h;
  for (let i = 0; i < request.messages.length; i++) {
    h = chainHash(h, messageHash(request.messages[i]!));
    hashes[i + 1] = h;
  }
  const counted = new Map<string, FamilyTokens>();
  return {
    request,
    capsMask: impliedCaps(request, stream) | extraCaps,
    hashes,
    counted,
    tokens(family) {
      let t = counted.get(family);
      if (t) return t;
      const cumulative: number[] = new Array(request.messages.length + 1);
      let sum = estimator.countFixed(request.system, request.tools, family);
      cumulative[0] = sum;
      for (let i = 0; i < request.messages.length; i++) {
        sum += estimator.countMessage(request.messages[i]!, family);
        cumulative[i + 1] = sum;
      }
      if (estimator.estimateRequest) {
        const whole = estimator.estimateRequest(request, family);
        const scale = sum > 0 ? whole.tokens / sum : 1;
        for (let i = 0; i < cumulative.length; i++) cumulative[i] = Math.round(cumulative[i]! * scale);
        cumulative[cumulative.length - 1] = whole.tokens;
        t = { cumulative, total: whole.tokens, low: whole.low, high: whole.high };
      } else {
        const err = estimator.relativeError(family);
        t = { cumulative, total: sum, low: Math.floor(sum * (1 - err)), high: Math.ceil(sum * (1 + err)) };
      }
      counted.set(family, t);
      return t;
    },
  };
}
