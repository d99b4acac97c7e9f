import { Tiktoken } from "js-tiktoken/lite";
import { TestkitConfigError } from "./errors";

/** The two public OpenAI encodings, counted exactly. */
export type BaseEncoding = "o200k_base" | "cl100k_base";

/**
 * A tokenizer family with a known bias against a public encoding, for calibration tests:
 * each text part counts `round(ratio × base tokens)`, each message adds `perMessage`,
 * and each request adds `perRequest`.
 */
export interface BiasedTokenizer {
  /** Name shown in logs, e.g. `"o200k-biased"`. */
  name: string;
  /** The exact encoding the bias is applied to. */
  base: BaseEncoding;
  /** Multiplier on the base encoding's count of every text part. */
  ratio: number;
  /** Tokens added per message (the system prompt counts as one message). */
  perMessage: number;
  /** Tokens added once per request. */
  perRequest: number;
}

/**
 * The documented biased family: `round(1.18 × o200k tokens)` per text part, plus 5 per message.
 * A calibrating estimator that starts from o200k should learn a ratio near 1.18.
 */
export const O200K_BIASED: BiasedTokenizer = Object.freeze({
  name: "o200k-biased",
  base: "o200k_base",
  ratio: 1.18,
  perMessage: 5,
  perRequest: 0,
});

/** How a simulated model counts tokens: an exact encoding, the named biased preset, or a custom bias. */
export type TokenizerSpec = BaseEncoding | "o200k-biased" | BiasedTokenizer;

/**
 * A loaded tokenizer. Exact encodings follow OpenAI's published chat counting rule (3 tokens per
 * message, 1 per `name`, 3 to prime the reply); biased ones follow {@link BiasedTokenizer}.
 */
export interface TokenCounter {
  readonly name: string;
  /** Tokens of one text part (a message's content, a tool definition, generated text). */
  text(text: string): number;
  /** Overhead of one message (added to its first part). */
  readonly perMessage: number;
  /** Overhead of one `name` field on a message. */
  readonly perName: number;
  /** Overhead of one request (OpenAI: the 3 tokens that prime the assistant's reply). */
  readonly perRequest: number;
}

const encoders = new Map<BaseEncoding, Promise<Tiktoken>>();

async function loadEncoding(base: BaseEncoding): Promise<Tiktoken> {
  let pending = encoders.get(base);
  if (!pending) {
    pending = (async () => {
      switch (base) {
        case "o200k_base":
          return new Tiktoken((await import("js-tiktoken/ranks/o200k_base")).default);
        case "cl100k_base":
          return new Tiktoken((await import("js-tiktoken/ranks/cl100k_base")).default);
        default: {
          const never: never = base;
          throw new TestkitConfigError({ message: `Unknown encoding ${String(never)}` });
        }
      }
    })();
    encoders.set(base, pending);
  }
  return pending;
}

/** Resolves a spec to its full form (the preset name to its constants). */
export function resolveTokenizerSpec(spec: TokenizerSpec): BaseEncoding | BiasedTokenizer {
  if (spec === "o200k-biased") return O200K_BIASED;
  if (typeof spec === "string") {
    if (spec !== "o200k_base" && spec !== "cl100k_base") {
      throw new TestkitConfigError({
        message: `Unknown tokenizer "${String(spec)}": use "o200k_base", "cl100k_base", "o200k-biased" or a BiasedTokenizer`,
      });
    }
    return spec;
  }
  if (!(spec.ratio > 0) || spec.perMessage < 0 || spec.perRequest < 0) {
    throw new TestkitConfigError({
      message: `Tokenizer "${spec.name}": ratio must be > 0 and overheads ≥ 0`,
    });
  }
  return spec;
}

/**
 * Loads the counter for a spec (the encodings' rank tables are loaded once, lazily).
 *
 * @example
 * const counter = await loadTokenCounter("o200k-biased");
 * counter.text("hello world"); // round(1.18 × 2) = 2
 */
export async function loadTokenCounter(spec: TokenizerSpec): Promise<TokenCounter> {
  const resolved = resolveTokenizerSpec(spec);
  if (typeof resolved === "string") {
    const enc = await loadEncoding(resolved);
    return {
      name: resolved,
      text: (t) => (t ? enc.encode(t, [], []).length : 0),
      perMessage: 3,
      perName: 1,
      perRequest: 3,
    };
  }
  const enc = await loadEncoding(resolved.base);
  const ratio = resolved.ratio;
  return {
    name: resolved.name,
    text: (t) => (t ? Math.round(enc.encode(t, [], []).length * ratio) : 0),
    perMessage: resolved.perMessage,
    perName: 0,
    perRequest: resolved.perRequest,
  };
}
