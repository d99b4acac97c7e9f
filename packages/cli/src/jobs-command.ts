import { formatMoney, type Money } from "@tokenwise/core";
import { type JobRecord, type JobStatus, jobsFromJSON, savingsReport } from "@tokenwise/router";

const STATUSES: readonly JobStatus[] = ["queued", "waiting", "in-batch", "running", "done", "failed"];

const usd = (m: Money | undefined) => (m === undefined ? "-" : formatMoney(m, 6));
const iso = (d: Date | undefined) => (d === undefined ? "-" : d.toISOString().slice(0, 16).replace("T", " "));

/**
 * `tokenwise jobs FILE [--status S]`: the deferred jobs of a snapshot (`jobsToJSON(router.jobs.list())`)
 * grouped by status (queued, waiting, in-batch, running, done, failed) with the way chosen, the
 * expected and realised cost, then what each mechanism saved.
 */
export function jobsCommand(text: string, options: { status?: string } = {}): string[] {
  return jobsReport(jobsFromJSON(text), options);
}

/**
 * The jobs report of `tokenwise jobs` over records from anywhere: a snapshot file, or the Redis job
 * store (`tokenwise jobs --redis URL [--prefix P]`, read with `createRedisJobStore(...).list()`).
 */
export function jobsReport(records: readonly JobRecord[], options: { status?: string } = {}): string[] {
  if (options.status !== undefined && !STATUSES.includes(options.status as JobStatus)) {
    throw new TypeError(`--status must be one of ${STATUSES.join(", ")}, got "${options.status}"`);
  }
  const lines: string[] = [];
  for (const status of STATUSES) {
    if (options.status !== undefined && options.status !== status) continue;
    const group = records.filter((r) => r.status === status);
    if (group.length === 0) continue;
    lines.push(`${status} (${group.length})`);
    lines.push(
      `  ${"id".padEnd(30)} ${"way".padEnd(14)} ${"model".padEnd(28)} ${"planned (UTC)".padEnd(16)} ${"deadline (UTC)".padEnd(16)} ${"expected".padStart(16)} ${"realised".padStart(16)}`,
    );
    for (const r of group) lines.push(row(r));
  }
  const report = savingsReport(records, records[0]?.plan.runNow.currency ?? "USD");
  lines.push("", "savings by mechanism (against running each job at arrival, expected):");
  lines.push(
    `  ${"mechanism".padEnd(14)} ${"jobs".padStart(6)} ${"done".padStart(6)} ${"run now".padStart(16)} ${"realised".padStart(16)} ${"saving".padStart(16)}`,
  );
  for (const [name, m] of [...Object.entries(report.byMechanism), ["total", report.total] as const]) {
    lines.push(
      `  ${name.padEnd(14)} ${String(m.jobs).padStart(6)} ${String(m.done).padStart(6)} ${usd(m.runNow).padStart(16)} ${usd(m.expected).padStart(16)} ${usd(m.saving).padStart(16)} ${usd(m.realized).padStart(16)}`,
    );
  }
  return lines;
}

function row(r: JobRecord): string {
  const way = r.ranBy === "rescue" ? `${r.plan.mechanism}→rescue` : r.plan.mechanism;
  return `  ${r.id.slice(0, 30).padEnd(30)} ${way.padEnd(14)} ${`${r.plan.provider}/${r.plan.model}`.slice(0, 28).padEnd(28)} ${iso(r.plan.at).padEnd(16)} ${iso(r.deadline).padEnd(16)} ${usd(r.plan.expected).padStart(16)} ${usd(r.realized).padStart(16)}`;
}

/** Every job record of the Redis job store with `prefix` (`createRedisJobStore`), oldest first. */
export async function jobsFromRedis(url: string, prefix: string): Promise<JobRecord[]> {
  if (!/^rediss?:\/\//.test(url))
    throw new TypeError(`--redis must be a redis:// or rediss:// URL, got "${url}"`);
  const [{ createRedisJobStore }, { Redis }] = await Promise.all([
    import("@tokenwise/redis"),
    import("ioredis"),
  ]);
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    return await createRedisJobStore<JobRecord>({ redis, prefix }).list();
  } finally {
    redis.disconnect();
  }
}
