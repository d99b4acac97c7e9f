import cl100kRanks from "js-tiktoken/ranks/cl100k_base";
import o200kRanks from "js-tiktoken/ranks/o200k_base";
import { BpeTokenizer } from "./bpe-tokenizer";
import { splitCl100k, splitO200k } from "./pre-tokenize";
import { RankTable } from "./rank-table";

/** The public OpenAI encodings counted exactly. */
export type EncodingName = "o200k_base" | "cl100k_base";

const loaded = new Map<EncodingName, BpeTokenizer>();

/**
 * The tokenizer of an encoding, built on first use from js-tiktoken's ranks
 * (o200k_base: ~100 ms and a few MB) and kept for the process.
 *
 * @example
 * getTokenizer("o200k_base").count("Hello world") // 2
 */
export function getTokenizer(name: EncodingName): BpeTokenizer {
  let tokenizer = loaded.get(name);
  if (tokenizer === undefined) {
    tokenizer =
      name === "o200k_base"
        ? new BpeTokenizer(RankTable.parse(o200kRanks.bpe_ranks), splitO200k)
        : new BpeTokenizer(RankTable.parse(cl100kRanks.bpe_ranks), splitCl100k);
    loaded.set(name, tokenizer);
  }
  return tokenizer;
}

/**
 * Exact token count of `text` in an encoding (special-token text is counted as text,
 * as `encode_ordinary` does).
 *
 * @example
 * countTokens("你好，世界", "o200k_base") // 3
 */
export function countTokens(text: string, encoding: EncodingName = "o200k_base"): number {
  return getTokenizer(encoding).count(text);
}
