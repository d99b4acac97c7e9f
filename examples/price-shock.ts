/**
 * Price shock: what will our traffic cost now, and where should it go?
 *
 * Records tau-bench airline agent traffic (real GPT-4o tool-calling trajectories, one a day, every call
 * through the router against simulated providers: the testkit, in-process) from Monday 2026-08-10, when
 * DeepSeek V4 Flash cost 0.14 / 0.28 USD per million tokens, and exports the ledger as JSONL. Then
 * replays it two weeks later (same weekday and hour), through a dated price rise:
 *
 * - DeepSeek's 2026 peak/off-peak scheme (in force from 2026-08-16 16:00 UTC: 0.44 / 1.32 at peak,
 *   half off-peak) — a real price change, from the catalog;
 * - on top of it, +400% on the DeepSeek V4 Flash family (deepseek-v4-flash and its alias
 *   deepseek-chat) from 2026-08-24 — a HYPOTHETICAL scenario, built below as a user price table (not a
 *   real price: DeepSeek announced no such rise).
 *
 * It prints the bill as recorded, the bill if nothing changes (same models, new prices) and the bill
 * with re-routing under the same quality floor, and renders the plots with `--plot DIR`.
 *
 *   npx tsx examples/price-shock.ts                  # 6 trajectories (one per day), offline
 *   npx tsx examples/price-shock.ts --trajectories 3 --plot /tmp/price-shock
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Catalog, createCatalog } from "@tokenwise/catalog";
import { formatReplay, type ReplayResult, replay, replayPlotSpecs } from "@tokenwise/cli";
import {
  formatMoney,
  type ModelEntry,
  moneyFromDecimal,
  moneyToDecimal,
  TokenwiseError,
} from "@tokenwise/core";
import {
  createJsonlLedgerSink,
  createRouter,
  type LedgerEntry,
  ledgerJsonl,
  parseLedgerJsonl,
} from "@tokenwise/router";
import { type FaultPlan, simProvidersFor, startTestkit } from "@tokenwise/testkit";
import { DEMO_MODELS, loadTraces, replayResponder } from "./demo";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Options of {@link recordTauBenchLedger}. */
export interface RecordOptions {
  /** Trajectories to run (one a day, starting at `start`). Default 6. */
  trajectories?: number;
  /** The instant the first trajectory starts; each next one a day later. */
  start: Date;
  /** Minutes between an agent's calls. Default 3. */
  spacingMinutes?: number;
  /** The router's quality floor. Default 0.6 (as the demo). */
  minQuality?: number;
  /** Catalog keys to route between. Default the demo's models. */
  models?: readonly string[];
  /** Faults the simulated providers inject, per `provider/id` (testkit fault plans). */
  faults?: Record<string, FaultPlan>;
  /** Stream every n-th call (1-based call count divisible by n) instead of `generate`. Default: never. */
  streamEvery?: number;
}

/** A recorded ledger: its JSONL export and what it holds. */
export interface RecordedLedger {
  /** `ledgerJsonl(router.ledger.entries())` after the run. */
  jsonl: string;
  /** The same lines as a `createJsonlLedgerSink` wrote them during the run. */
  streamed: string;
  calls: number;
  /** Calls that failed (an injected fault cut them after output reached the caller). */
  failed: number;
  catalog: Catalog;
  /** The router's ledger total, in USD. */
  total: bigint;
}

/**
 * Runs tau-bench trajectories call by call through the router (the testkit answers with each recorded
 * assistant turn) on an injected clock, and exports the ledger.
 */
