/**
 * Where the server process spends its CPU: `npx tsx benchmarks/server/profile.ts [c1|c200] [requests]`.
 *
 * Starts the benchmark's testkit upstream (a worker thread) and the server in its own process under
 * `node --cpu-prof`, drives it with the official `openai` client at concurrency 1 or 200 (after a
 * warm-up), then prints the server process's CPU time per request (`process.cpuUsage()` over the
 * measured requests only) and the top functions by self time from its V8 CPU profile (warm-up
 * included). The profile is kept under `PROFILE_DIR` (default: a temp folder) for Chrome DevTools.
 * `NO_PROFILE=1` skips the profiler and prints only the CPU time per request (for A/B runs).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { startTestkitWorker } from "./upstream";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const MODEL = "openai/gpt-4o-mini";
const mode = process.argv[2] === "c200" ? "c200" : "c1";
const REQUESTS = Number(process.argv[3] ?? (mode === "c1" ? 2000 : 6000));
const WARMUP = Number(process.env.WARMUP ?? 500);
const concurrency = mode === "c1" ? 1 : 200;
const profiling = process.env.NO_PROFILE !== "1";
const dir = process.env.PROFILE_DIR ?? mkdtempSync(join(tmpdir(), "tw-server-prof-"));

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (name, file, line) over the whole profile, in ms, idle time left out. */
function selfTimes(profile: CpuProfile): { name: string; ms: number; share: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!)!;
    const dt = profile.timeDeltas[i]! / 1000;
    const f = node.callFrame;
    const file = f.url.replace(/^file:\/\//, "").replace(`${root}/`, "");
    const key = `${f.functionName || "(anonymous)"} ${file}:${f.lineNumber + 1}`;
    if (f.functionName === "(idle)") continue;
    totals.set(key, (totals.get(key) ?? 0) + dt);
    all += dt;
  }
  return [...totals].map(([name, ms]) => ({ name, ms, share: ms / all })).sort((a, b) => b.ms - a.ms);
}

const testkit = await startTestkitWorker(MODEL);
const child = spawn(
  process.execPath,
  [
    ...(profiling ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : []),
    "--import",
    "tsx",
    join(here, "server-process.ts"),
    testkit.baseURL,
    MODEL,
  ],
  { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
);
const lines: string[] = [];
let buffer = "";
const waiters: ((line: string) => boolean)[] = [];
child.stdout!.on("data", (d: Buffer) => {
  buffer += d.toString();
  let nl = buffer.indexOf("\n");
  while (nl >= 0) {
    const line = buffer.slice(0, nl);
    buffer = buffer.slice(nl + 1);
    lines.push(line);
    for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i]!(line)) waiters.splice(i, 1);
    nl = buffer.indexOf("\n");
  }
});
const nextLine = (prefix: string) =>
  new Promise<string>((resolve) => {
    waiters.push((line) => {
      if (!line.startsWith(prefix)) return false;
      resolve(line);
      return true;
    });
  });
const { url } = JSON.parse(await nextLine('{"url"')) as { url: string };
const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: "sk-tw-bench", maxRetries: 0 });
const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
  { role: "system", content: "You are a helpful airline agent. Answer briefly." },
  { role: "user", content: "I need to change my flight from JFK to SFO to tomorrow morning, same cabin." },
];
const call = () => client.chat.completions.create({ model: "auto", messages, max_completion_tokens: 50 });
const drive = async (count: number) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        next++;
        await call();
      }
    }),
  );
};
const diagnostics = async () => {
  const line = nextLine('{"diagnostics"');
  child.kill("SIGUSR2");
  return (JSON.parse(await line) as { diagnostics: Record<string, unknown> }).diagnostics;
};
await drive(WARMUP);
await diagnostics(); // resets the server's counters: what follows is the measured batch
await drive(REQUESTS);
const measured = await diagnostics();
const exited = new Promise((resolve) => child.once("exit", resolve));
child.kill("SIGTERM");
await exited;
await testkit.close();
console.log(
  `${mode}: ${REQUESTS} requests after ${WARMUP} warm-up; server process ${JSON.stringify(measured)}`,
);
if (!profiling) process.exit(0);
// The main thread's profile (thread 0; tsx's loader thread writes its own).
const file = join(
  dir,
  readdirSync(dir).find((f) => f.includes(`.${child.pid}.0.`) && f.endsWith(".cpuprofile"))!,
);
const top = selfTimes(JSON.parse(readFileSync(file, "utf8")) as CpuProfile).slice(0, 40);
console.log(
  `${mode}: ${REQUESTS} requests after ${WARMUP} warm-up; server process ${JSON.stringify(measured)}`,
);
console.log(`profile: ${file}`);
for (const t of top)
  console.log(`${t.ms.toFixed(1).padStart(9)} ms ${(t.share * 100).toFixed(1).padStart(5)} %  ${t.name}`);
