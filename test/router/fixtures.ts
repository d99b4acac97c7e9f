import {
  type FxTable,
  type ModelEntry,
  type ModelEntryInput,
  ModelEntrySchema,
  type PriceVersionInput,
} from "@tokenwise/core";
import { createRouter, type Router, type RouterSettings } from "@tokenwise/router";
import {
  type FaultPlan,
  type SimProviderConfig,
  simProvidersFor,
  startTestkit,
  type Testkit,
} from "@tokenwise/testkit";

export const KEY = "sk-test-SECRET-do-not-leak-0123456789";

const src = { url: "https://example.test/prices", asOf: "2026-08-01" };

const v = (
  from: string,
  input: string,
  output: string,
  extra: Partial<PriceVersionInput> = {},
): PriceVersionInput => ({
  currency: "USD",
  effectiveFrom: from,
  input,
  output,
  source: src,
  ...extra,
});

const caps = { tools: true, vision: true, structuredOutput: true, streaming: true, reasoning: false };

/** Four models on three providers with dated prices, an off-peak window and a price rise. */
export function testModels(): ModelEntry[] {
  const input: ModelEntryInput[] = [
    {
      provider: "openai",
      id: "gpt-4o-mini",
      api: "openai",
      promptCache: { mode: "automatic", minPrefixTokens: 1024, ttls: ["5m"] },
      contextWindow: 128_000,
      maxOutput: 16_384,
      capabilities: caps,
      tokenizer: "o200k_base",
      quality: { general: { score: 0.6, source: "test" } },
      latency: { ttftMs: 300, outputTokensPerSec: 100, source: "test" },
      prices: [v("2026-01-01T00:00:00Z", "0.15", "0.6", { cacheRead: "0.075" })],
    },
    {
      provider: "openai",
      id: "gpt-4o",
      api: "openai",
      promptCache: { mode: "automatic", minPrefixTokens: 1024, ttls: ["5m"] },
      contextWindow: 128_000,
      maxOutput: 16_384,
      capabilities: caps,
      tokenizer: "o200k_base",
      quality: { general: { score: 0.85, source: "test" } },
      latency: { ttftMs: 400, outputTokensPerSec: 80, source: "test" },
      prices: [
        v("2026-01-01T00:00:00Z", "2.5", "10", { cacheRead: "1.25" }),
        // A dated price rise.
        v("2026-10-01T00:00:00Z", "20", "80", { cacheRead: "10" }),
      ],
    },
    {
      provider: "deepseek",
      id: "deepseek-chat",
      api: "openai",
      promptCache: { mode: "automatic", minPrefixTokens: 1024, ttls: ["5m"] },
      contextWindow: 64_000,
      maxOutput: 8_192,
      capabilities: { ...caps, vision: false, structuredOutput: false },
      tokenizer: "o200k_base",
      quality: { general: { score: 0.75, source: "test" } },
      latency: { ttftMs: 600, outputTokensPerSec: 50, source: "test" },
      prices: [
        v("2026-01-01T00:00:00Z", "4", "16", {
          cacheRead: "0.4",
          windows: [
            {
              name: "off-peak",
              timezone: "UTC",
              days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
              start: "16:30",
              end: "00:30",
              multiplier: "0.25",
            },
          ],
        }),
      ],
    },
    {
      provider: "anthropic",
      id: "claude-sonnet-4-5",
      api: "anthropic",
      promptCache: { mode: "explicit", minPrefixTokens: 1024, ttls: ["5m", "1h"] },
      contextWindow: 200_000,
      maxOutput: 64_000,
      capabilities: caps,
      tokenizer: "o200k_base",
      quality: { general: { score: 0.9, source: "test" } },
      latency: { ttftMs: 900, outputTokensPerSec: 60, source: "test" },
      prices: [v("2026-01-01T00:00:00Z", "3", "15", { cacheRead: "0.3", cacheWrite: "3.75" })],
    },
  ];
  return input.map((m) => ModelEntrySchema.parse(m));
}

export const FX: FxTable = {
  rates: [{ base: "USD", quote: "CNY", rate: "7.1", date: "2026-01-01", source: "test" }],
};

/** Peak (10:00 UTC, Wednesday), off-peak (18:00 UTC) and after the price rise. */
export const T_PEAK = new Date("2026-09-02T10:00:00Z");
export const T_OFF = new Date("2026-09-02T18:00:00Z");
export const T_RISE = new Date("2026-10-07T10:00:00Z");

/** A testkit serving the models at the same prices, and a router pointed at it. */
export async function setup(
  options: {
    now?: () => Date;
    faults?: Record<string, FaultPlan>;
    router?: Partial<RouterSettings>;
    models?: ModelEntry[];
    response?: SimProviderConfig["models"][number]["response"];
    /** Testkit delays (0: none). Default 0. */
    timeScale?: number;
    /** More settings per simulated model (latency, fault tunables…). */
    perModel?: (m: { provider: string; id: string }) => Partial<SimProviderConfig["models"][number]>;
    /** Simulated latency of every model (with `timeScale`). */
    latency?: SimProviderConfig["models"][number]["latency"];
  } = {},
): Promise<{ kit: Testkit; router: Router; models: ModelEntry[]; clock: { t: Date } }> {
  const clock = { t: T_PEAK };
  const now = options.now ?? (() => clock.t);
  const models = options.models ?? testModels();
  // Every simulated model here counts usage with o200k_base, whatever its catalog tokenizer.
  const simulated = simProvidersFor(models, (m) => ({
    tokenizer: "o200k_base",
    faultSettings: { retryAfterMs: 1, slowTtftMs: 2000 },
    ...(options.faults?.[`${m.provider}/${m.id}`] ? { faults: options.faults[`${m.provider}/${m.id}`] } : {}),
    ...(options.response ? { response: options.response } : {}),
    ...(options.latency ? { latency: options.latency } : {}),
    ...options.perModel?.(m),
  }));
  const kit = await startTestkit({ providers: simulated, timeScale: options.timeScale ?? 0, now });
  const providers: RouterSettings["providers"] = {};
  for (const { name: p } of simulated) providers[p] = { apiKey: KEY, baseURL: kit.baseURL(p) };
  const router = createRouter({
    models,
    fx: FX,
    providers,
    now,
    env: {},
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    random: () => 0.5,
    ...options.router,
  });
  return { kit, router, models, clock };
}

export const hello = { messages: [{ role: "user" as const, content: "Say hello in five words." }] };
