// Must-show of issue 11: 4 OS processes × 250 concurrent calls share one hard budget on Redis sized
// to fund about 60% of them. The settled total never exceeds the budget, every accepted call is in the
// testkit's billing log, every refused call got BudgetExceededError before any provider request, and
// the ledgers (one Redis Stream) sum to the billing log to the atto.
import { createMemoryBudgetStore, sumMoney } from "@tokenwise/core";
import { createRedisBudgetStore, readLedgerStream } from "@tokenwise/redis";
import { createRouter } from "@tokenwise/router";
import { simProvidersFor, startTestkit, type Testkit } from "@tokenwise/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModels } from "../router/fixtures";
import { sharedRedisUrl } from "../support/redis";
import { startWorker } from "./fixtures/run-worker";

const url = sharedRedisUrl();
const WORKERS = 4;
const CALLS = 250;

describe.skipIf(!url)("budgets across processes (Redis)", () => {
  let kit: Testkit;
  let redis: Redis;
  const prefix = `mp${process.pid}x${Date.now().toString(36)}`;
  beforeAll(async () => {
    const models = testModels().filter((m) => m.id === "gpt-4o-mini");
    kit = await startTestkit({
      providers: simProvidersFor(models, () => ({ tokenizer: "o200k_base" })),
      timeScale: 0,
    });
    redis = new Redis(url!);
  });
  afterAll(async () => {
    await kit?.close();
    redis?.disconnect();
  });

  it(`${WORKERS} processes × ${CALLS} concurrent calls never settle past one hard budget`, async () => {
    // What one call reserves (its cost at the forecast bound), measured by a probe call.
    const probe = createRouter({
      models: testModels(),
      providers: { openai: { apiKey: "sk-test", baseURL: kit.baseURL("openai") } },
      env: {},
      defaults: { allowModels: ["openai/gpt-4o-mini"] },
      budgetStore: createMemoryBudgetStore(),
      budgets: [
        { id: "probe", scope: { tenant: "mp" }, limit: "1", currency: "USD", period: "total", mode: "hard" },
      ],
    });
    const r = await probe.generate({
      messages: [{ role: "user", content: "Call w0-c100: name three colours." }],
      tenant: "mp",
      maxOutputTokens: 48,
    });
    const perCall = r.report.budgets![0]!.reserved.atto;
    kit.reset();
    const limitAtto = (perCall * BigInt(WORKERS * CALLS) * 6n) / 10n;
    const limit = `${limitAtto / 10n ** 18n}.${(limitAtto % 10n ** 18n).toString().padStart(18, "0")}`;
    const ledgerKey = `${prefix}:ledger`;
    const results = await Promise.all(
      Array.from(
        { length: WORKERS },
        (_, worker) =>
          startWorker({
            redisUrl: url,
            prefix,
            ledgerKey,
            baseURL: kit.baseURL("openai"),
            budget: "shared",
            limit,
            leaseTtlMs: 60_000,
            worker,
            calls: CALLS,
          }).result,
      ),
    );
    const accepted = results.flatMap((x) => x.accepted);
    const refused = results.flatMap((x) => x.refused);
    expect(results.flatMap((x) => x.failed)).toEqual([]);
    expect(accepted.length + refused.length).toBe(WORKERS * CALLS);
    // About 60% funded: the reservations are at the forecast bound, a little above the realized cost.
    expect(accepted.length).toBeGreaterThan(WORKERS * CALLS * 0.5);
    expect(refused.length).toBeGreaterThan(0);
    console.info(
      `budgets-multiprocess: ${accepted.length} accepted, ${refused.length} refused (BudgetExceededError) of ${WORKERS * CALLS}`,
    );
    const store = createRedisBudgetStore({ redis, prefix });
    const status = (await store.status("shared"))!;
    expect(status.spent.atto).toBeLessThanOrEqual(limitAtto);
    expect(status.reserved.atto).toBe(0n);
    expect(status.leases).toBe(0);
    // Every accepted call was served and billed once; no refused call reached the provider.
    const sent = new Map<string, number>();
    for (const q of kit.requests()) {
      const text = JSON.stringify(q.messages);
      const tag = /Call (w\d+-c\d+):/.exec(text)?.[1];
      if (tag) sent.set(tag, (sent.get(tag) ?? 0) + 1);
    }
    for (const tag of accepted) expect(sent.get(tag)).toBe(1);
    for (const tag of refused) expect(sent.has(tag)).toBe(false);
    const billing = kit.billing();
    expect(billing.filter((b) => b.billed)).toHaveLength(accepted.length);
    // The ledgers of the 4 processes, read back from the Redis Stream, equal the billing log to the atto.
    const entries = await readLedgerStream({ redis, key: ledgerKey });
    expect(entries).toHaveLength(accepted.length);
    const ledgerTotal = sumMoney(
      entries.map((e) => e.cost),
      "USD",
    );
    expect(ledgerTotal).toEqual(kit.billingTotal("USD"));
    expect(status.spent).toEqual(kit.billingTotal("USD"));
    expect(new Set(entries.map((e) => e.requestId))).toEqual(new Set(billing.map((b) => b.requestId)));
  });
});
