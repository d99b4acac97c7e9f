// Budgets through the router against the testkit: reserve before each attempt (failover included),
// settle with the exact cost, release what was not billed; hard budgets refuse before any provider
// request, soft ones steer to what fits; plan() and reports show budget rejections.
import {
  BudgetExceededError,
  type BudgetStore,
  BudgetStoreError,
  createMemoryBudgetStore,
  moneyFromDecimal,
  ValidationError,
} from "@tokenwise/core";
import { createRouter, strongestPolicy } from "@tokenwise/router";
import { afterEach, describe, expect, it } from "vitest";
import { hello, setup } from "./fixtures";

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers) await c();
  closers = [];
});

const ask = (i: number) => ({
  messages: [{ role: "user" as const, content: `Question ${i}: name three colours.` }],
  tenant: "acme",
  maxOutputTokens: 64,
});

describe("budgets in the router", () => {
  it("a hard budget funds calls until it cannot, then refuses before any provider request", async () => {
    const { kit, router } = await setup({
      router: {
        budgets: [
          {
            id: "acme",
            scope: { tenant: "acme" },
            limit: "0.0002",
            currency: "USD",
            period: "total",
            mode: "hard",
          },
        ],
        defaults: { allowModels: ["openai/gpt-4o-mini"] },
      },
    });
    closers.push(() => kit.close());
    let accepted = 0;
    let refused: BudgetExceededError | undefined;
    for (let i = 0; i < 50 && !refused; i++) {
      const before = kit.requests().length;
      try {
        const r = await router.generate(ask(i));
        accepted++;
        expect(r.report.budgets?.[0]).toMatchObject({ budget: "acme", mode: "hard", over: false });
      } catch (e) {
        expect(e).toBeInstanceOf(BudgetExceededError);
        refused = e as BudgetExceededError;
        expect(kit.requests().length).toBe(before); // nothing sent
      }
    }
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeDefined();
    expect(refused!.budget).toBe("acme");
    expect(refused!.estimate.atto).toBeGreaterThan(refused!.left.atto);
    await router.budgets.flush();
    const status = await router.budgets.status("acme");
    expect(status.spent).toEqual(router.ledger.total("USD"));
    expect(status.spent).toEqual(kit.billingTotal("USD"));
    expect(status.reserved.atto).toBe(0n);
    expect(status.spent.atto).toBeLessThanOrEqual(moneyFromDecimal("0.0002", "USD").atto);
    // Calls outside the scope are not limited.
    await expect(router.generate({ ...ask(99), tenant: "other" })).resolves.toBeDefined();
    // plan() explains the rejection with the budget's name.
    const plan = router.plan(ask(100));
    expect(plan.rejected.find((r) => r.code === "budget")?.reason).toMatch(/left of budget "acme"/);
  });

  it("a soft budget steers to the cheapest model that fits, and past the limit when none does", async () => {
    const { kit, router } = await setup({
      router: {
        policy: strongestPolicy(),
        budgets: [
          { id: "s", scope: { tag: "team" }, limit: "0.001", currency: "USD", period: "daily", mode: "soft" },
        ],
      },
    });
    closers.push(() => kit.close());
    const req = { ...hello, tags: ["team"], maxOutputTokens: 64 };
    const first = await router.generate(req);
    expect(first.model).toBe("claude-sonnet-4-5"); // fits while the budget is fresh
    await router.budgets.flush();
    const models: string[] = [];
    const overs: boolean[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await router.generate(req);
      await router.budgets.flush();
      models.push(r.model);
      overs.push(r.report.budgets![0]!.over);
    }
    // Once the strongest no longer fits, cheaper ones serve; at the end the cheapest goes over the limit.
    expect(new Set(models).size).toBeGreaterThan(1);
    expect(models.at(-1)).toBe("gpt-4o-mini");
    expect(overs.at(-1)).toBe(true);
    const status = await router.budgets.status("s");
    expect(status.left.atto).toBeLessThan(0n);
    expect(status.spent).toEqual(kit.billingTotal("USD"));
  });

  it("reserves for each failover attempt and releases what was not billed", async () => {
    const store = createMemoryBudgetStore();
    const { kit, router } = await setup({
      faults: { "openai/gpt-4o-mini": ["500", "500", "500", "500", "500"] },
      router: {
        budgetStore: store,
        retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 2 },
        budgets: [
          {
            id: "f",
            scope: { tenant: "acme" },
            limit: "1",
            currency: "USD",
            period: "monthly",
            mode: "hard",
          },
        ],
      },
    });
    closers.push(() => kit.close());
    const r = await router.generate(ask(1));
    expect(r.report.attempts.length).toBeGreaterThan(1);
    await router.budgets.flush();
    const status = (await store.status("f"))!;
    expect(status.reserved.atto).toBe(0n);
    expect(status.leases).toBe(0);
    expect(status.spent).toEqual(kit.billingTotal("USD"));
    // Streams settle too.
    const s = router.stream(ask(2));
    for await (const _ of s.parts) void _;
    await s.result;
    await router.budgets.flush();
    expect((await router.budgets.status("f")).spent).toEqual(kit.billingTotal("USD"));
  });

  it("fails closed with BudgetStoreError when the store is down, or reserves on the failOpen store", async () => {
    const down: BudgetStore = {
      reserve: () =>
        Promise.reject(new BudgetStoreError({ operation: "reserve", cause: new Error("ECONNREFUSED") })),
      settle: () =>
        Promise.reject(new BudgetStoreError({ operation: "settle", cause: new Error("ECONNREFUSED") })),
      release: () =>
        Promise.reject(new BudgetStoreError({ operation: "release", cause: new Error("ECONNREFUSED") })),
      reap: () =>
        Promise.reject(new BudgetStoreError({ operation: "reap", cause: new Error("ECONNREFUSED") })),
      status: () =>
        Promise.reject(new BudgetStoreError({ operation: "status", cause: new Error("ECONNREFUSED") })),
    };
    const budgets = [
      {
        id: "d",
        scope: { tenant: "acme" },
        limit: "1",
        currency: "USD",
        period: "total" as const,
        mode: "hard" as const,
      },
    ];
    const { kit, router } = await setup({ router: { budgetStore: down, budgets } });
    closers.push(() => kit.close());
    await expect(router.generate(ask(1))).rejects.toBeInstanceOf(BudgetStoreError);
    expect(kit.requests()).toHaveLength(0);
    const local = createMemoryBudgetStore();
    const open = createRouter({
      ...(router.models() && {}),
      models: router.models(),
      providers: {
        openai: { apiKey: "k", baseURL: kit.baseURL("openai") },
        deepseek: { apiKey: "k", baseURL: kit.baseURL("deepseek") },
        anthropic: { apiKey: "k", baseURL: kit.baseURL("anthropic") },
      },
      env: {},
      budgetStore: down,
      onBudgetStoreDown: { failOpen: local },
      budgets,
    });
    const r = await open.generate(ask(2));
    expect(r.report.budgets?.[0]).toMatchObject({ budget: "d", failedOpen: true });
    await open.budgets.flush();
    expect((await local.status("d"))!.spent).toEqual(r.report.total);
  });

  it("keeps a budget in another currency (FX) and starts a new day in its time zone with nothing spent", async () => {
    const { kit, router, clock } = await setup({
      router: {
        budgets: [
          {
            id: "cny",
            scope: { tenant: "acme" },
            limit: "0.003",
            currency: "CNY",
            period: "daily",
            timeZone: "Asia/Shanghai",
            mode: "hard",
          },
        ],
        defaults: { allowModels: ["openai/gpt-4o-mini"] },
      },
    });
    closers.push(() => kit.close());
    clock.t = new Date("2026-09-02T15:00:00Z"); // 23:00 in Shanghai
    let served = 0;
    for (let i = 0; i < 40; i++) {
      try {
        await router.generate(ask(i));
        served++;
      } catch (e) {
        expect(e).toBeInstanceOf(BudgetExceededError);
        expect((e as BudgetExceededError).left.currency).toBe("CNY");
        break;
      }
    }
    await router.budgets.flush();
    const day1 = await router.budgets.status("cny");
    expect(served).toBeGreaterThan(0);
    expect(day1).toMatchObject({ periodKey: "2026-09-02", spent: { currency: "CNY" } });
    expect(day1.spent.atto).toBeGreaterThan(0n);
    expect(day1.spent.atto).toBeLessThanOrEqual(day1.limit.atto);
    clock.t = new Date("2026-09-02T16:30:00Z"); // 00:30 the next day in Shanghai
    expect(await router.budgets.status("cny")).toMatchObject({
      periodKey: "2026-09-03",
      spent: { atto: 0n },
    });
    await expect(router.generate(ask(100))).resolves.toBeDefined();
  });

  it("rejects bad budget definitions and request fields with ValidationError naming the path", async () => {
    const { kit, router, models } = await setup();
    closers.push(() => kit.close());
    const bad = (budgets: unknown) => {
      try {
        createRouter({ models, env: {}, budgets: budgets as never });
      } catch (e) {
        return e as ValidationError;
      }
      throw new Error("accepted");
    };
    expect(
      bad([{ id: "x", scope: {}, limit: "1", currency: "USD", period: "total", mode: "hard" }]).issues[0]!
        .path,
    ).toEqual(["budgets", 0, "scope"]);
    expect(
      bad([{ id: "x", scope: { tenant: "a" }, limit: "-1", currency: "USD", period: "total", mode: "hard" }])
        .issues[0]!.path,
    ).toEqual(["budgets", 0, "limit"]);
    expect(
      bad([{ id: "x", scope: { tenant: "a" }, limit: "1", currency: "USD", period: "weekly", mode: "hard" }])
        .issues[0]!.path,
    ).toEqual(["budgets", 0, "period"]);
    expect(
      bad([
        {
          id: "x",
          scope: { tenant: "a" },
          limit: "1",
          currency: "USD",
          period: "daily",
          timeZone: "Mars/Olympus",
          mode: "hard",
        },
      ]).issues[0]!.path,
    ).toEqual(["budgets", 0, "timeZone"]);
    expect(() =>
      router.budgets.define({
        id: "y",
        scope: { tag: "t" },
        limit: "1",
        currency: "usd",
        period: "total",
        mode: "soft",
      }),
    ).toThrow(ValidationError);
    await expect(router.budgets.status("nope")).rejects.toBeInstanceOf(ValidationError);
    await expect(router.generate({ ...hello, sessionId: "" })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["sessionId"] })],
    });
    // Budgets scoped by session and virtual key match those request fields.
    router.budgets.define({
      id: "sess",
      scope: { session: "s1", virtualKey: "vk" },
      limit: "0",
      currency: "USD",
      period: "total",
      mode: "hard",
    });
    await expect(router.generate({ ...hello, sessionId: "s1", virtualKey: "vk" })).rejects.toBeInstanceOf(
      BudgetExceededError,
    );
    await expect(router.generate({ ...hello, sessionId: "s1" })).resolves.toBeDefined();
  });
});
