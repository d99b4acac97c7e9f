/**
 * The server's overhead: `npx tsx benchmarks/server/run.ts` (prints a table, merges its fields into
 * benchmarks/results/server.json).
 *
 * One testkit upstream (a worker thread, scripted answers, no latency) serves three paths, measured in
 * the same run with the same client (the official `openai` SDK, non-streaming):
 * - direct: client → testkit;
 * - server: client → `@tokenwise/server` (its own process) → router → testkit;
 * - portkey: client → Portkey's open-source gateway (`@portkey-ai/gateway`, its own process, port 8787,
 *   `x-portkey-provider: openai`, `x-portkey-custom-host: <testkit>`) → testkit;
 * - passthrough: client → a bare `node:http` forwarder (`pass-through-process.ts`, its own process) →
 *   testkit: the floor, what the extra HTTP exchange alone adds on this machine.
 * Added latency at concurrency 1 is the paired difference against the direct call, interleaved round
 * by round; at concurrency 200 it is the difference of the percentiles of per-request latencies. Req/s
 * is completed requests over wall time at concurrency 200.
 * Then the AI SDK provider (`@tokenwise/ai-sdk`) against `@ai-sdk/openai-compatible`, both calling the
 * same upstream (`measureAiSdk`, benchmarks/ai-sdk/measure.ts): server.json's `ai_sdk`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCatalog } from "@tokenwise/catalog";
import OpenAI from "openai";
import { aiSdkModels, aiSdkTable, measureAiSdk } from "../ai-sdk/measure";
import { startTestkitWorker } from "./upstream";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const RESULTS = join(root, "benchmarks", "results");
const MODEL = "openai/gpt-4o-mini";
const ROUNDS_C1 = Number(process.env.ROUNDS_C1 ?? 1000);
const PASSES_C200 = Number(process.env.PASSES_C200 ?? 3);
const REQUESTS_C200 = Number(process.env.REQUESTS_C200 ?? 2000);
const CONCURRENCY = 200;
const AI_SDK_PAIRS = Number(process.env.AI_SDK_PAIRS ?? 200);

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i]!;
}
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Spawns a process and resolves with it once `ready` says so from a stdout line (or the port opens). */
function startProcess(
  args: string[],
  ready: (line: string) => string | undefined,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (d: Buffer) => {
      buffer += d.toString();
      for (const line of buffer.split("\n")) {
        const url = ready(line);
        if (url) {
          child.stdout!.removeAllListeners("data");
          resolve({ child, url });
          return;
        }
      }
    });
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
  });
}

async function waitForPort(port: number, limitMs = 20_000): Promise<void> {
  const end = Date.now() + limitMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > end) throw new Error(`port ${port} did not open`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

type Name = "direct" | "server" | "portkey" | "passthrough";
type Target = { name: Name; call: () => Promise<unknown> };

const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
  { role: "system", content: "You are a helpful airline agent. Answer briefly." },
  { role: "user", content: "I need to change my flight from JFK to SFO to tomorrow morning, same cabin." },
];

