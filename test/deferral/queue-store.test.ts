// The Redis side of deferral: the job store's records and idempotency keys, the BullMQ queue's job
// ids and delays, and a router whose jobs live on Redis facing bad input (a deadline in the past or
// too close, a record in an unknown status, a batch the provider does not know): typed errors or a
// clear job status, none lost.
import { main as cli } from "@tokenwise/cli";
import { ValidationError } from "@tokenwise/core";
import { createBullJobQueue, createRedisJobStore, readLedgerStream } from "@tokenwise/redis";
import { DeadlineInfeasibleError, type JobRecord, type Router } from "@tokenwise/router";
import type { Testkit } from "@tokenwise/testkit";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sharedRedisUrl } from "../support/redis";
import { drain, setupDeferral } from "./fixtures";

const url = sharedRedisUrl();
const H = 3600_000;
const usd = (atto: bigint) => ({ currency: "USD", atto });
let n = 0;
const uniquePrefix = () => `tq${process.pid}x${Date.now().toString(36)}x${++n}`;

const record = (id: string, over: Partial<JobRecord> = {}): JobRecord => ({
  id,
  request: { messages: [{ role: "user", content: "Say 2026-11-30T00:00:00Z back." }] },
  deadline: new Date("2026-12-01T00:00:00Z"),
  createdAt: new Date("2026-11-30T00:00:00Z"),
  tags: ["nightly"],
  plan: {
    mechanism: "batch",
    at: new Date("2026-11-30T00:30:00Z"),
    provider: "openai",
    model: "gpt-4o",
    outputReserve: 100,
    // Past 2^63 atto: exact as a decimal string.
    expected: usd(12_345_678_901_234_567_890_123n),
    runNow: usd(24_691_357_802_469_135_780_246n),
  },
  status: "queued",
  batchAttempts: 0,
  events: [{ at: new Date("2026-11-30T00:00:00Z"), event: "planned" }],
  ...over,
});

async function until<T>(read: () => Promise<T | undefined> | T | undefined, what: string, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!url)("createRedisJobStore", () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(url!);
  });
  afterAll(() => redis.disconnect());

  it("keeps records as written (money exact past 2^63, dates as dates), oldest first", async () => {
    const store = createRedisJobStore<JobRecord>({ redis, prefix: uniquePrefix() });
    const a = record("a", { createdAt: new Date("2026-11-30T02:00:00Z") });
    const b = record("b");
    await store.put(a);
    await store.put(b);
    const got = (await store.get("a"))!;
    expect(got).toEqual(a);
    expect(got.plan.expected.atto).toBe(12_345_678_901_234_567_890_123n);
    expect(got.deadline).toBeInstanceOf(Date);
    expect(got.events[0]!.at).toBeInstanceOf(Date);
    // A string that looks like an instant stays a string.
    expect(got.request.messages[0]!.content).toBe("Say 2026-11-30T00:00:00Z back.");
    expect((await store.list()).map((r) => r.id)).toEqual(["b", "a"]);
    expect(await store.get("missing")).toBeUndefined();
  });

  it("writes a new id once, takes each idempotency key once, never reopens a finished job", async () => {
    const store = createRedisJobStore<JobRecord>({ redis, prefix: uniquePrefix() });
    expect(await store.create(record("j"))).toBe(true);
    expect(await store.create(record("j", { tags: ["second"] }))).toBe(false);
    expect((await store.get("j"))!.tags).toEqual(["nightly"]);
    expect(await store.claim("run:j:1")).toBe(true);
    expect(await store.claim("run:j:1")).toBe(false);
    expect(await store.claim("run:j:2")).toBe(true);
    await store.put(record("j", { status: "done", realized: usd(5n) }));
    // A process that lost the job writes a stale status: refused.
    await store.put(record("j", { status: "waiting" }));
    expect((await store.get("j"))!.status).toBe("done");
    await store.put(record("j", { status: "done", realized: usd(7n) }));
    expect((await store.get("j"))!.realized).toEqual(usd(7n));
  });

  it("settles a batch line once, with its ledger entry in the same script", async () => {
    const prefix = uniquePrefix();
    const ledgerKey = `${prefix}:{jobs}:ledger`;
    const store = createRedisJobStore<JobRecord>({ redis, prefix, ledgerKey });
    const done = record("k", { status: "done", realized: usd(123_456_789_012_345_678_901n) });
    const entry = {
      callId: "k",
      attempt: 1,
      provider: "openai",
      model: "gpt-4o",
      at: new Date("2026-11-30T00:30:00Z"),
      cost: usd(123_456_789_012_345_678_901n),
      accuracy: "exact" as const,
      tags: ["batch"],
    };
    expect(await store.settleLine("k-1", done, entry)).toBe("settled-with-ledger");
    expect(await store.settleLine("k-1", done, entry)).toBe("duplicate");
    const entries = await readLedgerStream({ redis, key: ledgerKey });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.cost).toEqual(usd(123_456_789_012_345_678_901n));
    expect((await store.get("k"))!.status).toBe("done");
    const plain = createRedisJobStore<JobRecord>({ redis, prefix: uniquePrefix() });
    expect(await plain.settleLine("k-1", done, entry)).toBe("settled");
  });

  it("bad options are a ValidationError naming the field", () => {
    const error = (() => {
      try {
        createRedisJobStore({ redis: {} as Redis, prefix: "" });
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error!.issues.map((i) => i.path[0])).toEqual(["redis", "prefix"]);
    expect(() => createBullJobQueue({ connection: "http://localhost:6379" })).toThrow(ValidationError);
  });
});

