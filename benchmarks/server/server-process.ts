/**
 * The tokenwise server for the benchmark, in its own process (as Portkey's gateway runs in its own):
 * `node --import tsx benchmarks/server/server-process.ts <testkit baseURL> <model key>`. Prints its
 * URL as one JSON line on stdout; exits on SIGTERM after a graceful close.
 */
import { createCatalog } from "@tokenwise/catalog";
import { createRouter } from "@tokenwise/router";
import { createTokenwiseServer, hashVirtualKey, parseServerConfig } from "@tokenwise/server";

const [baseURL, modelKey] = process.argv.slice(2);
if (!baseURL || !modelKey) throw new Error("usage: server-process.ts <testkit baseURL> <provider/id>");
const catalog = createCatalog();
const router = createRouter({
  models: [catalog.find(modelKey)],
  fx: catalog.fx,
  providers: { openai: { apiKey: "bench-provider-key", baseURL } },
  env: {},
});
const config = parseServerConfig({
  listen: { host: "127.0.0.1", port: 0 },
  keys: [{ hash: hashVirtualKey("sk-tw-bench"), tenant: "bench" }],
});
// Diagnostics (stderr, at exit): time in the server per request, and in router.generate within it.
const serverMs: number[] = [];
const routerMs: number[] = [];
const timed: typeof router = {
  ...router,
  async generate(request) {
    const t0 = performance.now();
    try {
      return await router.generate(request);
    } finally {
      routerMs.push(performance.now() - t0);
    }
  },
};
const server = createTokenwiseServer({
  router: timed,
  config,
  secrets: ["bench-provider-key"],
  log: (e) => serverMs.push(e.ms),
});
const p = (a: number[], q: number) =>
  a.sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(q * a.length))] ?? NaN;
const url = await server.listen();
process.stdout.write(`${JSON.stringify({ url })}\n`);
process.once("SIGTERM", () => {
  process.stderr.write(
    `server process: ${serverMs.length} requests; in the server p50 ${p(serverMs, 0.5).toFixed(3)} ms, p99 ${p(serverMs, 0.99).toFixed(3)} ms; in router.generate p50 ${p(routerMs, 0.5).toFixed(3)} ms\n`,
  );
  void server.close().then(() => process.exit(0));
});
