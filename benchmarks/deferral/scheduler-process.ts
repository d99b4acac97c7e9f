// One scheduler process of the week on the Redis queue (run with `node --import tsx`, forked by
// queue-week.ts): a router over the testkit whose deferred jobs live in Redis (createRedisJobStore)
// and come from BullMQ (createBullJobQueue), its ledger a Redis Stream. The clock is the parent's:
// a discrete simulated clock that moves only in `step` messages (the process runs what is due and
// answers); the process reports each job BullMQ hands it (`{ taken }`).
import { createBullJobQueue, createRedisJobStore, createRedisLedgerSink } from "@tokenwise/redis";
import { createRouter, type DeferralSettings, type JobQueue, type JobRecord } from "@tokenwise/router";
import { Redis } from "ioredis";
import { weekModels } from "./simulate-week";
import { stepClock } from "./step-clock";

/** What the parent passes in TOKENWISE_SCHEDULER (JSON). */
export interface SchedulerProcessSettings {
  name: string;
  redisUrl: string;
  prefix: string;
  providers: Record<string, { apiKey: string; baseURL: string }>;
  /** The instant now, epoch ms. */
  clock: number;
  deferral: Omit<DeferralSettings, "store" | "queue" | "batchAdapters" | "newId">;
  /** BullMQ's delays: simulated ms per real ms (the discrete clock hands jobs over at once). */
  queueTimeScale: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
}

/** The keys one week uses (store prefix, ledger stream, BullMQ prefix). */
export const weekKeys = (prefix: string) => ({ ledger: `${prefix}:{jobs}:ledger`, bull: `${prefix}:bull` });

type Message = { clock?: number; go?: boolean; step?: { id: number; at: number } };

if (process.env.TOKENWISE_SCHEDULER) {
  const s = JSON.parse(process.env.TOKENWISE_SCHEDULER) as SchedulerProcessSettings;
  const clock = stepClock(s.clock);
  const send = (m: unknown) => process.send?.(m);
  const held = new Set<string>();
  let router: ReturnType<typeof createRouter> | undefined;
  // One step of the discrete clock: the parent sets the instant; this process runs what is due there
  // and answers with its next due instant and the jobs it holds (some maybe not yet activated).
  const step = async (id: number, at: number) => {
    clock.set(at);
    if (router) await router.jobs.runDue();
    const jobs = router?.jobs;
    send({
      stepped: id,
      nextDue: jobs?.nextDueAt()?.getTime() ?? null,
      held: held.size,
      activating: [...held].filter((x) => !jobs?.get(x)).length,
    });
  };
  let chain = Promise.resolve();
  let started!: () => void;
  const go = new Promise<void>((resolve) => {
    started = resolve;
  });
  process.on("message", (m: Message) => {
    if (m.clock !== undefined) clock.set(m.clock);
    if (m.go) started();
    const st = m.step;
    if (st)
      chain = chain
        .then(() => step(st.id, st.at))
        .catch((e: unknown) => {
          send({ error: String(e) });
        });
  });
  const redis = new Redis(s.redisUrl);
  const keys = weekKeys(s.prefix);
  const store = createRedisJobStore<JobRecord>({ redis, prefix: s.prefix, ledgerKey: keys.ledger });
  const bull = createBullJobQueue({
    connection: s.redisUrl,
    prefix: keys.bull,
    now: clock.now,
    timeScale: s.queueTimeScale,
    lockDurationMs: s.lockDurationMs,
    stalledIntervalMs: s.stalledIntervalMs,
  });
  const queue: JobQueue = {
    add: bull.add,
    close: bull.close,
    start: (take) =>
      bull.start(async (id) => {
        held.add(id);
        send({ taken: id });
        try {
          await take(id);
        } finally {
          held.delete(id);
        }
      }),
  };
  send({ ready: true });
  await go;
  router = createRouter({
    models: weekModels(),
    providers: s.providers,
    now: clock.now,
    env: {},
    random: () => 0.5,
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    ledger: createRedisLedgerSink({ redis, key: keys.ledger }),
    deferral: { ...s.deferral, store, queue },
    onWarning: () => undefined,
  });
  void router.jobs; // the scheduler starts its BullMQ worker
  send({ started: s.name });
  process.on("SIGTERM", () => {
    void router?.jobs.close().finally(() => {
      redis.disconnect();
      process.exit(0);
    });
  });
}
