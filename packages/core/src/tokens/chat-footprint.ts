import type { BpeTokenizer } from "./bpe-tokenizer";
import type {
  ChatMessageLike,
  ChatRequestLike,
  ContentPart,
  JsonSchemaLike,
  ToolDefinitionLike,
} from "./chat-request";
import { type EncodingName, getTokenizer } from "./encodings";
import { type ImageRef, imageSizeFromBase64 } from "./image-tokens";
import { hashString, LruCache } from "./lru-cache";

/** Tokens of (part of) a request in one encoding, before images are priced by a family rule. */
export interface Footprint {
  /** Text tokens, including the chat format's overhead. */
  tokens: number;
  /** The part of `tokens` that comes from undocumented format rules (tool calls, tool results, nested schemas). */
  approx: number;
  /** Messages counted (the system prompt included). */
  messages: number;
  /** Images found, with their size when it could be read. */
  images: ImageRef[];
}

/**
 * The chat format of OpenAI's cookbook "How to count tokens with tiktoken": 3 tokens
 * per message, +1 per name, +3 priming the reply; tool definitions formatted with
 * `func_init` (7 on o200k models, 10 on cl100k), 3 per property block and property,
 * enum items 3 each (-3 per enum), 12 at the end.
 */
export const CHAT_FORMAT = {
  tokensPerMessage: 3,
  tokensPerName: 1,
  replyPriming: 3,
  funcInit: { o200k_base: 7, cl100k_base: 10 } as Record<EncodingName, number>,
  propInit: 3,
  propKey: 3,
  enumInit: -3,
  enumItem: 3,
  funcEnd: 12,
  /** Not in the cookbook: our allowance per tool call / tool_use block (name and arguments are counted exactly). */
  toolCallOverhead: 3,
} as const;

/** Options of a {@link FootprintCounter}. */
export interface FootprintCounterOptions {
  /** Encoding to count with. Default `o200k_base`. */
  encoding?: EncodingName;
  /** Most message footprints kept by content hash (the identity cache is a WeakMap). Default 20,000. */
  cacheSize?: number;
}

const EMPTY_IMAGES: ImageRef[] = [];

/** Running footprint sums over a conversation's messages, index i covering messages 0..i. */
interface ConversationSums {
  refs: ChatMessageLike[];
  tokens: number[];
  approx: number[];
  counted: number[];
  /** Images of messages 0..i are `images[0, imageCount[i])`. */
  images: ImageRef[];
  imageCount: number[];
}

/**
 * Counts the input tokens of a chat request, exactly for the text under OpenAI's
 * documented format, caching per message: by object identity (WeakMap), then by a
 * content hash (bounded LRU), so a 50-turn agent loop pays only for its new messages.
 *
 * @example
 * const counter = new FootprintCounter({ encoding: "o200k_base" });
 * counter.count({ messages: [{ role: "user", content: "Hello" }] }).tokens // 8
 */
export class FootprintCounter {
  readonly encoding: EncodingName;
  private readonly tokenizer: BpeTokenizer;
  private readonly byIdentity = new WeakMap<object, Footprint>();
  private readonly byContent: LruCache<string, Footprint>;
  private readonly toolsByIdentity = new WeakMap<object, Footprint>();
  private readonly systemByText = new LruCache<string, Footprint>(256);
  /** Running sums per conversation, keyed by its first message object (see `addMessages`). */
  private readonly conversations = new WeakMap<object, ConversationSums>();
  /** Cache statistics, for tests and reports. */
  readonly stats = { identityHits: 0, contentHits: 0, misses: 0 };

  constructor(options: FootprintCounterOptions = {}) {
    this.encoding = options.encoding ?? "o200k_base";
    this.tokenizer = getTokenizer(this.encoding);
    this.byContent = new LruCache(options.cacheSize ?? 20_000);
  }

  /** Footprint of a whole request: system, messages, tools and the reply priming. */
  count(request: ChatRequestLike): Footprint {
    const total: Footprint = { tokens: CHAT_FORMAT.replyPriming, approx: 0, messages: 0, images: [] };
    if (request.system !== undefined && request.system !== null) {
      add(total, this.countSystem(request.system));
    }
    const messages = request.messages;
    if (messages !== undefined && messages.length > 0) this.addMessages(total, messages);
    if (request.tools !== undefined && request.tools.length > 0) add(total, this.tools(request.tools));
    return total;
  }

