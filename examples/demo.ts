/**
 * The main demo: real tau-bench airline agent trajectories (GPT-4o as a tool-calling agent) replayed
 * call by call through the router, against simulated providers (the testkit, in-process) priced from
 * the catalog. Prints, per call, the chosen model and estimated vs realized cost, then the total
 * against always using the strongest model.
 *
 *   pnpm demo                      # 3 trajectories, offline
 *   pnpm demo --trajectories 20    # more
 *   pnpm demo --quiet              # totals only
 *
 * With provider keys in the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY,
 * DASHSCOPE_API_KEY, …) those providers are called for real instead of simulated (the recorded
 * history is still what is sent; `--offline` keeps everything simulated).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { createCatalog } from "@tokenwise/catalog";
import { formatMoney, lifecycleState, type ModelEntry, type Money, modelKey } from "@tokenwise/core";
import {
  apiKeyEnvFor,
  type ChatMessage,
  createRouter,
  type ProviderSettings,
  type Router,
  strongestPolicy,
  type ToolDefinition,
} from "@tokenwise/router";
import {
  cacheSettingsFor,
  type SimRequest,
  type SimResponse,
  simProvidersFor,
  startTestkit,
} from "@tokenwise/testkit";

const here = dirname(fileURLToPath(import.meta.url));
const TRACES = join(here, "..", "benchmarks", "data", "traces");

/**
 * The models the demo routes between (catalog keys): one strong, one mid and one small model per
 * provider, none with an end of life announced in the catalog's data (checked on 2026-11-30). The demo
 * runs on today's clock, so it still leaves out (and names) any of them that has retired since.
 */
export const CURRENT_MODELS = [
  "openai/gpt-5.4",
  "openai/gpt-5.4-mini",
  "openai/gpt-5.4-nano",
  "anthropic/claude-opus-4-6",
  "anthropic/claude-sonnet-4-6",
  "anthropic/claude-haiku-4-5",
  "google/gemini-3.1-pro-preview",
  "google/gemini-3-flash-preview",
  "google/gemini-2.5-flash-lite",
  "qwen/qwen3-235b-a22b-instruct-2507",
  "deepseek/deepseek-v4-pro",
  "deepseek/deepseek-v4-flash",
];

/**
 * The pool of the dated runs, which replay on an injected clock and so stay reproducible: the sessions
 * example and benchmark (2026-11-30) and the price-shock recording (from 2026-08-10). Several of these
 * retire around the turn of 2026 (see `lifecycle` in the catalog); the live demo uses {@link CURRENT_MODELS}.
 */
export const DEMO_MODELS = [
  "openai/gpt-4o",
  "openai/gpt-4o-mini",
  "openai/gpt-4.1-mini",
  "google/gemini-2.5-pro",
  "anthropic/claude-sonnet-4-5",
  "anthropic/claude-haiku-4-5",
  "google/gemini-2.5-flash",
  "qwen/qwen3-235b-a22b-instruct-2507",
  "deepseek/deepseek-chat",
  "deepseek/deepseek-v4-flash",
];

interface RawMessage {
  role: string;
  content?: string | null;
  tool_calls?: { id: string; type?: string; function: { name: string; arguments: string } }[] | null;
  tool_call_id?: string;
}
interface Trajectory {
  task_id: number;
  trial: number;
  reward: number;
  traj: RawMessage[];
}

/** Normalizes a recorded message into the router's request shape (once: objects are reused per turn). */
function toChatMessage(m: RawMessage): ChatMessage {
  switch (m.role) {
    case "system":
      return { role: "system", content: m.content ?? "" };
    case "user":
      return { role: "user", content: m.content ?? "" };
    case "tool":
      return { role: "tool", tool_call_id: m.tool_call_id ?? "", content: m.content ?? "" };
    default: {
      const out: ChatMessage = { role: "assistant", content: m.content ?? null };
      if (m.tool_calls && m.tool_calls.length > 0) {
        out.tool_calls = m.tool_calls.map((c) => ({
          id: c.id,
          type: "function" as const,
          function: { name: c.function.name, arguments: c.function.arguments },
        }));
      }
      return out;
    }
  }
}

/** Loads `count` trajectories (spread over tasks) and the tool definitions. */
export function loadTraces(count: number): { trajectories: ChatMessage[][]; tools: ToolDefinition[] } {
  const all = JSON.parse(
    gunzipSync(readFileSync(join(TRACES, "tau-bench-airline-gpt4o.json.gz"))).toString("utf8"),
  ) as Trajectory[];
  const tools = JSON.parse(
    readFileSync(join(TRACES, "tau-bench-airline-tools.json"), "utf8"),
  ) as ToolDefinition[];
  const picked = all.filter((t) => t.trial === 0).slice(0, count);
  return { trajectories: picked.map((t) => t.traj.map(toChatMessage)), tools };
}

