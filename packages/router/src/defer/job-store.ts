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

/** Jobs in this process's memory (the default): lost with the process. */
export function createMemoryJobStore(): JobStore {
  const jobs = new Map<string, JobRecord>();
  return {
    get: async (id) => jobs.get(id),
    put: async (record) => {
      jobs.set(record.id, record);
    },
    list: async () => [...jobs.values()],
  };
}