  /**
   * Adds the messages' footprints: the longest prefix this conversation was counted with before
   * (the same message objects, compared by identity) comes from running sums, so an agent's next
   * turn adds only its new messages instead of looking up every message of its history.
   */
  private addMessages(total: Footprint, messages: readonly ChatMessageLike[]): void {
    const first = messages[0]!;
    let memo = this.conversations.get(first);
    if (memo === undefined) {
      memo = { refs: [], tokens: [], approx: [], counted: [], images: [], imageCount: [] };
      this.conversations.set(first, memo);
    }
    const n = messages.length;
    const limit = Math.min(n, memo.refs.length);
    let k = 0;
    while (k < limit && memo.refs[k] === messages[k]) k++;
    // Keep sums for [0, k); recompute from k on.
    memo.refs.length = k;
    memo.tokens.length = k;
    memo.approx.length = k;
    memo.counted.length = k;
    memo.imageCount.length = k;
    memo.images.length = k === 0 ? 0 : memo.imageCount[k - 1]!;
    let tokens = k === 0 ? 0 : memo.tokens[k - 1]!;
    let approx = k === 0 ? 0 : memo.approx[k - 1]!;
    let counted = k === 0 ? 0 : memo.counted[k - 1]!;
    for (let i = k; i < n; i++) {
      const message = messages[i]!;
      const f = this.message(message);
      tokens += f.tokens;
      approx += f.approx;
      counted += f.messages;
      for (const image of f.images) memo.images.push(image);
      memo.refs.push(message);
      memo.tokens.push(tokens);
      memo.approx.push(approx);
      memo.counted.push(counted);
      memo.imageCount.push(memo.images.length);
    }
    total.tokens += tokens;
    total.approx += approx;
    total.messages += counted;
    for (const image of memo.images) total.images.push(image);
  }

  /** Footprint of one message (cached). */
  message(message: ChatMessageLike): Footprint {
    const known = this.byIdentity.get(message);
    if (known !== undefined) {
      this.stats.identityHits++;
      return known;
    }
    const key = hashString(stableJson(message));
    let footprint = this.byContent.get(key);
    if (footprint !== undefined) this.stats.contentHits++;
    else {
      this.stats.misses++;
      footprint = this.countMessage(message);
      this.byContent.set(key, footprint);
    }
    this.byIdentity.set(message, footprint);
    return footprint;
  }

  /** Footprint of tool definitions, by the cookbook's formatting rule (cached by array identity). */
  tools(tools: ToolDefinitionLike[]): Footprint {
    const known = this.toolsByIdentity.get(tools);
    if (known !== undefined) return known;
    const key = `tools:${hashString(stableJson(tools))}`;
    let footprint = this.byContent.get(key);
    if (footprint === undefined) {
      footprint = this.countTools(tools);
      this.byContent.set(key, footprint);
    }
    this.toolsByIdentity.set(tools, footprint);
    return footprint;
  }

  private text(text: string): number {
    return this.tokenizer.count(text);
  }

  private countSystem(system: string | ContentPart[]): Footprint {
    if (typeof system !== "string") return this.message({ role: "system", content: system });
    // A system prompt string is looked up by value (the engine caches a string's hash): no message
    // object to stringify and hash on every call.
    let footprint = this.systemByText.get(system);
    if (footprint === undefined) {
      footprint = this.message({ role: "system", content: system });
      this.systemByText.set(system, footprint);
    }
    return footprint;
  }