/** Answers a request with the recorded assistant turn it stands before (matched by its first user turn). */
export function replayResponder(trajectories: ChatMessage[][]): (request: SimRequest) => SimResponse {
  const byFirstUser = new Map<string, ChatMessage[]>();
  for (const t of trajectories) {
    const first = t.find((m) => m.role === "user");
    if (first && typeof first.content === "string")
      byFirstUser.set(
        first.content,
        t.filter((m) => m.role === "assistant"),
      );
  }
  return (request) => {
    const first = request.messages.find((m) => m.role === "user")?.content ?? "";
    const turns = byFirstUser.get(first) ?? [];
    const turn = turns[request.messages.filter((m) => m.role === "assistant").length];
    if (turn?.role !== "assistant") return { text: "(no recorded turn)" };
    const out: SimResponse = {};
    if (typeof turn.content === "string" && turn.content) out.text = turn.content;
    if (turn.tool_calls) {
      out.toolCalls = turn.tool_calls.map((c) => ({
        id: c.id,
        name: c.function.name,
        arguments: c.function.arguments,
      }));
    }
    return out;
  };
}

/** Options of {@link runDemo}. */
export interface DemoOptions {
  trajectories?: number;
  /** Call real providers whose key is in `env` (default true; false keeps everything simulated). */
  live?: boolean;
  quiet?: boolean;
  /** Minimum quality for the routed run. */
  minQuality?: number;
  log?: (line: string) => void;
  env?: Record<string, string | undefined>;
}

