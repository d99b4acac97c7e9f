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
  /**
   * The router's own ledger (in memory) alone: where a batch line goes when the store wrote its entry
   * to the shared ledger already, atomically with the job (`settleLine` → `"settled-with-ledger"`).
   */
  localLedger?: LedgerSink;
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
  /** This process runs the job (always without a queue; with one, once the queue handed it over). */
  held: boolean;
  /** Settles when the job ends here: done or failed. */
  ended: Promise<void>;
  end(): void;
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
  /**
   * Runs one job of the store here, as the `deferral.queue` hands it over (resumed as `resume` does,
   * by its status); resolves once it has ended here. A job this process deferred is started.
   */
  take(id: string): Promise<void>;
  /** Stops the timers and the queue's worker (pending jobs stay in the store and the queue). */
  close(): Promise<void>;
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
  const queue = settings.queue;
  const timeScale = settings.timeScale ?? 1;
  const claim = (key: string) => (store.claim ? store.claim(key) : Promise.resolve(true));
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
  const warn = (error: unknown) =>
    process.emitWarning(`tokenwise job store: ${error instanceof Error ? error.message : String(error)}`, {
      type: "TokenwiseStoreWarning",
    });
  /** Writes a record; a failed write is a warning (the next transition writes the record again). */
  const persist = (r: JobRecord) => store.put(r).catch(warn);
  const log = (r: JobRecord, event: string) => {
    r.events.push({ at: deps.now(), event });
  };

  const finish = (
    live: Live,
    result: DeferredResult,
    realized: Money,
    by: JobRecord["ranBy"],
    write = true,
  ) => {
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
    if (write) void persist(r);
    live.resolve(result);
    live.end();
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
    live.end();
  };

  const requestOf = (r: JobRecord): RouterRequest => {
    const constraints = { ...r.request.constraints };
    if (r.maxCost) constraints.maxCostPerCall = r.maxCost;
    return { ...r.request, constraints, tags: [...(r.request.tags ?? []), ...r.tags] };
  };

  // ---- interactive runs ----

  const runInteractive = async (live: Live, by: JobRecord["ranBy"]) => {
    const r = live.record;
    waiting.delete(r.id);
    // One attempt decision, once across processes: the run's key is claimed and the record says
    // `running` (awaited) before the provider is called. A run claimed before belongs to a holder
    // that stopped before writing `running` (the queue hands a job to one process at a time).
    let run = (r.runs ?? 0) + 1;
    while (!(await claim(`run:${r.id}:${run}`))) {
      log(
        r,
        `run ${run} was claimed before by a holder that stopped: its outcome is unknown (a call may have been billed); run ${run + 1}`,
      );
      run++;
    }
    r.runs = run;
    r.status = "running";
    try {
      await store.put(r);
    } catch (error) {
      r.status = "waiting";
      r.plan = { ...r.plan, at: new Date(now() + pollMs) };
      log(
        r,
        `store unavailable before run ${run} (${error instanceof Error ? error.message : String(error)}): not called; retry later`,
      );
      waiting.add(r.id);
      return;
    }
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
    const queued = q.ids
      .map((id) => jobs.get(id))
      .filter((l): l is Live => l !== undefined && l.record.status === "queued");
    // Each line's custom id is claimed once across processes before it is sent: a line claimed
    // before (a process stopped between its claim and recording the batch id) is not sent again
    // under that id; the job takes its next attempt.
    const lives: Live[] = [];
    for (const l of queued) {
      const line = lineOf(l.record);
      if (await claim(`line:${line.customId}`)) {
        lives.push(l);
        continue;
      }
      l.record.batchAttempts++;
      afterBatchFailure(
        l,
        `batch line ${line.customId} was claimed before and its batch is unknown (it may have been submitted and billed)`,
      );
    }
    if (lives.length === 0) return;
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
    const written: Promise<void>[] = [];
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
      written.push(persist(r));
    });
    batches.set(status.id, open);
    // The provider's batch id is in every line's record before anything else happens here.
    await Promise.all(written).catch((error: unknown) => {
      for (const l of lives) log(l.record, `store write failed after submission: ${String(error)}`);
    });
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
        // The record as it will be once this line counts: done (or, for a superseded line, its cost added).
        const next: JobRecord = { ...r, events: [...r.events] };
        const answer: DeferredResult = {
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
        };
        next.realized = r.realized ? { currency: cost.currency, atto: r.realized.atto + cost.atto } : cost;
        if (current) {
          Object.assign(next, { status: "done", result: answer, finishedAt: deps.now() });
          next.events.push({ at: deps.now(), event: `done via ${r.ranBy ?? r.plan.mechanism}` });
        } else next.events.push({ at: deps.now(), event: `superseded batch line ${result.customId} billed` });
        const settled = store.settleLine
          ? await store.settleLine(result.customId, next, entry).catch((error: unknown) => {
              log(r, `store unavailable settling line ${result.customId}: ${String(error)}`);
              return undefined;
            })
          : "settled";
        if (settled === undefined) continue;
        if (settled === "duplicate") {
          // Settled before (a process stopped after settling, before letting go): take the stored record.
          const stored = await store.get(r.id);
          if (stored) Object.assign(r, stored);
          if (r.status === "done" && r.result) {
            inBatch.delete(r.id);
            live.resolve(r.result);
            live.end();
          }
          continue;
        }
        if (settled === "settled-with-ledger") void deps.localLedger?.record(entry);
        else void deps.ledger.record(entry);
        if (current) finish(live, answer, cost, undefined, !store.settleLine);
        else {
          // Billed although the job was answered another way (a rescue): it still counts for the job.
          r.realized = next.realized;
          r.events = next.events;
          if (!store.settleLine) void persist(r);
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
    timer = setTimeout(
      () => void runDue().catch(() => undefined),
      Math.min(Math.max(0, (due - now()) / timeScale), 2 ** 31 - 1),
    );
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
    let end!: () => void;
    const ended = new Promise<void>((res) => {
      end = res;
    });
    return { record, resolve, reject, promise, held: queue === undefined, ended, end };
  };

  /** Re-attaches a job to its batch (the batch id, line id and creation instant are in its record). */
  const reattach = (live: Live) => {
    const r = live.record;
    const batchId = r.batchId ?? "";
    const adapter = deps.batchAdapterFor(r.plan.provider, r.plan.model);
    if (!adapter || !batchId || !r.batchCreatedAt || !r.customId) {
      afterBatchFailure(live, `resumed in batch ${batchId || "?"} that cannot be read here`);
      return;
    }
    let open = batches.get(batchId);
    if (!open) {
      const createdAt = new Date(r.batchCreatedAt);
      open = {
        status: {
          id: batchId,
          provider: r.plan.provider,
          state: "in_progress",
          raw: "resumed",
          createdAt,
          expiresAt: new Date(createdAt.getTime() + adapter.limits.windowMs),
          counts: { total: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
        },
        adapter,
        model: r.plan.model,
        lines: new Map(),
        nextPollAt: now(),
      };
      batches.set(batchId, open);
    }
    open.status.counts.total++;
    open.lines.set(r.customId, r.id);
    inBatch.set(r.id, batchId);
    log(r, `resumed: re-attached to batch ${batchId}`);
  };

  /** Starts running a job here from its stored status (after a restart, or handed over by the queue). */
  const activate = (live: Live, how: string) => {
    const record = live.record;
    live.held = true;
    switch (record.status) {
      case "waiting":
        log(record, `${how}: waiting`);
        waiting.add(record.id);
        break;
      case "queued":
        log(record, `${how}: queued for a batch`);
        enqueue(live);
        break;
      case "in-batch":
        reattach(live);
        break;
      case "running":
        log(
          record,
          `${how} while running: run ${record.runs ?? 1}'s outcome is unknown (a call in flight when the other process stopped may have been billed); run again`,
        );
        record.status = "waiting";
        record.plan = { ...record.plan, at: deps.now() };
        waiting.add(record.id);
        break;
      case "done":
      case "failed":
        // Ended in another process: this handle settles with the stored outcome.
        if (record.result) live.resolve(record.result);
        else
          live.reject(
            new JobFailedError({ jobId: record.id, message: record.error?.message ?? record.status }),
          );
        live.end();
        return;
      default: {
        // A record this version does not know (a newer writer, a corrupt store): a clear status, not lost.
        const never: never = record.status;
        fail(live, new Error(`unknown job status "${String(never)}" in the store`));
        return;
      }
    }
    void persist(record);
  };

  const resume = async (): Promise<number> => {
    let taken = 0;
    for (const record of await store.list()) {
      if (jobs.has(record.id) || record.status === "done" || record.status === "failed") continue;
      const live = liveOf(record);
      jobs.set(record.id, live);
      taken++;
      activate(live, "resumed");
    }
    arm();
    return taken;
  };

  const take = async (id: string): Promise<void> => {
    const held = jobs.get(id);
    if (held?.held) return held.ended;
    const stored = await store.get(id);
    if (!stored) {
      // Handed over before its record is readable here (the deferring process writes it first): nothing to run.
      if (!held) return;
      activate(held, "taken");
      arm();
      return held.ended;
    }
    let live = held;
    if (live) Object.assign(live.record, stored);
    else {
      if (stored.status === "done" || stored.status === "failed") return;
      live = liveOf(stored);
      jobs.set(id, live);
    }
    activate(live, "taken");
    arm();
    return live.ended;
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
    if (queue) {
      // Written once (an id deferred by two processes keeps the first record), then handed to the
      // queue: a batch job at once (it is collected where it is taken), others at their planned instant.
      if (plan.mechanism === "batch") record.status = "queued";
      const write = store.create ? store.create(record) : store.put(record).then(() => true);
      void write
        .then(async (fresh) => {
          if (!fresh) {
            const stored = await store.get(record.id);
            if (stored) Object.assign(record, stored);
            log(record, "deferred again with the same id: the stored job stands");
          }
          await queue.add(record.id, plan.mechanism === "batch" ? at : plan.at);
        })
        .catch((error: unknown) => fail(live, error));
      return handleOf(live);
    }
    if (plan.mechanism === "batch") enqueue(live);
    else waiting.add(record.id);
    void persist(record);
    arm();
    return handleOf(live);
  };

  const scheduler: Scheduler = {
    defer,
    get: (id) => jobs.get(id)?.record,
    handle: (id) => {
      const live = jobs.get(id);
      return live ? handleOf(live) : undefined;
    },
    resume,
    take,
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
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      await queue?.close();
    },
  };
  if (queue) void queue.start(take).catch(warn);
  return scheduler;
}
