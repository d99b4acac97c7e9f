import type { EncodingName } from "./encodings";
import type { ImageRule } from "./image-tokens";

/** How the input tokens of one tokenizer family are obtained. */
export interface FamilySpec {
  /** Family name, e.g. `"openai-o200k"`, `"anthropic"`. */
  family: string;
  /** Set when the family's tokenizer is public and counted exactly. */
  exact?: EncodingName;
  /** The public tokenizer estimates are expressed against. */
  base: EncodingName;
  /**
   * Starting point of the calibration: realized ≈ `ratio` · base tokens + `perMessage` · messages,
   * with a log-space standard deviation `sigma` of one call's error (the error bar before any data).
   */
  prior: { ratio: number; perMessage: number; sigma: number };
  /** How images are counted. */
  imageRule: ImageRule;
  /** Where the prior comes from. */
  source: string;
}

const CONSERVATIVE =
  "conservative prior: tokenizer not public, no published ratio to o200k_base; wide bar, learned from realized usage";

/**
 * The tokenizer families known out of the box. Exact: OpenAI's o200k_base and
 * cl100k_base (js-tiktoken ranks). Everything else is estimated against o200k_base
 * from a stated prior, then calibrated per family from each response's usage.
 */
export const TOKENIZER_FAMILIES: Readonly<Record<string, FamilySpec>> = {
  "openai-o200k": {
    family: "openai-o200k",
    exact: "o200k_base",
    base: "o200k_base",
    prior: { ratio: 1, perMessage: 0, sigma: 0 },
    imageRule: "openai-tiles",
    source:
      "exact: o200k_base ranks (js-tiktoken); chat format per OpenAI cookbook 'How to count tokens with tiktoken'",
  },
  "openai-cl100k": {
    family: "openai-cl100k",
    exact: "cl100k_base",
    base: "cl100k_base",
    prior: { ratio: 1, perMessage: 0, sigma: 0 },
    imageRule: "openai-tiles",
    source:
      "exact: cl100k_base ranks (js-tiktoken); chat format per OpenAI cookbook 'How to count tokens with tiktoken'",
  },
  anthropic: {
    family: "anthropic",
    base: "o200k_base",
    prior: { ratio: 1.2, perMessage: 0, sigma: 0.2 },
    imageRule: "anthropic-area",
    source: `${CONSERVATIVE}; centred above 1 because Claude's vocabulary is smaller than o200k's (images: (w·h)/750, Claude vision docs)`,
  },
  gemini: {
    family: "gemini",
    base: "o200k_base",
    prior: { ratio: 1.0, perMessage: 0, sigma: 0.2 },
    imageRule: "gemini-tiles",
    source: `${CONSERVATIVE} (images: 258 per 768-px tile, Gemini docs)`,
  },
  qwen: {
    family: "qwen",
    base: "o200k_base",
    prior: { ratio: 1.05, perMessage: 0, sigma: 0.25 },
    imageRule: "patch-28",
    source: `${CONSERVATIVE} (images: one token per 28×28 patch, Qwen2-VL model card)`,
  },
  glm: {
    family: "glm",
    base: "o200k_base",
    prior: { ratio: 1.05, perMessage: 0, sigma: 0.25 },
    imageRule: "patch-28",
    source: CONSERVATIVE,
  },
  deepseek: {
    family: "deepseek",
    base: "o200k_base",
    prior: { ratio: 1.05, perMessage: 0, sigma: 0.25 },
    imageRule: "patch-28",
    source: CONSERVATIVE,
  },
  kimi: {
    family: "kimi",
    base: "o200k_base",
    prior: { ratio: 1.05, perMessage: 0, sigma: 0.25 },
    imageRule: "patch-28",
    source: CONSERVATIVE,
  },
  doubao: {
    family: "doubao",
    base: "o200k_base",
    prior: { ratio: 1.05, perMessage: 0, sigma: 0.25 },
    imageRule: "patch-28",
    source: CONSERVATIVE,
  },
  mistral: {
    family: "mistral",
    base: "o200k_base",
    prior: { ratio: 1.1, perMessage: 0, sigma: 0.25 },
    imageRule: "patch-28",
    source: CONSERVATIVE,
  },
  grok: {
    family: "grok",
    base: "o200k_base",
    prior: { ratio: 1.05, perMessage: 0, sigma: 0.25 },
    imageRule: "openai-tiles",
    source: CONSERVATIVE,
  },
  llama: {
    family: "llama",
    base: "o200k_base",
    prior: { ratio: 1.1, perMessage: 0, sigma: 0.25 },
    imageRule: "patch-28",
    source: CONSERVATIVE,
  },
  minimax: {
    family: "minimax",
    base: "o200k_base",
    prior: { ratio: 1.05, perMessage: 0, sigma: 0.25 },
    imageRule: "patch-28",
    source: CONSERVATIVE,
  },
};
