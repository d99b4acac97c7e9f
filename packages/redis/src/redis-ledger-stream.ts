import type { Money } from "@tokenwise/core";
import { fromWire, toWire } from "./codec";
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
      const json = JSON.stringify(entry, toWire);
      if (maxLength === undefined) await redis.xadd(key, "*", "entry", json);
      else await redis.xadd(key, "MAXLEN", "~", maxLength, "*", "entry", json);
    },
  };
}

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
      const raw = JSON.parse(fields[fields.indexOf("entry") + 1]!, fromWire) as Record<string, unknown>;
      const entry = { ...raw, at: new Date(raw.at as string) } as unknown as StreamLedgerEntry;
      out.push(entry);
    }
    if (page.length < count) return out;
    from = `(${page[page.length - 1]![0]}`;
  }
}
