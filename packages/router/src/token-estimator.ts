import { OutputForecaster, type TokenizerFamily } from "@tokenwise/core";
import type { ChatMessage, RouterRequest, ToolDefinition } from "./types";

/** An estimate with its error bar. */
export interface TokenEstimate {
  tokens: number;
  low: number;
  high: number;
}

/**
 * What the router needs from token estimation. Counting is per message so that an agent's 50th
 * turn only counts its new messages (implementations cache per message object), and the router
 * can price the cached prefix apart. (Core's `TokenEstimator` counts a whole request; wrap it with
 * {@link withRequestEstimator} to get one of these.)
 */
export interface RequestEstimator {
  /** Name shown in reports. */
  readonly name: string;
  /** Tokens of one message for a tokenizer family, framing overhead included. */
  countMessage(message: ChatMessage, family: TokenizerFamily): number;
  /** Tokens of the fixed part: the system prompt and the tool definitions. */
  countFixed(
    system: string | undefined,
    tools: readonly ToolDefinition[] | undefined,
    family: TokenizerFamily,
  ): number;
  /** Relative error bar (e.g. 0.1 = ±10%) of an estimate for this family. */
  relativeError(family: TokenizerFamily): number;
  /**
   * Expected (mean) visible output tokens of this request on this model (`provider/id`): what the
   * expected cost is ranked on.
   */
  forecastOutput(request: RouterRequest, modelKey: string): number;
  /**
   * A high quantile (p90 by default) of the visible output tokens, at least the expectation and at
   * most `maxOutputTokens`: what is reserved in the context window (when `maxOutputTokens` is not
   * given) and checked against `maxCostPerCall` and `maxLatencyMs`. Optional; absent means the
   * expectation.
   */
  reserveOutput?(request: RouterRequest, modelKey: string): number;
  /**
   * Expected reasoning tokens of this request on a reasoning-capable model (billed at the reasoning
   * rate, usually the output rate), for the request's `reasoningEffort`. Optional; absent means 0.
   */
  forecastReasoning?(request: RouterRequest, modelKey: string): number;
  /**
   * Both reasoning figures in one look-up (selection calls it per reasoning-capable model): `expected`
   * as `forecastReasoning`, `reserve` its quantile counterpart (at least `expected`). The object may be
   * shared and updated later: read it, do not keep it. Optional; absent means `forecastReasoning` for both.
   */
  reasoningForecast?(request: RouterRequest, modelKey: string): ReasoningForecast;
  /** True when the output forecast depends on the model; false lets selection ask once per request. */
  readonly outputForecastByModel?: boolean;
  /**
   * Optional: the whole request's input tokens for a family with an error bar, from a better counter
   * (exact BPE, calibrated families). When present it gives the totals; per-message counts only split
   * the total into prefixes.
   */
  estimateRequest?(request: RouterRequest, family: TokenizerFamily): TokenEstimate;
  /** Feeds back a call's real usage: calibrates input counting and the output forecast. */
  observe(observation: {
    family: TokenizerFamily;
    modelKey: string;
    request: RouterRequest;
    estimatedPrompt: number;
    actualPrompt: number;
    /** Visible output tokens (reasoning excluded). */
    actualOutput: number;
    /** Reasoning tokens the provider reported. */
    actualReasoning?: number;
  }): void;
}

/** Reasoning tokens of a request on a model: the expectation (ranking) and a quantile (reserve). */
export interface ReasoningForecast {
  readonly expected: number;
  readonly reserve: number;
}

/** One route's reasoning figures, memoized: the EWMA, the expectation and the forecaster's quantile. */
interface ReasoningStat {
  mean: number | undefined;
  expected: number;
  reserve: number;
}

type EffortKey = NonNullable<RouterRequest["reasoningEffort"]> | "none";

/** Exactly counted families get a small error bar; the others start wide and narrow as calibrated. */
const EXACT_FAMILIES = new Set(["o200k_base", "cl100k_base"]);

/** Bytes per token of plain text, by family, before calibration (English-heavy text). */
const BYTES_PER_TOKEN: Record<string, number> = {
  o200k_base: 4.2,
  cl100k_base: 4.0,
  claude: 3.6,
  qwen: 4.0,
  deepseek: 4.0,
  glm: 4.0,
  kimi: 4.0,
};

