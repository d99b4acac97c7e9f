// redis-server's own figures for the budgets benchmarks (run.ts, ab.ts): read before and after a run.
import type { Redis } from "ioredis";

/** Redis' own CPU (user + sys, µs) and its budget scripts' calls and time (`INFO cpu`, `INFO commandstats`). */
export async function redisServerStats(admin: Redis) {
  const cpu = (await admin.info("cpu")) as string;
  const stats = (await admin.info("commandstats")) as string;
  const field = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(cpu)?.[1] ?? 0);
  const cmd = (name: string) => {
    const m = new RegExp(`cmdstat_${name}:calls=(\\d+),usec=(\\d+)`).exec(stats);
    return { calls: Number(m?.[1] ?? 0), us: Number(m?.[2] ?? 0) };
  };
  const evalsha = cmd("evalsha");
  const evals = cmd("eval");
  return {
    cpuUs: (field("used_cpu_user") + field("used_cpu_sys")) * 1e6,
    scriptCalls: evalsha.calls + evals.calls,
    scriptUs: evalsha.us + evals.us,
  };
}
