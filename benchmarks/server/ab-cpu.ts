/**
 * A/B of the server package's CPU per call: `npx tsx benchmarks/server/ab-cpu.ts <other checkout>`.
 *
 * Loads `@tokenwise/server` from this checkout (B, "new") and from another checkout's
 * `packages/server/src` (A, "old": e.g. `git archive <commit> | tar -x -C /tmp/old`, with this
 * checkout's `node_modules` linked into it), each over its own router on a trivial `node:http`
 * upstream, all in this process, and calls them in alternating order through the official `openai`
 * client (`PAIRS` pairs, default 3,000, after 1,000 warm-up pairs). Prints the process's CPU time per
 * call (client, server and upstream; the difference is the servers') and the p50 latency of each.
 * Both servers run this checkout's router and core (tsx resolves `@tokenwise/*` through this
 * tsconfig), so it compares the server package alone. Nothing is written.
 */
import { createCatalog } from "@tokenwise/catalog";
import OpenAI from "openai";
import { startCannedUpstream } from "./upstream";

const OLD = process.argv[2];
if (!OLD) throw new Error("usage: ab-cpu.ts <other checkout>");
const PAIRS = Number(process.env.PAIRS ?? 3000);
const upstream = await startCannedUpstream();
const upstreamURL = upstream.baseURL;
const catalog = createCatalog();
const start = async (mod: typeof import("@tokenwise/server")) => {
  const config = mod.parseServerConfig({
    listen: { host: "127.0.0.1", port: 0 },
    models: ["openai/gpt-4o-mini"],
    providers: { openai: { baseURL: upstreamURL } },
    keys: [{ hash: mod.hashVirtualKey("sk-tw-bench"), tenant: "bench" }],
  });
  const { router, secrets } = mod.routerFromConfig(config, { catalog, env: { OPENAI_API_KEY: "k" } });
  const server = mod.createTokenwiseServer({ router, config, secrets, log: () => {} });
  return { server, url: await server.listen() };
};
const a = await start(
  (await import(`${OLD}/packages/server/src/index.ts`)) as typeof import("@tokenwise/server"),
);
const b = await start(await import("@tokenwise/server"));
const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
  { role: "system", content: "You are a helpful airline agent. Answer briefly." },
  { role: "user", content: "I need to change my flight from JFK to SFO to tomorrow morning, same cabin." },
];
const mk = (url: string) => {
  const c = new OpenAI({ baseURL: `${url}/v1`, apiKey: "sk-tw-bench", maxRetries: 0 });
  return () => c.chat.completions.create({ model: "auto", messages, max_completion_tokens: 50 });
};
const calls = { old: mk(a.url), new: mk(b.url) };
for (let i = 0; i < 1000; i++) {
  await calls.old();
  await calls.new();
}
const cpu = { old: 0, new: 0 };
const wall = { old: [] as number[], new: [] as number[] };
for (let i = 0; i < PAIRS; i++) {
  for (const name of i % 2 === 0 ? (["old", "new"] as const) : (["new", "old"] as const)) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await calls[name]();
    wall[name].push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu[name] += c.user + c.system;
  }
}
const p50 = (x: number[]) => x.sort((p, q) => p - q)[Math.floor(x.length / 2)]!.toFixed(3);
console.log(
  `cpu µs/call old ${(cpu.old / PAIRS).toFixed(1)} new ${(cpu.new / PAIRS).toFixed(1)}  wall p50 old ${p50(wall.old)} new ${p50(wall.new)}`,
);
await a.server.close();
await b.server.close();
upstream.close();
