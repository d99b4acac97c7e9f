/**
 * The AI SDK provider's added latency, measured against a running OpenAI-style upstream: the same
 * `generateText` / `streamText` call (ai@6) on an agent request (the longest recorded tau-bench airline
 * conversation with its 14 tools) goes either through `@ai-sdk/openai-compatible` straight to the
 * upstream, or through `@tokenwise/ai-sdk` (routing over the given models, exact accounting) to the
 * same endpoint. Calls are interleaved in pairs, the order alternating; one fetch wrapper on both
 * sides marks when the request leaves and when the response headers arrive, so the client-side time
 * (before the wire and after it) is measured apart from the upstream's. `added` is that client-side
 * time, tokenwise minus direct, paired. Used by `benchmarks/ai-sdk/run.ts` (ai-sdk.json) and by
 * `benchmarks/server/run.ts` (server.json's `ai_sdk`, against the server benchmark's upstream).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { createTokenwise } from "@tokenwise/ai-sdk";
import type { FxTable, ModelEntry, ToolDefinition } from "@tokenwise/core";
import { createRouter } from "@tokenwise/router";
import { generateText, jsonSchema, type ModelMessage, streamText, type ToolSet, tool } from "ai";
import { timedFetch } from "../support/tsx-worker";

// The direct side is a v2 model (openai-compatible@1) that ai@6 runs in compatibility mode; it warns per call.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const here = dirname(fileURLToPath(import.meta.url));
const TRACES = join(here, "..", "data", "traces");

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i]!;
}

interface RawMessage {
  role: string;
  content?: string | null;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[] | null;
  tool_call_id?: string;
}

/**
 * The longest recorded airline conversation as the request of the agent's last step (everything
 * before its final answer), as AI SDK messages.
 */
function agentRequest(): { system: string; messages: ModelMessage[]; tools: ToolSet; bytes: number } {
  const all = JSON.parse(
    gunzipSync(readFileSync(join(TRACES, "tau-bench-airline-gpt4o.json.gz"))).toString("utf8"),
  ) as { traj: RawMessage[] }[];
  const traj = all.reduce((a, b) =>
    JSON.stringify(b.traj).length > JSON.stringify(a.traj).length ? b : a,
  ).traj;
  const definitions = JSON.parse(
    readFileSync(join(TRACES, "tau-bench-airline-tools.json"), "utf8"),
  ) as ToolDefinition[];
  const tools: ToolSet = {};
  for (const d of definitions) {
    tools[d.function.name] = tool({
      description: d.function.description ?? d.function.name,
      inputSchema: jsonSchema(d.function.parameters ?? { type: "object" }),
    });
  }
  const names = new Map<string, string>();
  const messages: ModelMessage[] = [];
  let system = "";
  for (const m of traj) {
    if (m.role === "system") system = m.content ?? "";
    else if (m.role === "user") messages.push({ role: "user", content: m.content ?? "" });
    else if (m.role === "tool") {
      const id = m.tool_call_id ?? "";
      messages.push({
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: id,
            toolName: names.get(id) ?? "unknown",
            output: { type: "text", value: m.content ?? "" },
          },
        ],
      });
    } else {
      const content: Exclude<Extract<ModelMessage, { role: "assistant" }>["content"], string> = [];
      if (m.content) content.push({ type: "text", text: m.content });
      for (const c of m.tool_calls ?? []) {
        names.set(c.id, c.function.name);
        content.push({
          type: "tool-call",
          toolCallId: c.id,
          toolName: c.function.name,
          input: JSON.parse(c.function.arguments) as unknown,
        });
      }
      messages.push({ role: "assistant", content });
    }
  }
  while (messages.at(-1)?.role === "assistant") messages.pop();
  return { system, messages, tools, bytes: JSON.stringify({ system, messages }).length };
}

/** The models the AI SDK measurement routes over: the catalog's first 8 OpenAI models with tools and ≥ 128K context. */
export function aiSdkModels(models: readonly ModelEntry[]): ModelEntry[] {
  return models
    .filter((m) => m.provider === "openai" && m.contextWindow >= 128_000 && m.capabilities.tools)
    .slice(0, 8);
}

/** Percentiles of one side of the paired measurement, in ms. */
export interface P50P99 {
  p50: number;
  p99: number;
}

/** One mode's figures: whole-call latency per side, and the paired differences. */
export interface AiSdkModeResult {
  tokenwise: P50P99;
  direct: P50P99;
  /** Client-side time (before the wire + after the headers), tokenwise minus direct, paired. */
  added: P50P99;
  /** Whole calls, tokenwise minus direct, paired. */
  addedWhole: P50P99;
  models: string[];
}

export interface AiSdkMeasurement {
  request: { bytes: number; messages: number; tools: number; model: string; pairs: number };
  generate: AiSdkModeResult;
  stream: AiSdkModeResult;
}

