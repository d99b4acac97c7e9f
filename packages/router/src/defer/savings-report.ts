import { type Money, moneyFromDecimal, moneyToDecimal } from "@tokenwise/core";
import type { JobRecord, JobStatus } from "./types";

/** Totals of one mechanism (or of all jobs), in one currency. */
export interface MechanismSavings {
  jobs: number;
  done: number;
  /** Expected cost of running each job at once, at arrival. */
  runNow: Money;
  /** Expected cost of the way chosen. */
  expected: Money;
  /** What the done jobs really cost (exact, every billed line and call). */
  realized: Money;
  /** `runNow − expected`: both priced on the same estimated usage, so the difference is the mechanism's. */
  saving: Money;
}

/** What each mechanism saved: `tokenwise jobs` prints it, `router.jobs.report()` returns it. */
export interface SavingsReport {
  currency: string;
  byMechanism: Record<string, MechanismSavings>;
  total: MechanismSavings;
  byStatus: Partial<Record<JobStatus, number>>;
}

const zero = (currency: string): Money => ({ currency, atto: 0n });
const add = (a: Money, b: Money): Money => ({ currency: a.currency, atto: a.atto + b.atto });

/**
 * Sums jobs by how they ran (a rescued job counts under `rescue`): expected cost at arrival, expected
 * cost of the way chosen, their difference (the saving, both on the same estimated usage), and what
 * the done jobs really cost. `bench:deferral` measures the realized saving against a real run at arrival.
 */
export function savingsReport(records: readonly JobRecord[], currency = "USD"): SavingsReport {
  const empty = (): MechanismSavings => ({
    jobs: 0,
    done: 0,
    runNow: zero(currency),
    expected: zero(currency),
    realized: zero(currency),
    saving: zero(currency),
  });
  const byMechanism: Record<string, MechanismSavings> = {};
  const total = empty();
  const byStatus: SavingsReport["byStatus"] = {};
  for (const r of records) {
    if (r.plan.runNow.currency !== currency) continue;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const key = r.ranBy === "rescue" ? "rescue" : r.plan.mechanism;
    byMechanism[key] ??= empty();
    const m = byMechanism[key];
    for (const t of [m, total]) {
      t.jobs++;
      t.runNow = add(t.runNow, r.plan.runNow);
      t.expected = add(t.expected, r.plan.expected);
      t.saving = add(t.saving, { currency, atto: r.plan.runNow.atto - r.plan.expected.atto });
      if (r.status === "done" && r.realized) {
        t.done++;
        t.realized = add(t.realized, r.realized);
      }
    }
  }
  return { currency, byMechanism, total, byStatus };
}

const money = (m: Money) => ({ currency: m.currency, amount: moneyToDecimal(m) });

/** Jobs as JSON (money as exact decimal strings, instants as ISO strings): what `tokenwise jobs` reads. */
export function jobsToJSON(records: readonly JobRecord[]): string {
  return JSON.stringify(
    records,
    (_key, value) => {
      if (typeof value === "object" && value !== null && "atto" in value && typeof value.atto === "bigint") {
        return money(value as Money);
      }
      return typeof value === "bigint" ? value.toString() : value;
    },
    2,
  );
}

/** Reads what {@link jobsToJSON} wrote back into records (money and instants restored). */
export function jobsFromJSON(text: string): JobRecord[] {
  const revive = (_key: string, value: unknown) => {
    if (typeof value === "object" && value !== null && "amount" in value && "currency" in value) {
      const v = value as { amount: string; currency: string };
      return moneyFromDecimal(v.amount, v.currency);
    }
    return value;
  };
  const records = JSON.parse(text, revive) as JobRecord[];
  if (!Array.isArray(records)) throw new TypeError("a jobs file is a JSON array of job records");
  for (const r of records) {
    r.deadline = new Date(r.deadline);
    r.createdAt = new Date(r.createdAt);
    r.plan.at = new Date(r.plan.at);
    if (r.finishedAt) r.finishedAt = new Date(r.finishedAt);
    r.events = (r.events ?? []).map((e) => ({ at: new Date(e.at), event: e.event }));
  }
  return records;
}
