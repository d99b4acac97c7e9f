import { randomUUID } from "node:crypto";
import {
  costOf,
  type FxTable,
  type ModelEntry,
  type Money,
  moneyFromDecimal,
  parseWith,
  priceInForce,
  ValidationError,
} from "@tokenwise/core";
import { z } from "zod";
import type { LedgerSink } from "../account/ledger";
import type { BatchAdapter, BatchLineResult, BatchStatus } from "../batch/batch-adapter";
import type { Plan, RouterRequest, RouterResult } from "../types";
import { JobFailedError } from "./errors";
import { createMemoryJobStore } from "./job-store";
import { planJob } from "./plan-job";
import { createPriceEpochs } from "./price-epochs";
import { type SavingsReport, savingsReport } from "./savings-report";
import type { DeferOptions, DeferralSettings, DeferredResult, JobHandle, JobRecord } from "./types";

/** What the scheduler needs from its router (wired in `createRouter`). */
export interface SchedulerDeps {
  plan(request: RouterRequest, at: Date): Plan;
  generate(request: RouterRequest): Promise<RouterResult>;
  models: readonly ModelEntry[];
  /** The batch adapter for a model's provider, or undefined when it has none. */
  batchAdapterFor(provider: string, id: string): BatchAdapter | undefined;
  /** The router's output bound for a model (the same one an interactive call would send). */
  maxOutputFor(provider: string, id: string, request: RouterRequest, outputReserve: number): number;
  validate(request: RouterRequest): void;
  ledger: LedgerSink;
  fx: FxTable;
  now: () => Date;
}

const DeferOptionsSchema = z.strictObject({
  deadline: z.union([z.date(), z.iso.datetime({ offset: true }), z.number().int().nonnegative()], {
    error: "must be a Date, an ISO instant or epoch milliseconds",
  }),
  maxCost: z
    .union([z.string().regex(/^\d+(\.\d+)?$/), z.object({ currency: z.string(), atto: z.bigint() })])
    .optional(),
  tags: z.array(z.string()).optional(),
  id: z
    .string()
    .min(1)
    .max(48)
    .regex(/^[a-zA-Z0-9_-]+$/)
    .optional(),
});

interface Live {
  record: JobRecord;
  resolve(result: DeferredResult): void;
  reject(error: unknown): void;
  promise: Promise<DeferredResult>;
}

interface OpenBatch {
  status: BatchStatus;
  adapter: BatchAdapter;
  model: string;
  /** customId → job id. */
  lines: Map<string, string>;
  nextPollAt: number;
}

/** The scheduler behind `router.defer` and `router.jobs`. */
export interface Scheduler {
  defer(request: RouterRequest, options: DeferOptions): JobHandle;
  /** A job by id (this process's jobs). */
  get(id: string): JobRecord | undefined;
  /** Every job, oldest first. */
  list(): JobRecord[];
  /** Runs everything due at the clock's now: planned runs, batch submissions, polls, rescues. */
  runDue(): Promise<void>;
  /** The next instant something is due, or undefined when nothing is pending. */
  nextDueAt(): Date | undefined;
  /** Jobs not yet done or failed. */
  pending(): number;
  /** What each mechanism saved against running every job at arrival (expected), and what the done jobs cost. */
  report(currency?: string): SavingsReport;
  /** A handle on a job of this scheduler (after `resume`, the resumed jobs too). */
  handle(id: string): JobHandle | undefined;
  /**
   * Takes over the unfinished jobs of the store that this scheduler does not hold (after a restart, or
   * from a router that stopped): waiting and queued jobs are planned again as they were, jobs in a
   * batch are re-attached to their batch (polled, results read once per line), jobs that were running
   * are run again (a call in flight when the other process stopped may have been billed: the event
   * says so). Returns how many jobs were taken over.
   */
  resume(): Promise<number>;
  /** Stops the timers (pending jobs stay in the store). */
  close(): void;
}

