/**
 * The tokenwise server for the benchmark, in its own process (as Portkey's gateway runs in its own):
 * `node --import tsx benchmarks/server/server-process.ts <testkit baseURL> <model key>`. Prints its
 * URL as one JSON line on stdout; exits on SIGTERM after a graceful close.
 */
import { createCatalog } from "@tokenwise/catalog";
import { createRouter } from "@tokenwise/router";
import { createNodeFetch, createTokenwiseServer, hashVirtualKey, parseServerConfig } from "@tokenwise/server";

const [baseURL, modelKey] = process.argv.slice(2);
if (!baseURL || !modelKey) throw new Error("usage: server-process.ts <testkit baseURL> <provider/id>");
const catalog = createCatalog();
// Diagnostics: per request, the time in the server (arrival to last byte) and the part of it spent
// waiting for the upstream's response headers. Meaningful at concurrency 1, where requests do not
// overlap: SIGUSR2 prints `{"diagnostics":…}` on stdout for the requests since the last signal.
let upstreamWait = 0;
// The transport `routerFromConfig` gives the server's router.
const upstream = createNodeFetch();
const timedFetch: typeof fetch = async (input, init) => {
  const t0 = performance.now();
  try {
    return await upstream(input, init);
  } finally {
    upstreamWait += performance.now() - t0;
  }
};
const router = createRouter({
  models: [catalog.find(modelKey)],
  fx: catalog.fx,
  providers: { openai: { apiKey: "bench-provider-key", baseURL } },
  env: {},
  fetch: timedFetch,
});
const config = parseServerConfig({
  listen: { host: "127.0.0.1", port: 0 },
  keys: [{ hash: hashVirtualKey("sk-tw-bench"), tenant: "bench" }],
});
let inServer: number[] = [];
let own: number[] = [];
// CPU time of the whole process (user + system, every thread) since the last report, read once per
// report (not per request: getrusage would add to the time measured).
let lastCpu = process.cpuUsage();
const server = createTokenwiseServer({
  router,
  config,
  secrets: ["bench-provider-key"],
  log: (e) => {
    inServer.push(e.ms);
    own.push(e.ms - upstreamWait);
    upstreamWait = 0;
  },
});
const pct = (a: number[], q: number) => {
  const sorted = [...a].sort((x, y) => x - y);
  return (
    Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! * 1000) /
    1000
  );
};
const url = await server.listen();
lastCpu = process.cpuUsage(); // from here: not the startup's module loading
process.stdout.write(`${JSON.stringify({ url })}\n`);
process.on("SIGUSR2", () => {
  const used = process.cpuUsage(lastCpu);
  lastCpu = process.cpuUsage();
  const mean = (micros: number) => Math.round((micros / 1000 / inServer.length) * 1000) / 1000;
  const diagnostics = {
    requests: inServer.length,
    in_server_ms: { p50: pct(inServer, 0.5), p99: pct(inServer, 0.99) },
    own_ms: { p50: pct(own, 0.5), p99: pct(own, 0.99) },
    cpu_ms_per_request_mean: mean(used.user + used.system),
    system_cpu_ms_per_request_mean: mean(used.system),
  };
  process.stdout.write(`${JSON.stringify({ diagnostics })}\n`);
  inServer = [];
  own = [];
});
process.once("SIGTERM", () => {
  void server.close().then(() => process.exit(0));
});
