import { builtinModels } from "@tokenwise/catalog";
import { type ModelEntry, modelKey, ValidationError } from "@tokenwise/core";
import { createRouter, type PriceFeedSettings, type PriceFeedWarning, type Router } from "@tokenwise/router";
import { type FeedPrice, simProvidersFor, startTestkit, type Testkit } from "@tokenwise/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

/**
 * `priceFeeds` end to end: the router reads the testkit's feeds (real fetch, conditional GETs),
 * applies them to its per-model states in the background, reports disagreements with the catalog's
 * sourced prices, and refuses stale feed prices when asked to.
 */
const KEY = "sk-test-feeds";
const T0 = new Date("2026-11-30T09:00:00Z");
const DAY = 86_400_000;
let clock = T0;
const now = () => clock;

/** A catalog model without its retirement date (the test clock is after some of them). */
const pick = (key: string): ModelEntry => {
  const { lifecycle: _retired, ...model } = builtinModels().find((m) => modelKey(m) === key)!;
  return model;
};
const nano = pick("openai/gpt-4.1-nano");
const mini = pick("openai/gpt-4o-mini");
/** A model whose only price starts next year: no price in force now. */
const later: ModelEntry = {
  ...pick("openai/gpt-4.1-mini"),
  prices: [{ ...pick("openai/gpt-4.1-mini").prices[0]!, effectiveFrom: "2027-01-01T00:00:00Z" }],
};
const models = [nano, mini, later];
const catalogFeed = (): FeedPrice[] => [
  { provider: "openai", id: "gpt-4.1-nano", input: "0.1", output: "0.4", cacheRead: "0.025" },
  { provider: "openai", id: "gpt-4o-mini", input: "0.15", output: "0.6", cacheRead: "0.075" },
];
const request = {
  messages: [{ role: "user" as const, content: "Say hello in five words." }],
  maxOutputTokens: 20,
};

let kit: Testkit;
const routers: Router[] = [];
beforeAll(async () => {
  kit = await startTestkit({
    providers: simProvidersFor(models),
    timeScale: 0,
    now,
    feedPrices: catalogFeed(),
  });
});
afterAll(() => kit.close());
afterEach(() => {
  for (const r of routers.splice(0)) r.priceFeeds.stop();
  kit.feeds.setPrices(catalogFeed());
  kit.feeds.fail(undefined);
  clock = T0;
});

function router(feed: Partial<PriceFeedSettings> = {}) {
  const warnings: PriceFeedWarning[] = [];
  const r = createRouter({
    models,
    providers: { openai: { apiKey: KEY, baseURL: kit.baseURL("openai") } },
    now,
    onWarning: () => {},
    priceFeeds: [{ url: kit.feeds.url("litellm"), format: "litellm", refreshEvery: 3_600_000, ...feed }],
    onPriceFeedWarning: (w) => warnings.push(w),
  });
  routers.push(r);
  return { r, warnings };
}

const chosen = (r: Router) => r.plan(request).ranked[0]?.model;
const rejection = (r: Router, model: string) => r.plan(request).rejected.find((c) => c.model === model);

