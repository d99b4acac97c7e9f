import type { Catalog } from "@tokenwise/catalog";
import { TokenwiseError } from "@tokenwise/core";
import { createTokenwiseServer, hashVirtualKey, loadServerConfig, routerFromConfig } from "@tokenwise/server";

/** What `tokenwise serve` needs from the CLI's IO. */
export interface ServeIO {
  stdout(line: string): void;
  stderr(line: string): void;
  readFile?(path: string): string;
  now?(): Date;
  /** Stops serving (a graceful close). Default: SIGINT or SIGTERM. */
  signal?: AbortSignal;
  /** Environment provider keys are read from. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

function flagValue(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith("--")) throw new TokenwiseError({ message: `${name} needs a value` });
  return v;
}

function port(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new TokenwiseError({ message: `--port: not a port number: ${text}` });
  }
  return n;
}

/**
 * `tokenwise serve --config tokenwise.yaml [--port N] [--host H]`: the OpenAI-compatible endpoint,
 * logging one JSON line per request; `tokenwise serve --hash-key <key>` prints the hash to put in the
 * config. Resolves with the exit code once the server closed.
 */
export async function cmdServe(
  argv: readonly string[],
  io: ServeIO,
  catalog: () => Catalog,
): Promise<number> {
  const toHash = flagValue(argv, "--hash-key");
  if (toHash !== undefined) {
    io.stdout(hashVirtualKey(toHash));
    return 0;
  }
  const path = flagValue(argv, "--config");
  if (path === undefined) {
    throw new TokenwiseError({ message: "serve needs --config <tokenwise.yaml | tokenwise.json>" });
  }
  const config = io.readFile ? loadServerConfig(path, io.readFile) : loadServerConfig(path);
  const { router, secrets } = routerFromConfig(config, {
    catalog: catalog(),
    ...(io.env ? { env: io.env } : {}),
    ...(io.now ? { now: io.now } : {}),
  });
  const server = createTokenwiseServer({
    router,
    config,
    secrets,
    log: (entry) => io.stdout(JSON.stringify(entry)),
    ...(io.now ? { now: io.now } : {}),
  });
  const url = await server.listen(port(flagValue(argv, "--port")), flagValue(argv, "--host"));
  io.stdout(
    `tokenwise serve: listening on ${url}/v1 (${router.models().length} models, profiles: ${Object.keys(config.profiles).join(", ")}, ${config.keys.length} keys)`,
  );
  await new Promise<void>((resolve) => {
    if (io.signal) {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener("abort", () => resolve(), { once: true });
      return;
    }
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  io.stdout(`tokenwise serve: closing (draining ${server.inFlight()} open requests)`);
  await server.close();
  return 0;
}
