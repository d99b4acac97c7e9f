// The simulated week on the Redis queue: the deferrable jobs live in Redis (createRedisJobStore)
// and are run by scheduler processes (scheduler-process.ts, forked) that share one BullMQ queue, on a
// discrete simulated clock (this process moves it once every process has run what is due) against
// the testkit in this process. Optionally one scheduler is SIGKILLed
// mid-week and restarted. Used by `pnpm bench:deferral -- --redis` and test/deferral/queue-*.test.ts.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type Money, sumMoney } from "@tokenwise/core";
import {
  createBullJobQueue,
  createRedisJobStore,
  createRedisLedgerSink,
  readLedgerStream,
} from "@tokenwise/redis";
import { createRouter, type DeferralSettings, type JobRecord } from "@tokenwise/router";
import { createPrng } from "@tokenwise/testkit/internal";
import { Redis } from "ioredis";
import { type SchedulerProcessSettings, weekKeys } from "./scheduler-process";
import {
  type Job,
  request,
  runAtArrival,
  startWeekTestkit,
  summarizeWeek,
  WEEK_START,
  type WeekResult,
  weekModels,
  workload,
} from "./simulate-week";
import { stepClock } from "./step-clock";

const H = 3600_000;

export interface QueueWeekOptions {
  jobs: number;
  interactive: number;
  redisUrl: string;
  /** Scheduler processes sharing the queue. Default 2. */
  schedulers?: number;
  /** SIGKILL scheduler 0 at this share of the week (0–1) and start it again. Default: no crash. */
  crashAt?: number;
  /** Run the jobs at arrival first for the baseline (`run_now_usd` measured). Default true. */
  baseline?: boolean;
  lineFailureRate?: number;
  seed?: number;
  /** Key prefix in Redis (each run its own). */
  prefix?: string;
  /** Most real ms the whole week may take before it gives up. Default 10 min. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** What the queue week measured besides the week's figures. */
export interface QueueWeekResult extends WeekResult {
  schedulers: number;
  /** Jobs each scheduler process was handed (a job handed to two processes counts twice). */
  taken: Record<string, number>;
  crash?: {
    killed_at: string;
    /** Jobs the killed process held (BullMQ active) when it was killed. */
    held: number;
    /** Real ms from the kill until BullMQ had handed them all over again (the clock stood still). */
    recovery_ms: number;
  };
  /** Interactive runs whose process died between claiming the run and recording its outcome. */
  unknown_outcome_runs: number;
  /** Billed requests (testkit) that no ledger entry records: at most `unknown_outcome_runs`. */
  billed_not_in_ledger: number;
  /** Batch lines the testkit billed more than once (must be 0). */
  lines_billed_twice: number;
  /** Jobs never written as done or failed (must be 0). */
  lost_jobs: number;
  /** Runs started per job (`runs`), summed. */
  interactive_runs: number;
  stream_entries: number;
}

/** Runs the week on the Redis queue. */
export async function simulateQueueWeek(o: QueueWeekOptions): Promise<QueueWeekResult> {
  const started = performance.now();
  const log = o.log ?? (() => undefined);
  const models = weekModels();
  const { jobs, interactive } = workload(o);
  const failRate = o.lineFailureRate ?? 0.05;
  const schedulers = o.schedulers ?? 2;
  const prefix = o.prefix ?? `twweek${process.pid}${Date.now().toString(36)}`;
  const keys = weekKeys(prefix);
  const runNow = o.baseline === false ? undefined : (await runAtArrival(models, jobs, failRate)).runNow;

  // The discrete clock: it stands at an instant until every process has run what is due there and
  // BullMQ has handed over every job it holds, then moves to the next instant something happens.
  const clock = stepClock(WEEK_START.getTime());
  const setTime = (at: number) => clock.set(at);
  const { kit, providers } = await startWeekTestkit(models, clock.now, failRate);
  const redis = new Redis(o.redisUrl);
  const store = createRedisJobStore<JobRecord>({ redis, prefix, ledgerKey: keys.ledger });
  const deferral: SchedulerProcessSettings["deferral"] = {
    autoRun: false,
    concurrency: 16,
    pollMs: 30 * 60_000,
  };
  // BullMQ's delays are real ms: on the discrete clock every job is handed over at once (a huge time
  // scale) and its scheduler holds it until its instant.
  const queueTimeScale = 1e12;
  // This process only defers (no worker): the jobs run in the scheduler processes.
  const producerQueue = createBullJobQueue({
    connection: o.redisUrl,
    prefix: keys.bull,
    now: clock.now,
    timeScale: queueTimeScale,
    work: false,
  });
  const producer = createRouter({
    models,
    providers,
    now: clock.now,
    env: {},
    random: () => 0.5,
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    ledger: createRedisLedgerSink({ redis, key: keys.ledger }),
    deferral: { ...deferral, store, queue: producerQueue } as DeferralSettings,
    onWarning: () => undefined,
  });

  interface Child {
    process: ChildProcess;
    status: Map<number, { nextDue: number | null; held: number; activating: number }>;
    waiters: Map<number, () => void>;
  }
  const taken: Record<string, number> = {};
  const children = new Map<string, Child>();
  const script = fileURLToPath(new URL("./scheduler-process.ts", import.meta.url));
  const spawnScheduler = (name: string) =>
    new Promise<void>((resolve, reject) => {
      const settings: SchedulerProcessSettings = {
        name,
        redisUrl: o.redisUrl,
        prefix,
        providers,
        clock: clock.at(),
        deferral,
        queueTimeScale,
        lockDurationMs: 3_000,
        stalledIntervalMs: 1_000,
      };
      const child = fork(script, [], {
        execArgv: ["--import", "tsx"],
        env: { ...process.env, TOKENWISE_SCHEDULER: JSON.stringify(settings) },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      const c: Child = { process: child, status: new Map(), waiters: new Map() };
      child.on(
        "message",
        (m: {
          ready?: boolean;
          taken?: string;
          started?: string;
          stepped?: number;
          nextDue?: number | null;
          held?: number;
          activating?: number;
          error?: string;
        }) => {
          if (m.ready) child.send({ clock: clock.at(), go: true });
          if (m.started) resolve();
          if (m.taken) taken[name] = (taken[name] ?? 0) + 1;
          if (m.error) log(`${name}: ${m.error}`);
          if (m.stepped !== undefined) {
            c.status.set(m.stepped, {
              nextDue: m.nextDue ?? null,
              held: m.held ?? 0,
              activating: m.activating ?? 0,
            });
            c.waiters.get(m.stepped)?.();
          }
        },
      );
      child.once("exit", (code, signal) => {
        if (children.get(name) === c) children.delete(name);
        for (const w of c.waiters.values()) w();
        reject(new Error(`scheduler ${name} exited (${code ?? signal}) before it started`));
      });
      children.set(name, c);
    });

  let stepId = 0;
  /** Every process runs what is due now; their answers. */
  const stepAll = async () => {
    const id = ++stepId;
    const at = clock.now().getTime();
    const answers = await Promise.all(
      [...children.values()].map(
        (c) =>
          new Promise<{ nextDue: number | null; held: number; activating: number } | undefined>((resolve) => {
            c.waiters.set(id, () => {
              c.waiters.delete(id);
              resolve(c.status.get(id));
              c.status.delete(id);
            });
            c.process.send({ step: { id, at } });
          }),
      ),
    );
    return answers.filter((a) => a !== undefined);
  };
  /** Steps at the current instant until it is settled; the next instant a process has something due. */
  const settle = async (): Promise<number | undefined> => {
    for (;;) {
      if (performance.now() > giveUp) throw new Error("the queue week took too long");
      const answers = await stepAll();
      const counts = await producerQueue.queue.getJobCounts("waiting", "delayed", "active", "prioritized");
      const held = answers.reduce((n, a) => n + a.held, 0);
      const activating = answers.reduce((n, a) => n + a.activating, 0);
      const t = clock.now().getTime();
      const dueNow = answers.some((a) => a.nextDue !== null && a.nextDue <= t);
      const handedOver =
        (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0) === 0 &&
        (counts.active ?? 0) === held &&
        activating === 0;
      if (!dueNow && handedOver) {
        const next = answers.map((a) => a.nextDue).filter((x): x is number => x !== null);
        return next.length ? Math.min(...next) : undefined;
      }
      if (!handedOver) await new Promise((r) => setTimeout(r, 5));
    }
  };

  let crash: QueueWeekResult["crash"];
  const crashAtMs = o.crashAt === undefined ? undefined : WEEK_START.getTime() + o.crashAt * 7 * 24 * H;
  const giveUp = performance.now() + (o.timeoutMs ?? 600_000);
  const ids = jobs.map((j) => `wk-${j.i}`);
  const rng = createPrng(o.seed ?? 7, "queue-week-crash");
  try {
    await Promise.all(Array.from({ length: schedulers }, (_, k) => spawnScheduler(`s${k}`)));
    log(`week on the Redis queue: ${jobs.length} jobs, ${schedulers} schedulers`);

    const killAndRestart = async () => {
      const victim = children.get("s0")!;
      // Kill it in the middle of a step: it is running what is due (calls, submissions, polls).
      const id = ++stepId;
      victim.process.send({ step: { id, at: clock.now().getTime() } });
      await new Promise((r) => setTimeout(r, rng.int(25)));
      const held = (await producerQueue.queue.getJobCounts("active")).active ?? 0;
      victim.process.kill("SIGKILL");
      const t = performance.now();
      await new Promise((r) =>
        victim.process.exitCode !== null || victim.process.signalCode !== null
          ? r(null)
          : victim.process.once("exit", r),
      );
      children.delete("s0");
      log(`SIGKILL s0 at ${clock.now().toISOString()} (${held} jobs active in BullMQ)`);
      await spawnScheduler("s0-restarted");
      // The clock stands still until BullMQ has handed every job of the killed process over again.
      await settle();
      crash = { killed_at: clock.now().toISOString(), held, recovery_ms: Math.round(performance.now() - t) };
    };

    let ji = 0;
    let ii = 0;
    let next = await settle();
    for (;;) {
      const nextJob = jobs[ji]?.arrival ?? Number.POSITIVE_INFINITY;
      const nextCall = interactive[ii]?.at ?? Number.POSITIVE_INFINITY;
      const at = Math.min(nextJob, nextCall, next ?? Number.POSITIVE_INFINITY);
      // The crash: from `crashAt` on, at the first instant where s0 holds jobs (BullMQ active).
      if (crashAtMs !== undefined && crash === undefined && clock.now().getTime() >= crashAtMs) {
        const active = (await producerQueue.queue.getJobCounts("active")).active ?? 0;
        if (active >= 3) {
          await killAndRestart();
          next = await settle();
          continue;
        }
      }
      if (!Number.isFinite(at)) {
        const records = await store.list();
        const open = ids.filter((id) => {
          const r = records.find((x) => x.id === id);
          return !r || (r.status !== "done" && r.status !== "failed");
        });
        if (open.length === 0) break;
        if (performance.now() > giveUp)
          throw new Error(`${open.length} jobs never ended: ${open.slice(0, 5).join(", ")}`);
        await new Promise((r) => setTimeout(r, 20));
        next = await settle();
        continue;
      }
      if (at > clock.now().getTime()) setTime(at);
      if (at === nextJob) {
        const j = jobs[ji++]!;
        const id = `wk-${j.i}`;
        const h = producer.defer(request(j.prompt, j.minQuality, []), {
          deadline: j.deadline,
          tags: ["deferrable"],
          id,
        });
        h.result.catch(() => undefined);
        // The record is written and the job added to BullMQ before the clock moves on.
        while (!(await producerQueue.queue.getJob(id))) await new Promise((r) => setTimeout(r, 2));
      } else if (at === nextCall) {
        const c = interactive[ii++]!;
        await producer.generate(
          request(`Interactive question ${c.k}: what is the capital of country ${c.k % 50}?`, c.minQuality, [
            "interactive",
          ]),
        );
      }
      next = await settle();
    }
  } finally {
    for (const c of children.values()) c.process.kill("SIGTERM");
    await Promise.all(
      [...children.values()].map(
        (c) => new Promise((r) => (c.process.exitCode !== null ? r(null) : c.process.once("exit", r))),
      ),
    );
    await producer.jobs.close();
  }
  // Ledger entries written after the last job ended (the stream writes are not awaited by calls).
  await new Promise((r) => setTimeout(r, 200));
  const records = new Map((await store.list()).map((r) => [r.id, r]));
  const entries = await readLedgerStream({ redis, key: keys.ledger });
  const ledger: Money = sumMoney(
    entries.map((e) => e.cost),
    "USD",
  );
  const billing = kit.billing().filter((e) => e.billed);
  // Interactive calls by the provider's request id; batch lines by their custom id (`<job>-<attempt>`).
  const recorded = new Set(
    entries.flatMap((e) => [
      ...(e.requestId ? [e.requestId] : []),
      ...(e.tags.includes("batch") ? [`${e.callId}-${e.attempt}`] : []),
    ]),
  );
  const lineCounts = new Map<string, number>();
  for (const e of billing)
    if (e.batch) lineCounts.set(e.batch.customId, (lineCounts.get(e.batch.customId) ?? 0) + 1);
  const record = (j: Job) => records.get(`wk-${j.i}`)!;
  let unknown = 0;
  let runs = 0;
  let lost = 0;
  for (const id of ids) {
    const r = records.get(id);
    if (!r || (r.status !== "done" && r.status !== "failed")) lost++;
    if (!r) continue;
    runs += r.runs ?? 0;
    unknown += r.events.filter((e) => e.event.includes("outcome is unknown")).length;
  }
  const week = summarizeWeek({
    jobs,
    interactive: interactive.length,
    record,
    runNow: runNow ?? new Map(jobs.map((j) => [j.i, record(j).plan.runNow.atto])),
    kit,
    ledger,
    baselineOk: runNow !== undefined,
    started,
  });
  await kit.close();
  await redis.quit();
  return {
    ...week,
    schedulers,
    taken,
    ...(crash ? { crash } : {}),
    unknown_outcome_runs: unknown,
    billed_not_in_ledger: billing.filter((e) => !recorded.has(e.batch ? e.batch.customId : e.requestId))
      .length,
    lines_billed_twice: [...lineCounts.values()].filter((n) => n > 1).length,
    lost_jobs: lost,
    interactive_runs: runs,
    stream_entries: entries.length,
  };
}
