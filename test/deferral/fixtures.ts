import { type ModelEntry, ModelEntrySchema } from "@tokenwise/core";
import { createRouter, type DeferralSettings, type Router } from "@tokenwise/router";
import { type SimProviderConfig, simProvidersFor, startTestkit, type Testkit } from "@tokenwise/testkit";
import { FX, KEY, testModels } from "../router/fixtures";

/** The router tests' models (DeepSeek's off-peak window, gpt-4o's dated rise on 2026-10-01) with OpenAI's and Anthropic's 50% batch rate. */
export function deferralModels(): ModelEntry[] {
  return testModels().map((m) =>
    ModelEntrySchema.parse({
      ...m,
      prices: m.prices.map((v) =>
        m.provider === "openai" || m.provider === "anthropic" ? { ...v, batchMultiplier: "0.5" } : v,
      ),
    }),
  );
}

/** A testkit (batch APIs on) and a router with the scheduler driven by hand on a shared clock. */
export async function setupDeferral(
  options: { batch?: SimProviderConfig["batch"]; deferral?: DeferralSettings; start?: Date } = {},
): Promise<{
  kit: Testkit;
  router: Router;
  clock: { t: Date };
  another: (deferral?: DeferralSettings) => Router;
}> {
  const clock = { t: options.start ?? new Date("2026-09-02T10:00:00Z") };
  const now = () => clock.t;
  const models = deferralModels();
  const simulated = simProvidersFor(models, () => ({ tokenizer: "o200k_base" })).map((p) => ({
    ...p,
    batch: options.batch ?? { completionMs: { min: 10 * 60_000, max: 3 * 3600_000 } },
  }));
  const kit = await startTestkit({ providers: simulated, timeScale: 0, now });
  const providers: Record<string, { apiKey: string; baseURL: string }> = {};
  for (const { name } of simulated) providers[name] = { apiKey: KEY, baseURL: kit.baseURL(name) };
  const another = (deferral?: DeferralSettings) =>
    createRouter({
      models,
      fx: FX,
      providers,
      now,
      env: {},
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
      random: () => 0.5,
      deferral: { autoRun: false, ...options.deferral, ...deferral },
    });
  return { kit, router: another(), clock, another };
}

/** Advances the clock to each due instant and runs what is due, until nothing is pending (bounded). */
export async function drain(
  router: Router,
  clock: { t: Date },
  until?: Date,
  maxSteps = 100_000,
): Promise<number> {
  let steps = 0;
  for (; steps < maxSteps; steps++) {
    const due = router.jobs.nextDueAt();
    if (!due || (until && due > until)) break;
    if (due > clock.t) clock.t = due;
    await router.jobs.runDue();
  }
  if (until && until > clock.t) clock.t = until;
  return steps;
}
