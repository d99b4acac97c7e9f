/**
 * The public data sets of the routing benchmark, adapted from their published formats into
 * `RoutingDataset`s. The files are not shipped with the package: the tokenwise repository keeps copies
 * in `benchmarks/data/routing` (see SOURCE.md there); every loader takes that directory.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parseWith, TokenwiseError } from "@tokenwise/core";
import { z } from "zod";
import {
  type BenchModelInput,
  BenchModelSchema,
  type OutcomeRow,
  type RoutingDataset,
} from "./outcome-schema";

const GPT4 = "openai/gpt-4-1106-preview";
const MIXTRAL = "mistralai/Mixtral-8x7B-Instruct-v0.1";

const GENAI_PRICES = "pydantic/genai-prices prices/new_data/v2/data.json @ 47df840a (2026-08-21)";

/** GPT-4 Turbo (gpt-4-1106-preview): $10 input / $30 output per million tokens, OpenAI's price list. */
const gpt4Model: BenchModelInput = {
  key: GPT4,
  price: {
    currency: "USD",
    effectiveFrom: "2023-11-06T00:00:00Z",
    input: "10",
    output: "30",
    source: {
      url: "https://openai.com/api/pricing/",
      asOf: "2026-08-21",
      note: `gpt-4-turbo family incl. gpt-4-1106-preview, as carried by ${GENAI_PRICES}`,
    },
  },
  tokenizer: "cl100k_base",
};

/** Mixtral 8x7B Instruct: $0.24 / $0.24 per million tokens on OpenRouter — the per-token price RouteLLM's paper used. */
const mixtralModel: BenchModelInput = {
  key: MIXTRAL,
  price: {
    currency: "USD",
    effectiveFrom: "2024-01-01T00:00:00Z",
    input: "0.24",
    output: "0.24",
    source: {
      url: "https://openrouter.ai/models",
      asOf: "2026-08-21",
      note: `openrouter mistralai/mixtral-8x7b-instruct in ${GENAI_PRICES}; RouteLLM (arXiv 2406.18665) prices Mixtral at $0.24/M`,
    },
  },
  tokenizer: {
    estimateWith: "cl100k_base",
    ratio: 1,
    note: "Mixtral's SentencePiece tokenizer is not run in-process: its prompt tokens are the cl100k count, unscaled",
  },
};

const RouteLlmRowSchema = z.object({
  bench: z.enum(["mmlu", "gsm8k"]),
  subject: z.string().optional(),
  prompt: z.string(),
  correct: z.record(z.string(), z.boolean()),
  output_tokens_o200k: z.record(z.string(), z.number().int()).optional(),
});

function readRouteLlm(dataDir: string): z.infer<typeof RouteLlmRowSchema>[] {
  const text = gunzipSync(readFileSync(join(dataDir, "routellm-mmlu-gsm8k.jsonl.gz"))).toString("utf8");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l, i) => parseWith(RouteLlmRowSchema, JSON.parse(l), `routellm-mmlu-gsm8k.jsonl.gz:${i + 1}`));
}

/** Parsed RouteLLM rows per data directory (MMLU and GSM8K share one file). */
const routeLlmCache = new Map<string, z.infer<typeof RouteLlmRowSchema>[]>();

/**
 * RouteLLM's MMLU (14,042 prompts, 5-shot, one answer token) or GSM8K (1,319 prompts, with output tokens),
 * read from `routellm-mmlu-gsm8k.jsonl.gz` in `dataDir`.
 *
 * @example
 * const gsm8k = routeLlmDataset("gsm8k", "benchmarks/data/routing");
 */