/**
 * The heuristic's bytes per token for a tokenizer family before calibration (3.8 for a family it does
 * not know): also what replay converts a token count between families with.
 */
export function heuristicBytesPerToken(family: string): number {
  return BYTES_PER_TOKEN[family] ?? 3.8;
}

const PER_MESSAGE_OVERHEAD = 4;

function textBytes(text: string): number {
  // UTF-8 byte length without allocating: code units < 0x80 are 1 byte, < 0x800 two, surrogates 2 each (4 per pair), else 3.
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? 2 : 3;
  }
  return n;
}

function contentText(content: ChatMessage["content"]): { text: string; images: number } {
  if (content === null) return { text: "", images: 0 };
  if (typeof content === "string") return { text: content, images: 0 };
  let text = "";
  let images = 0;
  for (const part of content) {
    if (part.type === "text") text += part.text;
    else images++;
  }
  return { text, images };
}

/** Tokens an image costs in the estimate (a mid-size image at `auto` detail). */
const IMAGE_TOKENS = 800;

/**
 * A self-contained estimator: UTF-8 bytes over a per-family bytes-per-token ratio, calibrated online
 * from real usage (EWMA of actual/estimated per family), cached per message object. Output: the
 * expectation is an EWMA of observed visible output per task kind (ranking); the reserve is core's
 * `OutputForecaster` p90 of the last 256 outputs of the task kind (context fit, budget, latency cap);
 * both capped by `maxOutputTokens`. Reasoning (reasoning-capable models): per model, task kind and
 * `reasoningEffort`, an EWMA (expectation) and the forecaster's per-effort p90 (reserve). Used when
 * no better estimator (core's tokenizer-exact one) is configured, and for prefix splits and output.
 */
