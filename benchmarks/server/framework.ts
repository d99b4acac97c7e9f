/**
 * Which HTTP layer for the server: `npx tsx benchmarks/server/framework.ts` (merges
 * `framework` into benchmarks/results/server.json). The same minimal endpoint on `node:http` and on
 * Hono over `@hono/node-server` (framework-servers.ts, one process), called with the same request
 * through the official `openai` client: latency at concurrency 1 (interleaved pairs) and req/s at
 * concurrency 200.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(here, "..", "results");
const PAIRS = Number(process.env.PAIRS ?? 1000);
const REQUESTS = Number(process.env.REQUESTS_C200 ?? 4000);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
const r3 = (x: number) => Math.round(x * 1000) / 1000;

const child = spawn(process.execPath, ["--import", "tsx", join(here, "framework-servers.ts")], {
  stdio: ["ignore", "pipe", "inherit"],
});
const urls = await new Promise<{ node: string; hono: string }>((resolve, reject) => {
  child.stdout.once("data", (d: Buffer) => resolve(JSON.parse(d.toString())));
  child.once("exit", (code) => reject(new Error(`framework-servers exited with ${code}`)));
});
try {
  const clients = {
    node: new OpenAI({ baseURL: `${urls.node}/v1`, apiKey: "x", maxRetries: 0 }),
    hono: new OpenAI({ baseURL: `${urls.hono}/v1`, apiKey: "x", maxRetries: 0 }),
  };
  const call = (n: "node" | "hono") =>
    clients[n].chat.completions.create({ model: "m", messages: [{ role: "user", content: "hello there" }] });
  for (let i = 0; i < 500; i++) {
    await call("node");
    await call("hono");
  }
  const lat = { node: [] as number[], hono: [] as number[] };
  const diff: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const t = { node: 0, hono: 0 };
    for (const n of i % 2 === 0 ? (["node", "hono"] as const) : (["hono", "node"] as const)) {
      const t0 = performance.now();
      await call(n);
      t[n] = performance.now() - t0;
    }
    lat.node.push(t.node);
    lat.hono.push(t.hono);
    diff.push(t.hono - t.node);
  }
  for (const a of [lat.node, lat.hono, diff]) a.sort((x, y) => x - y);
  const rps = { node: [] as number[], hono: [] as number[] };
  for (let pass = 0; pass < 3; pass++) {
    for (const n of pass % 2 === 0 ? (["node", "hono"] as const) : (["hono", "node"] as const)) {
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: 200 }, async () => {
          while (next++ < REQUESTS) await call(n);
        }),
      );
      rps[n].push((REQUESTS * 1000) / (performance.now() - t0));
    }
  }
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  const out = {
    node_http: {
      latency_ms_c1: { p50: r3(percentile(lat.node, 0.5)), p99: r3(percentile(lat.node, 0.99)) },
      rps: Math.round(median(rps.node)),
    },
    hono_node_server: {
      latency_ms_c1: { p50: r3(percentile(lat.hono, 0.5)), p99: r3(percentile(lat.hono, 0.99)) },
      rps: Math.round(median(rps.hono)),
    },
    hono_minus_node_ms_c1: { p50: r3(percentile(diff, 0.5)), p99: r3(percentile(diff, 0.99)) },
    versions: { hono: "4.13.19", "@hono/node-server": "1.19.19", node: process.version },
    method: `${PAIRS} interleaved pairs at concurrency 1 (after 500 warm-up pairs); req/s: median of 3 passes of ${REQUESTS} requests at concurrency 200`,
    at: new Date().toISOString(),
  };
  console.log(JSON.stringify(out, null, 2));
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, "server.json");
  const previous = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>)
    : {};
  writeFileSync(file, `${JSON.stringify({ ...previous, framework: out }, null, 2)}\n`);
} finally {
  child.kill("SIGTERM");
}
