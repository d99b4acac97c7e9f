import type { CuratedHistory, HistorySource } from "./types";

const src = (url: string, asOf: string, note?: string): HistorySource => ({
  url,
  asOf,
  ...(note ? { note } : {}),
});
const MODEL_BANK = (id: string, released: string) =>
  `npm model-bank@1.0.20260927202305 anthropic card "${id}": releasedAt ${released}`;
const launch = (at: string, url: string, note: string): CuratedHistory => ({
  launch: { at, source: src(url, at, note) },
});

/** Anthropic (Claude API). Launch prices equal the genai-prices snapshot price unless the file dates a change. */
export const ANTHROPIC_HISTORY: Record<string, CuratedHistory> = {
  "anthropic/claude-opus-4-5": launch(
    "2025-11-24",
    "https://www.anthropic.com/news/claude-opus-4-5",
    "Claude Opus 4.5 at $5 / $25",
  ),
  "anthropic/claude-sonnet-4-5": launch(
    "2025-09-29",
    "https://www.anthropic.com/news/claude-sonnet-4-5",
    "Claude Sonnet 4.5 at $3 / $15 (above 200K input: $6 / $22.50)",
  ),
  "anthropic/claude-haiku-4-5": launch(
    "2025-10-15",
    "https://www.anthropic.com/news/claude-haiku-4-5",
    "Claude Haiku 4.5 at $1 / $5",
  ),
  "anthropic/claude-sonnet-4-0": launch(
    "2025-05-22",
    "https://www.anthropic.com/news/claude-4",
    "Claude Sonnet 4 (claude-sonnet-4-20250514, alias claude-sonnet-4-0) at $3 / $15",
  ),
  "anthropic/claude-opus-4-1": launch(
    "2025-08-05",
    "https://www.anthropic.com/news/claude-opus-4-1",
    "Claude Opus 4.1 at Opus 4's $15 / $75",
  ),
  "anthropic/claude-opus-4-6": launch(
    "2026-02-05",
    "https://infocafe.site/article/the-rewritings-rules",
    `Claude Opus 4.6 launched 2026-02-05 (third-party account; ${MODEL_BANK("claude-opus-4-6", "2026-02-05")}); long-context tiers above 200K until the flat 1M pricing from 2026-03-13 (genai-prices start_date)`,
  ),
  "anthropic/claude-sonnet-4-6": launch(
    "2026-02-17",
    "https://the-ledger.net/events/anthropic-claude-sonnet-4-6-release/",
    `Claude Sonnet 4.6 released 2026-02-17 at $3 / $15, 1M context GA (flat) on 2026-03-13; ${MODEL_BANK("claude-sonnet-4-6", "2026-02-17")}`,
  ),
  "anthropic/claude-opus-4-7": launch(
    "2026-04-16",
    "https://allthings.how/claude-opus-4-7-system-card-key-findings-and-benchmarks/",
    `claude-opus-4-7 GA 2026-04-16 at $5 / $25, flat across 1M; ${MODEL_BANK("claude-opus-4-7", "2026-04-16")}`,
  ),
  "anthropic/claude-opus-4-8": launch(
    "2026-05-28",
    "https://24-ai.news/en/news/2026-05-28/anthropic-claude-opus-4-8/",
    `claude-opus-4-8 launched 2026-05-28 at $5 / $25 (https://www.creeta.com/en/claude-opus-4-8-api-guide-2026/); ${MODEL_BANK("claude-opus-4-8", "2026-05-28")}`,
  ),
  "anthropic/claude-opus-5": launch(
    "2026-07-24",
    "https://www.npmjs.com/package/model-bank/v/1.0.20260927202305",
    `${MODEL_BANK("claude-opus-5", "2026-07-24")}: the only dated record of the launch in the stored copies; price $5 / $25 as genai-prices records it`,
  ),
  "anthropic/claude-sonnet-5": launch(
    "2026-06-30",
    "https://platform.claude.com/docs/en/about-claude/models/whats-new-sonnet-5",
    "Claude Sonnet 5 released 2026-06-30 (https://apidog.com/blog/claude-sonnet-5/) at introductory $2 / $10 through 2026-08-31, $3 / $15 from 2026-09-01",
  ),
};
