import { readFile } from "node:fs/promises";
import { TestkitConfigError } from "./errors";
import {
  DEFAULT_PROVIDERS,
  type SimProviderConfig,
  startTestkit,
  type Testkit,
  type TestkitOptions,
} from "./testkit-server";

const USAGE = `Usage: tokenwise-testkit [--port N] [--seed S] [--time-scale X] [--config providers.json]

Serves simulated OpenAI-style and Anthropic-style providers on 127.0.0.1.
  --port N          port to listen on (default: a free port)
  --seed S          seed for ids, jitter and rate-based faults (default 1)
  --time-scale X    multiply simulated latency (0 = instant, default 1)
  --config FILE     JSON: { "providers": [{ "name", "style", "models": [...] }] } (functions cannot be given here)
`;

/** Parsed command line of {@link main}. */
export interface CliArgs {
  port?: number;
  seed?: string;
  timeScale?: number;
  config?: string;
  help: boolean;
}

/**
 * Parses `tokenwise-testkit` arguments.
 *
 * @example
 * parseArgs(["--port", "8787", "--time-scale", "0"]) // { port: 8787, timeScale: 0, help: false }
 */
export function parseArgs(argv: readonly string[]): CliArgs {
  const out: CliArgs = { help: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new TestkitConfigError({ message: `${flag} needs a value\n\n${USAGE}` });
      return v;
    };
    const number = () => {
      const raw = value();
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0)
        throw new TestkitConfigError({ message: `${flag}: not a number ≥ 0: "${raw}"` });
      return n;
    };
    switch (flag) {
      case "--port":
        out.port = number();
        break;
      case "--seed":
        out.seed = value();
        break;
      case "--time-scale":
        out.timeScale = number();
        break;
      case "--config":
        out.config = value();
        break;
      case "-h":
      case "--help":
        out.help = true;
        break;
      default:
        throw new TestkitConfigError({ message: `Unknown argument "${flag}"\n\n${USAGE}` });
    }
  }
  return out;
}

/**
 * The `tokenwise-testkit` command: starts the server, prints each provider's base URL, and returns the
 * running kit (the process stays up until the kit is closed or the process is interrupted).
 *
 * @example
 * const kit = await main(["--time-scale", "0"], { log: () => {} });
 * await kit?.close();
 */
export async function main(
  argv: readonly string[],
  io: { log: (line: string) => void } = { log: (line) => console.log(line) },
): Promise<Testkit | undefined> {
  const args = parseArgs(argv);
  if (args.help) {
    io.log(USAGE);
    return undefined;
  }
  const options: TestkitOptions = {};
  if (args.port !== undefined) options.port = args.port;
  if (args.seed !== undefined) options.seed = /^\d+$/.test(args.seed) ? Number(args.seed) : args.seed;
  if (args.timeScale !== undefined) options.timeScale = args.timeScale;
  if (args.config !== undefined) {
    const parsed = JSON.parse(await readFile(args.config, "utf8")) as { providers?: SimProviderConfig[] };
    if (!Array.isArray(parsed.providers)) {
      throw new TestkitConfigError({ message: `${args.config}: expected { "providers": [...] }` });
    }
    options.providers = parsed.providers;
  }
  const kit = await startTestkit(options);
  io.log(`tokenwise testkit listening on ${kit.url}`);
  for (const p of options.providers ?? DEFAULT_PROVIDERS) {
    io.log(
      `  ${p.name} (${p.style}): baseURL ${kit.baseURL(p.name)}  models: ${p.models.map((m) => m.id).join(", ")}`,
    );
  }
  return kit;
}
