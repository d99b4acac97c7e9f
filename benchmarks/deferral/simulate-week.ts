// A simulated week of deferrable jobs and interactive traffic on an injected clock, against the
// testkit (both batch APIs on, with failing lines), run twice: every job at arrival (the baseline),
// then through router.defer. Used by `pnpm bench:deferral` (10,000 jobs) and a small vitest run.
import { builtinModels } from "@tokenwise/catalog";
import { type ModelEntry, ModelEntrySchema, type Money, moneyToDecimal } from "@tokenwise/core";
import { createRouter, type JobHandle, type JobRecord, type Router } from "@tokenwise/router";
import { simProvidersFor, startTestkit, type Testkit } from "@tokenwise/testkit";
import { createPrng } from "@tokenwise/testkit/internal";

const H = 3600_000;
/** Monday 00:00 UTC: the week runs Monday to Sunday. */
export const WEEK_START = new Date("2026-11-30T00:00:00Z");
/** The hypothetical rise: DeepSeek's prices double on Thursday at noon UTC. */
export const RISE_AT = "2026-12-03T12:00:00Z";

const MODELS = [
  "deepseek/deepseek-v4-flash",
  "openai/gpt-5-mini",
  "openai/gpt-4.1-mini",
  "openai/gpt-5-nano",
  "anthropic/claude-haiku-4-5",
];

/**
 * The catalog's models (DeepSeek's current peak/off-peak windows, OpenAI's and Anthropic's 50% batch
 * rate) plus one user price version marked hypothetical: DeepSeek at twice its prices from {@link RISE_AT}.
 */
export function weekModels(): ModelEntry[] {
  const all = builtinModels();
  return MODELS.map((key) => {
    const m = all.find((x) => `${x.provider}/${x.id}` === key);
    if (!m) throw new Error(`catalog has no ${key}`);
    if (m.provider !== "deepseek") return m;
    const last = m.prices.at(-1)!;
    const double = (p: string | undefined) => (p === undefined ? undefined : String(Number(p) * 2));
    const rise = {
      ...last,
      effectiveFrom: RISE_AT,
      input: double(last.input)!,
      output: double(last.output)!,
      ...(last.cacheRead !== undefined ? { cacheRead: double(last.cacheRead) } : {}),
      source: {
        url: "https://example.invalid/tokenwise/hypothetical-price-table",
        asOf: "2026-11-30",
        note: "HYPOTHETICAL user price table for the deferral benchmark: DeepSeek's current prices ×2 from Thursday 12:00 UTC, windows unchanged. Not a real announcement.",
      },
    };
    return ModelEntrySchema.parse({ ...m, prices: [...m.prices, rise] });
  });
}

export interface WeekOptions {
  jobs: number;
  interactive: number;
  seed?: number;
  /** Share of batch lines that fail. Default 0.05. */
  lineFailureRate?: number;
}

export interface Job {
  i: number;
  arrival: number;
  deadline: number;
  minQuality: number;
  prompt: string;
}

export function workload(o: WeekOptions) {
  const rng = createPrng(o.seed ?? 7, "deferral-week");
  const topics = [
    "invoices",
    "support tickets",
    "release notes",
    "meeting notes",
    "product reviews",
    "log excerpts",
  ];
  // Quality floors; the last class may not leave OpenAI or Anthropic (say, a data-processing agreement).
  const qualities = [0.55, 0.6, 0.62, 0.69, 0.64];
  const jobs: Job[] = [];
  for (let i = 0; i < o.jobs; i++) {
    const arrival = WEEK_START.getTime() + Math.floor(rng.next() * 7 * 24 * H);
    const deadline = arrival + Math.round((1 + rng.next() * 47) * H);
    const words = 20 + rng.int(200);
    const topic = topics[rng.int(topics.length)]!;
    const body = Array.from({ length: words }, (_, k) => `${topic}-${(i * 31 + k) % 97}`).join(" ");
    jobs.push({
      i,
      arrival,
      deadline,
      minQuality: qualities[rng.int(qualities.length)]!,
      prompt: `Summarise these ${topic} in three bullet points: ${body}`,
    });
  }
  jobs.sort((a, b) => a.arrival - b.arrival);
  const interactive = Array.from({ length: o.interactive }, (_, k) => ({
    k,
    at: WEEK_START.getTime() + Math.floor(rng.next() * 7 * 24 * H),
    minQuality: qualities[rng.int(qualities.length)]!,
  })).sort((a, b) => a.at - b.at);
  return { jobs, interactive };
}

