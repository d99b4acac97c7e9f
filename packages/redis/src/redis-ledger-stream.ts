import { type Money, moneyFromDecimal, moneyToDecimal } from "@tokenwise/core";
import type { RedisClient } from "./redis-client";

/**
 * A ledger entry as the router records it (`@tokenwise/router`'s `LedgerEntry`; restated here so
 * this package depends on core only).
 */
export interface StreamLedgerEntry {
  callId: string;
  attempt: number;
  requestId?: string;
  provider: string;
  model: string;
  at: Date;
  cost: Money;
  native?: Money;
  accuracy: "exact" | "estimated";
  errorBar?: { low: Money; high: Money };
  nativeErrorBar?: { low: Money; high: Money };
  reason?: string;
  tags: readonly string[];
  tenant?: string;
}

/** Options of {@link createRedisLedgerSink} and {@link readLedgerStream}. */
export interface RedisLedgerStreamOptions {
  redis: RedisClient;
  /** The stream's key. Default `tw:ledger`. */
  key?: string;
  /** Approximate cap on the stream's length (`XADD MAXLEN ~`). Default: none (keep every entry). */
  maxLength?: number;
}

const money = (m: Money) => ({ currency: m.currency, amount: moneyToDecimal(m) });
const bar = (b: { low: Money; high: Money }) => ({ low: money(b.low), high: money(b.high) });

/**
 * A ledger sink (`createRouter({ ledger })`) that appends every entry to a Redis Stream, so that the
 * ledgers of many processes can be read and summed in one place ({@link readLedgerStream}). Amounts
 * are exact decimal strings.
 *
 * @example
 * createRouter({ catalog, ledger: createRedisLedgerSink({ redis }) }); // router.ledger stays in memory too
 */
export function createRedisLedgerSink({ redis, key = "tw:ledger", maxLength }: RedisLedgerStreamOptions): {
  record(entry: StreamLedgerEntry): Promise<void>;
} {
  return {
    async record(entry) {
      const json = JSON.stringify({
        ...entry,
        at: entry.at.toISOString(),
        cost: money(entry.cost),
        ...(entry.native ? { native: money(entry.native) } : {}),
        ...(entry.errorBar ? { errorBar: bar(entry.errorBar) } : {}),
        ...(entry.nativeErrorBar ? { nativeErrorBar: bar(entry.nativeErrorBar) } : {}),
      });
      if (maxLength === undefined) await redis.xadd(key, "*", "entry", json);
      else await redis.xadd(key, "MAXLEN", "~", maxLength, "*", "entry", json);
    },
  };
}

type Wire = { currency: string; amount: string };
const parseMoney = (w: Wire): Money => moneyFromDecimal(w.amount, w.currency);

/**
 * Every entry of a ledger stream (oldest first), amounts back as exact Money, read in pages of
 * `count`.
 *
 * @example
 * const entries = await readLedgerStream({ redis });
 * const total = sumMoney(entries.map((e) => e.cost), "USD");
 */
export async function readLedgerStream({
  redis,
  key = "tw:ledger",
  count = 1_000,
}: Omit<RedisLedgerStreamOptions, "maxLength"> & { count?: number }): Promise<StreamLedgerEntry[]> {
  const out: StreamLedgerEntry[] = [];
  let from = "-";
  for (;;) {
    const page = await redis.xrange(key, from, "+", "COUNT", count);
    for (const [, fields] of page) {
      const raw = JSON.parse(fields[fields.indexOf("entry") + 1]!) as Record<string, unknown>;
      const entry = {
        ...raw,
        at: new Date(raw.at as string),
        cost: parseMoney(raw.cost as Wire),
      } as StreamLedgerEntry;
      if (raw.native) entry.native = parseMoney(raw.native as Wire);
      for (const f of ["errorBar", "nativeErrorBar"] as const) {
        const b = raw[f] as { low: Wire; high: Wire } | undefined;
        if (b) entry[f] = { low: parseMoney(b.low), high: parseMoney(b.high) };
      }
      out.push(entry);
    }
    if (page.length < count) return out;
    from = `(${page[page.length - 1]![0]}`;
  }
}
