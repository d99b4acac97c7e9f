import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtinModels, createCatalog, loadPriceTable } from "@tokenwise/catalog";
import { main } from "@tokenwise/cli";
import { startTestkit, type Testkit } from "@tokenwise/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** `tokenwise prices pull` / `diff` against the testkit's feed server, through the real fetch. */
let kit: Testkit;
let clock = new Date("2026-11-30T09:00:00Z");
const prices = [
  { provider: "openai", id: "gpt-4o-mini", input: "0.15", output: "0.6", cacheRead: "0.075" },
  {
    provider: "anthropic",
    id: "claude-haiku-4-5",
    input: "1",
    output: "5",
    cacheRead: "0.1",
    cacheWrite: "1.25",
  },
  { provider: "fireworks", id: "some-open-model", input: "0.2", output: "0.8" },
];

beforeAll(async () => {
  kit = await startTestkit({ timeScale: 0, now: () => clock, feedPrices: prices });
});
afterAll(() => kit.close());

async function run(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    now: () => clock,
    env,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("tokenwise prices pull", () => {
  it("caches the feed and the second pull is a conditional 304 that says so", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "tokenwise-feeds-"));
    const url = kit.feeds.url("litellm");
    const first = await run(["prices", "pull", url, "--format", "litellm", "--cache-dir", cacheDir]);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toMatch(
      /^200 OK: http:\/\/127\.0\.0\.1:\d+\/feeds\/litellm\.json \(\d+ bytes, ETag "[0-9a-f]+"/,
    );
    expect(first.out).toMatch(
      /litellm feed as of 2026-11-30: 2 catalog models priced, 1 entries unmapped, 0 skipped/,
    );
    expect(first.out).toMatch(/anthropic\/claude-haiku-4-5 +claude-haiku-4-5 +1\/5 USD +0\.1/);
    expect(first.out).toMatch(/unknown-provider \(1\): fireworks\/some-open-model/);

    const second = await run(["prices", "pull", url, "--cache-dir", cacheDir]);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(
      /^304 Not Modified: http:\/\/\S+ unchanged since Mon, 30 Nov 2026 09:00:00 GMT \(ETag "/,
    );
    expect(second.out).toMatch(/2 catalog models priced/);
    const requests = kit.feeds.requests().filter((r) => r.format === "litellm");
    expect(requests.map((r) => r.status)).toEqual([200, 304]);
    expect(requests[1]!.ifNoneMatch).toMatch(/^"[0-9a-f]+"$/);
    expect(requests[1]!.ifModifiedSince).toBe("Mon, 30 Nov 2026 09:00:00 GMT");

    // A price change: a 200 again, the previous copy kept, and `prices diff` prints the changed fields.
    clock = new Date("2026-11-30T12:00:00Z");
    kit.feeds.updatePrice("anthropic", "claude-haiku-4-5", { input: "1.2", cacheRead: "0.12" });
    const third = await run(["prices", "pull", url, "--cache-dir", cacheDir]);
    expect(third.out).toMatch(/^200 OK/);
    const [, oldPath, newPath] = /tokenwise prices diff (\S+) (\S+)/.exec(third.out)!;
    const diff = await run(["prices", "diff", oldPath!, newPath!]);
    expect(diff.code).toBe(0);
    expect(diff.out).toContain(
      "changed (1):\n  anthropic/claude-haiku-4-5\n    input: 1 → 1.2\n    cacheRead: 0.1 → 0.12",
    );
    expect(diff.out).toMatch(/unchanged: 2/);
    expect(readdirSync(cacheDir).sort()).toHaveLength(3);
  });

  it("uses $TOKENWISE_CACHE_DIR by default and pulls OpenRouter and genai-prices feeds too", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "tokenwise-feeds-env-"));
    for (const format of ["openrouter", "genai-prices"] as const) {
      const r = await run(["prices", "pull", kit.feeds.url(format)], { TOKENWISE_CACHE_DIR: cacheDir });
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`${format} feed as of 2026-11-30: 2 catalog models priced`));
    }
    expect(readdirSync(cacheDir).filter((f) => f.endsWith(".meta.json"))).toHaveLength(2);
  });

  it("--table writes the feed as a tokenwise price table that merges into the catalog's history", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tokenwise-feed-table-"));
    const tablePath = join(dir, "feed-table.json");
    kit.feeds.updatePrice("openai", "gpt-4o-mini", { input: "0.2" });
    const r = await run([
      "prices",
      "pull",
      kit.feeds.url("openrouter"),
      "--cache-dir",
      join(dir, "cache"),
      "--table",
      tablePath,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/wrote \S+feed-table\.json: 2 models with the feed's price versions/);
    const catalog = createCatalog({ now: () => clock }).extend(loadPriceTable(tablePath), { mode: "merge" });
    const price = catalog.priceAt(catalog.find("openai/gpt-4o-mini"), clock);
    expect(price).toMatchObject({
      input: "0.2",
      output: "0.6",
      effectiveFrom: `${clock.toISOString().slice(0, 10)}T00:00:00Z`,
    });
    expect(price.source.url).toBe(kit.feeds.url("openrouter"));
    // The built-in history is kept below it.
    expect(catalog.find("openai/gpt-4o-mini").prices.length).toBe(
      builtinModels().find((m) => m.id === "gpt-4o-mini")!.prices.length + 1,
    );
  });

  it("validates flags before any request", async () => {
    const before = kit.feeds.requests().length;
    const bad = await run(["prices", "pull", kit.feeds.url("litellm"), "--format", "csv"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--format must be one of litellm, genai-prices, openrouter \(got "csv"\)/);
    const unknown = await run(["prices", "pull", kit.feeds.url("litellm"), "--cahce-dir", "/tmp/x"]);
    expect(unknown.err).toMatch(/unknown flag --cahce-dir/);
    const missing = await run(["prices", "pull"]);
    expect(missing.err).toMatch(/give one <url\|file>/);
    expect(kit.feeds.requests().length).toBe(before);
  });

  it("reports a failing feed and a malformed one with its zod path", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "tokenwise-feeds-fail-"));
    kit.feeds.fail(503);
    const down = await run(["prices", "pull", kit.feeds.url("openrouter"), "--cache-dir", cacheDir]);
    kit.feeds.fail(undefined);
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/answered 503/);
    const dir = mkdtempSync(join(tmpdir(), "tokenwise-feed-file-"));
    const file = join(dir, "bad.json");
    writeFileSync(
      file,
      JSON.stringify({ data: [{ id: "openai/gpt-4o", pricing: { prompt: "cheap", completion: "0" } }] }),
    );
    const malformed = await run(["prices", "pull", file]);
    expect(malformed.code).toBe(1);
    expect(malformed.err).toMatch(/data\.0\.pricing\.prompt: must be a non-negative decimal string/);
  });
});