export const request = (prompt: string, minQuality: number, tags: string[]) => ({
  messages: [{ role: "user" as const, content: prompt }],
  constraints: minQuality === 0.64 ? { minQuality, allowProviders: ["openai", "anthropic"] } : { minQuality },
  maxOutputTokens: 400,
  tags,
});

/** A testkit on the clock `now` with both batch APIs (failing `lineFailureRate` of lines). */
export async function startWeekTestkit(models: ModelEntry[], now: () => Date, lineFailureRate: number) {
  const simulated = simProvidersFor(models, () => ({ tokenizer: "o200k_base" })).map((p) => ({
    ...p,
    batch: { completionMs: { min: 10 * 60_000, max: 6 * H }, lineFailureRate },
  }));
  const kit = await startTestkit({ providers: simulated, timeScale: 0, now, seed: 11 });
  const providers: Record<string, { apiKey: string; baseURL: string }> = {};
  for (const { name } of simulated) providers[name] = { apiKey: "sk-bench", baseURL: kit.baseURL(name) };
  return { kit, providers };
}

async function setup(models: ModelEntry[], clock: { t: Date }, lineFailureRate: number) {
  const now = () => clock.t;
  const { kit, providers } = await startWeekTestkit(models, now, lineFailureRate);
  const router = createRouter({
    models,
    providers,
    now,
    env: {},
    random: () => 0.5,
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    deferral: { autoRun: false, concurrency: 16 },
    // The week's models include deprecated ones (reports still carry the warning).
    onWarning: () => undefined,
  });
  return { kit, router };
}

const usd = (atto: bigint) => Number(moneyToDecimal({ currency: "USD", atto }));

/** What one simulated week measured. */
export interface WeekResult {
  jobs: number;
  interactive_calls: number;
  run_now_usd: number;
  deferred_usd: number;
  saving: number;
  saving_usd: number;
  missed_deadlines: number;
  failed_jobs: number;
  by_mechanism: Record<
    string,
    { jobs: number; run_now_usd: number; deferred_usd: number; saving_usd: number }
  >;
  ahead_of_rise: { jobs: number; avoided_usd: number };
  rescued: number;
  batches: Record<string, number>;
  batch_lines: number;
  failed_batch_lines: number;
  ledger_usd: string;
  billing_usd: string;
  ledger_equals_billing: boolean;
  baseline_ledger_equals_billing: boolean;
  wall_seconds: number;
}

/** The baseline: every deferrable job run at its arrival (real calls to the testkit); cost per job. */
export async function runAtArrival(models: ModelEntry[], jobs: readonly Job[], failRate: number) {
  const clockA = { t: WEEK_START };
  const a = await setup(models, clockA, failRate);
  const runNow = new Map<number, bigint>();
  try {
    for (const j of jobs) {
      clockA.t = new Date(j.arrival);
      const res = await a.router.generate(request(j.prompt, j.minQuality, ["deferrable"]));
      runNow.set(j.i, res.report.total.atto);
    }
  } finally {
    await a.kit.close();
  }
  const baselineOk = a.router.ledger.total("USD").atto === a.kit.billingTotal("USD").atto;
  return { runNow, baselineOk };
}