export function routeLlmDataset(bench: "mmlu" | "gsm8k", dataDir: string): RoutingDataset {
  let parsed = routeLlmCache.get(dataDir);
  if (parsed === undefined) {
    parsed = readRouteLlm(dataDir);
    routeLlmCache.set(dataDir, parsed);
  }
  const rows: OutcomeRow[] = parsed
    .filter((r) => r.bench === bench)
    .map((r, i) => {
      const row: OutcomeRow = {
        id: `${bench}-${i + 1}`,
        prompt: r.prompt,
        scores: {
          [GPT4]: r.correct["gpt-4-1106-preview"] ? 1 : 0,
          [MIXTRAL]: r.correct[MIXTRAL] ? 1 : 0,
        },
        kind: bench === "gsm8k" ? "math" : "general",
      };
      if (r.subject) row.group = r.subject;
      const out = r.output_tokens_o200k;
      if (out) {
        row.tokens = {
          [GPT4]: { output: out["gpt-4-1106-preview"] ?? 0 },
          [MIXTRAL]: { output: out[MIXTRAL] ?? 0 },
        };
      }
      return row;
    });
  return {
    name: bench,
    description:
      bench === "mmlu"
        ? "RouteLLM MMLU: 14,042 questions, GPT-4-1106-preview vs Mixtral-8x7B right/wrong (lm-sys/RouteLLM @ 0b64fdaf)"
        : "RouteLLM GSM8K: 1,319 problems, GPT-4-1106-preview vs Mixtral-8x7B right/wrong with output tokens (lm-sys/RouteLLM @ 0b64fdaf)",
    models: [mixtralModel, gpt4Model].map((m, i) => parseWith(BenchModelSchema, m, `${bench}.models.${i}`)),
    rows,
    outputForecast: bench === "mmlu" ? 1 : 300,
    outputForecastNote:
      bench === "mmlu"
        ? "1 output token: RouteLLM generated MMLU answers with max_new_tokens=1 (routellm/evals/mmlu/generate_responses.py). Prompts are priced on the question text only; the 5-shot prefix RouteLLM sent is not in the data."
        : "Output tokens from the data (o200k counts of each model's recorded answer).",
    referenceModel: GPT4,
  };
}

