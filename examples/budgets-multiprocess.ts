/**
 * Several processes, one budget: 3 worker processes route calls for the same team, sharing a hard
 * budget on Redis (`@tokenwise/redis`) and writing their ledgers to one Redis Stream. The budget
 * funds about half of the calls: the rest fail with `BudgetExceededError` before any provider
 * request, and what was spent never passes the limit.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 npx tsx examples/budgets-multiprocess.ts
 *
 * Runs against the testkit's simulated providers (priced like the real ones); in production, drop
 * `providers` and set OPENAI_API_KEY.
 */
import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createCatalog } from "@tokenwise/catalog";
import { BudgetExceededError, formatMoney, type Money, moneyToDecimal, sumMoney } from "@tokenwise/core";
import { createRedisBudgetStore, createRedisLedgerSink, readLedgerStream } from "@tokenwise/redis";
import { createRouter } from "@tokenwise/router";
import { simProvidersFor, startTestkit } from "@tokenwise/testkit";
import { Redis } from "ioredis";

const WORKERS = 3;
const CALLS = 40;

interface Job {
  redisUrl: string;
  prefix: string;
  baseURL: string;
  limit: string;
  worker: number;
}

/** One worker process: a router sharing the budget and the ledger stream through Redis. */
async function worker(job: Job): Promise<void> {
  const redis = new Redis(job.redisUrl);
  const stream = createRedisLedgerSink({ redis, key: `${job.prefix}:ledger` });
  const writes: Promise<void>[] = [];
  const router = createRouter({
    models: [createCatalog().find("openai/gpt-4o-mini")],
    providers: { openai: { apiKey: "test", baseURL: job.baseURL } },
    budgetStore: createRedisBudgetStore({ redis, prefix: job.prefix }),
    ledger: { record: (entry) => void writes.push(stream.record(entry)) },
    budgets: [
      {
        id: "team-a",
        scope: { tag: "team-a" },
        limit: job.limit,
        currency: "USD",
        period: "monthly",
        mode: "hard",
      },
    ],
  });
  let ok = 0;
  let refused = 0;
  await Promise.all(
    Array.from({ length: CALLS }, async (_, i) => {
      try {
        await router.generate({
          messages: [{ role: "user", content: `Worker ${job.worker}, question ${i}: name a colour.` }],
          tags: ["team-a"],
          maxOutputTokens: 50,
        });
        ok++;
      } catch (error) {
        if (!(error instanceof BudgetExceededError)) throw error;
        refused++;
      }
    }),
  );
  await router.budgets.flush();
  await Promise.all(writes);
  redis.disconnect();
  process.stdout.write(`${JSON.stringify({ ok, refused })}\n`);
}

function runWorker(job: Job): Promise<{ ok: number; refused: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
      env: { ...process.env, BUDGETS_EXAMPLE_JOB: JSON.stringify(job) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}`)),
    );
  });
}

/** Runs the example; returns the figures it prints. */
export async function main(
  log: (line: string) => void = console.log,
  redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
): Promise<{ ok: number; refused: number; limit: Money; spent: Money; ledger: Money; billed: Money }> {
  const model = createCatalog().find("openai/gpt-4o-mini");
  const kit = await startTestkit({ timeScale: 0, providers: simProvidersFor([model]) });
  const redis = new Redis(redisUrl);
  const prefix = `example:${Date.now().toString(36)}`;
  try {
    // Enough for about half of the 120 calls (each reserves ~0.00003 USD at its output bound).
    const limit = "0.0018";
    const results = await Promise.all(
      Array.from({ length: WORKERS }, (_, worker) =>
        runWorker({ redisUrl, prefix, baseURL: kit.baseURL("openai"), limit, worker }),
      ),
    );
    const ok = results.reduce((s, r) => s + r.ok, 0);
    const refused = results.reduce((s, r) => s + r.refused, 0);
    const status = (await createRedisBudgetStore({ redis, prefix }).status("team-a"))!;
    const entries = await readLedgerStream({ redis, key: `${prefix}:ledger` });
    const ledger = sumMoney(
      entries.map((e) => e.cost),
      "USD",
    );
    const billed = kit.billingTotal("USD");
    log(
      `calls:    ${ok} served, ${refused} refused with BudgetExceededError (${WORKERS} processes × ${CALLS})`,
    );
    log(
      `budget:   ${moneyToDecimal(status.spent)} of ${limit} USD spent, ${moneyToDecimal(status.reserved)} reserved`,
    );
    log(
      `ledgers:  ${formatMoney(ledger, 9)} in the Redis Stream, ${formatMoney(billed, 9)} billed by the provider`,
    );
    return { ok, refused, limit: status.limit, spent: status.spent, ledger, billed };
  } finally {
    redis.disconnect();
    await kit.close();
  }
}

if (process.env.BUDGETS_EXAMPLE_JOB) await worker(JSON.parse(process.env.BUDGETS_EXAMPLE_JOB) as Job);
else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
