import { createCatalog } from "@tokenwise/catalog";
import { qualityInForce, type TaskKind, ValidationError } from "@tokenwise/core";
import { createRouter, type RouterRequest } from "@tokenwise/router";
import { simProvidersFor, startTestkit } from "@tokenwise/testkit";
import { afterEach, describe, expect, it } from "vitest";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const catalog = createCatalog();
const AT = new Date("2026-10-01T09:00:00Z");
/**
 * Catalog models whose LMArena quality differs by kind at AT: claude-haiku-4-5 is strong at code and
 * weaker at math, grok-4-0709 the reverse, gpt-5-nano is under the floor in both.
 */
const KEYS = ["openai/gpt-5-nano", "anthropic/claude-haiku-4-5", "xai/grok-4-0709"];
const FLOOR = 0.66;
const CODE = "Write a Python function that returns the n-th Fibonacci number using memoization.";
const MATH = "A train travels 120 km in 1.5 hours and then 80 km in 1 hour. What is its average speed?";

async function setup() {
  const models = KEYS.map((k) => catalog.find(k));
  const kit = await startTestkit({ providers: simProvidersFor(models), timeScale: 0, now: () => AT });
  close = () => kit.close();
  const providers = Object.fromEntries(
    [...new Set(models.map((m) => m.provider))].map((p) => [
      p,
      { apiKey: "testkit", baseURL: kit.baseURL(p) },
    ]),
  );
  const router = createRouter({
    models,
    fx: catalog.fx,
    providers,
    env: {},
    now: () => AT,
    defaults: { minQuality: FLOOR },
  });
  return { kit, router, models };
}

const ask = (content: string, extra: Partial<RouterRequest> = {}): RouterRequest => ({
  messages: [{ role: "user", content }],
  maxOutputTokens: 200,
  taskKind: "auto",
  ...extra,
});

describe('taskKind: "auto" end to end (real SDK clients ↔ testkit, catalog quality per kind)', () => {
  it("a code prompt and a math prompt route by their kind's floor, and the report says what was detected", async () => {
    const { kit, router, models } = await setup();
    const passes = (key: string, kind: TaskKind) =>
      (qualityInForce(models.find((m) => `${m.provider}/${m.id}` === key)!, AT, kind)?.score ?? 0) >= FLOOR;
    // The premise: the two kinds' floors keep different models.
    expect(passes("anthropic/claude-haiku-4-5", "code")).toBe(true);
    expect(passes("anthropic/claude-haiku-4-5", "math")).toBe(false);
    expect(passes("xai/grok-4-0709", "math")).toBe(true);

    const code = await router.generate(ask(CODE));
    expect(code.report.taskKind).toBe("code");
    expect(code.report.taskKindDetection).toMatchObject({ kind: "code", by: "classifier" });
    expect(code.report.taskKindDetection!.confidence).toBeGreaterThanOrEqual(0.5);
    // The same choice as naming the kind by hand.
    const byHand = router.plan({ ...ask(CODE), taskKind: "code" });
    expect(`${code.provider}/${code.model}`).toBe(`${byHand.ranked[0]!.provider}/${byHand.ranked[0]!.model}`);
    expect(`${code.provider}/${code.model}`).toBe("anthropic/claude-haiku-4-5");
    expect(code.report.quality.score).toBeCloseTo(
      qualityInForce(catalog.find("anthropic/claude-haiku-4-5"), AT, "code")!.score,
      9,
    );

    const math = await router.generate(ask(MATH));
    expect(math.report.taskKind).toBe("math");
    expect(math.report.taskKindDetection).toMatchObject({ kind: "math", by: "classifier" });
    expect(`${math.provider}/${math.model}`).toBe("xai/grok-4-0709");
    const rejected = Object.fromEntries(math.report.rejected.map((r) => [r.model, r]));
    expect(rejected["claude-haiku-4-5"]!.code).toBe("quality");
    expect(rejected["claude-haiku-4-5"]!.reason).toMatch(/\(math\)/);

    // Both calls went out through the real clients, one per provider, and were billed as accounted.
    expect(kit.billing().map((b) => b.provider)).toEqual(["anthropic", "xai"]);
    expect(router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
  });

  it("plan() shows the detection; a named kind has none; a multi-turn chat and a Chinese prompt use their rules", async () => {
    const { router } = await setup();
    const plan = router.plan(ask(MATH));
    expect(plan.taskKind).toBe("math");
    expect(plan.taskKindDetection?.scores.math).toBe(plan.taskKindDetection?.confidence);
    expect(router.plan({ ...ask(MATH), taskKind: "general" }).taskKindDetection).toBeUndefined();
    const chat = router.plan({
      ...ask(CODE),
      messages: [
        { role: "user", content: CODE },
        { role: "assistant", content: "def fib(n): ..." },
        { role: "user", content: "Now make it iterative." },
      ],
    });
    expect(chat.taskKindDetection).toMatchObject({ kind: "multiturn", by: "turns" });
    expect(chat.taskKind).toBe("multiturn");
    const zh = router.plan(ask("请帮我写一个关于春天的短文。"));
    expect(zh.taskKindDetection).toMatchObject({ kind: "chinese", by: "script" });
  });

  it("a session with taskKind auto detects per call", async () => {
    const { router } = await setup();
    const session = router.session({ id: "s-auto", taskKind: "auto" });
    const r = await session.generate({ messages: [{ role: "user", content: CODE }], maxOutputTokens: 100 });
    expect(r.report.taskKindDetection?.kind).toBe("code");
  });

  it("bad input: a misspelt taskKind is a ValidationError at its path, listing auto", async () => {
    const { router, kit } = await setup();
    for (const call of [
      () => router.generate(ask(CODE, { taskKind: "Auto" as never })),
      async () => router.plan(ask(CODE, { taskKind: "atuo" as never })),
      async () => router.session({ id: "s", taskKind: "automatic" as never }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(ValidationError.isInstance(error)).toBe(true);
      const issue = (error as ValidationError).issues.find((i) => i.path.at(-1) === "taskKind");
      expect(issue?.message).toMatch(/auto/);
    }
    expect(kit.billing()).toHaveLength(0);
  });
});
