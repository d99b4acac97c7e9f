// Redis for tests: a real `redis-server` on loopback, never a mock.
//
// `scripts/test-all.mjs` (and `.ci/run`) start one redis-server for the whole run and pass its URL
// in `TOKENWISE_REDIS_URL`. Tests that share it use `sharedRedisUrl()` and prefix their keys;
// tests that kill or restart Redis start their own with `startRedisServer()`.
// When no redis-server is available the Redis suites are skipped loudly by test-all.mjs
// (and CI, which sets TOKENWISE_REQUIRE_REDIS=1, fails instead).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer, Socket } from "node:net";

/** The run's shared Redis URL, or undefined when the run has none (the Redis suites skip). */
export function sharedRedisUrl(): string | undefined {
  return process.env.TOKENWISE_REDIS_URL || undefined;
}

/** True when a `redis-server` binary is on PATH. */
export function hasRedisServer(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let answer = "";
    socket.setTimeout(500);
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.on("data", (chunk) => {
      answer += chunk.toString();
      if (answer.includes("\r\n")) {
        socket.destroy();
        resolve(answer.startsWith("+PONG"));
      }
    });
    socket.connect(port, "127.0.0.1", () => socket.write("PING\r\n"));
  });
}

export interface RedisServerHandle {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Kills the server (SIGKILL): everything in memory is lost. */
  kill(): Promise<void>;
  /** Starts a fresh server on the same port (after `stop` or `kill`). */
  restart(): Promise<void>;
}

/** Starts a private `redis-server` on a free loopback port, no persistence. */
export async function startRedisServer(options: { port?: number } = {}): Promise<RedisServerHandle> {
  if (!hasRedisServer()) {
    throw new Error(
      "redis-server is not on PATH: install it (Debian/Ubuntu: apt-get install -y redis-server) to run the Redis tests",
    );
  }
  const port = options.port ?? (await freePort());
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await ping(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGKILL");
    throw new Error(`redis-server did not answer PING on 127.0.0.1:${port} within 10 s`);
  };
  const end = async (signal: NodeJS.Signals) => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      current.once("exit", () => resolve());
      current.kill(signal);
    });
  };
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () => end("SIGTERM"),
    kill: () => end("SIGKILL"),
    restart: async () => {
      await end("SIGKILL");
      await launch();
    },
  };
}