export async function recordTauBenchLedger(options: RecordOptions): Promise<RecordedLedger> {
  const catalog = createCatalog({ now: () => options.start });
  const models = (options.models ?? DEMO_MODELS).map((k) => catalog.find(k));
  const { trajectories, tools } = loadTraces(options.trajectories ?? 6);
  const answer = replayResponder(trajectories);
  const faults = options.faults ?? {};
  const kit = await startTestkit({
    providers: simProvidersFor(models, (m) => {
      const plan = faults[`${m.provider}/${m.id}`];
      return plan ? { response: answer, faults: plan } : { response: answer };
    }),
    timeScale: 0,
  });
  try {
    let clock = options.start.getTime();
    const providers = Object.fromEntries(
      [...new Set(models.map((m) => m.provider))].map((p) => [
        p,
        { apiKey: "testkit", baseURL: kit.baseURL(p) },
      ]),
    );
    let streamed = "";
    const router = createRouter({
      ledger: createJsonlLedgerSink((line) => {
        streamed += line;
      }),
      retry: { maxRetries: 1, initialDelayMs: 0, maxDelayMs: 0 },
      models,
      fx: catalog.fx,
      providers,
      env: {},
      now: () => new Date(clock),
      onWarning: () => {},
      defaults: { minQuality: options.minQuality ?? 0.6 },
    });
    const spacing = (options.spacingMinutes ?? 3) * 60_000;
    let calls = 0;
    let failed = 0;
    for (let t = 0; t < trajectories.length; t++) {
      const traj = trajectories[t]!;
      clock = options.start.getTime() + t * DAY;
      for (let i = 0; i < traj.length; i++) {
        if (traj[i]!.role !== "assistant") continue;
        const request = {
          messages: traj.slice(0, i),
          tools,
          tags: [`trajectory-${t}`, t % 2 === 0 ? "team-a" : "team-b"],
          tenant: "airline",
        };
        calls++;
        try {
          if (options.streamEvery && calls % options.streamEvery === 0) await router.stream(request).result;
          else await router.generate(request);
        } catch (error) {
          // A call cut by an injected fault (its billed attempts are in the ledger, estimated): go on.
          if (!TokenwiseError.isInstance(error)) throw error;
          failed++;
        }
        clock += spacing;
      }
    }
    return {
      jsonl: ledgerJsonl(router.ledger.entries()),
      streamed,
      calls,
      failed,
      catalog,
      total: router.ledger.total("USD").atto,
    };
  } finally {
    await kit.close();
  }
}

/** The token price fields of a version, a tier or a window's `prices`. */
const PRICE_FIELDS = ["input", "output", "cacheRead", "cacheWrite", "cacheWrite1h", "reasoning"] as const;

/**
 * A user price table (merged over the catalog) raising every price of the models `keys` by `factor`
 * (5n: +400%) from `from`: a HYPOTHETICAL scenario for what-if replays, not a real price. Each new
 * version copies the version in force at `from` (tiers and time-of-day windows included, every token
 * price scaled exactly; window multipliers kept) and says so in its source note.
 */
export function hypotheticalRise(catalog: Catalog, keys: readonly string[], factor: bigint, from: string) {
  const at = new Date(from);
  // Exact: a decimal price times a whole factor, through atto-units.
  const scale = (v: string) =>
    moneyToDecimal({ currency: "X", atto: moneyFromDecimal(v, "X").atto * factor });
  const scaled = <T extends Partial<Record<(typeof PRICE_FIELDS)[number], string>>>(prices: T): T => {
    const out = { ...prices };
    for (const f of PRICE_FIELDS) if (prices[f] !== undefined) out[f] = scale(prices[f]) as T[typeof f];
    return out;
  };
  const models: ModelEntry[] = keys.map((key) => {
    const model = catalog.find(key);
    const base = catalog.priceAt(model, at);
    const version = {
      ...scaled(base),
      effectiveFrom: from,
      ...(base.tiers ? { tiers: base.tiers.map(scaled) } : {}),
      ...(base.windows
        ? { windows: base.windows.map((w) => (w.prices ? { ...w, prices: scaled(w.prices) } : w)) }
        : {}),
      ...(base.perRequest !== undefined ? { perRequest: scale(base.perRequest) } : {}),
      source: {
        url: "hypothetical",
        asOf: from.slice(0, 10),
        note: `HYPOTHETICAL scenario, not a real price: ×${factor} every price of the version in force at ${from} (${base.source.url}, as of ${base.source.asOf})`,
      },
    };
    return { ...model, prices: [version] };
  });
  return { models };
}

/** Options of {@link runPriceShock}. */
export interface PriceShockOptions {
  trajectories?: number;
  /** Write the plots (SVG and PNG) here. */
  plotDir?: string;
  log?: (line: string) => void;
}

/** What the example measured. */
export interface PriceShockSummary {
  calls: number;
  /** Replayed at the prices that were in force: must equal the recorded total. */
  asRecorded: ReplayResult;
  /** Replayed two weeks later under DeepSeek's scheme alone. */
  schemeOnly: ReplayResult;
  /** Replayed two weeks later through DeepSeek's scheme and the hypothetical rise. */
  shock: ReplayResult;
  plots: string[];
}

