import type { LedgerEntry } from "../account/ledger";
import type { JobRecord } from "./types";

/** What {@link JobStore.settleLine} did. */
export type LineSettlement =
  /** The line was new: the record is written; the caller records the ledger entry. */
  | "settled"
  /** The line was new: the record and the ledger entry are written together (one atomic step). */
  | "settled-with-ledger"
  /** The line was settled before (by this or another process): nothing is written. */
  | "duplicate";

/**
 * Where the scheduler keeps its jobs. `put` replaces a record (the scheduler writes after every
 * transition); `list` returns every record, oldest first.
 *
 * The optional methods make the store safe to share between processes (`@tokenwise/redis`'s
 * `createRedisJobStore` has them all; so does the memory store, for one process):
 * - `create` writes a new record only when its id is new (two processes deferring the same id keep one);
 * - `claim` takes an idempotency key once across every process (`run:<job>:<n>` before the n-th
 *   interactive run, `line:<custom id>` before a batch line is submitted);
 * - `settleLine` writes a batch line's outcome once per custom id, atomically with the job's record
 *   (and, when the store holds the ledger too, with its ledger entry).
 */
export interface JobStore {
  get(id: string): Promise<JobRecord | undefined>;
  put(record: JobRecord): Promise<void>;
  list(): Promise<JobRecord[]>;
  /** Writes `record` unless a record with its id exists; true when written. */
  create?(record: JobRecord): Promise<boolean>;
  /** True for the first caller of `key` only (an idempotency key). */
  claim?(key: string): Promise<boolean>;
  /** Settles the batch line `customId` once: writes `record` (and `entry`, if the store keeps the ledger). */
  settleLine?(customId: string, record: JobRecord, entry: LedgerEntry): Promise<LineSettlement>;
}

/**
 * Hands jobs to scheduler processes, one process at a time (`@tokenwise/redis`'s `createBullJobQueue`
 * on BullMQ). With a queue, `router.defer` writes the record to the store and adds the job to the
 * queue; a scheduler runs a job only when the queue hands it over (`take`), and a job whose process
 * died is handed to another (or to the restarted one) with its record as last written.
 */
export interface JobQueue {
  /** Adds a job, to be handed over at `at` (or soon after). Adding an id again changes nothing. */
  add(id: string, at: Date): Promise<void>;
  /**
   * Starts handing jobs to this process: `take(id)` resolves once the job has ended here (done or
   * failed); until then the queue keeps the job held by this process.
   */
  start(take: (id: string) => Promise<void>): Promise<void>;
  /** Stops taking jobs (the jobs held here go back to the queue when their lock expires). */
  close(): Promise<void>;
}

/**
 * Jobs in memory (the default): lost with the process, but shared by routers given the same store, so
 * a new router can `resume()` another's jobs. Records are copied in and out, as a remote store would.
 */
export function createMemoryJobStore(): JobStore {
  const jobs = new Map<string, JobRecord>();
  const claimed = new Set<string>();
  const lines = new Set<string>();
  return {
    get: async (id) => {
      const r = jobs.get(id);
      return r === undefined ? undefined : structuredClone(r);
    },
    put: async (record) => {
      jobs.set(record.id, structuredClone(record));
    },
    list: async () => [...jobs.values()].map((r) => structuredClone(r)),
    create: async (record) => {
      if (jobs.has(record.id)) return false;
      jobs.set(record.id, structuredClone(record));
      return true;
    },
    claim: async (key) => {
      if (claimed.has(key)) return false;
      claimed.add(key);
      return true;
    },
    settleLine: async (customId, record) => {
      if (lines.has(customId)) return "duplicate";
      lines.add(customId);
      jobs.set(record.id, structuredClone(record));
      return "settled";
    },
  };
}
