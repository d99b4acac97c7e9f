import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { extname, join } from "node:path";
import {
  createCatalog,
  detectFeedFormat,
  diffPriceSnapshots,
  FEED_FORMATS,
  type FeedFormat,
  type FeedImport,
  importPriceFeed,
  loadPriceTable,
  type PriceDiff,
  parseFeedText,
  priceSnapshot,
} from "@tokenwise/catalog";
import { type ModelEntry, modelKey, TokenwiseError, ValidationError } from "@tokenwise/core";
import { parse as parseYaml } from "yaml";

/** What `prices pull` and `prices diff` need from the CLI's IO. */
export interface FeedIO {
  stdout(line: string): void;
  readFile?(path: string): string;
  writeFile?(path: string, text: string): void;
  now?(): Date;
  env?: Record<string, string | undefined>;
  /** The HTTP client for `prices pull <url>`. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
}

/** Flags with a value; anything else starting with `--` is an error, before any work. */
function parseFlags(argv: readonly string[], allowed: readonly string[], command: string) {
  const flags = new Map<string, string>();
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) {
      args.push(a);
      continue;
    }
    if (!allowed.includes(a)) {
      throw new TokenwiseError({ message: `${command}: unknown flag ${a} (known: ${allowed.join(", ")})` });
    }
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--"))
      throw new TokenwiseError({ message: `${command}: ${a} needs a value` });
    flags.set(a, v);
    i++;
  }
  return { flags, args };
}

function formatFlag(value: string | undefined, command: string): FeedFormat | undefined {
  if (value === undefined) return undefined;
  if (!(FEED_FORMATS as readonly string[]).includes(value)) {
    throw new TokenwiseError({
      message: `${command}: --format must be one of ${FEED_FORMATS.join(", ")} (got "${value}")`,
    });
  }
  return value as FeedFormat;
}

function dayFlag(value: string | undefined, now: Date, command: string): string {
  if (value === undefined) return now.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new TokenwiseError({ message: `${command}: --as-of must be a date YYYY-MM-DD (got "${value}")` });
  }
  return value;
}

/**
 * The default feed cache: `$TOKENWISE_CACHE_DIR`, else the user's cache directory
 * (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on
 * Windows) under `tokenwise/feeds`.
 */
export function defaultFeedCacheDir(
  env: Record<string, string | undefined>,
  platform = process.platform,
): string {
  if (env.TOKENWISE_CACHE_DIR) return env.TOKENWISE_CACHE_DIR;
  const home = env.HOME ?? homedir();
  const base =
    platform === "win32"
      ? (env.LOCALAPPDATA ?? join(home, "AppData", "Local"))
      : platform === "darwin"
        ? join(home, "Library", "Caches")
        : (env.XDG_CACHE_HOME ?? join(home, ".cache"));
  return join(base, "tokenwise", "feeds");
}

