import Anthropic from "@anthropic-ai/sdk";
import {
  type ChatMessageLike,
  type ChatRequestLike,
  type ContentPartLike,
  createTokenEstimator,
} from "@tokenwise/core";
import { type BiasedTokenizer, startTestkit, type TokenizerSpec } from "@tokenwise/testkit";
import OpenAI from "openai";
import { loadTauBench, tauBenchRequests } from "./tau-bench";

/** Every call of every tau-bench airline trajectory: the messages before each assistant turn, plus the tools. */
export function loadTauBenchRequests(): ChatRequestLike[] {
  const { trajectories, tools } = loadTauBench();
  return tauBenchRequests(trajectories, tools);
}

/** The custom Anthropic-style bias of the second run (the testkit accepts any `BiasedTokenizer`). */
export const CLAUDE_LIKE_BIAS: BiasedTokenizer = {
  name: "o200k×1.27+5",
  base: "o200k_base",
  ratio: 1.27,
  perMessage: 5,
  perRequest: 0,
};

/** One simulated provider of the run and the estimator family it is mapped to. */
export interface CalibrationTarget {
  provider: string;
  style: "openai" | "anthropic";
  model: string;
  tokenizer: TokenizerSpec;
  /** Core's family the model is estimated as (its stated prior is the starting point). */
  family: string;
}

/** `deepseek-chat` counts with the testkit's `o200k-biased` preset (×1.18, +5/message), as in its defaults. */
export const OPENAI_BIASED: CalibrationTarget = {
  provider: "deepseek",
  style: "openai",
  model: "deepseek-chat",
  tokenizer: "o200k-biased",
  family: "deepseek",
};

/** An Anthropic-style model with the custom bias ×1.27, +5/message, estimated as core's `anthropic` family. */
export const ANTHROPIC_BIASED: CalibrationTarget = {
  provider: "anthropic",
  style: "anthropic",
  model: "claude-sim", // a simulated id (the SDK warns on every call for deprecated real ids)
  tokenizer: CLAUDE_LIKE_BIAS,
  family: "anthropic",
};

/** Figures of one target's run. */
export interface CalibrationRun {
  provider: string;
  style: "openai" | "anthropic";
  model: string;
  tokenizer: string;
  family: string;
  calls: number;
  /** Median |estimate − realized| / realized over calls 21..N. */
  median_error: number;
  /** Share of all calls whose realized count lies in [low, high]. */
  coverage: number;
  /** The same share over calls 21..N. */
  coverage_after_20: number;
  /** Median relative error of calls 1..20 (the prior at work). */
  median_error_first_20: number;
  learned: { ratio: number; perMessage: number; intercept: number; sigma: number };
  /** Per call: estimate, bar and realized prompt tokens (the realized figure is the SDK's usage). */
  trace?: { tokens: number; low: number; high: number; realized: number }[];
}

const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};

/** `calls` requests drawn without replacement in a seeded order. */
export function drawRequests(requests: ChatRequestLike[], calls: number, seed: number): ChatRequestLike[] {
  const rand = mulberry32(seed);
  const order = requests.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, Math.min(calls, order.length)).map((i) => requests[i]!);
}

type AnthropicBlock = Exclude<ContentPartLike, string>;
interface AnthropicMessage {
  role: "user" | "assistant";
  content: AnthropicBlock[];
}

/**
 * Minimal OpenAI → Anthropic conversion: system messages → `system`; assistant tool calls →
 * `tool_use` blocks; tool messages → `tool_result` blocks in a user turn; consecutive turns of
 * one role merged (Anthropic alternates roles); tools → `{name, description, input_schema}`.
 */
