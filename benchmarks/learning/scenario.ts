/**
 * The learning simulation's scenario: synthetic models (ids `sim-*`, prices and priors made up for the
 * simulation, sourced `simulation`; nothing here is a fact about a real provider) whose true latency
 * and quality differ from what their catalog entries say.
 */
import { type ModelEntry, type ModelEntryInput, ModelEntrySchema, type TaskKind } from "@tokenwise/core";

const src = { url: "https://example.test/simulation", asOf: "2026-11-01" };
const caps = { tools: false, vision: false, structuredOutput: false, streaming: true, reasoning: false };

/** One simulated model: what the catalog says (prior) and what is true. */
export interface SimModel {
  id: string;
  /** USD per million input and output tokens. */
  input: string;
  output: string;
  /** Catalog general-quality score (undefined: unrated). */
  catalogQuality?: number;
  /** Catalog latency prior (TTFT ms). */
  priorTtftMs: number;
  /** The testkit's true TTFT, ms. */
  trueTtftMs: number;
  /** True quality per task kind before and after `declineAt` (the same when it does not decline). */
  trueQuality: Partial<Record<TaskKind, number>>;
  declinedQuality?: Partial<Record<TaskKind, number>>;
}

/** Output speed of every simulated model (prior and truth): output time is small beside the TTFT. */
export const TOKENS_PER_SEC = 2000;

/**
 * The scenario: `sim-slow` answers 3× slower than its prior says, `sim-fast` 3× faster; `sim-decliner`
 * carries the deadline traffic until its quality declines; `sim-unrated` has no rating (it can only be
 * explored, `unknownQuality: "prior"`) but is the cheapest and good at general tasks.
 */
export const SIM_MODELS: readonly SimModel[] = [
  {
    id: "sim-unrated",
    input: "0.05",
    output: "0.2",
    priorTtftMs: 60,
    trueTtftMs: 60,
    trueQuality: { general: 0.9, code: 0.4 },
  },
  {
    id: "sim-slow",
    input: "0.1",
    output: "0.4",
    catalogQuality: 0.8,
    priorTtftMs: 30,
    trueTtftMs: 90,
    trueQuality: { general: 0.8, code: 0.8 },
  },
  {
    id: "sim-decliner",
    input: "0.2",
    output: "0.8",
    catalogQuality: 0.82,
    priorTtftMs: 30,
    trueTtftMs: 30,
    trueQuality: { general: 0.85, code: 0.85 },
    declinedQuality: { general: 0.4, code: 0.4 },
  },
  {
    id: "sim-fast",
    input: "0.4",
    output: "1.6",
    catalogQuality: 0.8,
    priorTtftMs: 150,
    trueTtftMs: 50,
    trueQuality: { general: 0.8, code: 0.8 },
  },
  {
    id: "sim-premium",
    input: "2",
    output: "8",
    catalogQuality: 0.9,
    priorTtftMs: 35,
    trueTtftMs: 35,
    trueQuality: { general: 0.9, code: 0.9 },
  },
];

/** Catalog entries of the simulated models (provider `sim`, OpenAI wire style). */
export function simEntries(models: readonly SimModel[] = SIM_MODELS): ModelEntry[] {
  return models.map((m) => {
    const input: ModelEntryInput = {
      provider: "sim",
      id: m.id,
      api: "openai",
      contextWindow: 32_000,
      maxOutput: 4_096,
      capabilities: caps,
      tokenizer: "o200k_base",
      ...(m.catalogQuality === undefined
        ? {}
        : { quality: { general: { score: m.catalogQuality, source: "simulation" } } }),
      latency: { ttftMs: m.priorTtftMs, outputTokensPerSec: TOKENS_PER_SEC, source: "simulation" },
      prices: [
        {
          currency: "USD",
          effectiveFrom: "2026-01-01T00:00:00Z",
          input: m.input,
          output: m.output,
          source: src,
        },
      ],
    };
    return ModelEntrySchema.parse(input);
  });
}

/** The models with every latency multiplied by `scale`. */
export function scaledModels(scale: number, models: readonly SimModel[] = SIM_MODELS): SimModel[] {
  return models.map((m) => ({ ...m, priorTtftMs: m.priorTtftMs * scale, trueTtftMs: m.trueTtftMs * scale }));
}