/** What the cache keeps beside a feed's body. */
interface CacheMeta {
  url: string;
  etag?: string;
  lastModified?: string;
  /** When the body was last fetched or confirmed (a 304). */
  checkedAt: string;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/**
 * `tokenwise prices pull <url|file> [--format F] [--cache-dir DIR] [--as-of DAY] [--table FILE]`:
 * reads a price feed (a URL through a local cache with ETag / If-Modified-Since, or a file), imports
 * it and prints what it holds for the catalog's models; `--table` also writes them as a tokenwise
 * price table.
 */
export async function cmdPricesPull(argv: readonly string[], io: FeedIO): Promise<number> {
  const command = "prices pull";
  const { flags, args } = parseFlags(argv, ["--format", "--cache-dir", "--as-of", "--table"], command);
  if (args.length !== 1)
    throw new TokenwiseError({ message: `${command}: give one <url|file> (got ${args.length})` });
  const target = args[0]!;
  const now = (io.now ?? (() => new Date()))();
  const format = formatFlag(flags.get("--format"), command);
  const asOf = dayFlag(flags.get("--as-of"), now, command);
  let text: string;
  if (isUrl(target)) {
    if (!URL.canParse(target))
      throw new TokenwiseError({ message: `${command}: not a valid URL: ${target}` });
    text = await pullThroughCache(
      target,
      flags.get("--cache-dir") ?? defaultFeedCacheDir(io.env ?? process.env),
      now,
      io,
    );
  } else {
    text = (io.readFile ?? ((p) => readFileSync(p, "utf8")))(target);
    io.stdout(`read ${target} (${text.length} bytes)`);
  }
  const data = parseFeedText(text, target);
  const feed = importPriceFeed(data, { ...(format ? { format } : {}), source: { url: target, asOf } });
  for (const line of describeImport(feed)) io.stdout(line);
  const tablePath = flags.get("--table");
  if (tablePath !== undefined) {
    const table = feedTable(feed);
    (io.writeFile ?? ((path, text) => writeFileSync(path, text)))(
      tablePath,
      `${JSON.stringify(table, null, 2)}\n`,
    );
    io.stdout(
      `wrote ${tablePath}: ${table.models.length} models with the feed's price versions (a tokenwise price table: createCatalog({ tables: ["${tablePath}"], mode: "merge" }) adds them to the catalog's history; the newest version in force wins)`,
    );
  }
  return 0;
}

/**
 * The mapped models of an import as a tokenwise price table: each catalog entry with the feed's
 * versions as its prices (merge mode adds them to the built-in history by `effectiveFrom`).
 */
export function feedTable(feed: FeedImport): { models: ModelEntry[] } {
  const catalog = createCatalog();
  return {
    models: feed.models
      .filter((m) => catalog.has(modelKey(m)))
      .map((m) => ({ ...catalog.find(modelKey(m)), prices: m.prices })),
  };
}

async function pullThroughCache(url: string, dir: string, now: Date, io: FeedIO): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const key = createHash("sha256").update(url).digest("hex").slice(0, 24);
  const bodyPath = join(dir, `${key}.json`);
  const prevPath = join(dir, `${key}.previous.json`);
  const metaPath = join(dir, `${key}.meta.json`);
  const meta: CacheMeta | undefined =
    existsSync(metaPath) && existsSync(bodyPath)
      ? (JSON.parse(readFileSync(metaPath, "utf8")) as CacheMeta)
      : undefined;
  const headers: Record<string, string> = { accept: "application/json" };
  if (meta?.etag) headers["if-none-match"] = meta.etag;
  if (meta?.lastModified) headers["if-modified-since"] = meta.lastModified;
  const fetcher = io.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetcher(url, { headers });
  } catch (cause) {
    throw new TokenwiseError({
      message: `cannot fetch ${url}: ${cause instanceof Error ? cause.message : String(cause)}`,
      cause,
    });
  }
  const etag = response.headers.get("etag") ?? undefined;
  const lastModified = response.headers.get("last-modified") ?? undefined;
  if (response.status === 304 && meta) {
    writeFileSync(metaPath, `${JSON.stringify({ ...meta, checkedAt: now.toISOString() }, null, 2)}\n`);
    io.stdout(
      `304 Not Modified: ${url} unchanged since ${meta.lastModified ?? meta.checkedAt}${meta.etag ? ` (ETag ${meta.etag})` : ""}; using the cached copy ${bodyPath}`,
    );
    return readFileSync(bodyPath, "utf8");
  }
  if (!response.ok) {
    throw new TokenwiseError({
      message: `${url} answered ${response.status} ${response.statusText}`.trimEnd(),
    });
  }
  const text = await response.text();
  if (existsSync(bodyPath)) renameSync(bodyPath, prevPath);
  writeFileSync(bodyPath, text);
  const next: CacheMeta = {
    url,
    ...(etag ? { etag } : {}),
    ...(lastModified ? { lastModified } : {}),
    checkedAt: now.toISOString(),
  };
  writeFileSync(metaPath, `${JSON.stringify(next, null, 2)}\n`);
  io.stdout(
    `200 OK: ${url} (${text.length} bytes${etag ? `, ETag ${etag}` : ""}${lastModified ? `, Last-Modified ${lastModified}` : ""}); cached at ${bodyPath}`,
  );
  if (existsSync(prevPath) && meta) {
    io.stdout(`the previous copy is ${prevPath}: tokenwise prices diff ${prevPath} ${bodyPath}`);
  }
  return text;
}