/** Runs the week twice (at arrival, then deferred) and compares. */
export async function simulateWeek(o: WeekOptions): Promise<WeekResult> {
  const started = performance.now();
  const models = weekModels();
  const { jobs, interactive } = workload(o);
  const failRate = o.lineFailureRate ?? 0.05;

  const { runNow, baselineOk } = await runAtArrival(models, jobs, failRate);

  // Deferred: the same jobs through router.defer, mixed with interactive traffic.
  const clock = { t: WEEK_START };
  const b = await setup(models, clock, failRate);
  const handles = new Map<number, JobHandle>();
  try {
    const router: Router = b.router;
    let ji = 0;
    let ii = 0;
    for (;;) {
      const nextJob = jobs[ji]?.arrival ?? Number.POSITIVE_INFINITY;
      const nextCall = interactive[ii]?.at ?? Number.POSITIVE_INFINITY;
      const arrival = Math.min(nextJob, nextCall);
      const due = router.jobs.nextDueAt()?.getTime() ?? Number.POSITIVE_INFINITY;
      if (!Number.isFinite(arrival) && !Number.isFinite(due)) break;
      if (due <= arrival) {
        if (due > clock.t.getTime()) clock.t = new Date(due);
        await router.jobs.runDue();
        continue;
      }
      clock.t = new Date(arrival);
      if (nextJob <= nextCall) {
        const j = jobs[ji++]!;
        const h = router.defer(request(j.prompt, j.minQuality, []), {
          deadline: j.deadline,
          tags: ["deferrable"],
        });
        h.result.catch(() => undefined);
        handles.set(j.i, h);
      } else {
        const c = interactive[ii++]!;
        await router.generate(
          request(`Interactive question ${c.k}: what is the capital of country ${c.k % 50}?`, c.minQuality, [
            "interactive",
          ]),
        );
      }
    }
  } finally {
    await b.kit.close();
  }

  return summarizeWeek({
    jobs,
    interactive: interactive.length,
    record: (j) => handles.get(j.i)!.status(),
    runNow,
    kit: b.kit,
    ledger: b.router.ledger.total("USD"),
    baselineOk,
    started,
  });
}

/** The week's figures from each job's final record, the baseline and the testkit's billing log. */
export function summarizeWeek(w: {
  jobs: readonly Job[];
  interactive: number;
  record: (j: Job) => JobRecord;
  runNow: Map<number, bigint>;
  kit: Pick<Testkit, "billing" | "batches" | "billingTotal">;
  ledger: Money;
  baselineOk: boolean;
  started: number;
}): WeekResult {
  const { jobs, runNow } = w;
  let failed = 0;
  const by: WeekResult["by_mechanism"] = {};
  let missed = 0;
  let rescued = 0;
  let total = 0n;
  let totalNow = 0n;
  let avoided = 0n;
  let ahead = 0;
  for (const j of jobs) {
    const r = w.record(j);
    if (r.status !== "done") failed++;
    if (r.status !== "done" || (r.finishedAt && r.finishedAt.getTime() > r.deadline.getTime())) missed++;
    if (r.ranBy === "rescue") rescued++;
    const mech = r.plan.mechanism;
    const now = runNow.get(j.i)!;
    const cost = r.realized?.atto ?? 0n;
    by[mech] ??= { jobs: 0, run_now_usd: 0, deferred_usd: 0, saving_usd: 0 };
    const m = by[mech];
    m.jobs++;
    m.run_now_usd += usd(now);
    m.deferred_usd += usd(cost);
    total += cost;
    totalNow += now;
    if (mech === "ahead-of-rise" && r.plan.afterRise) {
      ahead++;
      avoided += r.plan.afterRise.atto - r.plan.expected.atto;
    }
  }
  for (const m of Object.values(by)) {
    m.saving_usd = round(m.run_now_usd - m.deferred_usd);
    m.run_now_usd = round(m.run_now_usd);
    m.deferred_usd = round(m.deferred_usd);
  }
  const lines = w.kit.billing().filter((e) => e.batch);
  const batches: Record<string, number> = {};
  for (const x of w.kit.batches()) batches[x.provider] = (batches[x.provider] ?? 0) + 1;
  const ledger = w.ledger;
  const billing: Money = w.kit.billingTotal("USD");
  return {
    jobs: jobs.length,
    interactive_calls: w.interactive,
    run_now_usd: round(usd(totalNow)),
    deferred_usd: round(usd(total)),
    saving: Number((1 - Number(total) / Number(totalNow)).toFixed(4)),
    saving_usd: round(usd(totalNow - total)),
    missed_deadlines: missed,
    failed_jobs: failed,
    by_mechanism: by,
    ahead_of_rise: { jobs: ahead, avoided_usd: round(usd(avoided)) },
    rescued,
    batches,
    batch_lines: lines.length,
    failed_batch_lines: lines.filter((e) => !e.billed).length,
    ledger_usd: moneyToDecimal(ledger),
    billing_usd: moneyToDecimal(billing),
    ledger_equals_billing: ledger.atto === billing.atto,
    baseline_ledger_equals_billing: w.baselineOk,
    wall_seconds: Number(((performance.now() - w.started) / 1000).toFixed(1)),
  };
}

function round(x: number): number {
  return Number(x.toFixed(6));
}
