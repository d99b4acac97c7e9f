import { getEncoding, type Tiktoken } from "js-tiktoken";
import type { TokenizerSpec } from "./outcome-schema";

type Encoding = "o200k_base" | "cl100k_base";
const encoders = new Map<Encoding, Tiktoken>();

/**
 * Exact token count of `text` under a public OpenAI encoding. The one place the bench counts tokens:
 * it uses js-tiktoken today and is meant to switch to core's o200k/cl100k tokenizer once core exports it.
 *
 * @example
 * countTokens("Hello, world!", "o200k_base") // 4
 */
export function countTokens(text: string, encoding: Encoding): number {
  let encoder = encoders.get(encoding);
  if (!encoder) {
    encoder = getEncoding(encoding);
    encoders.set(encoding, encoder);
  }
  return encoder.encode(text, [], []).length;
}

/**
 * Prompt tokens of `text` for a model with tokenizer `spec`: exact for public encodings, otherwise the
 * stated estimate (a public count × ratio, rounded up).
 *
 * @example
 * promptTokensFor("Hi", { estimateWith: "cl100k_base", ratio: 1.1, note: "…" }) // 2
 */
export function promptTokensFor(text: string, spec: TokenizerSpec): number {
  if (typeof spec === "string") return countTokens(text, spec);
  return Math.ceil(countTokens(text, spec.estimateWith) * spec.ratio);
}