describe("tokenwise prices diff", () => {
  it("shows added and removed models and compares a feed with a tokenwise price table", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tokenwise-diff-"));
    const oldFeed = join(dir, "old.json");
    const newFeed = join(dir, "new.json");
    writeFileSync(oldFeed, await (await fetch(kit.feeds.url("openrouter"))).text());
    kit.feeds.setPrices([
      ...kit.feeds.prices().filter((p) => p.id !== "gpt-4o-mini"),
      { provider: "openai", id: "gpt-4.1", input: "2", output: "8", cacheRead: "0.5" },
    ]);
    writeFileSync(newFeed, await (await fetch(kit.feeds.url("openrouter"))).text());
    const r = await run(["prices", "diff", oldFeed, newFeed]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("(openrouter feed)");
    expect(r.out).toContain("added (1): openai/gpt-4.1");
    expect(r.out).toContain("removed (1): openai/gpt-4o-mini");

    const table = join(dir, "table.yaml");
    writeFileSync(
      table,
      [
        "models:",
        "  - provider: openai",
        "    id: gpt-4.1",
        "    api: openai",
        "    contextWindow: 1047576",
        "    maxOutput: 32768",
        "    capabilities: { tools: true, vision: true, structuredOutput: true, streaming: true, reasoning: false }",
        "    tokenizer: o200k_base",
        "    prices:",
        "      - { currency: USD, effectiveFrom: '2025-04-14T00:00:00Z', input: '2', output: '8', cacheRead: '0.5', source: { url: 'https://openai.com/api/pricing', asOf: '2025-04-14' } }",
      ].join("\n"),
    );
    const mixed = await run(["prices", "diff", table, newFeed]);
    expect(mixed.out).toContain("(tokenwise price table)");
    expect(mixed.out).toMatch(/unchanged: 1/);
    expect(readFileSync(newFeed, "utf8")).toContain("openai/gpt-4.1");
  });

  it("says what is wrong with its arguments", async () => {
    expect((await run(["prices", "diff", "only-one.json"])).err).toMatch(
      /give <old> and <new> \(got 1 files\)/,
    );
    expect((await run(["prices", "diff", "a", "b", "--at", "yesterday"])).err).toMatch(
      /--at is not an ISO instant/,
    );
    expect((await run(["prices", "frobnicate"])).err).toMatch(/unknown prices subcommand "frobnicate"/);
    expect((await run(["help"])).out).toMatch(
      /tokenwise prices pull <url\|file> \[--format litellm\|genai-prices\|openrouter\]/,
    );
  });
});
