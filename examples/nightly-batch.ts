/**
 * Nightly batch: defer the first turn of every tau-bench airline task (50 prompts with the system
 * prompt and the 14 tools) with a 12-hour deadline, print the plan (which way each job runs, when,
 * on which model) and the saving against running them at once. Runs offline against the testkit's
 * simulated providers and batch APIs on a simulated clock (`npx tsx examples/nightly-batch.ts`).
 */
import { pathToFileURL } from "node:url";
import { createCatalog } from "@tokenwise/catalog";
import { formatMoney, type Money } from "@tokenwise/core";
import { createRouter, type JobHandle, jobsToJSON } from "@tokenwise/router";
import { simProvidersFor, startTestkit } from "@tokenwise/testkit";
import { loadTraces } from "./demo";

const H = 3600_000;

export interface NightlySummary {
  jobs: number;
  byMechanism: Record<string, number>;
  runNow: Money;
  expected: Money;
  realized: Money;
  billed: Money;
  missed: number;
  /** The jobs as `tokenwise jobs` reads them. */
  snapshot: string;
}

export async function main(log: (line: string) => void = console.log): Promise<NightlySummary> {
  const catalog = createCatalog();
  const models = [
    "deepseek/deepseek-v4-flash",
    "openai/gpt-4.1-mini",
    "openai/gpt-5-mini",
    "anthropic/claude-haiku-4-5",
  ].map((k) => catalog.find(k));
  const { trajectories, tools } = loadTraces(50);
  // 06:00 UTC on a Monday: DeepSeek's peak (06:00–10:00 UTC on weekdays) has just begun; its off-peak
  // (half price) returns at 10:00, and the batch APIs bill half at any hour.
  const clock = { t: new Date("2026-11-30T06:00:00Z") };
  const now = () => clock.t;
  // Simulated providers and batch APIs priced like the real ones (omit in production).
  const kit = await startTestkit({
    timeScale: 0,
    now,
    providers: simProvidersFor(models, () => ({})).map((p) => ({
      ...p,
      batch: { completionMs: { min: 15 * 60_000, max: 3 * H } },
    })),
  });
  try {
    const router = createRouter({
      models,
      fx: catalog.fx,
      now,
      env: {},
      onWarning: () => undefined,
      providers: {
        openai: { apiKey: "test", baseURL: kit.baseURL("openai") },
        anthropic: { apiKey: "test", baseURL: kit.baseURL("anthropic") },
        deepseek: { apiKey: "test", baseURL: kit.baseURL("deepseek") },
      },
      // Most batches end within the hour: allow 6 h (the rescue runs a late one interactively in time).
      // autoRun false: this example drives the simulated clock itself; leave it on in a real process.
      deferral: { batchAllowanceMs: 6 * H, autoRun: false },
    });
    const deadline = clock.t.getTime() + 12 * H;
    const jobs: JobHandle[] = trajectories.map((traj, i) => {
      const firstUser = traj.findIndex((m) => m.role === "user");
      return router.defer(
        {
          messages: traj.slice(0, firstUser + 1),
          tools,
          constraints: { minQuality: 0.6 },
          maxOutputTokens: 512,
        },
        { deadline, tags: ["nightly", `task-${i}`] },
      );
    });
    log(
      `deferred ${jobs.length} tau-bench first turns at ${clock.t.toISOString()}, deadline ${new Date(deadline).toISOString()}`,
    );
    const plans = new Map<string, number>();
    for (const j of jobs) {
      const p = j.status().plan;
      const key = `${p.mechanism} on ${p.provider}/${p.model} at ${p.at.toISOString().slice(11, 16)} UTC`;
      plans.set(key, (plans.get(key) ?? 0) + 1);
    }
    log("plan:");
    for (const [way, n] of plans) log(`  ${String(n).padStart(3)} × ${way}`);

    // The night passes: run what is due at each instant.
    for (let due = router.jobs.nextDueAt(); due; due = router.jobs.nextDueAt()) {
      if (due > clock.t) clock.t = due;
      await router.jobs.runDue();
    }
    await Promise.all(jobs.map((j) => j.result));
    const report = router.jobs.report("USD");
    const missed = jobs.filter((j) => j.status().finishedAt!.getTime() > deadline).length;
    log(`run at once (expected):  ${formatMoney(report.total.runNow)}`);
    log(`deferred (expected):     ${formatMoney(report.total.expected)}`);
    log(
      `deferred (realized):     ${formatMoney(report.total.realized)}  = billed ${formatMoney(kit.billingTotal("USD"))}`,
    );
    log(`expected saving: ${formatMoney(report.total.saving)}; missed deadlines: ${missed}`);
    return {
      jobs: jobs.length,
      byMechanism: Object.fromEntries(Object.entries(report.byMechanism).map(([k, v]) => [k, v.jobs])),
      runNow: report.total.runNow,
      expected: report.total.expected,
      realized: report.total.realized,
      billed: kit.billingTotal("USD"),
      missed,
      snapshot: jobsToJSON(router.jobs.list()),
    };
  } finally {
    await kit.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
