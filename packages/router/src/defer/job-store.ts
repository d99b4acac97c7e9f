import type { JobRecord } from "./types";

/**
 * Where the scheduler keeps its jobs. `put` replaces a record (the scheduler writes after every
 * transition); `list` returns every record, oldest first.
 */
export interface JobStore {
  get(id: string): Promise<JobRecord | undefined>;
  put(record: JobRecord): Promise<void>;
  list(): Promise<JobRecord[]>;
}

/**
 * Jobs in memory (the default): lost with the process, but shared by routers given the same store, so
 * a new router can `resume()` another's jobs. Records are copied in and out, as a remote store would.
 */
export function createMemoryJobStore(): JobStore {
  const jobs = new Map<string, JobRecord>();
  return {
    get: async (id) => {
      const r = jobs.get(id);
      return r === undefined ? undefined : structuredClone(r);
    },
    put: async (record) => {
      jobs.set(record.id, structuredClone(record));
    },
    list: async () => [...jobs.values()].map((r) => structuredClone(r)),
  };
}