async function main() {
  const catalog = createCatalog();
  // The AI SDK measurement routes over OpenAI models as bench:ai-sdk does; the upstream serves them too.
  const aiSdk = aiSdkModels(catalog.list());
  const testkit = await startTestkitWorker([
    MODEL,
    ...aiSdk.map((m) => `${m.provider}/${m.id}`).filter((k) => k !== MODEL),
  ]);
  const server = await startProcess(
    [
      // PROFILE_DIR=… writes a V8 CPU profile of the server process there.
      ...(process.env.PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : []),
      "--import",
      "tsx",
      join(here, "server-process.ts"),
      testkit.baseURL,
      MODEL,
    ],
    (line) => (line.startsWith("{") ? (JSON.parse(line) as { url: string }).url : undefined),
  );
  const passthrough = await startProcess(
    ["--import", "tsx", join(here, "pass-through-process.ts"), testkit.baseURL, "bench-provider-key"],
    (line) => (line.startsWith("{") ? (JSON.parse(line) as { url: string }).url : undefined),
  );
  const portkeyEntry = join(root, "node_modules", "@portkey-ai", "gateway", "build", "start-server.js");
  if (!existsSync(portkeyEntry))
    throw new Error("install the workspace first: @portkey-ai/gateway is a devDependency");
  const portkey = spawn(process.execPath, [portkeyEntry], { cwd: root, stdio: "ignore" });
  await waitForPort(8787);
  // Another process on 8787 would answer instead of the gateway started here.
  await new Promise((r) => setTimeout(r, 500));
  if (portkey.exitCode !== null) throw new Error("Portkey's gateway exited: is port 8787 already in use?");
  try {
    const model = MODEL.split("/")[1]!;
    const body = { messages, max_completion_tokens: 50 };
    const direct = new OpenAI({ baseURL: testkit.baseURL, apiKey: "bench-provider-key", maxRetries: 0 });
    const viaServer = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "sk-tw-bench", maxRetries: 0 });
    const viaPassthrough = new OpenAI({
      baseURL: `${passthrough.url}/v1`,
      apiKey: "sk-tw-bench",
      maxRetries: 0,
    });
    const viaPortkey = new OpenAI({
      baseURL: "http://127.0.0.1:8787/v1",
      apiKey: "bench-provider-key",
      maxRetries: 0,
      defaultHeaders: { "x-portkey-provider": "openai", "x-portkey-custom-host": testkit.baseURL },
    });
    const named = (name: Name, call: () => Promise<unknown>): Target => ({
      name,
      call: () =>
        call().catch((e: unknown) => {
          throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        }),
    });
    const targets: Target[] = [
      named("direct", () => direct.chat.completions.create({ ...body, model })),
      named("server", () => viaServer.chat.completions.create({ ...body, model: "auto" })),
      named("portkey", () => viaPortkey.chat.completions.create({ ...body, model })),
      named("passthrough", () => viaPassthrough.chat.completions.create({ ...body, model })),
    ];
    // Every path answers the same way before anything is timed.
    for (const t of targets) {
      const res = (await t.call()) as OpenAI.Chat.ChatCompletion;
      if (res.choices[0]?.message.content !== "Done.") throw new Error(`${t.name}: unexpected answer`);
    }
    for (let i = 0; i < 200; i++) for (const t of targets) await t.call();

    // Concurrency 1: rounds of one call per path, the order rotating each round.
    const c1: Record<Name, number[]> = { direct: [], server: [], portkey: [], passthrough: [] };
    const paired: Record<Exclude<Name, "direct">, number[]> = { server: [], portkey: [], passthrough: [] };
    for (let r = 0; r < ROUNDS_C1; r++) {
      const times = {} as Record<Name, number>;
      for (let k = 0; k < targets.length; k++) {
        const t = targets[(r + k) % targets.length]!;
        const t0 = performance.now();
        await t.call();
        times[t.name] = performance.now() - t0;
      }
      for (const t of targets) c1[t.name].push(times[t.name]);
      for (const n of ["server", "portkey", "passthrough"] as const) paired[n].push(times[n] - times.direct);
    }
    for (const a of [...Object.values(c1), ...Object.values(paired)]) a.sort((x, y) => x - y);
    // The server's own share of its c1 time (arrival to last byte, minus the wait for the upstream).
    const diagnostics = await new Promise<{ own_ms: unknown; in_server_ms: unknown; requests: number }>(
      (resolve) => {
        let buffer = "";
        const onData = (d: Buffer) => {
          buffer += d.toString();
          const line = buffer.split("\n").find((l) => l.startsWith('{"diagnostics"'));
          if (line) {
            server.child.stdout!.off("data", onData);
            resolve(
              (
                JSON.parse(line) as {
                  diagnostics: { own_ms: unknown; in_server_ms: unknown; requests: number };
                }
              ).diagnostics,
            );
          }
        };
        server.child.stdout!.on("data", onData);
        server.child.kill("SIGUSR2");
      },
    );

    // Concurrency 200: each path in turn.
    const load = async (t: Target) => {
      const latencies: number[] = [];
      let next = 0;
      let errors = 0;
      let firstError: string | undefined;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < REQUESTS_C200) {
            next++;
            const s = performance.now();
            try {
              await t.call();
              latencies.push(performance.now() - s);
            } catch (e) {
              // Counted, not timed: a path that drops connections under load says so in the results.
              errors++;
              firstError ??= String((e as Error).cause ?? e);
            }
          }
        }),
      );
      const wall = performance.now() - t0;
      latencies.sort((x, y) => x - y);
      return {
        rps: (latencies.length * 1000) / wall,
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
        errors,
        firstError,
      };
    };
    const c200 = {} as Record<Name, Awaited<ReturnType<typeof load>>>;
    // A warm-up pass, then PASSES_C200 passes in rotating order; per path, the median of the passes
    // (so a load spike from other work on the machine during one pass does not decide the result).
    const passes: Record<Name, Awaited<ReturnType<typeof load>>[]> = {
      direct: [],
      server: [],
      portkey: [],
      passthrough: [],
    };
    for (const t of targets) await load(t);
    for (let pass = 0; pass < PASSES_C200; pass++) {
      for (let k = 0; k < targets.length; k++) {
        const t = targets[(pass + k) % targets.length]!;
        passes[t.name].push(await load(t));
      }
    }
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
    for (const t of targets) {
      const runs = passes[t.name];
      c200[t.name] = {
        rps: median(runs.map((r) => r.rps)),
        p50: median(runs.map((r) => r.p50)),
        p99: median(runs.map((r) => r.p99)),
        errors: runs.reduce((a, r) => a + r.errors, 0),
        firstError: runs.find((r) => r.firstError)?.firstError,
      };
    }

    // The AI SDK provider against @ai-sdk/openai-compatible, both calling the same upstream directly.
    const aiSdkRun = await measureAiSdk({
      baseURL: testkit.baseURL,
      models: aiSdk,
      fx: catalog.fx,
      pairs: AI_SDK_PAIRS,
    });
    for (const line of aiSdkTable(aiSdkRun)) console.log(line);

    const gateway = (name: Exclude<Name, "direct">) => ({
      added_ms: { p50: round3(percentile(paired[name], 0.5)), p99: round3(percentile(paired[name], 0.99)) },
      added_ms_c200: {
        p50: round3(c200[name].p50 - c200.direct.p50),
        p99: round3(c200[name].p99 - c200.direct.p99),
      },
      rps: Math.round(c200[name].rps),
      errors_c200: c200[name].errors,
      ...(c200[name].firstError ? { first_error_c200: c200[name].firstError } : {}),
      latency_ms_c1: { p50: round3(percentile(c1[name], 0.5)), p99: round3(percentile(c1[name], 0.99)) },
      latency_ms_c200: { p50: round3(c200[name].p50), p99: round3(c200[name].p99) },
    });
    const out = {
      server: { ...gateway("server"), c1_in_process: diagnostics },
      portkey: { ...gateway("portkey"), version: "1.15.2" },
      passthrough: gateway("passthrough"),
      ai_sdk: {
        // Client-side time (before the request leaves + after the headers arrive), paired:
        // @tokenwise/ai-sdk (router, accounting) minus @ai-sdk/openai-compatible, generateText.
        added_ms: { p50: round3(aiSdkRun.generate.added.p50), p99: round3(aiSdkRun.generate.added.p99) },
        added_end_to_end_ms: {
          p50: round3(aiSdkRun.generate.addedWhole.p50),
          p99: round3(aiSdkRun.generate.addedWhole.p99),
        },
        stream_added_ms: { p50: round3(aiSdkRun.stream.added.p50), p99: round3(aiSdkRun.stream.added.p99) },
        request: aiSdkRun.request,
      },
      direct: {
        rps: Math.round(c200.direct.rps),
        latency_ms_c1: { p50: round3(percentile(c1.direct, 0.5)), p99: round3(percentile(c1.direct, 0.99)) },
        latency_ms_c200: { p50: round3(c200.direct.p50), p99: round3(c200.direct.p99) },
      },
      method: {
        upstream: "testkit in a worker thread, scripted answer, timeScale 0, no prompt cache",
        passthrough:
          "a bare node:http forwarder in its own process (body buffered, key swapped, keep-alive upstream): the floor of the extra HTTP exchange",
        ai_sdk:
          "generateText/streamText (ai@6) on the longest tau-bench airline request (14 tools), through @tokenwise/ai-sdk (routing over 8 OpenAI models) vs @ai-sdk/openai-compatible, both to this run's upstream; interleaved pairs after 10 warm-up pairs; added = client-side time (before the request leaves + after the headers), paired",
        client: "official openai SDK, non-streaming chat completion, 2 messages, max_completion_tokens 50",
        c1: `${ROUNDS_C1} interleaved rounds, the order rotating (after 200 warm-up rounds); added = paired difference vs direct`,
        c200: `${REQUESTS_C200} requests at concurrency ${CONCURRENCY} per path and pass, a warm-up pass then ${PASSES_C200} passes in rotating order, median over the passes; added = percentile difference vs direct; req/s counts successful requests; failed requests are counted in errors_c200`,
        c1_in_process:
          "inside the server process over the warm-up and c1 requests: arrival to last byte (in_server_ms), that minus the wait for the upstream's response (own_ms), and the process's mean CPU time (user + system, and system alone) per request",
        machine: `${cpus().length} cores, Node ${process.version}, load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")} at the end`,
      },
      at: new Date().toISOString(),
    };
    const rows = [
      ["", "added p50 (c1)", "added p99 (c1)", "added p50 (c200)", "added p99 (c200)", "req/s (c200)"],
      ...(["server", "portkey", "passthrough"] as const).map((n) => [
        n,
        `${out[n].added_ms.p50} ms`,
        `${out[n].added_ms.p99} ms`,
        `${out[n].added_ms_c200.p50} ms`,
        `${out[n].added_ms_c200.p99} ms`,
        String(out[n].rps),
      ]),
      [
        "direct",
        `${out.direct.latency_ms_c1.p50} ms (latency)`,
        `${out.direct.latency_ms_c1.p99} ms (latency)`,
        "",
        "",
        String(out.direct.rps),
      ],
    ];
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join("  "));
    console.log(`server process at c1: ${JSON.stringify(diagnostics)}`);
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, "server.json");
    // Other engineers' fields (e.g. `ai_sdk`) in the same file are kept.
    const previous = existsSync(file)
      ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>)
      : {};
    writeFileSync(file, `${JSON.stringify({ ...previous, ...out }, null, 2)}\n`);
    console.log("wrote benchmarks/results/server.json");
  } finally {
    await stop(server.child);
    await stop(passthrough.child);
    await stop(portkey);
    await testkit.close();
  }
}

await main();
