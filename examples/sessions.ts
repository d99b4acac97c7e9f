/**
 * Agent sessions: one real tau-bench airline trajectory (GPT-4o as a tool-calling agent) replayed as
 * a session, against simulated providers (the testkit) priced from the catalog and caching as the
 * catalog says each provider does. Prints each call's model, cost and cached prompt tokens, then what
 * the session cost, its cache-hit rate and what caching saved. Offline: `npx tsx examples/sessions.ts`.
 */
import { pathToFileURL } from "node:url";
import { createCatalog } from "@tokenwise/catalog";
import { formatMoney, lifecycleState } from "@tokenwise/core";
import { createRouter, type ProviderSettings, type SessionReport } from "@tokenwise/router";
import { cacheSettingsFor, simProvidersFor, startTestkit } from "@tokenwise/testkit";
import { DEMO_MODELS, loadTraces, replayResponder } from "./demo";

export async function main(log: (line: string) => void = console.log): Promise<SessionReport> {
  // A fixed instant: prices, DeepSeek's time-of-day windows and lifecycles as they stand then.
  const clock = { t: Date.parse("2026-11-30T02:00:00Z") };
  const now = () => new Date(clock.t);
  const catalog = createCatalog();
  const models = DEMO_MODELS.map((k) => catalog.find(k)).filter(
    (m) => lifecycleState(m, now()) !== "retired",
  );
  const { trajectories, tools } = loadTraces(1);
  const kit = await startTestkit({
    timeScale: 0,
    now,
    providers: simProvidersFor(models, (m) => ({
      response: replayResponder(trajectories),
      cache: cacheSettingsFor(m.promptCache),
    })),
  });
  try {
    const providers: Record<string, ProviderSettings> = {};
    for (const m of models) providers[m.provider] = { apiKey: "testkit", baseURL: kit.baseURL(m.provider) };
    const router = createRouter({ models, fx: catalog.fx, providers, env: {}, now, onWarning: () => {} });
    const agent = router.session({ id: "tau-airline-0", constraints: { minQuality: 0.6 } });
    const trajectory = trajectories[0]!;
    for (let i = 0; i < trajectory.length; i++) {
      if (trajectory[i]!.role !== "assistant") continue;
      // Each turn sends the whole history so far, as an agent does.
      const { report, usage } = await agent.generate({ messages: trajectory.slice(0, i), tools });
      log(
        `${`${report.provider}/${report.model}`.padEnd(24)} ${formatMoney(report.total, 6).padEnd(13)}` +
          ` prompt ${String(usage.input + usage.cacheRead + usage.cacheWrite).padStart(5)} (cached ${usage.cacheRead})`,
      );
      clock.t += 5_000; // the agent's tools run, the next turn comes
    }
    const report = agent.report();
    const { totals } = report;
    log(
      `session: ${totals.calls} calls, ${formatMoney(totals.cost, 6)}; cache hit rate ${(totals.cacheHitRate * 100).toFixed(1)}%;` +
        ` caching saved ${formatMoney(totals.saved, 6)} of ${formatMoney(totals.fullPrice, 6)} at full input price`,
    );
    return report;
  } finally {
    await kit.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
