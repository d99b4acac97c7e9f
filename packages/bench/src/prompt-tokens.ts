import { countTokens } from "@tokenwise/core";
import type { TokenizerSpec } from "./outcome-schema";

/**
 * Prompt tokens of `text` for a model with tokenizer `spec`: exact for public encodings (core's o200k /
 * cl100k tokenizer), otherwise the stated estimate (a public count × ratio, rounded up). The one place
 * the bench counts tokens.
 *
 * @example
 * promptTokensFor("Hello, world!", "o200k_base") // 4
 * promptTokensFor("Hi", { estimateWith: "cl100k_base", ratio: 1.1, note: "…" }) // 2
 */
export function promptTokensFor(text: string, spec: TokenizerSpec): number {
  if (typeof spec === "string") return countTokens(text, spec);
  return Math.ceil(countTokens(text, spec.estimateWith) * spec.ratio);
}