describe("router priceFeeds", () => {
  it("reads the feed in the background, conditionally, and a feed that agrees changes nothing", async () => {
    const before = kit.feeds.requests().length;
    const { r, warnings } = router({ refreshEvery: 1_000 });
    // No refresh() call: the first read starts with the router.
    // Polls for the outcome (generous bound for a loaded machine; no timing is asserted).
    await vi.waitFor(() => expect(r.priceFeeds.status()[0]!.confirmedAt).toBe(T0.toISOString()), {
      timeout: 30_000,
      interval: 20,
    });
    const [status] = await r.priceFeeds.refresh();
    expect(status).toMatchObject({
      lastStatus: 304,
      priced: ["openai/gpt-4.1-nano", "openai/gpt-4o-mini"],
      applied: [],
      disagreements: [],
    });
    const seen = kit.feeds.requests().slice(before);
    expect(seen.map((q) => q.status).slice(0, 2)).toEqual([200, 304]);
    expect(seen[1]!.ifNoneMatch).toBe(status!.etag);
    expect(warnings).toEqual([]);
    expect(chosen(r)).toBe("gpt-4.1-nano");
  });

  it("reports a disagreement with the sourced catalog price and keeps the catalog's by default", async () => {
    const { r, warnings } = router();
    await r.priceFeeds.refresh();
    kit.feeds.updatePrice("openai", "gpt-4.1-nano", { input: "5" });
    const [status] = await r.priceFeeds.refresh();
    expect(status!.disagreements).toEqual(["openai/gpt-4.1-nano"]);
    expect(status!.applied).toEqual([]);
    expect(warnings).toEqual([
      expect.objectContaining({
        code: "price-disagreement",
        model: "openai/gpt-4.1-nano",
        field: "input",
        catalog: { value: "0.1", source: nano.prices.at(-1)!.source },
        feed: {
          value: "5",
          source: expect.objectContaining({ url: kit.feeds.url("litellm"), asOf: "2026-11-30" }),
        },
        applied: "catalog",
      }),
    ]);
    expect(chosen(r)).toBe("gpt-4.1-nano");
    // Reported once, not on every refresh.
    await r.priceFeeds.refresh();
    expect(warnings).toHaveLength(1);
  });

  it('routes and bills on the feed\'s price with trust: "feed"', async () => {
    const { r, warnings } = router({ trust: "feed" });
    kit.feeds.updatePrice("openai", "gpt-4.1-nano", { input: "5" });
    await r.priceFeeds.refresh();
    expect(warnings.map((w) => w.code === "price-disagreement" && w.applied)).toEqual(["feed"]);
    expect(chosen(r)).toBe("gpt-4o-mini");
    const { report } = await r.generate({
      ...request,
      constraints: { allowModels: ["openai/gpt-4.1-nano"] },
    });
    // Priced at the feed's version, applied from the instant it was read, citing the feed.
    expect(report.priceVersion).toBe(T0.toISOString());
    expect(report.realized.cost.version.source.url).toBe(kit.feeds.url("litellm"));
    // Billed at the feed's 5 per M input: tokens × 5e-6 USD, exactly.
    expect(report.realized.usage.input).toBeGreaterThan(0);
    expect(report.realized.cost.parts.input.atto).toBe(
      BigInt(report.realized.usage.input) * 5_000_000_000_000n,
    );
  });

  it("keeps the previous feed price for calls in flight, and gives a model its own price back when the feed agrees again", async () => {
    const { r } = router({ trust: "feed" });
    kit.feeds.updatePrice("openai", "gpt-4.1-nano", { input: "5" });
    await r.priceFeeds.refresh();
    const t1 = new Date(T0.getTime() + 3_600_000);
    clock = t1;
    kit.feeds.updatePrice("openai", "gpt-4.1-nano", { input: "7" });
    await r.priceFeeds.refresh();
    const nanoAt = (t: Date) => {
      clock = t;
      return r.plan(request).ranked.find((c) => c.model === "gpt-4.1-nano")!;
    };
    // A call started at T0 + 30 min is priced at the version read at T0 (input 5); one now at 7.
    const mid = nanoAt(new Date(T0.getTime() + 1_800_000));
    const late = nanoAt(t1);
    expect(mid.priceVersion).toBe(T0.toISOString());
    expect(late.priceVersion).toBe(t1.toISOString());
    expect(late.cost!.parts.input.atto).toBe((mid.cost!.parts.input.atto * 7n) / 5n);
    // The feed agrees with the catalog again: the catalog's price from the instant that is read.
    const t2 = new Date(T0.getTime() + 7_200_000);
    clock = t2;
    kit.feeds.updatePrice("openai", "gpt-4.1-nano", { input: "0.1" });
    const [status] = await r.priceFeeds.refresh();
    expect(status!.applied).toEqual([]);
    const back = nanoAt(t2);
    expect(back.priceVersion).toBe(t2.toISOString());
    expect(back.cost!.version.source).toEqual(nano.prices.at(-1)!.source);
  });

  it("fills an instant where a model has no price of its own", async () => {
    const { r } = router();
    expect(rejection(r, "gpt-4.1-mini")?.code).toBe("price-unavailable");
    kit.feeds.setPrices([
      ...catalogFeed(),
      { provider: "openai", id: "gpt-4.1-mini", input: "0.01", output: "0.02" },
    ]);
    const [status] = await r.priceFeeds.refresh();
    expect(status!.applied).toEqual(["openai/gpt-4.1-mini"]);
    expect(chosen(r)).toBe("gpt-4.1-mini");
  });

  it("refuses feed prices older than stale.afterDays (action refuse), until the feed is confirmed again", async () => {
    const { r, warnings } = router({ trust: "feed", stale: { afterDays: 7, action: "refuse" } });
    kit.feeds.updatePrice("openai", "gpt-4.1-nano", { input: "0.05" });
    await r.priceFeeds.refresh();
    expect(chosen(r)).toBe("gpt-4.1-nano");
    clock = new Date(T0.getTime() + 8 * DAY);
    kit.feeds.fail(503);
    await r.priceFeeds.refresh();
    const refused = rejection(r, "gpt-4.1-nano")!;
    expect(refused.code).toBe("stale-price");
    expect(refused.reason).toBe(
      `price from feed ${kit.feeds.url("litellm")} last confirmed 2026-11-30T09:00:00.000Z (8.0 days ago; stale after 7 days)`,
    );
    expect(chosen(r)).toBe("gpt-4o-mini");
    expect(warnings.map((w) => w.code)).toEqual(["price-disagreement", "feed-failed", "feed-stale"]);
    expect(warnings[2]).toMatchObject({
      action: "refuse",
      afterDays: 7,
      confirmedAt: "2026-11-30T09:00:00.000Z",
    });
    // The feed answers again (unchanged: a 304): confirmed now, no longer stale.
    kit.feeds.fail(undefined);
    const [status] = await r.priceFeeds.refresh();
    expect(status!.lastStatus).toBe(304);
    expect(chosen(r)).toBe("gpt-4.1-nano");
  });

  it("warns once about a stale feed and keeps routing with action warn", async () => {
    const { r, warnings } = router({ trust: "feed", stale: { afterDays: 7, action: "warn" } });
    kit.feeds.updatePrice("openai", "gpt-4.1-nano", { input: "0.05" });
    await r.priceFeeds.refresh();
    clock = new Date(T0.getTime() + 8 * DAY);
    kit.feeds.fail(500);
    await r.priceFeeds.refresh();
    await r.priceFeeds.refresh();
    expect(chosen(r)).toBe("gpt-4.1-nano");
    expect(warnings.filter((w) => w.code === "feed-stale")).toHaveLength(1);
  });

  it("a feed that fails from the start is reported as failed, stale only after afterDays", async () => {
    kit.feeds.fail(503);
    const { r, warnings } = router({ stale: { afterDays: 7, action: "refuse" } });
    const [status] = await r.priceFeeds.refresh();
    expect(status).toMatchObject({ lastStatus: 503, confirmedAt: undefined, priced: [] });
    expect(status!.error).toMatch(/answered 503/);
    expect(warnings.every((w) => w.code === "feed-failed")).toBe(true);
    expect(chosen(r)).toBe("gpt-4.1-nano"); // its own prices: nothing to refuse
    clock = new Date(T0.getTime() + 8 * DAY);
    await r.priceFeeds.refresh();
    expect(warnings.filter((w) => w.code === "feed-stale")).toEqual([
      expect.objectContaining({ confirmedAt: undefined, action: "refuse" }),
    ]);
    expect(chosen(r)).toBe("gpt-4.1-nano");
  });

  it("validates the option with the settings schema", () => {
    const error = (() => {
      try {
        createRouter({
          models,
          priceFeeds: [
            {
              url: "ftp://example.test/prices.json",
              format: "csv" as never,
              refreshEvery: 10,
              trust: "feeds" as never,
            },
          ],
        });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).issues.map((i) => i.path.join("."));
    expect(paths).toEqual([
      "priceFeeds.0.url",
      "priceFeeds.0.format",
      "priceFeeds.0.refreshEvery",
      "priceFeeds.0.trust",
    ]);
    expect(() =>
      createRouter({
        models,
        priceFeeds: [
          {
            url: "https://example.test/p.json",
            format: "litellm",
            stale: { afterDays: 7, action: "block" as never },
          },
        ],
      }),
    ).toThrow(/priceFeeds\.0\.stale\.action: must be "warn" or "refuse"/);
  });
});