/** The lines `prices pull` prints for an import. */
export function describeImport(feed: FeedImport): string[] {
  const lines = [
    `${feed.format} feed as of ${feed.source.asOf}: ${feed.models.length} catalog models priced, ${feed.unmapped.length} entries unmapped, ${feed.skipped.length} skipped`,
  ];
  const rows = feed.models.map((m) => {
    const v = m.prices[m.prices.length - 1]!;
    return [
      modelKey(m),
      m.feedKey,
      `${v.input}/${v.output} ${v.currency}`,
      v.cacheRead ?? "-",
      (v.tiers ?? []).map((t) => `>${t.aboveInputTokens}`).join(",") || "-",
      m.prices.length > 1 ? `${m.prices.length} versions` : v.effectiveFrom.slice(0, 10),
    ];
  });
  if (rows.length > 0) {
    lines.push(
      ...alignRows([["model", "feed name", "input/output per M", "cache read", "tiers", "from"], ...rows]),
    );
  }
  const byReason = new Map<string, string[]>();
  for (const u of feed.unmapped) byReason.set(u.reason, [...(byReason.get(u.reason) ?? []), u.feedKey]);
  for (const [reason, keys] of byReason) {
    const shown = keys.slice(0, 12).join(", ");
    lines.push(
      `${reason} (${keys.length}): ${shown}${keys.length > 12 ? `, … ${keys.length - 12} more` : ""}`,
    );
  }
  for (const u of feed.unmapped.filter((x) => x.reason === "ambiguous"))
    lines.push(`  ${u.feedKey}: ${u.detail}`);
  return lines;
}

function alignRows(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join("  ")
      .trimEnd(),
  );
}

/**
 * `tokenwise prices diff <old> <new> [--format F] [--at ISO]`: what changed between two price files —
 * feeds (any of the three formats) or tokenwise price tables — by model and field.
 */
export async function cmdPricesDiff(argv: readonly string[], io: FeedIO): Promise<number> {
  const command = "prices diff";
  const { flags, args } = parseFlags(argv, ["--format", "--at", "--as-of"], command);
  if (args.length !== 2)
    throw new TokenwiseError({ message: `${command}: give <old> and <new> (got ${args.length} files)` });
  const now = (io.now ?? (() => new Date()))();
  const format = formatFlag(flags.get("--format"), command);
  const asOf = dayFlag(flags.get("--as-of"), now, command);
  const atText = flags.get("--at");
  const at = atText === undefined ? now : new Date(Date.parse(atText));
  if (Number.isNaN(at.getTime()))
    throw new TokenwiseError({ message: `${command}: --at is not an ISO instant: ${atText}` });
  const [oldPath, newPath] = args as [string, string];
  const read = (path: string) => snapshotOfFile(path, io, format, asOf, at);
  const before = read(oldPath);
  const after = read(newPath);
  const diff = diffPriceSnapshots(before.snapshot, after.snapshot);
  io.stdout(
    `prices diff ${oldPath} (${before.kind}) → ${newPath} (${after.kind}), prices in force at ${at.toISOString()}`,
  );
  for (const line of describeDiff(diff)) io.stdout(line);
  return 0;
}

function snapshotOfFile(path: string, io: FeedIO, format: FeedFormat | undefined, asOf: string, at: Date) {
  const text = (io.readFile ?? ((p) => readFileSync(p, "utf8")))(path);
  const ext = extname(path).toLowerCase();
  let data: unknown;
  if (ext === ".yaml" || ext === ".yml") {
    try {
      data = parseYaml(text);
    } catch (cause) {
      throw new ValidationError({
        source: path,
        issues: [{ path: [], message: `not valid YAML: ${String(cause)}` }],
        cause,
      });
    }
  } else data = parseFeedText(text, path);
  const feedFormat = format ?? detectFeedFormat(data);
  if (feedFormat !== undefined) {
    const feed = importPriceFeed(data, { format: feedFormat, source: { url: path, asOf } });
    return { kind: `${feedFormat} feed`, snapshot: priceSnapshot(feed, at) };
  }
  const table = loadPriceTable(data, { name: path });
  return { kind: "tokenwise price table", snapshot: priceSnapshot(table.models, at) };
}

/** The lines `prices diff` prints. */
export function describeDiff(diff: PriceDiff): string[] {
  const lines: string[] = [];
  lines.push(`added (${diff.added.length})${diff.added.length ? `: ${diff.added.join(", ")}` : ""}`);
  lines.push(`removed (${diff.removed.length})${diff.removed.length ? `: ${diff.removed.join(", ")}` : ""}`);
  lines.push(`changed (${diff.changed.length})${diff.changed.length ? ":" : ""}`);
  for (const { model, changes } of diff.changed) {
    lines.push(`  ${model}`);
    for (const c of changes) lines.push(`    ${c.field}: ${c.old} → ${c.new}`);
  }
  lines.push(`unchanged: ${diff.unchanged}`);
  return lines;
}
