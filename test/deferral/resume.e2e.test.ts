import { createMemoryJobStore } from "@tokenwise/router";
import type { Testkit } from "@tokenwise/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { drain, setupDeferral } from "./fixtures";

const H = 3600_000;
const ask = (i: number, minQuality: number) => ({
  messages: [{ role: "user" as const, content: `Job ${i}: list three uses of copper.` }],
  constraints: { minQuality },
  maxOutputTokens: 100,
});

describe("resume: a router takes over the unfinished jobs of a stopped one (same store)", () => {
  let kit: Testkit | undefined;
  afterEach(async () => {
    await kit?.close();
    kit = undefined;
  });

  it("waiting, queued and in-batch jobs all finish once: nothing lost, no batch line or call billed twice", async () => {
    const store = createMemoryJobStore();
    const s = await setupDeferral({ batch: { completionMs: 2 * H }, deferral: { store } });
    kit = s.kit;
    const { router: first, clock, another } = s;
    const t0 = clock.t.getTime();
    const windowJobs = Array.from({ length: 4 }, (_, i) =>
      first.defer(ask(i, 0.7), { deadline: t0 + 12 * H }),
    );
    const batchJobs = Array.from({ length: 5 }, (_, i) =>
      first.defer(ask(10 + i, 0.8), { deadline: t0 + 30 * H }),
    );
    expect(windowJobs[0]!.status().plan.mechanism).toBe("window");
    expect(batchJobs[0]!.status().plan.mechanism).toBe("batch");
    // Run until the batch is submitted (40 min), then the first router stops without a word.
    await drain(first, clock, new Date(t0 + 40 * 60_000));
    expect(batchJobs[0]!.status().status).toBe("in-batch");
    const late = first.defer(ask(99, 0.8), { deadline: t0 + 30 * H });
    expect(late.status().status).toBe("queued");
    first.jobs.close();

    const second = another();
    expect(await second.jobs.resume()).toBe(10);
    const handles = [...windowJobs, ...batchJobs, late].map((h) => second.jobs.handle(h.id)!);
    await drain(second, clock);
    const results = await Promise.all(handles.map((h) => h.result));
    expect(results).toHaveLength(10);
    expect(handles.every((h) => h.status().status === "done")).toBe(true);
    expect(results.filter((r) => r.via.kind === "batch")).toHaveLength(6);
    // Once each: one billed entry per job (4 interactive calls, 6 batch lines).
    const billed = kit.billing().filter((e) => e.billed);
    expect(billed).toHaveLength(10);
    expect(new Set(billed.filter((e) => e.batch).map((e) => e.batch!.customId)).size).toBe(6);
    expect(kit.batches()).toHaveLength(2);
    for (const h of handles) {
      const r = (await store.get(h.id))!;
      expect(r.status).toBe("done");
      expect(r.events.some((e) => e.event.startsWith("resumed"))).toBe(true);
    }
    // The second router's ledger holds what it accounted: every call and line after the stop.
    expect(second.ledger.total("USD").atto + first.ledger.total("USD").atto).toBe(
      kit.billingTotal("USD").atto,
    );
    // Resuming again takes nothing: every job is done.
    expect(await another().jobs.resume()).toBe(0);
  });
});
