import { parseWith } from "@tokenwise/core";
import { functionSchema } from "@tokenwise/core/internal";
import { type ConnectionOptions, Queue, Worker } from "bullmq";
import { z } from "zod";

/** Options of {@link createBullJobQueue}. */
export interface BullJobQueueOptions {
  /** Redis for BullMQ: a URL (`redis://…`) or BullMQ connection options. BullMQ opens its own connections. */
  connection: string | ConnectionOptions;
  /** The BullMQ queue's name. Default `tokenwise-jobs`. */
  name?: string;
  /** BullMQ's key prefix. Default `tw:bull`. */
  prefix?: string;
  /**
   * Most jobs one process holds at once. A job is held from its planned instant until it has run
   * (through its batch's hours too), so this is large. Default 1,000.
   */
  concurrency?: number;
  /** How long a process's hold on a job lasts unless renewed (BullMQ's lock, renewed at half of it), ms. Default 30,000. */
  lockDurationMs?: number;
  /** How often a worker looks for jobs whose holder stopped renewing (stalled jobs), ms. Default 30,000. */
  stalledIntervalMs?: number;
  /** Most times one job is taken over from a stopped holder before BullMQ fails it. Default 100. */
  maxStalledCount?: number;
  /** The scheduler's clock (the router's `now`), to turn a planned instant into BullMQ's delay. Default real time. */
  now?: () => Date;
  /** As the router's `deferral.timeScale`: the clock runs this many times faster than real time. Default 1. */
  timeScale?: number;
  /** How long ended BullMQ jobs (and so their ids) are kept, s. Default 7 days. */
  keepEndedS?: number;
  /** Run a worker in this process. Default true; false for a process that only defers (a web server). */
  work?: boolean;
}

const OptionsSchema = z.object({
  connection: z.union([
    z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL"),
    z.looseObject({}),
  ]),
  name: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, "must be letters, digits, _ or -")
    .optional(),
  prefix: z.string().min(1).optional(),
  concurrency: z.number().int().positive().optional(),
  lockDurationMs: z.number().int().positive().optional(),
  stalledIntervalMs: z.number().int().positive().optional(),
  maxStalledCount: z.number().int().nonnegative().optional(),
  now: functionSchema<() => Date>("must be a function () => Date").optional(),
  timeScale: z.number().positive().optional(),
  keepEndedS: z.number().int().positive().optional(),
  work: z.boolean().optional(),
});

/** A router `JobQueue` on BullMQ, with the BullMQ `Queue` for inspection. */
export interface BullJobQueue {
  add(id: string, at: Date): Promise<void>;
  start(take: (id: string) => Promise<void>): Promise<void>;
  close(): Promise<void>;
  /** The BullMQ queue (counts, jobs, `obliterate`). */
  readonly queue: Queue;
}

/**
 * Deferred jobs on a BullMQ queue (`createRouter({ deferral: { store, queue } })`): each job is a
 * BullMQ job whose id is the job's id (adding it again is a no-op: the idempotency key of the job),
 * delayed until its planned instant (a window, ahead of a rise) or added at once for a batch. Every
 * router with the queue runs a BullMQ worker; the worker that takes a job holds it (BullMQ's lock,
 * renewed) until the job has ended there, through its batch's hours. A process that dies stops
 * renewing: BullMQ's stalled-job check hands the job to another worker (or the restarted one), which
 * resumes it from its record in the store.
 */
export function createBullJobQueue(options: BullJobQueueOptions): BullJobQueue {
  const o = parseWith(OptionsSchema, options, "createBullJobQueue");
  const connection: ConnectionOptions =
    typeof o.connection === "string" ? { url: o.connection } : (o.connection as ConnectionOptions);
  const name = o.name ?? "tokenwise-jobs";
  const prefix = o.prefix ?? "tw:bull";
  const now = o.now ?? (() => new Date());
  const timeScale = o.timeScale ?? 1;
  const keep = { age: o.keepEndedS ?? 7 * 86_400 };
  const queue = new Queue(name, { connection, prefix });
  queue.on("error", warn);
  let worker: Worker | undefined;
  return {
    queue,
    async add(id, at) {
      const delay = Math.max(0, Math.ceil((at.getTime() - now().getTime()) / timeScale));
      await queue.add(
        "job",
        { id },
        {
          jobId: id,
          delay,
          // A take fails only when the store cannot be read: try again rather than lose the job.
          attempts: 10,
          backoff: { type: "exponential", delay: 1_000 },
          removeOnComplete: keep,
          removeOnFail: keep,
        },
      );
    },
    async start(take) {
      if (worker || o.work === false) return;
      worker = new Worker<{ id: string }>(name, (job) => take(job.data.id), {
        connection,
        prefix,
        concurrency: o.concurrency ?? 1_000,
        lockDuration: o.lockDurationMs ?? 30_000,
        stalledInterval: o.stalledIntervalMs ?? 30_000,
        maxStalledCount: o.maxStalledCount ?? 100,
      });
      worker.on("error", warn);
      await worker.waitUntilReady();
    },
    async close() {
      // Jobs held here are not waited for: they go back to the queue when their lock expires.
      await worker?.close(true);
      await queue.close();
    },
  };
}

function warn(error: unknown) {
  process.emitWarning(`tokenwise job queue: ${error instanceof Error ? error.message : String(error)}`, {
    type: "TokenwiseQueueWarning",
  });
}
