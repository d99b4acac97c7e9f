import { DeadlineInfeasibleError, type Router, ValidationError } from "@tokenwise/router";
import type { Testkit } from "@tokenwise/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { drain, setupDeferral } from "./fixtures";

const H = 3600_000;
const ask = (i: number, minQuality: number) => ({
  messages: [{ role: "user" as const, content: `Job ${i}: summarise the water cycle in two sentences.` }],
  constraints: { minQuality },
  maxOutputTokens: 200,
});

describe("router.defer", () => {
  let kit: Testkit | undefined;
  afterEach(async () => {
    await kit?.close();
    kit = undefined;
  });

  it("waits for DeepSeek's off-peak window when the deadline allows, and runs there", async () => {
    const s = await setupDeferral();
    kit = s.kit;
    const { router, clock } = s;
    const t0 = clock.t.getTime();
    const job = router.defer(ask(1, 0.7), { deadline: t0 + 12 * H, tags: ["nightly"] });
    const plan = job.status().plan;
    expect(plan).toMatchObject({ mechanism: "window", provider: "deepseek", model: "deepseek-chat" });
    expect(plan.at.toISOString()).toBe("2026-09-02T16:30:00.000Z");
    expect(plan.expected.atto).toBeLessThan(plan.runNow.atto);
    expect(job.status().status).toBe("waiting");
    await drain(router, clock);
    const result = await job.result;
    expect(result).toMatchObject({ provider: "deepseek", via: { kind: "interactive" } });
    expect(kit.billing().at(-1)!.at.toISOString()).toBe("2026-09-02T16:30:00.000Z");
    expect(job.realizedCost()!.atto).toBe(kit.billingTotal("USD").atto);
    expect(router.ledger.total("USD").atto).toBe(kit.billingTotal("USD").atto);
  });

  it("batches when the deadline leaves the 24 h completion window, accounted at the batch price of the batch's creation", async () => {
    const s = await setupDeferral({ batch: { completionMs: 45 * 60_000 } });
    kit = s.kit;
    const { router, clock } = s;
    const t0 = clock.t.getTime();
    const jobs = Array.from({ length: 6 }, (_, i) => router.defer(ask(i, 0.8), { deadline: t0 + 30 * H }));
    for (const j of jobs)
      expect(j.status().plan).toMatchObject({ mechanism: "batch", provider: "openai", model: "gpt-4o" });
    expect(jobs[0]!.status().status).toBe("queued");
    await drain(router, clock);
    const results = await Promise.all(jobs.map((j) => j.result));
    expect(results.every((r) => r.via.kind === "batch")).toBe(true);
    expect(kit.batches()).toHaveLength(1);
    const lines = kit.billing().filter((b) => b.batch);
    expect(lines).toHaveLength(6);
    // Submitted after the 30-minute collection time: priced at that instant, at half the rate.
    expect(lines[0]!.at.getTime()).toBe(t0 + 30 * 60_000);
    const realized = jobs.reduce((sum, j) => sum + j.realizedCost()!.atto, 0n);
    expect(realized).toBe(kit.billingTotal("USD").atto);
    expect(router.ledger.total("USD").atto).toBe(kit.billingTotal("USD").atto);
    for (const j of jobs) {
      const r = j.status();
      expect(r.status).toBe("done");
      expect(r.finishedAt!.getTime()).toBeLessThanOrEqual(r.deadline.getTime());
    }
  });

  it("runs ahead of a dated rise rather than waiting past it", async () => {
    const s = await setupDeferral({ start: new Date("2026-09-30T20:00:00Z") });
    kit = s.kit;
    const { router, clock } = s;
    const job = router.defer(ask(1, 0.8), { deadline: clock.t.getTime() + 12 * H });
    const plan = job.status().plan;
    expect(plan.mechanism).toBe("ahead-of-rise");
    expect(plan.model).toBe("gpt-4o");
    expect(plan.at).toEqual(clock.t);
    expect(plan.afterRise!.atto).toBeGreaterThan(plan.expected.atto);
    await drain(router, clock);
    expect((await job.result).model).toBe("gpt-4o");
  });

  it("failed batch lines are retried in another batch, then moved to the interactive path; none is lost", async () => {
    const s = await setupDeferral({ batch: { completionMs: 20 * 60_000, lineFailureRate: 1 } });
    kit = s.kit;
    const { router, clock } = s;
    const t0 = clock.t.getTime();
    const jobs = Array.from({ length: 3 }, (_, i) => router.defer(ask(i, 0.8), { deadline: t0 + 40 * H }));
    await drain(router, clock);
    const results = await Promise.all(jobs.map((j) => j.result));
    expect(results.every((r) => r.via.kind === "interactive")).toBe(true);
    expect(kit.batches()).toHaveLength(2);
    for (const j of jobs) {
      expect(j.status()).toMatchObject({ status: "done", ranBy: "rescue", batchAttempts: 2 });
      expect(
        j
          .status()
          .events.map((e) => e.event)
          .join("\n"),
      ).toMatch(/errored.*another batch[\s\S]*errored.*interactive path/);
    }
    expect(router.ledger.total("USD").atto).toBe(kit.billingTotal("USD").atto);
  });

  it("a batch late near the deadline is rescued on the interactive path; its line billed later still counts", async () => {
    const s = await setupDeferral({
      batch: { completionMs: 20 * H },
      deferral: { batchAllowanceMs: 2 * H },
    });
    kit = s.kit;
    const { router, clock } = s;
    const t0 = clock.t.getTime();
    const job = router.defer(ask(1, 0.8), { deadline: t0 + 4 * H });
    expect(job.status().plan.mechanism).toBe("batch");
    await drain(router, clock, new Date(t0 + 4 * H));
    const r = await job.result;
    expect(r.via.kind).toBe("interactive");
    expect(job.status()).toMatchObject({ status: "done", ranBy: "rescue" });
    expect(job.status().finishedAt!.getTime()).toBeLessThanOrEqual(t0 + 4 * H);
    // The batch still ends and bills its line: read it (the scheduler keeps polling it) and account it.
    clock.t = new Date(t0 + 21 * H);
    await drain(router, clock);
    expect(kit.billing().filter((b) => b.batch && b.billed)).toHaveLength(1);
    expect(job.realizedCost()!.atto).toBe(kit.billingTotal("USD").atto);
    expect(router.ledger.total("USD").atto).toBe(kit.billingTotal("USD").atto);
  });

  it("bad input: a deadline in the past, too close, or malformed options is a typed error", async () => {
    const s = await setupDeferral();
    kit = s.kit;
    const { router, clock } = s;
    const t0 = clock.t.getTime();
    const past = (() => {
      try {
        router.defer(ask(1, 0.5), { deadline: t0 - 1000 });
      } catch (e) {
        return e;
      }
    })();
    expect(ValidationError.isInstance(past)).toBe(true);
    expect((past as ValidationError).issues[0]).toMatchObject({ path: ["deadline"] });
    expect(() => router.defer(ask(1, 0.5), { deadline: t0 + 60_000 })).toThrow(DeadlineInfeasibleError);
    const bad = (() => {
      try {
        router.defer(ask(1, 0.5), { deadline: "tomorrow", maxCost: "-1" } as never);
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(bad?.issues.map((i) => i.path[0])).toEqual(["deadline", "maxCost"]);
    expect(router.jobs.list()).toHaveLength(0);
  });

  it("with autoRun (the default) the scheduler runs due jobs on its own timers", async () => {
    const s = await setupDeferral({ deferral: { autoRun: true } });
    kit = s.kit;
    const job = s.router.defer(ask(1, 0.8), { deadline: s.clock.t.getTime() + 2 * H });
    expect(job.status().plan.mechanism).toBe("now");
    expect((await job.result).model).toBe("gpt-4o");
    expect(s.router.jobs.nextDueAt()).toBeUndefined();
    s.router.jobs.close();
  });

  it("a job id is an idempotency key: deferring it again returns the same job", async () => {
    const s = await setupDeferral();
    kit = s.kit;
    const { router, clock } = s;
    const a = router.defer(ask(1, 0.7), { deadline: clock.t.getTime() + 12 * H, id: "nightly-1" });
    const b = router.defer(ask(1, 0.7), { deadline: clock.t.getTime() + 12 * H, id: "nightly-1" });
    expect(b.id).toBe(a.id);
    expect(router.jobs.list()).toHaveLength(1);
    await drain(router as Router, clock);
    expect(kit.billing()).toHaveLength(1);
  });
});
