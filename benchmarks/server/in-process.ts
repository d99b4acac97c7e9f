/**
 * The server stack's own cost without process hops: `npx tsx benchmarks/server/in-process.ts` (merges
 * `in_process` into benchmarks/results/server.json). A trivial upstream (`node:http`, a fixed
 * completion, no tokenization), the tokenwise server and the client share one process and one event
 * loop, so each call's wall time is CPU work plus loopback I/O, with no wake-up of another process in
 * between. Paired, interleaved: the official `openai` client → upstream, and → server → router → upstream.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCatalog } from "@tokenwise/catalog";
import {
  createTokenwiseServer,
  hashVirtualKey,
  parseServerConfig,
  routerFromConfig,
} from "@tokenwise/server";
import OpenAI from "openai";
import { startCannedUpstream } from "./upstream";

const here = dirname(fileURLToPath(import.meta.url));
const PAIRS = Number(process.env.PAIRS ?? 3000);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

const upstream = await startCannedUpstream();
const upstreamURL = upstream.baseURL;

const config = parseServerConfig({
  listen: { host: "127.0.0.1", port: 0 },
  models: ["openai/gpt-4o-mini"],
  providers: { openai: { baseURL: upstreamURL } },
  keys: [{ hash: hashVirtualKey("sk-tw-bench"), tenant: "bench" }],
});
const { router, secrets } = routerFromConfig(config, {
  catalog: createCatalog(),
  env: { OPENAI_API_KEY: "k" },
});
const server = createTokenwiseServer({ router, config, secrets });
const url = await server.listen();

const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
  { role: "system", content: "You are a helpful airline agent. Answer briefly." },
  { role: "user", content: "I need to change my flight from JFK to SFO to tomorrow morning, same cabin." },
];
const direct = new OpenAI({ baseURL: upstreamURL, apiKey: "k", maxRetries: 0 });
const via = new OpenAI({ baseURL: `${url}/v1`, apiKey: "sk-tw-bench", maxRetries: 0 });
const calls = {
  direct: () => direct.chat.completions.create({ model: "gpt-4o-mini", messages, max_completion_tokens: 50 }),
  server: () => via.chat.completions.create({ model: "auto", messages, max_completion_tokens: 50 }),
};
for (let i = 0; i < 1000; i++) {
  await calls.direct();
  await calls.server();
}
const diffs: number[] = [];
const lat = { direct: [] as number[], server: [] as number[] };
const cpu = { direct: 0, server: 0 };
for (let i = 0; i < PAIRS; i++) {
  const t = { direct: 0, server: 0 };
  for (const name of i % 2 === 0 ? (["direct", "server"] as const) : (["server", "direct"] as const)) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await calls[name]();
    t[name] = performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpu[name] += c.user + c.system;
  }
  lat.direct.push(t.direct);
  lat.server.push(t.server);
  diffs.push(t.server - t.direct);
}
for (const a of [diffs, lat.direct, lat.server]) a.sort((x, y) => x - y);
const out = {
  added_ms: { p50: r3(percentile(diffs, 0.5)), p99: r3(percentile(diffs, 0.99)) },
  latency_ms: {
    direct: { p50: r3(percentile(lat.direct, 0.5)), p99: r3(percentile(lat.direct, 0.99)) },
    server: { p50: r3(percentile(lat.server, 0.5)), p99: r3(percentile(lat.server, 0.99)) },
  },
  cpu_ms_per_call_mean: { direct: r3(cpu.direct / 1000 / PAIRS), server: r3(cpu.server / 1000 / PAIRS) },
  method: `${PAIRS} interleaved pairs after 1,000 warm-up pairs; client, server and a trivial upstream in one process`,
  at: new Date().toISOString(),
};
console.log(JSON.stringify(out, null, 2));
await server.close();
upstream.close();
const file = join(here, "..", "results", "server.json");
mkdirSync(dirname(file), { recursive: true });
const previous = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
writeFileSync(file, `${JSON.stringify({ ...previous, in_process: out }, null, 2)}\n`);