/** Recording starts Monday 2026-08-10 09:00 UTC; the replay moves every call 14 days (same weekday and hour). */
export const RECORDED_FROM = new Date("2026-08-10T09:00:00Z");
export const SHIFT_DAYS = 14;
/** The family the hypothetical rise hits (DeepSeek V4 Flash and its alias deepseek-chat), and when. */
export const RISE_MODELS = ["deepseek/deepseek-v4-flash", "deepseek/deepseek-chat"];
export const RISE_FROM = "2026-08-24T00:00:00Z";

export async function runPriceShock(options: PriceShockOptions = {}): Promise<PriceShockSummary> {
  const log = options.log ?? ((line: string) => console.log(line));
  const recorded = await recordTauBenchLedger({
    start: RECORDED_FROM,
    trajectories: options.trajectories ?? 6,
  });
  const entries: LedgerEntry[] = parseLedgerJsonl(recorded.jsonl, { source: "calls.jsonl" });
  const base = recorded.catalog;
  // Replayed between the models the router routed between (as recorded), under the new prices.
  const routedBetween = (c: Catalog) => DEMO_MODELS.map((k) => c.find(k));
  const asRecorded = replay({ entries, models: routedBetween(base), fx: base.fx });
  const shocked = base.extend(hypotheticalRise(base, RISE_MODELS, 5n, RISE_FROM), { mode: "merge" });
  const schemeOnly = replay({ entries, models: routedBetween(base), fx: base.fx, shiftDays: SHIFT_DAYS });
  const shock = replay({ entries, models: routedBetween(shocked), fx: shocked.fx, shiftDays: SHIFT_DAYS });

  log(
    `price shock — ${recorded.calls} tau-bench agent calls recorded ${RECORDED_FROM.toISOString().slice(0, 10)} onwards, exported as JSONL (${entries.length} lines)`,
  );
  log(
    `replayed at the prices in force when recorded: ${asRecorded.repriced.atto === asRecorded.recorded.total.atto ? "equal to the ledger to the atto" : "DIFFERS from the ledger"}`,
  );
  const movesOf = (r: ReplayResult) => r.moves.map((m) => `${m.calls} → ${m.to}`).join(", ");
  log(
    `DeepSeek's scheme alone, ${SHIFT_DAYS} days later: ${formatMoney(schemeOnly.repriced, 6)} if nothing changes, ${formatMoney(schemeOnly.rerouted, 6)} re-routed (${schemeOnly.moved.count} of ${schemeOnly.calls} calls move${schemeOnly.moves.length > 0 ? `: ${movesOf(schemeOnly)}` : ""})`,
  );
  log("");
  for (const line of formatReplay(shock, [
    `replayed ${SHIFT_DAYS} days later (same weekday and hour), under the same quality floor:`,
    "  - DeepSeek's 2026 peak/off-peak scheme (from 2026-08-16 16:00 UTC, catalog)",
    `  - HYPOTHETICAL +400% on ${RISE_MODELS.join(", ")} from ${RISE_FROM} (a user price table; not a real price)`,
  ]))
    log(line);
  const plots: string[] = [];
  if (options.plotDir) {
    const bench = await import("@tokenwise/bench");
    mkdirSync(options.plotDir, { recursive: true });
    for (const [name, spec] of Object.entries(replayPlotSpecs(shock))) {
      const svg = await bench.renderSvg(spec as unknown as Parameters<typeof bench.renderSvg>[0]);
      const file = join(options.plotDir, `price-shock-${name}.svg`);
      writeFileSync(file, svg);
      writeFileSync(file.replace(/\.svg$/, ".png"), await bench.svgToPng(svg));
      plots.push(file, file.replace(/\.svg$/, ".png"));
    }
    log("");
    log(`plots: ${plots.join(", ")}`);
  }
  return { calls: recorded.calls, asRecorded, schemeOnly, shock, plots };
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const plotDir = arg(argv, "--plot");
  await runPriceShock({
    trajectories: Number(arg(argv, "--trajectories") ?? 6),
    ...(plotDir ? { plotDir } : {}),
  });
}
