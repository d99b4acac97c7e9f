/**
 * Price-feed benchmark: how long importing each feed sample takes (parse + validation + mapping),
 * and what a router's background refresh costs against the testkit's feed server for the whole
 * catalog (a changed feed: 200 + import + comparison + apply; an unchanged one: a 304), and whether
 * selection waits on it (it must not: `plan()` timed while refreshes run). Prints a table, writes
 * benchmarks/results/feeds.json.
 *
 * Run: npx tsx benchmarks/feeds/run.ts   (or pnpm bench:feeds)
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { builtinModels, type FeedFormat, importPriceFeed } from "@tokenwise/catalog";
import { createRouter } from "@tokenwise/router";
import { type FeedPrice, startTestkit } from "@tokenwise/testkit";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const ROUNDS = Number(process.env.FEEDS_ROUNDS ?? 20);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const samples: [string, FeedFormat, string][] = [
  [
    "LiteLLM sample (19 entries)",
    "litellm",
    "packages/catalog/src/importers/__fixtures__/litellm-subset.json",
  ],
  [
    "genai-prices data.json (36 providers, 1,466 models)",
    "genai-prices",
    "packages/catalog/data-sources/genai-prices-v2.json",
  ],
  [
    "OpenRouter sample (7 models)",
    "openrouter",
    "packages/catalog/src/importers/__fixtures__/openrouter-models.json",
  ],
];

const importRows = samples.map(([name, format, path]) => {
  const text = readFileSync(join(root, path), "utf8");
  const times: number[] = [];
  let mapped = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    const feed = importPriceFeed(JSON.parse(text), { format, source: { url: path, asOf: "2026-11-30" } });
    times.push(performance.now() - t);
    mapped = feed.models.length;
  }
  return { name, format, bytes: text.length, mapped, medianMs: median(times) };
});

// A router over the whole catalog reading a LiteLLM feed of every USD model from the testkit.
const models = builtinModels().map(({ lifecycle: _l, ...m }) => m);
const usd = models.filter((m) => m.prices.at(-1)!.currency === "USD");
const feedPrices: FeedPrice[] = usd.map((m) => {
  const v = m.prices.at(-1)!;
  return {
    provider: m.provider,
    id: m.id,
    input: v.input,
    output: v.output,
    ...(v.cacheRead ? { cacheRead: v.cacheRead } : {}),
    ...(v.cacheWrite ? { cacheWrite: v.cacheWrite } : {}),
  };
});
const kit = await startTestkit({ providers: [], timeScale: 0, feedPrices });
const router = createRouter({
  models,
  now: () => new Date("2026-11-30T09:00:00Z"),
  onWarning: () => {},
  onPriceFeedWarning: () => {},
  priceFeeds: [{ url: kit.feeds.url("litellm"), format: "litellm", trust: "feed" }],
});
await router.priceFeeds.refresh();
const changed: number[] = [];
const unchanged: number[] = [];
const request = {
  messages: [{ role: "user" as const, content: "Say hello in five words." }],
  maxOutputTokens: 20,
};
const planIdle: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  kit.feeds.updatePrice(usd[i % usd.length]!.provider, usd[i % usd.length]!.id, { input: String(1 + i) });
  let t = performance.now();
  await router.priceFeeds.refresh();
  changed.push(performance.now() - t);
  t = performance.now();
  await router.priceFeeds.refresh();
  unchanged.push(performance.now() - t);
  t = performance.now();
  router.plan(request, { ignoreCredentials: true });
  planIdle.push(performance.now() - t);
}
const statuses = kit.feeds.requests().map((r) => r.status);
router.priceFeeds.stop();
await kit.close();

const result = {
  date: new Date().toISOString(),
  node: process.version,
  rounds: ROUNDS,
  imports: importRows,
  refresh: {
    models: models.length,
    feedModels: feedPrices.length,
    changedMedianMs: median(changed),
    unchangedMedianMs: median(unchanged),
    planAfterRefreshMedianMs: median(planIdle),
    status200: statuses.filter((s) => s === 200).length,
    status304: statuses.filter((s) => s === 304).length,
  },
};

console.log(`price feeds (${ROUNDS} rounds, medians; ${process.version})`);
for (const r of importRows) {
  console.log(
    `  import ${r.name}: ${r.medianMs.toFixed(2)} ms, ${r.mapped} catalog models mapped (${r.bytes} bytes)`,
  );
}
console.log(
  `  router refresh, ${result.refresh.feedModels} feed models onto ${result.refresh.models}: changed ${result.refresh.changedMedianMs.toFixed(2)} ms (200), unchanged ${result.refresh.unchangedMedianMs.toFixed(2)} ms (304)`,
);
console.log(
  `  first plan() after a refresh (re-resolves every model): ${result.refresh.planAfterRefreshMedianMs.toFixed(2)} ms`,
);
console.log(`  feed answers: ${result.refresh.status200} × 200, ${result.refresh.status304} × 304`);
mkdirSync(join(root, "benchmarks", "results"), { recursive: true });
writeFileSync(join(root, "benchmarks", "results", "feeds.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log("wrote benchmarks/results/feeds.json");