  private countMessage(message: ChatMessageLike): Footprint {
    const f: Footprint = {
      tokens: CHAT_FORMAT.tokensPerMessage,
      approx: 0,
      messages: 1,
      images: EMPTY_IMAGES,
    };
    f.tokens += this.text(String(message.role ?? ""));
    if (typeof message.name === "string") f.tokens += this.text(message.name) + CHAT_FORMAT.tokensPerName;
    const content = message.content;
    if (typeof content === "string") f.tokens += this.text(content);
    else if (Array.isArray(content)) this.countParts(content, f);
    if (Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        const n =
          this.text(String(call.function?.name ?? "")) +
          this.text(String(call.function?.arguments ?? "")) +
          CHAT_FORMAT.toolCallOverhead;
        f.tokens += n;
        f.approx += n;
      }
    }
    if (message.role === "tool" || message.role === "function") f.approx += CHAT_FORMAT.toolCallOverhead;
    return f;
  }

  private countParts(parts: ContentPart[], f: Footprint): void {
    for (const part of parts) {
      if (part === null || typeof part !== "object") continue;
      if (part.type === "text" && typeof part.text === "string") {
        f.tokens += this.text(part.text);
      } else if (part.type === "image_url") {
        const p = part as {
          image_url?: { url?: string; detail?: ImageRef["detail"]; width?: number; height?: number };
        };
        const url = p.image_url?.url ?? "";
        const size =
          p.image_url?.width !== undefined && p.image_url?.height !== undefined
            ? { width: p.image_url.width, height: p.image_url.height }
            : url.startsWith("data:")
              ? imageSizeFromBase64(url)
              : undefined;
        pushImage(f, { ...size, ...(p.image_url?.detail ? { detail: p.image_url.detail } : {}) });
      } else if (part.type === "image") {
        const p = part as { source?: { data?: string }; width?: number; height?: number };
        const size =
          p.width !== undefined && p.height !== undefined
            ? { width: p.width, height: p.height }
            : typeof p.source?.data === "string"
              ? imageSizeFromBase64(p.source.data)
              : undefined;
        pushImage(f, { ...size });
      } else if (part.type === "tool_use") {
        const p = part as { name?: string; input?: unknown };
        const n =
          this.text(String(p.name ?? "")) +
          this.text(stableJson(p.input ?? {})) +
          CHAT_FORMAT.toolCallOverhead;
        f.tokens += n;
        f.approx += n;
      } else if (part.type === "tool_result") {
        const p = part as { content?: string | ContentPart[] };
        const before = f.tokens;
        if (typeof p.content === "string") f.tokens += this.text(p.content);
        else if (Array.isArray(p.content)) this.countParts(p.content, f);
        f.tokens += CHAT_FORMAT.toolCallOverhead;
        f.approx += f.tokens - before;
      } else {
        const n = this.text(stableJson(part));
        f.tokens += n;
        f.approx += n;
      }
    }
  }

  private countTools(tools: ToolDefinitionLike[]): Footprint {
    const f: Footprint = { tokens: 0, approx: 0, messages: 0, images: EMPTY_IMAGES };
    for (const tool of tools) {
      const fn = tool.function ?? {
        name: String(tool.name ?? ""),
        description: tool.description,
        parameters: tool.input_schema,
      };
      f.tokens += CHAT_FORMAT.funcInit[this.encoding];
      f.tokens += this.text(`${fn.name}:${stripDot(fn.description ?? "")}`);
      const properties = fn.parameters?.properties ?? {};
      const keys = Object.keys(properties);
      if (keys.length > 0) {
        f.tokens += CHAT_FORMAT.propInit;
        for (const key of keys) {
          const prop = properties[key] ?? {};
          f.tokens += CHAT_FORMAT.propKey;
          if (Array.isArray(prop.enum)) {
            f.tokens += CHAT_FORMAT.enumInit;
            for (const item of prop.enum) f.tokens += CHAT_FORMAT.enumItem + this.text(String(item));
          }
          const type = Array.isArray(prop.type) ? prop.type.join(",") : (prop.type ?? "");
          f.tokens += this.text(`${key}:${type}:${stripDot(prop.description ?? "")}`);
          const nested = nestedSchema(prop);
          if (nested !== undefined) {
            const n = this.text(nested);
            f.tokens += n;
            f.approx += n;
          }
        }
      }
    }
    f.tokens += CHAT_FORMAT.funcEnd;
    return f;
  }
}

function add(into: Footprint, f: Footprint): void {
  into.tokens += f.tokens;
  into.approx += f.approx;
  into.messages += f.messages;
  if (f.images.length > 0) into.images.push(...f.images);
}

function pushImage(f: Footprint, image: ImageRef): void {
  if (f.images === EMPTY_IMAGES) f.images = [];
  f.images.push(image);
}

function stripDot(text: string): string {
  return text.endsWith(".") ? text.slice(0, -1) : text;
}

/** The part of a property schema the cookbook rule does not cover (nested objects, array items), as JSON. */
function nestedSchema(prop: JsonSchemaLike): string | undefined {
  const rest: Record<string, unknown> = {};
  let any = false;
  for (const [k, v] of Object.entries(prop)) {
    if (k === "type" || k === "description" || k === "enum") continue;
    rest[k] = v;
    any = true;
  }
  return any ? stableJson(rest) : undefined;
}

/** JSON.stringify that never throws (cycles and bigints become strings). */
function stableJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) ?? "";
  } catch {
    return String(value);
  }
}