export function toAnthropicRequest(request: ChatRequestLike): {
  system: string;
  messages: AnthropicMessage[];
  tools: { name: string; description: string; input_schema: Record<string, unknown> }[];
} {
  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  const push = (role: "user" | "assistant", blocks: AnthropicBlock[]) => {
    if (blocks.length === 0) return;
    const last = messages[messages.length - 1];
    if (last?.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  const text = (c: ChatMessageLike["content"]) => (typeof c === "string" ? c : "");
  for (const m of request.messages) {
    if (m.role === "system" || m.role === "developer") system.push(text(m.content));
    else if (m.role === "user") push("user", [{ type: "text", text: text(m.content) }]);
    else if (m.role === "assistant") {
      const blocks: AnthropicBlock[] = [];
      if (text(m.content)) blocks.push({ type: "text", text: text(m.content) });
      for (const c of m.tool_calls ?? []) {
        blocks.push({
          type: "tool_use",
          id: c.id ?? "toolu_0",
          name: c.function.name,
          input: JSON.parse(c.function.arguments || "{}") as unknown,
        });
      }
      push("assistant", blocks.length > 0 ? blocks : [{ type: "text", text: "…" }]);
    } else if (m.role === "tool") {
      push("user", [
        { type: "tool_result", tool_use_id: String(m.tool_call_id ?? ""), content: text(m.content) },
      ]);
    }
  }
  const tools = (request.tools ?? []).map((t) => ({
    name: t.function!.name,
    description: t.function!.description ?? "",
    input_schema: (t.function!.parameters ?? { type: "object" }) as Record<string, unknown>,
  }));
  return { system: system.join("\n"), messages, tools };
}

/** Options of {@link runTestkitCalibration}. */
export interface TestkitCalibrationOptions {
  /** Calls per target. */
  calls: number;
  /** Order of the drawn requests. Default 7. */
  seed?: number;
  /** The testkit's seed. Default 42. */
  kitSeed?: number;
  targets?: CalibrationTarget[];
  /** tau-bench requests (loaded when absent). */
  requests?: ChatRequestLike[];
  /** Keep the per-call trace. */
  trace?: boolean;
}

/**
 * Starts the testkit in-process (`timeScale: 0`, fixed seed), replays `calls` tau-bench requests per
 * target through the official SDK, estimating before and observing after each call, and closes it.
 */
export async function runTestkitCalibration(options: TestkitCalibrationOptions): Promise<CalibrationRun[]> {
  const targets = options.targets ?? [OPENAI_BIASED, ANTHROPIC_BIASED];
  const requests = options.requests ?? loadTauBenchRequests();
  const kit = await startTestkit({
    timeScale: 0,
    seed: options.kitSeed ?? 42,
    providers: targets.map((t) => ({
      name: t.provider,
      style: t.style,
      models: [{ id: t.model, tokenizer: t.tokenizer }],
    })),
  });
  try {
    const runs: CalibrationRun[] = [];
    for (const target of targets) {
      const estimator = createTokenEstimator();
      const drawn = drawRequests(requests, options.calls, options.seed ?? 7);
      const openai =
        target.style === "openai"
          ? new OpenAI({ baseURL: kit.baseURL(target.provider), apiKey: "test", maxRetries: 0 })
          : undefined;
      const anthropic =
        target.style === "anthropic"
          ? new Anthropic({ baseURL: kit.baseURL(target.provider), apiKey: "test", maxRetries: 0 })
          : undefined;
      const trace: NonNullable<CalibrationRun["trace"]> = [];
      for (const request of drawn) {
        let realized: number;
        let e: ReturnType<typeof estimator.estimate>;
        if (openai) {
          // The request as sent is what is estimated: the OpenAI body unchanged.
          e = estimator.estimate(request, target.family);
          const res = await openai.chat.completions.create({
            model: target.model,
            messages: request.messages as unknown as OpenAI.ChatCompletionMessageParam[],
            tools: request.tools as unknown as OpenAI.ChatCompletionTool[],
            max_tokens: 16,
          });
          realized = res.usage!.prompt_tokens;
        } else {
          const body = toAnthropicRequest(request);
          e = estimator.estimate(body as unknown as ChatRequestLike, target.family);
          const res = await anthropic!.messages.create({
            model: target.model,
            max_tokens: 16,
            system: body.system,
            messages: body.messages as unknown as Anthropic.MessageParam[],
            tools: body.tools as unknown as Anthropic.Tool[],
          });
          realized =
            res.usage.input_tokens +
            (res.usage.cache_creation_input_tokens ?? 0) +
            (res.usage.cache_read_input_tokens ?? 0);
        }
        trace.push({ tokens: e.tokens, low: e.low, high: e.high, realized });
        await estimator.observe(target.family, e, realized);
      }
      const err = (c: (typeof trace)[number]) => Math.abs(c.tokens - c.realized) / c.realized;
      const covered = (c: (typeof trace)[number]) => c.low <= c.realized && c.realized <= c.high;
      const after = trace.slice(20);
      const fit = estimator.calibration(target.family);
      runs.push({
        provider: target.provider,
        style: target.style,
        model: target.model,
        tokenizer: typeof target.tokenizer === "string" ? target.tokenizer : target.tokenizer.name,
        family: target.family,
        calls: trace.length,
        median_error: median(after.map(err)),
        coverage: trace.filter(covered).length / trace.length,
        coverage_after_20: after.filter(covered).length / after.length,
        median_error_first_20: median(trace.slice(0, 20).map(err)),
        learned: { ratio: fit.ratio, perMessage: fit.perMessage, intercept: fit.intercept, sigma: fit.sigma },
        ...(options.trace ? { trace } : {}),
      });
    }
    return runs;
  } finally {
    await kit.close();
  }
}
