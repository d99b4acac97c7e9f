/**
 * The sessions benchmark: the tau-bench airline trajectories (GPT-4o as a tool-calling agent, the
 * demo's copy) replayed call by call against the testkit, twice on the same models, quality floor,
 * answers and simulated clock, from cold provider caches each time:
 *
 * - **stateless**: `router.generate` per call, as the router routes today (per-call cheapest, with the
 *   router's prefix sightings pricing expected cache reads);
 * - **sessions**: one `router.session({ id })` per trajectory.
 *
 * The trajectories start evenly spread over one weekday (UTC), as agents run all day, so time-of-day
 * prices (DeepSeek's off-peak windows) are met as often as they occur; a trajectory's calls are
 * `turnGapSeconds` apart on the injected clock (the testkit's cache lifetimes use the same clock).
 * Each simulated provider caches as its catalog `promptCache` says (automatic with its minimum,
 * Anthropic-style breakpoints, or nothing) and reports cache reads and writes in its wire usage.
 * Money comes from the providers' billing log (checked equal to each router's ledger, per currency).
 */
import { createCatalog } from "@tokenwise/catalog";
import { lifecycleState, type ModelEntry, type Money, modelKey } from "@tokenwise/core";
import { createRouter, type ProviderSettings, type Router, type RouterResult } from "@tokenwise/router";
import { cacheSettingsFor, simProvidersFor, startTestkit, type Testkit } from "@tokenwise/testkit";
import { DEMO_MODELS, loadTraces, replayResponder } from "../../examples/demo";

/** Options of {@link runSessionsBenchmark}. */
export interface SessionsBenchmarkOptions {
  /** Trajectories replayed (trial 0 of each task, in file order). Default 50: every task. */
  trajectories?: number;
  /** The quality floor of both runs. Default 0.6 (the demo's). */
  minQuality?: number;
  /** Simulated seconds between two calls of a trajectory (the agent's tools and the answer). Default 5. */
  turnGapSeconds?: number;
  /**
   * Midnight of the day the trajectories are spread over (prices, windows and lifecycles in force).
   * Default 2026-11-30T00:00Z, a Monday.
   */
  start?: Date;
}

/** What one run measured. */
export interface RunFigures {
  usd: number;
  atto: string;
  calls: number;
  prompt_tokens: number;
  cached_tokens: number;
  cache_write_tokens: number;
  cache_hit_rate: number;
  by_model: Record<string, number>;
  /** Calls whose model differs from the previous call of the same trajectory. */
  switches: number;
  /** The router's ledger equals the billing log in every currency, to the atto. */
  ledger_equals_billing: boolean;
}

/** The benchmark's results (`benchmarks/results/sessions.json`). */
export interface SessionsBenchmarkResult {
  stateless_usd: number;
  session_usd: number;
  /** `1 − session_usd / stateless_usd` (exact atto-units, as a fraction). */
  saving: number;
  saving_usd: number;
  /** Cached input tokens / prompt tokens of the sessions run. */
  cache_hit_rate: number;
  stateless_cache_hit_rate: number;
  /** What caching saved in the sessions run: its cost at full input price minus what it cost (USD). */
  session_cache_saved_usd: number;
  trajectories: number;
  calls: number;
  min_quality: number;
  turn_gap_seconds: number;
  start: string;
  models: string[];
  left_out: string[];
  stateless: RunFigures;
  sessions: RunFigures;
}

const usd = (m: Money) => Number(m.atto) / 1e18;

