import type { CuratedHistory, HistorySource } from "./types";

/** An OpenAI announcement or docs page, read on the day it is dated. */
const src = (url: string, asOf: string, note?: string): HistorySource => ({
  url,
  asOf,
  ...(note ? { note } : {}),
});
const MODEL_BANK = (id: string, released: string) =>
  `npm model-bank@1.0.20260927202305 openai card "${id}": releasedAt ${released}`;

/**
 * OpenAI. Launch prices equal the genai-prices snapshot price unless `earlier` says otherwise; before
 * prompt caching launched (2024-10-01) no request had cache reads, so a cached-input rate on a version
 * that starts earlier never applies to one.
 */
export const OPENAI_HISTORY: Record<string, CuratedHistory> = {
  "openai/gpt-4o": {
    // GPT-4o launched at $5/$15; the `gpt-4o` alias moved to gpt-4o-2024-08-06 ($2.50/$10) on 2024-10-02.
    earlier: [
      {
        currency: "USD",
        effectiveFrom: "2024-05-13",
        input: "5",
        output: "15",
        source: src(
          "https://openai.com/index/hello-gpt-4o/",
          "2024-05-13",
          "GPT-4o in the API at $5 / $15 per million tokens (half GPT-4 Turbo's price), from launch until the alias moved",
        ),
      },
    ],
    launch: {
      at: "2024-10-02",
      source: src(
        "https://platform.openai.com/docs/models/gpt-4o",
        "2024-10-02",
        "the gpt-4o alias points to gpt-4o-2024-08-06 ($2.50 / $10, released 2024-08-06 with Structured Outputs: https://openai.com/index/introducing-structured-outputs-in-the-api/) from 2024-10-02",
      ),
    },
  },
  "openai/gpt-4o-mini": {
    launch: {
      at: "2024-07-18",
      source: src(
        "https://openai.com/index/gpt-4o-mini-advancing-cost-efficient-intelligence/",
        "2024-07-18",
        "$0.15 / $0.60 per million tokens at launch",
      ),
    },
  },
  "openai/gpt-4.1": {
    launch: {
      at: "2025-04-14",
      source: src("https://openai.com/index/gpt-4-1/", "2025-04-14", "GPT-4.1 $2 / $8, cached input $0.50"),
    },
  },
  "openai/gpt-4.1-mini": {
    launch: {
      at: "2025-04-14",
      source: src(
        "https://openai.com/index/gpt-4-1/",
        "2025-04-14",
        "GPT-4.1 mini $0.40 / $1.60, cached input $0.10",
      ),
    },
  },
  "openai/gpt-4.1-nano": {
    launch: {
      at: "2025-04-14",
      source: src(
        "https://openai.com/index/gpt-4-1/",
        "2025-04-14",
        "GPT-4.1 nano $0.10 / $0.40, cached input $0.025",
      ),
    },
  },
  "openai/o3": {
    launch: {
      at: "2025-04-16",
      source: src(
        "https://openai.com/index/introducing-o3-and-o4-mini/",
        "2025-04-16",
        "o3 launched at $10 / $40; cut to $2 / $8 on 2025-06-10 (genai-prices start_date)",
      ),
    },
  },
  "openai/o3-mini": {
    launch: {
      at: "2025-01-31",
      source: src(
        "https://openai.com/index/openai-o3-mini/",
        "2025-01-31",
        "o3-mini $1.10 / $4.40, cached input $0.55",
      ),
    },
  },
  "openai/o4-mini": {
    launch: {
      at: "2025-04-16",
      source: src(
        "https://openai.com/index/introducing-o3-and-o4-mini/",
        "2025-04-16",
        "o4-mini $1.10 / $4.40, cached input $0.275",
      ),
    },
  },
  "openai/o1": {
    launch: {
      at: "2024-12-17",
      source: src(
        "https://openai.com/index/o1-and-new-tools-for-developers/",
        "2024-12-17",
        `o1 in the API at $15 / $60, cached input $7.50; ${MODEL_BANK("o1", "2024-12-17")}`,
      ),
    },
  },
  "openai/gpt-5": {
    launch: {
      at: "2025-08-07",
      source: src(
        "https://openai.com/index/introducing-gpt-5-for-developers/",
        "2025-08-07",
        "gpt-5 $1.25 / $10, cached input $0.125",
      ),
    },
  },
  "openai/gpt-5-mini": {
    launch: {
      at: "2025-08-07",
      source: src(
        "https://openai.com/index/introducing-gpt-5-for-developers/",
        "2025-08-07",
        "gpt-5-mini $0.25 / $2",
      ),
    },
  },
  "openai/gpt-5-nano": {
    launch: {
      at: "2025-08-07",
      source: src(
        "https://openai.com/index/introducing-gpt-5-for-developers/",
        "2025-08-07",
        "gpt-5-nano $0.05 / $0.40",
      ),
    },
  },
  "openai/gpt-5.1": {
    launch: {
      at: "2025-11-13",
      source: src(
        "https://openai.com/index/gpt-5-1-for-developers/",
        "2025-11-13",
        `GPT-5.1 in the API at GPT-5's price; ${MODEL_BANK("gpt-5.1", "2025-11-13")}`,
      ),
    },
  },
  "openai/gpt-5.2": {
    launch: {
      at: "2025-12-11",
      source: src(
        "https://openai.com/index/introducing-gpt-5-2/",
        "2025-12-11",
        `snapshot gpt-5.2-2025-12-11, $1.75 / $14; ${MODEL_BANK("gpt-5.2", "2025-12-11")}`,
      ),
    },
  },
  "openai/gpt-5.4": {
    launch: {
      at: "2026-03-05",
      source: src(
        "https://developers.openai.com/api/docs/models/gpt-5.4",
        "2026-03-05",
        `snapshot gpt-5.4-2026-03-05; $2.50 / $15, prompts above 272K input tokens at 2x input and 1.5x output; ${MODEL_BANK("gpt-5.4", "2026-03-05")}`,
      ),
    },
  },
  "openai/gpt-5.4-mini": {
    launch: {
      at: "2026-03-17",
      source: src(
        "https://community.openai.com/t/introducing-gpt-5-4-mini-and-nano-our-most-capable-small-models-yet/1377015",
        "2026-03-17",
        "OpenAI's announcement: gpt-5.4-mini $0.75 / $4.50 (snapshot gpt-5.4-mini-2026-03-17)",
      ),
    },
  },
  "openai/gpt-5.4-nano": {
    launch: {
      at: "2026-03-17",
      source: src(
        "https://community.openai.com/t/introducing-gpt-5-4-mini-and-nano-our-most-capable-small-models-yet/1377015",
        "2026-03-17",
        "OpenAI's announcement: gpt-5.4-nano $0.20 / $1.25 (snapshot gpt-5.4-nano-2026-03-17)",
      ),
    },
  },
  "openai/gpt-5.5": {
    launch: {
      at: "2026-04-23",
      source: src(
        "https://tokenmix.ai/blog/gpt-5-5-release-date-spud",
        "2026-05-14",
        `third-party summary of OpenAI's launch post: gpt-5.5 released 2026-04-23 at $5 / $30 (snapshot gpt-5.5-2026-04-23); ${MODEL_BANK("gpt-5.5", "2026-04-23")}`,
      ),
    },
  },
  "openai/gpt-5.6-sol": {
    launch: {
      at: "2026-06-26",
      source: src(
        "https://apimaster.ai/blog/gpt-56-sol-terra-luna-preview-2026",
        "2026-06-27",
        `OpenAI announced GPT-5.6 Sol / Terra / Luna with list prices on 2026-06-26 (limited preview; broad API access ${MODEL_BANK("gpt-5.6-sol", "2026-07-09")})`,
      ),
    },
  },
  "openai/gpt-5.6-terra": {
    launch: {
      at: "2026-06-26",
      source: src(
        "https://apimaster.ai/blog/gpt-56-sol-terra-luna-preview-2026",
        "2026-06-27",
        `OpenAI announced GPT-5.6 Terra at $2.50 / $15 on 2026-06-26; cut 20% on 2026-07-30 (genai-prices start_date); ${MODEL_BANK("gpt-5.6-terra", "2026-07-09")}`,
      ),
    },
  },
  "openai/gpt-5.6-luna": {
    launch: {
      at: "2026-06-26",
      source: src(
        "https://apimaster.ai/blog/gpt-56-sol-terra-luna-preview-2026",
        "2026-06-27",
        `OpenAI announced GPT-5.6 Luna at $1 / $6 on 2026-06-26; cut 80% on 2026-07-30 (genai-prices start_date); ${MODEL_BANK("gpt-5.6-luna", "2026-07-09")}`,
      ),
    },
  },
  "openai/gpt-4-turbo": {
    launch: {
      at: "2024-04-09",
      source: src(
        "https://platform.openai.com/docs/models/gpt-4-turbo-and-gpt-4",
        "2024-04-09",
        "the gpt-4-turbo id (gpt-4-turbo-2024-04-09, GA with vision) at $10 / $30 from 2024-04-09",
      ),
    },
  },
};