describe.skipIf(!url)("createBullJobQueue", () => {
  it("a job id is added once; a delayed job is handed over after one added later without delay", async () => {
    const prefix = uniquePrefix();
    const queue = createBullJobQueue({ connection: url!, prefix, name: "order" });
    const taken: string[] = [];
    await queue.add("later", new Date(Date.now() + 600));
    await queue.add("now", new Date());
    await queue.add("now", new Date());
    await queue.start(async (id) => {
      taken.push(id);
    });
    await until(() => taken.length >= 2, "both jobs");
    expect(taken).toEqual(["now", "later"]);
    expect((await queue.queue.getJobCounts("completed")).completed).toBe(2);
    await queue.queue.obliterate({ force: true });
    await queue.close();
  });
});

describe.skipIf(!url)("a router with its jobs on Redis (store + BullMQ queue, one process)", () => {
  let kit: Testkit | undefined;
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(url!);
  });
  afterAll(() => redis.disconnect());
  afterEach(async () => {
    await kit?.close();
    kit = undefined;
  });

  async function setup() {
    const prefix = uniquePrefix();
    const store = createRedisJobStore<JobRecord>({ redis, prefix });
    let clockNow = () => new Date();
    const queue = createBullJobQueue({
      connection: url!,
      prefix: `${prefix}:bull`,
      now: () => clockNow(),
      timeScale: 1e12,
    });
    const s = await setupDeferral({ deferral: { store, queue } });
    clockNow = () => s.clock.t;
    kit = s.kit;
    return { ...s, store, queue, prefix };
  }

  it("runs a deferred job from the queue: the record on Redis says done, with its realised cost", async () => {
    const { router, clock, store, prefix } = await setup();
    const job = router.defer(
      {
        messages: [{ role: "user", content: "Job 1: name three rivers." }],
        constraints: { minQuality: 0.8 },
        maxOutputTokens: 100,
      },
      { deadline: clock.t.getTime() + 2 * H, id: "redis-now-1" },
    );
    await until(() => router.jobs.nextDueAt(), "the job handed over");
    await drain(router as Router, clock);
    const result = await job.result;
    expect(result.via.kind).toBe("interactive");
    const stored = (await until(async () => {
      const r = await store.get("redis-now-1");
      return r?.status === "done" ? r : undefined;
    }, "the done record"))!;
    expect(stored.realized!.atto).toBe(kit!.billingTotal("USD").atto);
    expect(stored.runs).toBe(1);
    // `tokenwise jobs --redis URL --prefix P` lists it from Redis, with its realised cost.
    const out: string[] = [];
    const code = await cli(["jobs", "--redis", url!, "--prefix", prefix], {
      stdout: (l) => out.push(l),
      stderr: (l) => out.push(l),
    });
    expect(code).toBe(0);
    expect(out.join("\n")).toMatch(/^done \(1\)/m);
    expect(out.join("\n")).toMatch(/^\s+redis-now-1\s/m);
    await router.jobs.close();
  });

  it("a run claimed by a holder that stopped before writing `running` is an unknown outcome: the job runs as the next run, once", async () => {
    const { router, clock, store, queue } = await setup();
    const t0 = clock.t;
    await store.put(
      record("stopped", {
        status: "waiting",
        request: {
          messages: [{ role: "user", content: "Job 7: name a planet." }],
          constraints: { minQuality: 0.8 },
        },
        plan: { ...record("x").plan, mechanism: "now", at: t0, expected: usd(1n), runNow: usd(1n) },
        createdAt: t0,
        deadline: new Date(t0.getTime() + 2 * H),
      }),
    );
    expect(await store.claim("run:stopped:1")).toBe(true); // the stopped holder's claim
    void router.jobs;
    await queue.add("stopped", t0);
    await until(() => router.jobs.nextDueAt(), "the job handed over");
    await drain(router as Router, clock);
    const done = (await until(async () => {
      const r = await store.get("stopped");
      return r?.status === "done" ? r : undefined;
    }, "the job done"))!;
    expect(done.runs).toBe(2);
    expect(done.events.map((e) => e.event).join(" | ")).toMatch(
      /run 1 was claimed before .*outcome is unknown/,
    );
    expect(kit!.billing().filter((e) => e.billed)).toHaveLength(1);
    await router.jobs.close();
  });

  it("bad input: a deadline in the past or too close is a typed error and nothing is written", async () => {
    const { router, clock, store } = await setup();
    const t0 = clock.t.getTime();
    const ask = { messages: [{ role: "user" as const, content: "Hi" }], constraints: { minQuality: 0.5 } };
    const past = (() => {
      try {
        router.defer(ask, { deadline: t0 - 1000, id: "past" });
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(ValidationError.isInstance(past)).toBe(true);
    expect(past!.issues[0]).toMatchObject({ path: ["deadline"] });
    expect(() => router.defer(ask, { deadline: t0 + 60_000, id: "close" })).toThrow(DeadlineInfeasibleError);
    expect(await store.list()).toEqual([]);
    await router.jobs.close();
  });

  it("a record in an unknown status ends failed with a clear error; a batch the provider does not know is left for another batch; none is lost", async () => {
    const { router, clock, store, queue } = await setup();
    const t0 = clock.t;
    await store.put(
      record("odd", { status: "paused" as never, createdAt: t0, deadline: new Date(t0.getTime() + 30 * H) }),
    );
    await store.put(
      record("lost-batch", {
        status: "in-batch",
        createdAt: t0,
        deadline: new Date(t0.getTime() + 30 * H),
        batchAttempts: 1,
        batchId: "batch_unknown_to_the_provider",
        batchCreatedAt: t0,
        customId: "lost-batch-1",
      }),
    );
    void router.jobs; // starts the worker
    await queue.add("odd", t0);
    await queue.add("lost-batch", t0);
    const odd = (await until(async () => {
      const r = await store.get("odd");
      return r?.status === "failed" ? r : undefined;
    }, "the odd record failed"))!;
    expect(odd.error!.message).toContain('unknown job status "paused"');
    await until(() => router.jobs.get("lost-batch"), "the lost batch job taken");
    await drain(router as Router, clock);
    const lost = (await until(async () => {
      const r = await store.get("lost-batch");
      return r?.status === "done" ? r : undefined;
    }, "the lost batch job done"))!;
    // Unreadable (404): its job went to another batch (attempts and deadline allowed it) and was answered there.
    expect(lost.events.map((e) => e.event).join(" | ")).toMatch(
      /batch batch_unknown_to_the_provider unreadable .*queued for another batch/,
    );
    expect(lost.batchAttempts).toBe(2);
    expect(lost.result!.via).toMatchObject({ kind: "batch" });
    expect(kit!.billing().filter((e) => e.billed)).toHaveLength(1);
    await router.jobs.close();
  });
});