/** Creates the scheduler. See {@link DeferralSettings}. */
export function createScheduler(deps: SchedulerDeps, settings: DeferralSettings = {}): Scheduler {
  const safetyMarginMs = settings.safetyMarginMs ?? 10 * 60_000;
  const rescueMarginMs = settings.rescueMarginMs ?? safetyMarginMs;
  const batchCollectMs = settings.batchCollectMs ?? 30 * 60_000;
  const pollMs = settings.pollMs ?? 60_000;
  const maxBatchAttempts = settings.maxBatchAttempts ?? 2;
  const concurrency = settings.concurrency ?? 8;
  const store = settings.store ?? createMemoryJobStore();
  const newId = settings.newId ?? (() => `twj_${randomUUID().replaceAll("-", "").slice(0, 24)}`);
  const byKey = new Map(deps.models.map((m) => [`${m.provider}/${m.id}`, m]));
  const epochs = createPriceEpochs(deps.models, settings.windowGridMs ?? 5 * 60_000);
  const batchEnabled = settings.disableBatch !== true;
  const allowanceFor = (adapter: BatchAdapter) => settings.batchAllowanceMs ?? adapter.limits.windowMs;
  // Planning uses the smallest allowance among the adapters it may use (one setting, or 24 h).
  const planAllowance = settings.batchAllowanceMs ?? 86_400_000;

  const jobs = new Map<string, Live>();
  const waiting = new Set<string>();
  const queues = new Map<
    string,
    { provider: string; model: string; ids: string[]; bytes: number; firstAt: number }
  >();
  const batches = new Map<string, OpenBatch>();
  const inBatch = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const now = () => deps.now().getTime();
  const persist = (r: JobRecord) => store.put(r);
  const log = (r: JobRecord, event: string) => {
    r.events.push({ at: deps.now(), event });
  };

  const finish = (live: Live, result: DeferredResult, realized: Money, by: JobRecord["ranBy"]) => {
    const r = live.record;
    if (r.status === "done" || r.status === "failed") return;
    r.status = "done";
    r.result = result;
    r.realized = r.realized
      ? { currency: realized.currency, atto: r.realized.atto + realized.atto }
      : realized;
    r.finishedAt = deps.now();
    if (by !== undefined) r.ranBy = by;
    waiting.delete(r.id);
    inBatch.delete(r.id);
    log(r, `done via ${r.ranBy ?? r.plan.mechanism}`);
    void persist(r);
    live.resolve(result);
  };
  const fail = (live: Live, error: unknown) => {
    const r = live.record;
    if (r.status === "done" || r.status === "failed") return;
    r.status = "failed";
    r.finishedAt = deps.now();
    const e = error instanceof Error ? error : new Error(String(error));
    r.error = { name: e.name, message: e.message };
    waiting.delete(r.id);
    inBatch.delete(r.id);
    log(r, `failed: ${e.message}`);
    void persist(r);
    live.reject(new JobFailedError({ jobId: r.id, message: e.message, cause: error }));
  };

  const requestOf = (r: JobRecord): RouterRequest => {
    const constraints = { ...r.request.constraints };
    if (r.maxCost) constraints.maxCostPerCall = r.maxCost;
    return { ...r.request, constraints, tags: [...(r.request.tags ?? []), ...r.tags] };
  };

  // ---- interactive runs ----

  const runInteractive = async (live: Live, by: JobRecord["ranBy"]) => {
    const r = live.record;
    r.status = "running";
    waiting.delete(r.id);
    void persist(r);
    try {
      const res = await deps.generate(requestOf(r));
      finish(
        live,
        {
          text: res.text,
          toolCalls: res.toolCalls,
          finishReason: res.finishReason,
          usage: res.usage,
          provider: res.provider,
          model: res.model,
          via: { kind: "interactive", callId: res.report.id },
        },
        res.report.total,
        by,
      );
    } catch (error) {
      // The router retried and failed over already; try again later if the deadline leaves room.
      const retryAt = now() + pollMs;
      if (retryAt + safetyMarginMs <= r.deadline.getTime()) {
        r.status = "waiting";
        r.plan = { ...r.plan, at: new Date(retryAt) };
        log(
          r,
          `interactive run failed (${error instanceof Error ? error.message : String(error)}); retry at ${new Date(retryAt).toISOString()}`,
        );
        waiting.add(r.id);
        void persist(r);
      } else fail(live, error);
    }
  };

  // ---- batches ----

  const enqueue = (live: Live) => {
    const r = live.record;
    const adapter = deps.batchAdapterFor(r.plan.provider, r.plan.model);
    if (!adapter) {
      void runInteractive(live, "rescue");
      return;
    }
    const key = `${r.plan.provider}/${r.plan.model}`;
    let q = queues.get(key);
    if (!q) {
      q = { provider: r.plan.provider, model: r.plan.model, ids: [], bytes: 0, firstAt: now() };
      queues.set(key, q);
    }
    const bytes = adapter.lineBytes(lineOf(r));
    if (q.ids.length + 1 > adapter.limits.maxRequests || q.bytes + bytes > adapter.limits.maxBytes) {
      void submit(key);
      return enqueue(live);
    }
    q.ids.push(r.id);
    q.bytes += bytes;
    r.status = "queued";
    void persist(r);
  };

  const lineOf = (r: JobRecord) => {
    const request = requestOf(r);
    return {
      customId: `${r.id}-${r.batchAttempts + 1}`,
      call: {
        provider: r.plan.provider,
        model: r.plan.model,
        request,
        maxOutputTokens: deps.maxOutputFor(r.plan.provider, r.plan.model, request, r.plan.outputReserve),
      },
    };
  };

  /** When a queue must be submitted: its collect time, or earlier when a job's deadline needs it. */
  const queueDueAt = (q: { ids: string[]; firstAt: number; provider: string; model: string }) => {
    const adapter = deps.batchAdapterFor(q.provider, q.model);
    let due = q.firstAt + batchCollectMs;
    for (const id of q.ids) {
      const r = jobs.get(id)?.record;
      if (r && adapter) due = Math.min(due, r.deadline.getTime() - allowanceFor(adapter) - safetyMarginMs);
    }
    return due;
  };

  const submit = async (key: string) => {
    const q = queues.get(key);
    if (!q || q.ids.length === 0) return;
    queues.delete(key);
    const adapter = deps.batchAdapterFor(q.provider, q.model)!;
    const lives = q.ids.map((id) => jobs.get(id)!).filter((l) => l.record.status === "queued");
    const lines = lives.map((l) => lineOf(l.record));
    let status: BatchStatus;
    try {
      status = await adapter.submit(lines, { metadata: { tokenwise: "deferral" } });
    } catch (error) {
      for (const l of lives)
        afterBatchFailure(
          l,
          `batch submission failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      return;
    }
    const open: OpenBatch = { status, adapter, model: q.model, lines: new Map(), nextPollAt: now() + pollMs };
    lives.forEach((l, i) => {
      const r = l.record;
      r.batchAttempts++;
      r.batchId = status.id;
      r.batchCreatedAt = status.createdAt;
      r.customId = lines[i]!.customId;
      r.status = "in-batch";
      inBatch.set(r.id, status.id);
      open.lines.set(lines[i]!.customId, r.id);
      log(r, `submitted in ${q.provider} batch ${status.id}`);
      void persist(r);
    });
    batches.set(status.id, open);
  };

  /** A job whose batch line did not answer: another batch if time allows, else the interactive path. */
  const afterBatchFailure = (live: Live, why: string) => {
    const r = live.record;
    if (r.status === "done" || r.status === "failed") return;
    inBatch.delete(r.id);
    const adapter = deps.batchAdapterFor(r.plan.provider, r.plan.model);
    const canRebatch =
      adapter &&
      r.batchAttempts < maxBatchAttempts &&
      now() + batchCollectMs + allowanceFor(adapter) + safetyMarginMs <= r.deadline.getTime();
    log(r, `${why}; ${canRebatch ? "queued for another batch" : "moved to the interactive path"}`);
    if (canRebatch) enqueue(live);
    else void runInteractive(live, "rescue");
  };

  /** A line's exact cost: its usage at the batch rate of the price in force when the batch was created. */
  const lineCost = (
    open: OpenBatch,
    result: Extract<BatchLineResult, { kind: "succeeded" }>,
    currency: string,
  ): Money => {
    const model = byKey.get(`${open.status.provider}/${open.model}`)!;
    const at = open.status.createdAt;
    return costOf(result.response.usage, priceInForce(model, at), { at, batch: true, currency, fx: deps.fx })
      .total;
  };

  const collect = async (open: OpenBatch) => {
    let results: BatchLineResult[];
    try {
      results = await open.adapter.results(open.status.id);
    } catch (error) {
      open.nextPollAt = now() + pollMs;
      throw error;
    }
    batches.delete(open.status.id);
    const seen = new Set<string>();
    for (const result of results) {
      const jobId = open.lines.get(result.customId);
      if (!jobId || seen.has(result.customId)) continue;
      seen.add(result.customId);
      const live = jobs.get(jobId);
      if (!live) continue;
      const r = live.record;
      const current = r.customId === result.customId && (r.status === "in-batch" || r.status === "queued");
      if (result.kind === "succeeded") {
        const cost = lineCost(open, result, r.plan.expected.currency);
        const entry = {
          callId: r.id,
          attempt: r.batchAttempts,
          provider: open.status.provider,
          model: open.model,
          at: open.status.createdAt,
          cost,
          native: cost,
          accuracy: "exact" as const,
          tags: [...r.tags, "batch", ...(current ? [] : ["superseded"])],
          ...(result.response.requestId ? { requestId: result.response.requestId } : {}),
          ...(r.request.tenant ? { tenant: r.request.tenant } : {}),
        };
        void deps.ledger.record(entry);
        if (current) {
          finish(
            live,
            {
              text: result.response.text,
              toolCalls: result.response.toolCalls,
              finishReason: result.response.finishReason,
              usage: result.response.usage,
              provider: open.status.provider,
              model: open.model,
              via: {
                kind: "batch",
                batchId: open.status.id,
                ...(result.response.requestId ? { requestId: result.response.requestId } : {}),
              },
            },
            cost,
            undefined,
          );
        } else {
          // Billed although the job was answered another way (a rescue): it still counts for the job.
          r.realized = r.realized ? { currency: cost.currency, atto: r.realized.atto + cost.atto } : cost;
          log(r, `superseded batch line ${result.customId} billed`);
          void persist(r);
        }
      } else if (current) {
        const why =
          result.kind === "errored"
            ? `batch line errored (${result.error.kind}: ${result.error.message})`
            : `batch line ${result.kind}`;
        afterBatchFailure(live, why);
      }
    }
    for (const [customId, jobId] of open.lines) {
      if (seen.has(customId)) continue;
      const live = jobs.get(jobId);
      if (live && live.record.customId === customId)
        afterBatchFailure(live, "batch line missing from the results");
    }
  };

  const poll = async (open: OpenBatch) => {
    try {
      const status = await open.adapter.retrieve(open.status.id);
      open.status = { ...status, createdAt: open.status.createdAt };
      if (status.state === "ended") await collect(open);
      else open.nextPollAt = now() + pollMs;
    } catch (error) {
      const e = error as { name?: string; retryable?: boolean; message?: string };
      if (e.retryable) {
        open.nextPollAt = now() + pollMs;
        return;
      }
      // An unknown state or an unreadable batch: its jobs take the interactive path; none is lost.
      batches.delete(open.status.id);
      for (const [customId, jobId] of open.lines) {
        const live = jobs.get(jobId);
        if (live && live.record.customId === customId)
          afterBatchFailure(live, `batch ${open.status.id} unreadable (${e.name}: ${e.message})`);
      }
    }
  };

  const rescueAt = (r: JobRecord) => r.deadline.getTime() - rescueMarginMs;

  // ---- the loop ----

  const nextDue = (): number | undefined => {
    let due = Number.POSITIVE_INFINITY;
    for (const id of waiting) due = Math.min(due, jobs.get(id)!.record.plan.at.getTime());
    for (const q of queues.values()) due = Math.min(due, queueDueAt(q));
    for (const b of batches.values()) due = Math.min(due, b.nextPollAt);
    for (const id of inBatch.keys()) due = Math.min(due, rescueAt(jobs.get(id)!.record));
    return Number.isFinite(due) ? due : undefined;
  };

  let running: Promise<void> | undefined;
  const runDue = (): Promise<void> => {
    const run = (running ?? Promise.resolve()).then(async () => {
      const t = now();
      const due = [...waiting].map((id) => jobs.get(id)!).filter((l) => l.record.plan.at.getTime() <= t);
      const rescue = [...inBatch.keys()].map((id) => jobs.get(id)!).filter((l) => rescueAt(l.record) <= t);
      for (const l of rescue) {
        inBatch.delete(l.record.id);
        log(l.record, `batch ${l.record.batchId} late near the deadline: moved to the interactive path`);
        due.push(l);
      }
      for (let i = 0; i < due.length; i += concurrency) {
        await Promise.all(
          due
            .slice(i, i + concurrency)
            .map((l) => runInteractive(l, rescue.includes(l) ? "rescue" : undefined)),
        );
      }
      for (const [key, q] of [...queues]) if (queueDueAt(q) <= t) await submit(key);
      for (const b of [...batches.values()]) if (b.nextPollAt <= t) await poll(b);
    });
    running = run.catch(() => undefined);
    return run.finally(arm);
  };

  const arm = () => {
    if (settings.autoRun === false || closed) return;
    if (timer) clearTimeout(timer);
    const due = nextDue();
    if (due === undefined) return;
    // A referenced timer: a script awaiting `job.result` stays alive until its jobs are done (`close()` stops it).
    timer = setTimeout(() => void runDue(), Math.min(Math.max(0, due - now()), 2 ** 31 - 1));
  };

  const handleOf = (live: Live): JobHandle => ({
    id: live.record.id,
    result: live.promise,
    status: () => live.record,
    expectedCost: live.record.plan.expected,
    realizedCost: () => (live.record.status === "done" ? live.record.realized : undefined),
  });

  const liveOf = (record: JobRecord): Live => {
    let resolve!: (r: DeferredResult) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<DeferredResult>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined);
    return { record, resolve, reject, promise };
  };

  const resume = async (): Promise<number> => {
    let taken = 0;
    const reattach = new Map<string, Live[]>();
    for (const record of await store.list()) {
      if (jobs.has(record.id) || record.status === "done" || record.status === "failed") continue;
      const live = liveOf(record);
      jobs.set(record.id, live);
      taken++;
      switch (record.status) {
        case "waiting":
          log(record, "resumed: waiting");
          waiting.add(record.id);
          break;
        case "queued":
          log(record, "resumed: queued for a batch");
          enqueue(live);
          break;
        case "in-batch": {
          const list = reattach.get(record.batchId ?? "") ?? [];
          list.push(live);
          reattach.set(record.batchId ?? "", list);
          break;
        }
        case "running":
          log(
            record,
            "resumed while running: run again (a call in flight when the other process stopped may have been billed)",
          );
          record.status = "waiting";
          record.plan = { ...record.plan, at: deps.now() };
          waiting.add(record.id);
          break;
        default: {
          const never: never = record.status;
          throw new Error(`unknown job status ${String(never)}`);
        }
      }
      void persist(record);
    }
    for (const [batchId, lives] of reattach) {
      const first = lives[0]!.record;
      const adapter = deps.batchAdapterFor(first.plan.provider, first.plan.model);
      if (!adapter || !batchId || !first.batchCreatedAt) {
        for (const l of lives)
          afterBatchFailure(l, `resumed in batch ${batchId || "?"} that cannot be read here`);
        continue;
      }
      const open: OpenBatch = {
        status: {
          id: batchId,
          provider: first.plan.provider,
          state: "in_progress",
          raw: "resumed",
          createdAt: new Date(first.batchCreatedAt),
          expiresAt: new Date(new Date(first.batchCreatedAt).getTime() + adapter.limits.windowMs),
          counts: { total: lives.length, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
        },
        adapter,
        model: first.plan.model,
        lines: new Map(),
        nextPollAt: now(),
      };
      for (const l of lives) {
        open.lines.set(l.record.customId!, l.record.id);
        inBatch.set(l.record.id, batchId);
        log(l.record, `resumed: re-attached to batch ${batchId}`);
      }
      batches.set(batchId, open);
    }
    arm();
    return taken;
  };

  const defer = (request: RouterRequest, options: DeferOptions): JobHandle => {
    const opts = parseWith(DeferOptionsSchema, options, "router.defer");
    if (opts.id !== undefined) {
      const existing = jobs.get(opts.id);
      if (existing) return handleOf(existing);
    }
    deps.validate(request);
    const at = deps.now();
    const deadline = new Date(opts.deadline);
    if (deadline.getTime() <= at.getTime()) {
      throw new ValidationError({
        source: "router.defer",
        issues: [
          {
            path: ["deadline"],
            message: `is not in the future (now ${at.toISOString()})`,
            value: deadline.toISOString(),
          },
        ],
      });
    }
    const { signal: _signal, ...stored } = request;
    const plan = planJob(
      {
        plan: deps.plan,
        modelOf: (p, id) => byKey.get(`${p}/${id}`),
        canBatch: (p, id) => deps.batchAdapterFor(p, id) !== undefined,
        fx: deps.fx,
        epochs,
        safetyMarginMs,
        batchAllowanceMs: planAllowance,
        batchCollectMs,
        batchEnabled,
      },
      stored,
      at,
      deadline,
      opts.maxCost,
    );
    const record: JobRecord = {
      id: opts.id ?? newId(),
      request: stored,
      deadline,
      createdAt: at,
      tags: opts.tags ?? [],
      plan,
      status: "waiting",
      batchAttempts: 0,
      events: [],
    };
    if (opts.maxCost !== undefined) {
      record.maxCost =
        typeof opts.maxCost === "string"
          ? moneyFromDecimal(opts.maxCost, plan.expected.currency)
          : opts.maxCost;
    }
    log(record, `planned: ${plan.mechanism} on ${plan.provider}/${plan.model} at ${plan.at.toISOString()}`);
    const live = liveOf(record);
    jobs.set(record.id, live);
    if (plan.mechanism === "batch") enqueue(live);
    else waiting.add(record.id);
    void persist(record);
    arm();
    return handleOf(live);
  };

  return {
    defer,
    get: (id) => jobs.get(id)?.record,
    handle: (id) => {
      const live = jobs.get(id);
      return live ? handleOf(live) : undefined;
    },
    resume,
    list: () => [...jobs.values()].map((l) => l.record),
    runDue,
    nextDueAt: () => {
      const due = nextDue();
      return due === undefined ? undefined : new Date(due);
    },
    report: (currency) =>
      savingsReport(
        [...jobs.values()].map((l) => l.record),
        currency,
      ),
    pending: () =>
      [...jobs.values()].filter((l) => l.record.status !== "done" && l.record.status !== "failed").length,
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