export function createHeuristicEstimator(
  options: {
    /** Expected output before any observation. Default 256 (or `maxOutputTokens` when smaller). */
    defaultOutputTokens?: number;
    /**
     * Core's forecaster for the quantiles (pass one to `restore()` a snapshot or tune the quantile,
     * window and priors; restore before the first request: figures are memoized until the next
     * observation). Default `new OutputForecaster()` (p90, 256 per route, prior 1,024).
     */
    outputForecaster?: OutputForecaster;
  } = {},
): RequestEstimator {
  const cache = new WeakMap<object, Map<string, number>>();
  const ratio = new Map<string, { factor: number; n: number }>();
  const outputs = new Map<string, number>();
  const forecaster = options.outputForecaster ?? new OutputForecaster();
  /** Memoized p90 of visible output per task kind (the forecaster sorts its window on each call). */
  const outputReserves = new Map<string, number>();
  /** Per task kind and effort (`kind|effort`), per model key: reasoning figures. */
  const reasoning = new Map<string, Map<string, ReasoningStat>>();
  // The table of the last request asked about (selection asks once per reasoning model).
  let lastRequest: RouterRequest | undefined;
  let lastTable: Map<string, ReasoningStat> | undefined;
  const defaultOut = options.defaultOutputTokens ?? 256;
  const bytesPerToken = heuristicBytesPerToken;
  const factor = (family: string) => ratio.get(family)?.factor ?? 1;
  const raw = (message: ChatMessage, family: string): number => {
    let per = cache.get(message);
    const hit = per?.get(family);
    if (hit !== undefined) return hit;
    const { text, images } = contentText(message.content);
    let bytes = textBytes(text);
    if (message.role === "assistant" && message.tool_calls) {
      for (const call of message.tool_calls)
        bytes += textBytes(call.function.name) + textBytes(call.function.arguments) + 12;
    }
    const tokens = Math.ceil(bytes / bytesPerToken(family)) + images * IMAGE_TOKENS + PER_MESSAGE_OVERHEAD;
    if (!per) {
      per = new Map();
      cache.set(message, per);
    }
    per.set(family, tokens);
    return tokens;
  };
  const toolCache = new WeakMap<object, Map<string, number>>();
  const expectedOutput = (kind: string): number => {
    const learned = outputs.get(kind);
    return learned === undefined ? defaultOut : Math.ceil(learned);
  };
  /** Reasoning routes in the forecaster: one per task kind and model (no effort: a plain series). */
  const reasoningRoute = (kind: string, modelKey: string, effort: EffortKey) =>
    effort === "none" ? `reasoning:${kind}|${modelKey}` : `${kind}|${modelKey}`;
  const reasoningReserveOf = (
    kind: string,
    modelKey: string,
    effort: EffortKey,
    mean: number | undefined,
  ) => {
    const route = reasoningRoute(kind, modelKey, effort);
    if (effort === "none") {
      // No effort asked: the learned p90 once there is one, else the expectation (prior 0: a model
      // that never reasoned is not charged for it).
      const f = forecaster.forecast({ route });
      return Math.max(f.source === "learned" ? f.outputTokens : 0, Math.ceil(mean ?? 0));
    }
    const f = forecaster.forecast({ route, reasoningEffort: effort });
    return Math.max(f.reasoningTokens, Math.ceil(mean ?? 0));
  };
  const reasoningStat = (request: RouterRequest, modelKey: string): ReasoningStat => {
    let table = lastTable;
    if (request !== lastRequest || table === undefined) {
      const route = `${request.taskKind ?? "general"}|${request.reasoningEffort ?? "none"}`;
      table = reasoning.get(route);
      if (table === undefined) {
        table = new Map();
        reasoning.set(route, table);
      }
      lastRequest = request;
      lastTable = table;
    }
    let stat = table.get(modelKey);
    if (stat === undefined) {
      const kind = request.taskKind ?? "general";
      const effort: EffortKey = request.reasoningEffort ?? "none";
      const reserve = reasoningReserveOf(kind, modelKey, effort, undefined);
      // With an effort and no history, the forecaster's per-effort prior; without one, 0.
      stat = { mean: undefined, expected: effort === "none" ? 0 : reserve, reserve };
      table.set(modelKey, stat);
    }
    return stat;
  };
  return {
    name: "heuristic-bytes-calibrated",
    outputForecastByModel: false,
    countMessage: (message, family) => Math.round(raw(message, family) * factor(family)),
    countFixed(system, tools, family) {
      let tokens = system ? Math.ceil(textBytes(system) / bytesPerToken(family)) + PER_MESSAGE_OVERHEAD : 0;
      if (tools && tools.length > 0) {
        let per = toolCache.get(tools);
        let t = per?.get(family);
        if (t === undefined) {
          t = Math.ceil(textBytes(JSON.stringify(tools)) / bytesPerToken(family));
          if (!per) {
            per = new Map();
            toolCache.set(tools, per);
          }
          per.set(family, t);
        }
        tokens += t;
      }
      return Math.round(tokens * factor(family));
    },
    relativeError(family) {
      if (EXACT_FAMILIES.has(family)) return 0.05;
      const n = ratio.get(family)?.n ?? 0;
      return n === 0 ? 0.25 : Math.max(0.05, 0.25 / Math.sqrt(n + 1));
    },
    forecastOutput(request) {
      // Keyed by task kind, not by model: answer length is mostly the task's, and a per-model forecast
      // would favour the models already observed over the ones not yet tried.
      const base = expectedOutput(request.taskKind ?? "general");
      return request.maxOutputTokens === undefined ? base : Math.min(base, request.maxOutputTokens);
    },
    reserveOutput(request) {
      const kind = request.taskKind ?? "general";
      let q = outputReserves.get(kind);
      if (q === undefined) {
        q = forecaster.forecast({ route: kind }).outputTokens;
        outputReserves.set(kind, q);
      }
      const reserve = Math.max(q, expectedOutput(kind));
      return request.maxOutputTokens === undefined ? reserve : Math.min(reserve, request.maxOutputTokens);
    },
    forecastReasoning(request, modelKey) {
      return reasoningStat(request, modelKey).expected;
    },
    reasoningForecast: reasoningStat,
    observe({ family, request, modelKey, estimatedPrompt, actualPrompt, actualOutput, actualReasoning }) {
      const kind = request.taskKind ?? "general";
      if (actualReasoning !== undefined) {
        const effort: EffortKey = request.reasoningEffort ?? "none";
        const route = reasoningRoute(kind, modelKey, effort);
        if (effort === "none") forecaster.observe({ route, outputTokens: actualReasoning });
        else
          forecaster.observe({
            route,
            outputTokens: actualOutput,
            reasoningTokens: actualReasoning,
            reasoningEffort: effort,
          });
        const stat = reasoningStat(request, modelKey);
        stat.mean =
          stat.mean === undefined ? actualReasoning : stat.mean + 0.2 * (actualReasoning - stat.mean);
        stat.expected = Math.ceil(stat.mean);
        stat.reserve = reasoningReserveOf(kind, modelKey, effort, stat.mean);
      }
      if (estimatedPrompt > 0 && actualPrompt > 0) {
        const prev = ratio.get(family) ?? { factor: 1, n: 0 };
        const observed = prev.factor * (actualPrompt / estimatedPrompt);
        const a = prev.n === 0 ? 0.5 : 0.1;
        ratio.set(family, { factor: prev.factor + a * (observed - prev.factor), n: prev.n + 1 });
      }
      const prevOut = outputs.get(kind);
      outputs.set(kind, prevOut === undefined ? actualOutput : prevOut + 0.2 * (actualOutput - prevOut));
      forecaster.observe({ route: kind, outputTokens: actualOutput });
      outputReserves.delete(kind);
    },
  };
}

