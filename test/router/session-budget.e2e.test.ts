// A session's own budget: `router.session({ budget })` defines `session:<id>` scoped to the session,
// so its calls reserve and settle against it; a hard one refuses what it cannot fund before any
// provider request, and other sessions are not charged.
import { BudgetExceededError, ValidationError } from "@tokenwise/core";
import { afterEach, describe, expect, it } from "vitest";
import { setup } from "./fixtures";

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers) await c();
  closers = [];
});

const turn = (i: number) => ({
  messages: [{ role: "user" as const, content: `Turn ${i}: name three colours, then three animals.` }],
  maxOutputTokens: 64,
});

describe("a session's budget", () => {
  it("funds the session's calls until it cannot, then refuses before any provider request", async () => {
    const { kit, router } = await setup({
      router: { defaults: { allowModels: ["openai/gpt-4o-mini"] } },
    });
    closers.push(() => kit.close());
    const agent = router.session({
      id: "ticket-1",
      budget: { limit: "0.0002", currency: "USD", period: "total", mode: "hard" },
    });
    let accepted = 0;
    let refused: BudgetExceededError | undefined;
    for (let i = 0; i < 50 && !refused; i++) {
      const before = kit.requests().length;
      try {
        const r = await agent.generate(turn(i));
        accepted++;
        expect(r.report.budgets?.[0]).toMatchObject({
          budget: "session:ticket-1",
          mode: "hard",
          over: false,
        });
      } catch (e) {
        expect(e).toBeInstanceOf(BudgetExceededError);
        refused = e as BudgetExceededError;
        expect(refused.budget).toBe("session:ticket-1");
        expect(kit.requests().length).toBe(before); // nothing sent
      }
    }
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeDefined();
    // What the session spent is what its budget settled, to the atto.
    const status = await router.budgets.status("session:ticket-1");
    expect(status.spent.atto).toBe(agent.report().totals.cost.atto);
    expect(status.reserved.atto).toBe(0n);
    // Another session (and a plain call) is not charged to it.
    const other = router.session({ id: "ticket-2" });
    await other.generate(turn(0));
    await router.generate(turn(1));
    expect((await router.budgets.status("session:ticket-1")).spent.atto).toBe(status.spent.atto);
  });

  it("rejects a bad budget with the option's path", async () => {
    const { kit, router } = await setup({});
    closers.push(() => kit.close());
    try {
      router.session({
        id: "s",
        budget: { limit: "-1", currency: "USD", period: "weekly" as never, mode: "hard" },
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      const paths = (e as ValidationError).issues.map((i) => i.path.join("."));
      expect(paths).toEqual(expect.arrayContaining(["budget.period"]));
    }
  });
});