/** Runs both replays and returns the figures. */
export async function runSessionsBenchmark(
  options: SessionsBenchmarkOptions = {},
): Promise<SessionsBenchmarkResult> {
  const start = options.start ?? new Date("2026-11-30T00:00:00Z");
  const minQuality = options.minQuality ?? 0.6;
  const gapMs = (options.turnGapSeconds ?? 5) * 1000;
  const catalog = createCatalog();
  const listed = DEMO_MODELS.map((k) => catalog.find(k));
  const models: ModelEntry[] = listed.filter((m) => lifecycleState(m, start) !== "retired");
  const leftOut = listed.filter((m) => !models.includes(m)).map((m) => `${modelKey(m)} (retired)`);
  const { trajectories, tools } = loadTraces(options.trajectories ?? 50);
  const answer = replayResponder(trajectories);
  const clock = { t: start.getTime() };
  const now = () => new Date(clock.t);
  const kit: Testkit = await startTestkit({
    providers: simProvidersFor(models, (m) => ({
      response: answer,
      cache: cacheSettingsFor(m.promptCache),
    })),
    timeScale: 0,
    now,
  });
  const providers: Record<string, ProviderSettings> = {};
  for (const m of models) providers[m.provider] = { apiKey: "testkit", baseURL: kit.baseURL(m.provider) };
  const newRouter = () =>
    createRouter({
      models,
      fx: catalog.fx,
      providers,
      env: {},
      now,
      defaults: { minQuality },
      onWarning: () => {},
    });

  const replay = async (
    router: Router,
    call: (t: number, messages: (typeof trajectories)[number]) => Promise<RouterResult>,
  ): Promise<RunFigures> => {
    kit.reset(); // cold provider caches, an empty billing log
    const byModel: Record<string, number> = {};
    let calls = 0;
    let switches = 0;
    for (let t = 0; t < trajectories.length; t++) {
      const traj = trajectories[t]!;
      clock.t = start.getTime() + Math.floor((t * 86_400_000) / trajectories.length);
      let previous: string | undefined;
      for (let i = 0; i < traj.length; i++) {
        if (traj[i]!.role !== "assistant") continue;
        const r = await call(t, traj.slice(0, i));
        const key = `${r.provider}/${r.model}`;
        byModel[key] = (byModel[key] ?? 0) + 1;
        if (previous !== undefined && previous !== key) switches++;
        previous = key;
        calls++;
        clock.t += gapMs;
      }
    }
    let prompt = 0;
    let cached = 0;
    let written = 0;
    const billed = new Map<string, bigint>();
    for (const b of kit.billing()) {
      if (!b.billed || !b.cost) continue;
      const u = b.usage;
      prompt += u.input + u.cacheRead + u.cacheWrite + u.cacheWrite1h;
      cached += u.cacheRead;
      written += u.cacheWrite + u.cacheWrite1h;
      billed.set(b.cost.currency, (billed.get(b.cost.currency) ?? 0n) + b.cost.total.atto);
    }
    const ledger = router.ledger.byCurrency();
    const equal =
      ledger.size === billed.size && [...billed].every(([c, atto]) => ledger.get(c)?.atto === atto);
    const total = kit.billingTotal("USD", { fx: catalog.fx });
    return {
      usd: usd(total),
      atto: total.atto.toString(),
      calls,
      prompt_tokens: prompt,
      cached_tokens: cached,
      cache_write_tokens: written,
      cache_hit_rate: prompt > 0 ? cached / prompt : 0,
      by_model: byModel,
      switches,
      ledger_equals_billing: equal,
    };
  };

  try {
    const stateless = newRouter();
    const statelessRun = await replay(stateless, (t, messages) =>
      stateless.generate({ messages, tools, tags: [`trajectory-${t}`] }),
    );
    const routed = newRouter();
    const sessions = trajectories.map((_, t) => routed.session({ id: `tau-airline-${t}` }));
    const sessionRun = await replay(routed, (t, messages) =>
      sessions[t]!.generate({ messages, tools, tags: [`trajectory-${t}`] }),
    );
    let saved = 0n;
    for (const s of sessions) saved += s.report().totals.saved.atto;
    const a = BigInt(statelessRun.atto);
    const b = BigInt(sessionRun.atto);
    return {
      stateless_usd: statelessRun.usd,
      session_usd: sessionRun.usd,
      saving: a > 0n ? Number(((a - b) * 1_000_000n) / a) / 1_000_000 : 0,
      saving_usd: Number(a - b) / 1e18,
      cache_hit_rate: sessionRun.cache_hit_rate,
      stateless_cache_hit_rate: statelessRun.cache_hit_rate,
      session_cache_saved_usd: Number(saved) / 1e18,
      trajectories: trajectories.length,
      calls: sessionRun.calls,
      min_quality: minQuality,
      turn_gap_seconds: gapMs / 1000,
      start: start.toISOString(),
      models: models.map(modelKey),
      left_out: leftOut,
      stateless: statelessRun,
      sessions: sessionRun,
    };
  } finally {
    await kit.close();
  }
}