/** RouteLLM's MT-Bench: 80 questions × 2 turns, GPT-4 judge scores 1–10 (as score/10), from `dataDir`. */
export function mtBenchDataset(dataDir: string): RoutingDataset {
  const Question = z.object({ question_id: z.number(), category: z.string(), turns: z.array(z.string()) });
  const Judgement = z.object({
    question_id: z.number(),
    model: z.string(),
    turn: z.number(),
    score: z.number(),
  });
  const lines = (file: string) =>
    readFileSync(join(dataDir, file), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
  const questions = lines("routellm-mt-bench-questions.jsonl").map((l, i) =>
    parseWith(Question, JSON.parse(l), `routellm-mt-bench-questions.jsonl:${i + 1}`),
  );
  const judgements = lines("routellm-mt-bench-judgements.jsonl").map((l, i) =>
    parseWith(Judgement, JSON.parse(l), `routellm-mt-bench-judgements.jsonl:${i + 1}`),
  );
  const score = new Map(judgements.map((j) => [`${j.question_id}/${j.turn}/${j.model}`, j.score / 10]));
  const rows: OutcomeRow[] = [];
  for (const q of questions) {
    for (const turn of [1, 2]) {
      const g = score.get(`${q.question_id}/${turn}/gpt-4-1106-preview`);
      const m = score.get(`${q.question_id}/${turn}/${MIXTRAL}`);
      if (g === undefined || m === undefined) continue;
      rows.push({
        id: `mt-${q.question_id}-t${turn}`,
        prompt: q.turns.slice(0, turn).join("\n\n"),
        scores: { [GPT4]: g, [MIXTRAL]: m },
        group: q.category,
        // The turn-2 prompt contains turn 1: both turns of a question always share a fold.
        foldGroup: `mt-${q.question_id}`,
      });
    }
  }
  return {
    name: "mt-bench",
    description:
      "RouteLLM MT-Bench: 80 questions × 2 turns, GPT-4 judge score/10 (lm-sys/RouteLLM @ 0b64fdaf)",
    models: [mixtralModel, gpt4Model].map((m, i) => parseWith(BenchModelSchema, m, `mt-bench.models.${i}`)),
    rows,
    outputForecast: 400,
    outputForecastNote:
      "400 output tokens per turn (stated forecast: the data has no answers). A turn-2 prompt is priced as both user turns; the model's turn-1 answer it would also carry is not in the data.",
    referenceModel: GPT4,
  };
}

const DcModelSchema = z.record(
  z.string(),
  z.object({
    input_price: z.number(),
    output_price: z.number(),
    model: z.string(),
    service: z.string(),
    size: z.string(),
  }),
);
const DcRowSchema = z.object({
  question: z.string(),
  scores: z.record(z.string(), z.number()),
  cluster_id: z.number(),
});

/** LLMRouter's dcrouter training set: 5,608 prompts × 9 open models (7B–70B) with NVIDIA-hosted prices, from `dataDir`. */
export function dcRouterDataset(dataDir: string): RoutingDataset {
  const catalog = parseWith(
    DcModelSchema,
    JSON.parse(readFileSync(join(dataDir, "llmrouter-models.json"), "utf8")),
    "llmrouter-models.json",
  );
  const raw = z
    .array(DcRowSchema)
    .parse(
      JSON.parse(
        gunzipSync(readFileSync(join(dataDir, "llmrouter-dcrouter-train.json.gz"))).toString("utf8"),
      ),
    );
  const keys = Object.keys(raw[0]?.scores ?? {}).sort();
  const models = keys.map((key, i) => {
    const entry = catalog[key];
    if (!entry) throw new TokenwiseError({ message: `llmrouter-models.json has no price for ${key}` });
    const input: BenchModelInput = {
      key,
      price: {
        currency: "USD",
        effectiveFrom: "2025-01-01T00:00:00Z",
        input: String(entry.input_price),
        output: String(entry.output_price),
        source: {
          url: "https://github.com/ulab-uiuc/LLMRouter/blob/4e7a796/data/example_data/llm_candidates/default_llm.json",
          asOf: "2026-11-27",
          note: `${entry.service} hosting of ${entry.model} (${entry.size}) as listed by LLMRouter`,
        },
      },
      tokenizer: {
        estimateWith: "o200k_base",
        ratio: 1,
        note: "open-weight tokenizers are not run in-process: the o200k count, unscaled",
      },
    };
    return parseWith(BenchModelSchema, input, `dcrouter.models.${i}`);
  });
  const rows: OutcomeRow[] = raw.map((r, i) => ({ id: `dc-${i + 1}`, prompt: r.question, scores: r.scores }));
  return {
    name: "dcrouter",
    description:
      "LLMRouter dcrouter: 5,608 prompts × 9 open models, right/wrong (ulab-uiuc/LLMRouter @ 4e7a796)",
    models,
    rows,
    outputForecast: 256,
    outputForecastNote:
      "256 output tokens per answer (stated forecast: the data has no answers or token counts)",
  };
}

/** Files `publicDatasets` reads from its directory. */
export const PUBLIC_DATASET_FILES = [
  "routellm-mmlu-gsm8k.jsonl.gz",
  "routellm-mt-bench-questions.jsonl",
  "routellm-mt-bench-judgements.jsonl",
  "llmrouter-models.json",
  "llmrouter-dcrouter-train.json.gz",
] as const;

/**
 * The four public data sets (MMLU, GSM8K, MT-Bench, dcrouter) from `dataDir`, the directory holding
 * {@link PUBLIC_DATASET_FILES} (`benchmarks/data/routing` in the tokenwise repository). A missing
 * file is a `TokenwiseError` naming it.
 *
 * @example
 * const result = await runRoutingBenchmark({ datasets: publicDatasets("benchmarks/data/routing") });
 */
export function publicDatasets(dataDir: string): RoutingDataset[] {
  const missing = PUBLIC_DATASET_FILES.filter((file) => !existsSync(join(dataDir, file)));
  if (missing.length > 0) {
    throw new TokenwiseError({
      message: `public routing data sets: ${dataDir} lacks ${missing.join(", ")} (the tokenwise repository keeps them in benchmarks/data/routing)`,
    });
  }
  return [
    routeLlmDataset("mmlu", dataDir),
    routeLlmDataset("gsm8k", dataDir),
    mtBenchDataset(dataDir),
    dcRouterDataset(dataDir),
  ];
}
