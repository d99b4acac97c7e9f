// Deprecation and retirement dates of built-in models, from each provider's own deprecation page.
// Kept apart from the generated per-provider files and merged onto them by `builtinModels()`.
// A model with no announcement has no entry here. See docs/catalog.md ("Lifecycle").
import type { ModelLifecycle } from "@tokenwise/core";

const ANTHROPIC = "https://platform.claude.com/docs/en/about-claude/model-deprecations";
const OPENAI = "https://developers.openai.com/api/docs/deprecations";
const GOOGLE = "https://ai.google.dev/gemini-api/docs/deprecations";
const DEEPSEEK = "https://api-docs.deepseek.com/";

/** Lifecycle per `provider/id`. */
export const BUILTIN_LIFECYCLE: Readonly<Record<string, ModelLifecycle>> = {
  // Anthropic: dates apply to the Claude API (Bedrock and Vertex AI set their own).
  "anthropic/claude-sonnet-4-5": {
    retiresOn: "2026-11-30",
    note: "The @anthropic-ai/sdk 1.14.0 deprecation table gives the same end-of-life date for claude-sonnet-4-5 and claude-sonnet-4-5-20250929.",
    source: { url: ANTHROPIC, asOf: "2026-11-29" },
  },
  "anthropic/claude-opus-4-5": {
    deprecatedOn: "2026-11-23",
    retiresOn: "2027-01-22",
    replacement: "claude-opus-5-5",
    note: "Covers claude-opus-4-5-20251101 and the undated alias; the @anthropic-ai/sdk 1.14.0 table gives the same date.",
    source: { url: ANTHROPIC, asOf: "2026-11-26" },
  },
  "anthropic/claude-opus-4-1": {
    deprecatedOn: "2026-06-05",
    retiresOn: "2026-08-05",
    note: "claude-opus-4-1-20250805.",
    source: { url: ANTHROPIC, asOf: "2026-06-16" },
  },
  "anthropic/claude-sonnet-4-0": {
    deprecatedOn: "2026-04-14",
    retiresOn: "2026-06-15",
    replacement: "claude-sonnet-4-6",
    note: "The alias of claude-sonnet-4-20250514, retired with it.",
    source: { url: ANTHROPIC, asOf: "2026-06-17" },
  },
  "anthropic/claude-3-5-haiku-latest": {
    retiresOn: "2026-02-19",
    replacement: "claude-haiku-4-5",
    note: "The alias of claude-3-5-haiku-20241022, retired with it.",
    source: { url: ANTHROPIC, asOf: "2026-02-25" },
  },
  // OpenAI: "shutdown date" is retiresOn; the page's notice date is deprecatedOn.
  "openai/gpt-3.5-turbo": {
    deprecatedOn: "2026-04-22",
    retiresOn: "2026-10-23",
    replacement: "gpt-5.6-terra",
    note: "2026-04-22 legacy GPT snapshots: gpt-3.5-turbo-0125 and the gpt-3.5-turbo alias.",
    source: { url: OPENAI, asOf: "2026-10-15" },
  },
  "openai/gpt-4-turbo": {
    retiresOn: "2026-10-23",
    replacement: "gpt-5.6-sol",
    note: "gpt-4-turbo and gpt-4-turbo-2024-04-09.",
    source: { url: OPENAI, asOf: "2026-10-15" },
  },
  "openai/o3-mini": {
    retiresOn: "2026-10-23",
    replacement: "gpt-5.6-sol",
    note: "o3-mini and o3-mini-2025-01-31.",
    source: { url: OPENAI, asOf: "2026-10-15" },
  },
  "openai/o4-mini": {
    retiresOn: "2026-10-23",
    replacement: "gpt-5.6-terra",
    note: "o4-mini and o4-mini-2025-04-16.",
    source: { url: OPENAI, asOf: "2026-10-15" },
  },
  "openai/gpt-4.1-nano": {
    retiresOn: "2026-10-23",
    note: "gpt-4.1-nano and gpt-4.1-nano-2025-04-14.",
    source: { url: OPENAI, asOf: "2026-10-15" },
  },
  "openai/gpt-5": {
    deprecatedOn: "2026-06-11",
    retiresOn: "2026-12-11",
    replacement: "gpt-6.1-sol",
    note: "gpt-5 and gpt-5-2025-08-07.",
    source: { url: OPENAI, asOf: "2026-11-29" },
  },
  "openai/gpt-5-mini": {
    deprecatedOn: "2026-06-11",
    retiresOn: "2026-12-11",
    replacement: "gpt-6.1-terra",
    note: "gpt-5-mini and gpt-5-mini-2025-08-07.",
    source: { url: OPENAI, asOf: "2026-11-29" },
  },
  "openai/gpt-5-nano": {
    deprecatedOn: "2026-06-11",
    retiresOn: "2026-12-11",
    note: "gpt-5-nano and gpt-5-nano-2025-08-07.",
    source: { url: OPENAI, asOf: "2026-11-29" },
  },
  "openai/o3": {
    deprecatedOn: "2026-06-11",
    retiresOn: "2026-12-11",
    note: "2026-06-11 GPT-5 and o3 deprecations: o3 and o3-2025-04-16.",
    source: { url: OPENAI, asOf: "2026-10-28" },
  },
  "openai/gpt-4o": {
    deprecatedOn: "2026-10-14",
    retiresOn: "2027-01-14",
    replacement: "gpt-6-luna",
    note: "The page lists the snapshots the alias points to: gpt-4o-2024-08-06 and gpt-4o-2024-11-20.",
    source: { url: OPENAI, asOf: "2026-11-29" },
  },
  "openai/gpt-4o-mini": {
    deprecatedOn: "2026-10-14",
    retiresOn: "2027-01-14",
    replacement: "gpt-6-luna",
    note: "The page lists the snapshot the alias points to: gpt-4o-mini-2024-07-18.",
    source: { url: OPENAI, asOf: "2026-11-29" },
  },
  "openai/gpt-4.1": {
    deprecatedOn: "2026-10-14",
    retiresOn: "2027-01-14",
    replacement: "gpt-6-luna",
    note: "The page lists the snapshot the alias points to: gpt-4.1-2025-04-14.",
    source: { url: OPENAI, asOf: "2026-11-29" },
  },
  "openai/gpt-4.1-mini": {
    deprecatedOn: "2026-10-14",
    retiresOn: "2027-01-14",
    replacement: "gpt-6-luna",
    note: "The page lists the snapshot the alias points to: gpt-4.1-mini-2025-04-14.",
    source: { url: OPENAI, asOf: "2026-11-29" },
  },
  // Google Gemini API (Vertex AI has its own schedule). The page's shutdown dates are the earliest possible.
  "google/gemini-2.0-flash": {
    deprecatedOn: "2026-02-18",
    retiresOn: "2026-06-01",
    replacement: "gemini-3.5-flash",
    note: "Shut down with gemini-2.0-flash-001, gemini-2.0-flash-lite and gemini-2.0-flash-lite-001.",
    source: { url: GOOGLE, asOf: "2026-06-02" },
  },
  "google/gemini-3-pro-preview": {
    retiresOn: "2026-03-09",
    replacement: "gemini-3.1-pro-preview",
    source: { url: GOOGLE, asOf: "2026-03-03" },
  },
  "google/gemini-2.5-pro": {
    retiresOn: "2026-12-01",
    replacement: "gemini-3.8-flash",
    note: "Earlier versions of the page gave 2026-06-17 as the earliest shutdown; from 2026-12-01 requests are answered by the replacement at its rates.",
    source: { url: GOOGLE, asOf: "2026-11-10" },
  },
  "google/gemini-2.5-flash": {
    retiresOn: "2026-12-01",
    replacement: "gemini-3.5-flash-lite",
    note: "Earlier versions of the page gave 2026-06-17 as the earliest shutdown; from 2026-12-01 requests are answered by the replacement at its rates.",
    source: { url: GOOGLE, asOf: "2026-11-10" },
  },
  // DeepSeek: the two legacy names stopped at 2026-07-24 15:59 UTC (retiresOn is the day, from 00:00 UTC).
  // DeepSeek's own pages settle it: the V4 preview (2026-04-24) made both ids aliases of
  // deepseek-v4-flash and scheduled them to become inaccessible after 2026-07-24 15:59 UTC; DeepSeek's
  // later pricing pages (2026-09/10) list deepseek-v4-flash as the legacy id still served, not these.
  "deepseek/deepseek-chat": {
    deprecatedOn: "2026-04-24",
    retiresOn: "2026-07-24",
    replacement: "deepseek-v4-flash",
    note: "DeepSeek's change log and pricing page (V4 preview, 2026-04-24): deepseek-chat is the non-thinking mode of deepseek-v4-flash and becomes inaccessible after 2026-07-24 15:59 UTC (pricing page as quoted by tokenmix.ai on 2026-04-30; the same date on DeepSeek's page as quoted in anomalyco/opencode#24155: 'deepseek-chat (将于 2026/07/24 弃用)'). The catalog retires it at 00:00 UTC that day: routing stops before the cut-off rather than after it.",
    source: { url: `${DEEPSEEK}updates`, asOf: "2026-05-21" },
  },
  "deepseek/deepseek-reasoner": {
    deprecatedOn: "2026-04-24",
    retiresOn: "2026-07-24",
    replacement: "deepseek-v4-flash",
    note: "DeepSeek's change log and pricing page (V4 preview, 2026-04-24): deepseek-reasoner is the thinking mode of deepseek-v4-flash and becomes inaccessible after 2026-07-24 15:59 UTC (pricing page as quoted by tokenmix.ai on 2026-04-30). The catalog retires it at 00:00 UTC that day: routing stops before the cut-off rather than after it.",
    source: { url: `${DEEPSEEK}updates`, asOf: "2026-05-21" },
  },
};
