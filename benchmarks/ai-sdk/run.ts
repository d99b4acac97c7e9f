/**
 * The AI SDK provider's added latency: `npx tsx benchmarks/ai-sdk/run.ts` (prints a table, writes
 * benchmarks/results/ai-sdk.json with `ai_sdk.added_ms.{p50,p99}`).
 *
 * The same `generateText` call (ai@6) on an agent request (a recorded tau-bench airline conversation
 * with its 14 tools) goes either through `@ai-sdk/openai-compatible` straight to the testkit, or
 * through `@tokenwise/ai-sdk` (routing over 8 OpenAI models, exact accounting) to the same endpoint.
 * The testkit runs in a worker thread (benchmarks/overhead/testkit-worker.ts). Calls are interleaved
 * in pairs; one fetch wrapper on both sides marks when the request leaves and when the response
 * headers arrive, so the client-side time (before the wire and after it) is measured apart from the
 * server's. `added_ms` is that client-side time, tokenwise minus direct, paired.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { gunzipSync } from "node:zlib";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { createTokenwise } from "@tokenwise/ai-sdk";
import { createCatalog } from "@tokenwise/catalog";
import type { ToolDefinition } from "@tokenwise/core";
import { createRouter } from "@tokenwise/router";
import { generateText, jsonSchema, type ModelMessage, type ToolSet, tool } from "ai";

// The direct side is a v2 model (openai-compatible@1) that ai@6 runs in compatibility mode; it warns per call.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(here, "..", "results");
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

const catalog = createCatalog();
const models = catalog
  .list()
  .filter((m) => m.provider === "openai" && m.contextWindow >= 128_000 && m.capabilities.tools)
  .slice(0, 8);
const entry = new URL("../overhead/testkit-worker.ts", import.meta.url).href;
const worker = new Worker(
  `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
  { eval: true, workerData: { keys: models.map((m) => `${m.provider}/${m.id}`) } },
);
const { baseURL } = await new Promise<{ baseURL: string }>((resolve, reject) => {
  worker.once("message", resolve);
  worker.once("error", reject);
});

let sent = 0;
let answered = 0;
const timedFetch: typeof fetch = async (input, init) => {
  sent = performance.now();
  const response = await fetch(input, init);
  answered = performance.now();
  return response;
};

const request = agentRequest();
const router = createRouter({
  models,
  fx: catalog.fx,
  providers: { openai: { apiKey: "bench", baseURL } },
  fetch: timedFetch,
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
  fetch: timedFetch,
  includeUsage: true,
});
const direct = compatible(chosen);

const call = (model: typeof routed | typeof direct) =>
  generateText({
    model,
    system: request.system,
    messages: request.messages,
    tools: request.tools,
    maxOutputTokens: 50,
    maxRetries: 0,
  });

type Mode = "generate" | "stream";
async function once(
  which: "tokenwise" | "direct",
  mode: Mode,
): Promise<{ total: number; own: number; model: string }> {
  const model = which === "tokenwise" ? routed : direct;
  const t0 = performance.now();
  let modelId: string;
  if (mode === "generate") {
    modelId = (await call(model)).response.modelId;
  } else {
    const { streamText } = await import("ai");
    const s = streamText({
      model,
      system: request.system,
      messages: request.messages,
      tools: request.tools,
      maxOutputTokens: 50,
      maxRetries: 0,
    });
    for await (const _ of s.textStream) {
      // drain
    }
    modelId = (await s.response).modelId;
  }
  const t1 = performance.now();
  return { total: t1 - t0, own: sent - t0 + (t1 - answered), model: modelId };
}

async function measure(mode: Mode, pairs: number) {
  for (let i = 0; i < 10; i++) {
    await once("tokenwise", mode);
    await once("direct", mode);
  }
  const tw: number[] = [];
  const dr: number[] = [];
  const diffs: number[] = [];
  const ownDiffs: number[] = [];
  let models = new Set<string>();
  for (let i = 0; i < pairs; i++) {
    const order: ("tokenwise" | "direct")[] = i % 2 === 0 ? ["tokenwise", "direct"] : ["direct", "tokenwise"];
    const r: Record<string, { total: number; own: number; model: string }> = {};
    for (const which of order) r[which] = await once(which, mode);
    tw.push(r.tokenwise!.total);
    dr.push(r.direct!.total);
    diffs.push(r.tokenwise!.total - r.direct!.total);
    ownDiffs.push(r.tokenwise!.own - r.direct!.own);
    models = models.add(`${r.tokenwise!.model} | ${r.direct!.model}`);
  }
  for (const a of [tw, dr, diffs, ownDiffs]) a.sort((x, y) => x - y);
  const p = (a: number[]) => ({ p50: percentile(a, 0.5), p99: percentile(a, 0.99) });
  return { tokenwise: p(tw), direct: p(dr), added: p(ownDiffs), addedWhole: p(diffs), models: [...models] };
}

const pairs = Number(process.env.PAIRS ?? 200);
const generate = await measure("generate", pairs);
const stream = await measure("stream", pairs);
worker.postMessage("close");
await new Promise((resolve) => worker.once("exit", resolve));

const f = (x: number) => x.toFixed(2).padStart(8);
console.log(
  `generateText / streamText on a ${(request.bytes / 1024).toFixed(0)} KB agent request (${request.messages.length} messages, 14 tools), model ${chosen}, ${pairs} interleaved pairs each`,
);
console.log("                                                       p50 ms    p99 ms");
for (const [name, r] of [
  ["generateText", generate],
  ["streamText", stream],
] as const) {
  console.log(`  ${name}: @ai-sdk/openai-compatible → testkit    ${f(r.direct.p50)}  ${f(r.direct.p99)}`);
  console.log(
    `  ${name}: @tokenwise/ai-sdk → router → testkit   ${f(r.tokenwise.p50)}  ${f(r.tokenwise.p99)}`,
  );
  console.log(`  ${name}: added, client side (paired)            ${f(r.added.p50)}  ${f(r.added.p99)}`);
  console.log(
    `  ${name}: paired diff of whole calls             ${f(r.addedWhole.p50)}  ${f(r.addedWhole.p99)}`,
  );
}
mkdirSync(RESULTS, { recursive: true });
writeFileSync(
  join(RESULTS, "ai-sdk.json"),
  `${JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      node: process.version,
      request: { bytes: request.bytes, messages: request.messages.length, tools: 14, model: chosen, pairs },
      ai_sdk: {
        // generateText: client-side time (before the request leaves + after the headers arrive),
        // tokenwise minus @ai-sdk/openai-compatible, paired.
        added_ms: generate.added,
        added_end_to_end_ms: generate.addedWhole,
        tokenwise_ms: generate.tokenwise,
        direct_ms: generate.direct,
        stream: {
          added_ms: stream.added,
          added_end_to_end_ms: stream.addedWhole,
          tokenwise_ms: stream.tokenwise,
          direct_ms: stream.direct,
        },
      },
    },
    null,
    2,
  )}\n`,
);