/** The shape of `@tokenwise/core`'s token estimator (`createTokenEstimator()`), structurally. */
export interface WholeRequestEstimator {
  estimate(
    request: { messages: unknown[]; system?: unknown; tools?: unknown[] },
    family: string,
  ): { tokens: number; low: number; high: number };
  observe(
    family: string,
    estimate: { tokens: number; low: number; high: number },
    realizedInputTokens: number,
  ): void | Promise<void>;
}

/** Catalog tokenizer names → the estimator's family names. */
const FAMILY_ALIASES: Record<string, string> = {
  o200k_base: "openai-o200k",
  cl100k_base: "openai-cl100k",
  claude: "anthropic",
};

/**
 * Uses a whole-request estimator (core's exact/calibrated `createTokenEstimator()`) for input totals
 * and its calibration, keeping the heuristic's per-message counts to split prefixes and its output
 * forecast. Families the estimator does not know fall back to the heuristic.
 *
 * @example
 * createRouter({ catalog, estimator: withRequestEstimator(createTokenEstimator()) })
 */
export function withRequestEstimator(
  inner: WholeRequestEstimator,
  base: RequestEstimator = createHeuristicEstimator(),
): RequestEstimator {
  const last = new WeakMap<object, Map<string, { tokens: number; low: number; high: number }>>();
  const familyOf = (family: string) => FAMILY_ALIASES[family] ?? family;
  return {
    ...base,
    name: `request-estimator+${base.name}`,
    estimateRequest(request, family) {
      try {
        const body: { messages: unknown[]; system?: string; tools?: unknown[] } = {
          messages: request.messages as unknown[],
        };
        if (request.system !== undefined) body.system = request.system;
        if (request.tools) body.tools = request.tools as unknown[];
        const e = inner.estimate(body, familyOf(family));
        let per = last.get(request);
        if (!per) {
          per = new Map();
          last.set(request, per);
        }
        per.set(family, e);
        return { tokens: e.tokens, low: e.low, high: e.high };
      } catch {
        let sum = base.countFixed(request.system, request.tools, family);
        for (const m of request.messages) sum += base.countMessage(m, family);
        const err = base.relativeError(family);
        return { tokens: sum, low: Math.floor(sum * (1 - err)), high: Math.ceil(sum * (1 + err)) };
      }
    },
    observe(observation) {
      // The base calibrates its own counts only against its own estimates: here the prompt estimate
      // came from `inner`, so the base learns the output and reasoning forecasts only.
      base.observe({ ...observation, estimatedPrompt: 0 });
      const e = last.get(observation.request)?.get(observation.family);
      if (e) void inner.observe(familyOf(observation.family), e, observation.actualPrompt);
    },
  };
}