/** Measures `pairs` interleaved pairs per mode (after 10 warm-up pairs) against `baseURL`. */
export async function measureAiSdk(options: {
  baseURL: string;
  models: readonly ModelEntry[];
  fx: FxTable;
  pairs: number;
}): Promise<AiSdkMeasurement> {
  const { baseURL, models, fx, pairs } = options;
  const timed = timedFetch();

  const request = agentRequest();
  const router = createRouter({
    models,
    fx,
    providers: { openai: { apiKey: "bench", baseURL } },
    fetch: timed.fetch,
    env: {},
  });
  const tokenwise = createTokenwise({ router });
  const routed = tokenwise("auto");
  const chosen = router.plan({
    system: request.system,
    messages: [{ role: "user", content: "x" }],
    maxOutputTokens: 50,
  }).ranked[0]!.model;
  const compatible = createOpenAICompatible({
    name: "testkit",
    baseURL,
    apiKey: "bench",
    fetch: timed.fetch,
    includeUsage: true,
  });
  const direct = compatible(chosen);
  const args = {
    system: request.system,
    messages: request.messages,
    tools: request.tools,
    maxOutputTokens: 50,
    maxRetries: 0,
  };

  type Mode = "generate" | "stream";
  const once = async (
    which: "tokenwise" | "direct",
    mode: Mode,
  ): Promise<{ total: number; own: number; model: string }> => {
    const model = which === "tokenwise" ? routed : direct;
    const t0 = performance.now();
    let modelId: string;
    if (mode === "generate") {
      modelId = (await generateText({ model, ...args })).response.modelId;
    } else {
      const s = streamText({ model, ...args });
      for await (const _ of s.textStream) {
        // drain
      }
      modelId = (await s.response).modelId;
    }
    const t1 = performance.now();
    return { total: t1 - t0, own: timed.sent() - t0 + (t1 - timed.answered()), model: modelId };
  };

  const measure = async (mode: Mode): Promise<AiSdkModeResult> => {
    for (let i = 0; i < 10; i++) {
      await once("tokenwise", mode);
      await once("direct", mode);
    }
    const tw: number[] = [];
    const dr: number[] = [];
    const diffs: number[] = [];
    const ownDiffs: number[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < pairs; i++) {
      const order: ("tokenwise" | "direct")[] =
        i % 2 === 0 ? ["tokenwise", "direct"] : ["direct", "tokenwise"];
      const r: Record<string, { total: number; own: number; model: string }> = {};
      for (const which of order) r[which] = await once(which, mode);
      tw.push(r.tokenwise!.total);
      dr.push(r.direct!.total);
      diffs.push(r.tokenwise!.total - r.direct!.total);
      ownDiffs.push(r.tokenwise!.own - r.direct!.own);
      seen.add(`${r.tokenwise!.model} | ${r.direct!.model}`);
    }
    for (const a of [tw, dr, diffs, ownDiffs]) a.sort((x, y) => x - y);
    const p = (a: number[]) => ({ p50: percentile(a, 0.5), p99: percentile(a, 0.99) });
    return { tokenwise: p(tw), direct: p(dr), added: p(ownDiffs), addedWhole: p(diffs), models: [...seen] };
  };

  const generate = await measure("generate");
  const stream = await measure("stream");
  return {
    request: {
      bytes: request.bytes,
      messages: request.messages.length,
      tools: Object.keys(request.tools).length,
      model: chosen,
      pairs,
    },
    generate,
    stream,
  };
}

/** The figures as printed by both benchmarks. */
export function aiSdkTable(m: AiSdkMeasurement): string[] {
  const f = (x: number) => x.toFixed(2).padStart(8);
  const lines = [
    `generateText / streamText on a ${(m.request.bytes / 1024).toFixed(0)} KB agent request (${m.request.messages} messages, ${m.request.tools} tools), model ${m.request.model}, ${m.request.pairs} interleaved pairs each`,
    "                                                       p50 ms    p99 ms",
  ];
  for (const [name, r] of [
    ["generateText", m.generate],
    ["streamText", m.stream],
  ] as const) {
    lines.push(`  ${name}: @ai-sdk/openai-compatible → testkit    ${f(r.direct.p50)}  ${f(r.direct.p99)}`);
    lines.push(
      `  ${name}: @tokenwise/ai-sdk → router → testkit   ${f(r.tokenwise.p50)}  ${f(r.tokenwise.p99)}`,
    );
    lines.push(`  ${name}: added, client side (paired)            ${f(r.added.p50)}  ${f(r.added.p99)}`);
    lines.push(
      `  ${name}: paired diff of whole calls             ${f(r.addedWhole.p50)}  ${f(r.addedWhole.p99)}`,
    );
  }
  return lines;
}