/** What the demo measured. */
export interface DemoSummary {
  calls: number;
  routed: Money;
  strongest: Money;
  strongestModel: string;
  savedPercent: number;
  estimated: Money;
  byModel: Record<string, number>;
  billedByProviders: Money;
  /** Per price currency: what the providers billed and what the two ledgers recorded, unconverted. */
  nativeTotals: { currency: string; billed: bigint; ledgers: bigint }[];
  seconds: number;
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoSummary> {
  const t0 = performance.now();
  const log = options.log ?? ((line: string) => console.log(line));
  const env = options.env ?? process.env;
  const catalog = createCatalog();
  // A model past its provider's retirement date is not routed to (the router would reject it): say so.
  const listed = CURRENT_MODELS.map((k) => catalog.find(k));
  const models: ModelEntry[] = listed.filter((m) => lifecycleState(m, catalog.now()) !== "retired");
  const retired = listed
    .filter((m) => !models.includes(m))
    .map((m) => `${modelKey(m)} (${m.lifecycle?.retiresOn})`);
  const { trajectories, tools } = loadTraces(options.trajectories ?? 3);
  const answer = replayResponder(trajectories);
  // Each simulated provider caches prompts as the catalog documents for that model (none where no
  // policy is documented), so the estimates are checked against the caching the router expects.
  const simulated = simProvidersFor(models, (m) => ({
    response: answer,
    cache: cacheSettingsFor(m.promptCache),
  }));
  const kit = await startTestkit({ providers: simulated, timeScale: 0 });
  try {
    const providers: Record<string, ProviderSettings> = {};
    const live: string[] = [];
    for (const { name: p } of simulated) {
      const envKey = env[apiKeyEnvFor(p, undefined)];
      if ((options.live ?? true) && envKey) {
        providers[p] = { apiKey: envKey };
        live.push(p);
      } else providers[p] = { apiKey: "testkit", baseURL: kit.baseURL(p) };
    }
    const common = { models, fx: catalog.fx, providers, env: {} };
    const routed = createRouter({ ...common, defaults: { minQuality: options.minQuality ?? 0.6 } });
    const strongest = createRouter({ ...common, policy: strongestPolicy() });
    const strongestModel = strongest.plan({ messages: [{ role: "user", content: "x" }] }).ranked[0]!;
    log(
      `tokenwise demo — ${trajectories.length} tau-bench airline trajectories, ${models.length} models, ` +
        `${live.length ? `live: ${live.join(", ")}, others simulated` : "simulated providers (testkit)"}, quality floor ${options.minQuality ?? 0.6}`,
    );
    if (retired.length > 0) log(`  retired, left out: ${retired.join(", ")}`);
    const byModel: Record<string, number> = {};
    let calls = 0;
    let estimated = 0n;
    const replay = async (router: Router, print: boolean) => {
      for (let t = 0; t < trajectories.length; t++) {
        const traj = trajectories[t]!;
        let turn = 0; // the agent's calls in this trajectory, numbered from 1
        for (let i = 0; i < traj.length; i++) {
          if (traj[i]!.role !== "assistant") continue;
          turn++;
          const r = await router.generate({ messages: traj.slice(0, i), tools, tags: [`trajectory-${t}`] });
          if (!print) continue;
          calls++;
          const key = `${r.provider}/${r.model}`;
          byModel[key] = (byModel[key] ?? 0) + 1;
          estimated += r.report.estimated.cost.total.atto;
          if (!options.quiet) {
            const u = r.report.realized.usage;
            log(
              `  traj ${t} call ${String(turn).padStart(2)}  ${key.padEnd(38)} est ${formatMoney(r.report.estimated.cost.total, 6).padEnd(13)}` +
                ` real ${formatMoney(r.report.realized.cost.total, 6).padEnd(13)} prompt ${String(u.input + u.cacheRead + u.cacheWrite).padStart(6)} (cached ${u.cacheRead})`,
            );
          }
        }
      }
    };
    await replay(routed, true);
    const routedTotal = routed.ledger.total("USD");
    let billed = kit.billingTotal("USD", { fx: catalog.fx }).atto;
    const native = new Map<string, { billed: bigint; ledgers: bigint }>();
    const addBilled = () => {
      for (const b of kit.billing()) {
        if (!b.billed || !b.cost) continue;
        const n = native.get(b.cost.currency) ?? { billed: 0n, ledgers: 0n };
        n.billed += b.cost.total.atto;
        native.set(b.cost.currency, n);
      }
    };
    addBilled();
    // The baseline starts from cold provider caches, as the routed run did.
    kit.reset();
    await replay(strongest, false);
    const strongestTotal = strongest.ledger.total("USD");
    billed += kit.billingTotal("USD", { fx: catalog.fx }).atto;
    addBilled();
    for (const r of [routed, strongest]) {
      for (const [currency, m] of r.ledger.byCurrency()) {
        const n = native.get(currency) ?? { billed: 0n, ledgers: 0n };
        n.ledgers += m.atto;
        native.set(currency, n);
      }
    }
    const nativeTotals = [...native].map(([currency, n]) => ({ currency, ...n }));
    const saved =
      strongestTotal.atto > 0n
        ? Number((10000n * (strongestTotal.atto - routedTotal.atto)) / strongestTotal.atto) / 100
        : 0;
    log("");
    log(
      `  calls: ${calls}; chosen: ${Object.entries(byModel)
        .map(([k, n]) => `${k} ×${n}`)
        .join(", ")}`,
    );
    log(
      `  routed total      ${formatMoney(routedTotal, 6)} (estimated ${formatMoney({ currency: "USD", atto: estimated }, 6)})`,
    );
    log(`  always ${strongestModel.provider}/${strongestModel.model}: ${formatMoney(strongestTotal, 6)}`);
    log(`  saved             ${saved.toFixed(1)}%`);
    log(
      `  providers billed  ${formatMoney({ currency: "USD", atto: billed }, 6)} for both runs, converted per entry (ledgers, converted per cost part: ${formatMoney({ currency: "USD", atto: routedTotal.atto + strongestTotal.atto }, 6)})`,
    );
    for (const n of nativeTotals) {
      log(
        `  in ${n.currency}: providers billed ${formatMoney({ currency: n.currency, atto: n.billed }, 6)}, ledgers ${formatMoney({ currency: n.currency, atto: n.ledgers }, 6)}${n.billed === n.ledgers ? " (equal to the atto)" : ""}`,
      );
    }
    return {
      calls,
      routed: routedTotal,
      strongest: strongestTotal,
      strongestModel: `${strongestModel.provider}/${strongestModel.model}`,
      savedPercent: saved,
      estimated: { currency: "USD", atto: estimated },
      byModel,
      billedByProviders: { currency: "USD", atto: billed },
      nativeTotals,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    await kit.close();
  }
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const s = await runDemo({
    trajectories: Number(arg(argv, "--trajectories") ?? 3),
    live: !argv.includes("--offline"),
    quiet: argv.includes("--quiet"),
    minQuality: Number(arg(argv, "--min-quality") ?? 0.6),
  });
  console.log(`  (${s.seconds.toFixed(1)} s)`);
}
