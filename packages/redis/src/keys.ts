/**
 * Every Redis key the stores write, named in one place. A budget's keys share its hash tag
 * (`{budget-id}`), so its Lua scripts touch one hash slot and run on Redis Cluster.
 */
export const redisKeys = {
  /** The budget hash, its leases, lease expiries and settled lease ids. */
  budget: (prefix: string, budget: string) => {
    const base = `${prefix}:budget:{${budget}}`;
    return [base, `${base}:leases`, `${base}:expiry`, `${base}:settled`] as const;
  },
  /** The set of budget ids this prefix has seen (for `reap()` over all budgets). */
  budgets: (prefix: string) => `${prefix}:budgets`,
  /** One value of a key-value store. */
  value: (prefix: string, key: string) => `${prefix}:kv:${key}`,
  /** One calibration family (a hash of sums). */
  calibration: (prefix: string, family: string) => `${prefix}:calibration:${family}`,
  /** The models that saw one prompt prefix (a hash: model → tokens|at|ttl). */
  prefix: (prefix: string, hash: number) => `${prefix}:prefix:${hash}`,
  /**
   * The deferred jobs: records (a hash id → JSON), their statuses (id → status), the idempotency keys
   * claimed (a set) and the batch lines settled (a set). They share the hash tag `{jobs}` so the
   * scripts touch one slot.
   */
  jobs: (prefix: string) => {
    const base = `${prefix}:{jobs}`;
    return {
      records: `${base}:records`,
      status: `${base}:status`,
      claims: `${base}:claims`,
      lines: `${base}:lines`,
    } as const;
  },
};
