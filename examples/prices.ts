/**
 * The cheapest models for one request size: now, at DeepSeek's next off-peak instant, and in CNY.
 *
 *   npx tsx examples/prices.ts [inputTokens=20000] [outputTokens=1000]
 *
 * Costs are exact (core's costOf); models whose context window or max output cannot hold the request,
 * or that have no price at the instant, are left out. Ranking across currencies converts with the
 * catalog's FX table, and every converted figure names the rate and its date.
 */
import { pathToFileURL } from "node:url";
import { type Catalog, createCatalog } from "@tokenwise/catalog";
import {
  type Cost,
  costOf,
  type FxUsed,
  formatMoney,
  type ModelEntry,
  makeUsage,
  modelKey,
  priceInForce,
  type Usage,
  windowAt,
} from "@tokenwise/core";

/** One ranked model. */
export interface Ranked {
  key: string;
  /** Cost in the model's own currency. */
  native: Cost;
  /** Cost in the ranking currency. */
  ranked: Cost;
}

/**
 * The `limit` cheapest models for `usage` at `at`, ranked by cost in `currency` (converted with the
 * catalog's FX table when a price is in another currency).
 *
 * @example
 * cheapest(createCatalog(), makeUsage({ input: 20_000, output: 1_000 }), new Date(), "USD", 10)
 */
export function cheapest(catalog: Catalog, usage: Usage, at: Date, currency: string, limit = 10): Ranked[] {
  const out: Ranked[] = [];
  for (const model of catalog.list()) {
    if (!fits(model, usage)) continue;
    let native: Cost;
    try {
      native = costOf(usage, priceInForce(model, at), { at });
    } catch {
      continue; // no price at this instant
    }
    const ranked = costOf(usage, priceInForce(model, at), { at, currency, fx: catalog.fx });
    out.push({ key: modelKey(model), native, ranked });
  }
  return out
    .sort((a, b) =>
      a.ranked.total.atto < b.ranked.total.atto
        ? -1
        : a.ranked.total.atto > b.ranked.total.atto
          ? 1
          : a.key.localeCompare(b.key),
    )
    .slice(0, limit);
}

function fits(model: ModelEntry, usage: Usage): boolean {
  const prompt = usage.input + usage.cacheRead + usage.cacheWrite + usage.cacheWrite1h;
  const completion = usage.output + usage.reasoning;
  return completion <= model.maxOutput && prompt + completion <= model.contextWindow;
}

/** The first instant at or after `from` (in 15-minute steps, within 8 days) when DeepSeek bills off-peak. */
export function nextDeepSeekOffPeak(catalog: Catalog, from: Date): Date {
  const model = catalog.find("deepseek/deepseek-v4-flash");
  const step = 15 * 60_000;
  let t = Math.ceil(from.getTime() / step) * step;
  for (let i = 0; i < 8 * 96; i++, t += step) {
    const at = new Date(t);
    if (windowAt(priceInForce(model, at), at)?.name === "off-peak") return at;
  }
  throw new Error("no DeepSeek off-peak window within 8 days");
}

function fxNote(fx: FxUsed | undefined): string {
  return fx ? `  (FX ${fx.rate.base}/${fx.rate.quote} ${fx.rate.rate} of ${fx.rate.date})` : "";
}

function table(title: string, rows: Ranked[], showNative: boolean): string[] {
  const lines = [title];
  rows.forEach((r, i) => {
    const native =
      showNative && r.native.currency !== r.ranked.currency ? `  = ${formatMoney(r.native.total, 6)}` : "";
    const extra = [r.native.tier !== null ? `tier >${r.native.tier}` : "", r.native.window ?? ""]
      .filter(Boolean)
      .join(", ");
    lines.push(
      `${String(i + 1).padStart(2)}. ${r.key.padEnd(42)} ${formatMoney(r.ranked.total, 6).padStart(16)}${native}${extra ? `  [${extra}]` : ""}`,
    );
  });
  return lines;
}

/** Options for {@link main}. */
export interface PricesOptions {
  /** The clock (default: the real one). */
  now?: () => Date;
}

/**
 * Builds the report for `args` = `[inputTokens, outputTokens]` and returns it as text.
 *
 * @example
 * console.log(main(["20000", "1000"]));
 */
export function main(args: readonly string[] = [], options: PricesOptions = {}): string {
  const input = args[0] === undefined ? 20_000 : Number(args[0]);
  const output = args[1] === undefined ? 1_000 : Number(args[1]);
  if (!Number.isInteger(input) || input < 0 || !Number.isInteger(output) || output < 0) {
    throw new Error(`usage: prices.ts [inputTokens] [outputTokens] (got ${args.join(" ")})`);
  }
  const catalog = createCatalog(options.now ? { now: options.now } : {});
  const now = catalog.now();
  const usage = makeUsage({ input, output });
  const offPeak = nextDeepSeekOffPeak(catalog, now);
  const inCny = cheapest(catalog, usage, now, "CNY");
  const fx = inCny.find((r) => r.ranked.fx)?.ranked.fx;
  const lines = [
    `Request: ${input} input tokens, ${output} output tokens (no cache).`,
    "",
    ...table(`10 cheapest now (${now.toISOString()}), in USD:`, cheapest(catalog, usage, now, "USD"), true),
    "",
    ...table(
      `10 cheapest at DeepSeek's next off-peak instant (${offPeak.toISOString()}), in USD:`,
      cheapest(catalog, usage, offPeak, "USD"),
      true,
    ),
    `DeepSeek there: ${cheapest(catalog, usage, offPeak, "USD", 1_000)
      .filter((r) => r.key.startsWith("deepseek/"))
      .map(
        (r) => `${r.key} ${formatMoney(r.ranked.total, 6)}${r.native.window ? ` (${r.native.window})` : ""}`,
      )
      .join(", ")}`,
    "",
    ...table(`10 cheapest now, in CNY${fxNote(fx)}:`, inCny, true),
    "",
    fx ? `FX: ${fx.rate.source}` : "FX: none needed",
  ];
  return lines.join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(main(process.argv.slice(2)));
}
