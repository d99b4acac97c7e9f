import type { Money } from "@tokenwise/core";
import type { BatchAdapterFactory } from "../batch/batch-adapter";
import type { RouterRequest, RouterResult } from "../types";
import type { JobQueue, JobStore } from "./job-store";

/** Options of `router.defer`. */
export interface DeferOptions {
  /** When the answer is needed at the latest: a `Date`, an ISO instant or epoch ms. */
  deadline: Date | string | number;
  /** Most the job may cost (decimal string in the report currency, or Money): ways above it are not taken. */
  maxCost?: string | Money;
  /** Labels for the ledger and `tokenwise jobs`. */
  tags?: readonly string[];
  /** Your id for the job: deferring the same id again returns the same job (an idempotency key). */
  id?: string;
}

/**
 * How a job runs (or ran):
 * - `now`: at once, on the interactive path;
 * - `window`: later, in a cheaper time-of-day window;
 * - `price-change`: later, after a dated price change that makes it cheaper;
 * - `ahead-of-rise`: at once (or before a dated rise) although a later cheaper-looking instant exists after the rise;
 * - `batch`: through the provider's batch API at its batch price;
 * - `rescue`: moved to the interactive path because its batch was late, failed or unreadable.
 */
export type JobMechanism = "now" | "window" | "price-change" | "ahead-of-rise" | "batch";

/** Where a job is. */
export type JobStatus = "queued" | "waiting" | "in-batch" | "running" | "done" | "failed";

/** The way chosen for a job when it was deferred. */
export interface JobPlan {
  mechanism: JobMechanism;
  /** When it is planned to run (interactive) or be submitted (batch). */
  at: Date;
  provider: string;
  model: string;
  /** Output tokens reserved for the answer (output and reasoning quantiles): bounds a batch line's output. */
  outputReserve: number;
  /** Expected cost of the chosen way (exact, from the estimated usage). */
  expected: Money;
  /** Expected cost of running it at once, at arrival: the baseline the saving is measured against. */
  runNow: Money;
  /** For `ahead-of-rise`: expected cost of the cheapest way after the rise (what waiting would have cost). */
  afterRise?: Money;
}

/** A job as stored: everything needed to resume it after a restart. */
export interface JobRecord {
  id: string;
  /** The request, without its `signal`. */
  request: Omit<RouterRequest, "signal">;
  deadline: Date;
  createdAt: Date;
  tags: readonly string[];
  maxCost?: Money;
  plan: JobPlan;
  status: JobStatus;
  /** How it finally ran (differs from `plan.mechanism` after a rescue or a failover). */
  ranBy?: JobMechanism | "rescue";
  /** Interactive runs started so far (each claimed once as `run:<id>:<n>` in a shared store). */
  runs?: number;
  /** Batch attempts so far and the current batch (provider id), if any. */
  batchAttempts: number;
  batchId?: string;
  /** The provider's creation instant of `batchId`: the batch price in force then applies. */
  batchCreatedAt?: Date;
  /** The line's id in its batch: `<job id>-<attempt>` (an idempotency key per batch line). */
  customId?: string;
  /** Set once the job has produced its answer. */
  result?: DeferredResult;
  realized?: Money;
  error?: { name: string; message: string };
  finishedAt?: Date;
  /** What happened, in order (planned, submitted, retried, rescued…), for `tokenwise jobs`. */
  events: { at: Date; event: string }[];
}

/** The answer of a deferred job: the interactive result's fields, or a batch line's. */
export interface DeferredResult {
  text: string;
  toolCalls: RouterResult["toolCalls"];
  finishReason: RouterResult["finishReason"];
  usage: RouterResult["usage"];
  provider: string;
  model: string;
  /** The interactive call's report id, or the batch id. */
  via: { kind: "interactive"; callId: string } | { kind: "batch"; batchId: string; requestId?: string };
}

/** A deferred job, as `router.defer` returns it. */
export interface JobHandle {
  readonly id: string;
  /** Settles when the job is done (or rejects when it failed for good). */
  readonly result: Promise<DeferredResult>;
  /** The job's record now (status, plan, expected and realised cost). */
  status(): JobRecord;
  readonly expectedCost: Money;
  /** Undefined until done. */
  realizedCost(): Money | undefined;
}

/** Settings of the scheduler (`createRouter({ deferral })`). */
export interface DeferralSettings {
  /** Where jobs are kept. Default in memory. */
  store?: JobStore;
  /**
   * Hands jobs to scheduler processes (BullMQ on Redis: `createBullJobQueue` of `@tokenwise/redis`),
   * so that several processes share the jobs of one store and a crashed one's jobs are taken over.
   * Without it, a scheduler runs the jobs it deferred (and those it `resume`s).
   */
  queue?: JobQueue;
  /**
   * How many times faster than real time the router's clock runs (a simulation on an accelerated
   * clock): timers wait `(due − now) / timeScale` real ms. Default 1.
   */
  timeScale?: number;
  /**
   * Batch adapters by API style, merged over the built-in ones (`openai`, `anthropic`). A model is
   * batched only when its price version in force has a `batchMultiplier` and its style has an adapter.
   */
  batchAdapters?: Record<string, BatchAdapterFactory>;
  /** Turn batch APIs off. Default false. */
  disableBatch?: boolean;
  /**
   * Time to allow a batch between submission and the job's deadline, ms. Default: the provider's
   * completion window (24 h), the only guarantee the APIs give. A shorter allowance batches more jobs
   * and relies on the rescue (see `rescueMarginMs`) when a batch is late.
   */
  batchAllowanceMs?: number;
  /** Time kept before a deadline for an interactive run (besides the predicted latency), ms. Default 10 min. */
  safetyMarginMs?: number;
  /** A job still in a batch this long before its deadline is run interactively instead, ms. Default = safetyMarginMs. */
  rescueMarginMs?: number;
  /** How long a batch collects jobs before it is submitted (sooner when a deadline needs it), ms. Default 30 min. */
  batchCollectMs?: number;
  /** How often batches in progress are polled, ms. Default 60 s. */
  pollMs?: number;
  /** Most batch attempts per job before it fails over to the interactive path. Default 2. */
  maxBatchAttempts?: number;
  /** Grid on which time-of-day window boundaries are found, ms. Default 5 min. */
  windowGridMs?: number;
  /**
   * Run due work on timers (real time). Default true. Set false to drive the scheduler yourself with
   * `router.jobs.runDue()` and `nextDueAt()` (simulations on an injected clock).
   */
  autoRun?: boolean;
  /** Most interactive job runs at once. Default 8. */
  concurrency?: number;
  /** Job ids. Default `crypto.randomUUID()`-based. */
  newId?: () => string;
}
