import { z } from "zod";
import { TokenCountSchema } from "./schema-primitives";

/**
 * Tokens of one call, each kind kept apart so each is priced once:
 * - `input`: prompt tokens billed at the input rate (neither cache reads nor cache writes),
 * - `cacheRead`: prompt tokens served from the prompt cache,
 * - `cacheWrite` / `cacheWrite1h`: prompt tokens written to the cache (5-minute / 1-hour lifetime),
 * - `output`: visible completion tokens, `reasoning`: reasoning tokens (not inside `output`).
 */
export const UsageSchema = z.object({
  input: TokenCountSchema,
  cacheRead: TokenCountSchema,
  cacheWrite: TokenCountSchema,
  cacheWrite1h: TokenCountSchema,
  output: TokenCountSchema,
  reasoning: TokenCountSchema,
});
export type Usage = z.infer<typeof UsageSchema>;

/** A usage with every count zero, optionally overridden. */
export function makeUsage(parts: Partial<Usage> = {}): Usage {
  return { input: 0, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, output: 0, reasoning: 0, ...parts };
}

/** Sum of two usages, kind by kind. */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    input: a.input + b.input,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
    cacheWrite1h: a.cacheWrite1h + b.cacheWrite1h,
    output: a.output + b.output,
    reasoning: a.reasoning + b.reasoning,
  };
}

/** The whole prompt as the provider saw it: input + cache reads + cache writes. Tiers key on this. */
export function promptTokens(usage: Usage): number {
  return usage.input + usage.cacheRead + usage.cacheWrite + usage.cacheWrite1h;
}

/** Everything generated: output + reasoning. */
export function completionTokens(usage: Usage): number {
  return usage.output + usage.reasoning;
}

/** OpenAI chat-completions `usage` (also DeepSeek, Qwen, Gemini, … OpenAI-compatible endpoints). */
export interface OpenAIUsageWire {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek's own fields: hit + miss = prompt_tokens. */
  prompt_cache_hit_tokens?: number | null;
  prompt_cache_miss_tokens?: number | null;
}

/**
 * Maps OpenAI-style usage. `prompt_tokens` INCLUDES `cached_tokens`, and `completion_tokens`
 * INCLUDES `reasoning_tokens`: both are split out so nothing is counted twice.
 *
 * @example
 * usageFromOpenAI({ prompt_tokens: 2006, completion_tokens: 300,
 *   prompt_tokens_details: { cached_tokens: 1920 }, completion_tokens_details: { reasoning_tokens: 192 } })
 * // { input: 86, cacheRead: 1920, output: 108, reasoning: 192, cacheWrite: 0, cacheWrite1h: 0 }
 */
export function usageFromOpenAI(wire: OpenAIUsageWire): Usage {
  const prompt = wire.prompt_tokens ?? 0;
  const completion = wire.completion_tokens ?? 0;
  const cached = wire.prompt_tokens_details?.cached_tokens ?? wire.prompt_cache_hit_tokens ?? 0;
  const written = wire.prompt_tokens_details?.cache_write_tokens ?? 0;
  const reasoning = wire.completion_tokens_details?.reasoning_tokens ?? 0;
  return {
    input: Math.max(0, prompt - cached - written),
    cacheRead: cached,
    cacheWrite: written,
    cacheWrite1h: 0,
    output: Math.max(0, completion - reasoning),
    reasoning,
  };
}

/** Anthropic Messages `usage`. */
export interface AnthropicUsageWire {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation?: {
    ephemeral_5m_input_tokens?: number | null;
    ephemeral_1h_input_tokens?: number | null;
  } | null;
}

/**
 * Maps Anthropic usage. `input_tokens` EXCLUDES cache reads and writes, which come in their own
 * fields; `cache_creation` splits writes by lifetime when present. Thinking tokens are inside
 * `output_tokens` and are not reported apart, so `reasoning` stays 0.
 *
 * @example
 * usageFromAnthropic({ input_tokens: 50, cache_read_input_tokens: 100000, cache_creation_input_tokens: 248, output_tokens: 503 })
 * // { input: 50, cacheRead: 100000, cacheWrite: 248, cacheWrite1h: 0, output: 503, reasoning: 0 }
 */
export function usageFromAnthropic(wire: AnthropicUsageWire): Usage {
  const created = wire.cache_creation_input_tokens ?? 0;
  const split = wire.cache_creation;
  const oneHour = split?.ephemeral_1h_input_tokens ?? 0;
  const fiveMinutes = split?.ephemeral_5m_input_tokens ?? created - oneHour;
  return {
    input: wire.input_tokens ?? 0,
    cacheRead: wire.cache_read_input_tokens ?? 0,
    cacheWrite: Math.max(0, fiveMinutes),
    cacheWrite1h: oneHour,
    output: wire.output_tokens ?? 0,
    reasoning: 0,
  };
}
