import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parseWith, TASK_KINDS, ValidationError } from "@tokenwise/core";
import { TASK_KIND_OPTIONS } from "@tokenwise/router";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/** The model name that routes under the calling key's own profile. */
export const AUTO = "auto";

/** Capabilities a profile may require. */
const CAPABILITIES = ["tools", "vision", "structuredOutput", "streaming", "reasoning"] as const;

const SHA256 = /^sha256:[0-9a-f]{64}$/;

const ConstraintsSchema = z.strictObject({
  minQuality: z
    .union([z.number().min(0).max(1), z.partialRecord(z.enum(TASK_KINDS), z.number().min(0).max(1))])
    .optional(),
  maxLatencyMs: z.number().positive().optional(),
  latencyPercentile: z.number().gt(0).lt(1).optional(),
  requiredCapabilities: z.array(z.enum(CAPABILITIES)).optional(),
  allowProviders: z.array(z.string().min(1)).optional(),
  denyProviders: z.array(z.string().min(1)).optional(),
  allowModels: z.array(z.string().min(1)).optional(),
  denyModels: z.array(z.string().min(1)).optional(),
  maxCostPerCall: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'a decimal string such as "0.01"')
    .optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "an ISO 4217 code such as USD")
    .optional(),
});

/** A routing profile: the constraints and task kind a request with this `model` name is routed under. */
const ProfileSchema = z.strictObject({
  /** Shown in `GET /v1/models`. */
  description: z.string().optional(),
  /** The task kind the profile's requests are scored under; `auto` detects it per prompt. */
  taskKind: z.enum(TASK_KIND_OPTIONS).optional(),
  constraints: ConstraintsSchema.default({}),
});

/** A virtual key: its SHA-256 (never the key itself), and what its requests are billed and routed as. */
const VirtualKeySchema = z.strictObject({
  /** Label for logs (never the key). */
  name: z.string().min(1).optional(),
  /** `sha256:` + the hex SHA-256 of the key (`tokenwise serve --hash-key <key>` prints it). */
  hash: z.string().regex(SHA256, 'must be "sha256:" followed by 64 lowercase hex digits'),
  tenant: z.string().min(1),
  tags: z.array(z.string().min(1)).default([]),
  /** The profile `model: "auto"` routes under for this key. */
  profile: z.string().min(1).default("auto"),
});

/** Upstream provider endpoint; the key is read from the environment variable, never from this file. */
const ProviderSchema = z.strictObject({
  baseURL: z.url().optional(),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name")
    .optional(),
  api: z.enum(["openai", "anthropic"]).optional(),
  headers: z.record(z.string(), z.string()).optional(),
});

export const ServerConfigSchema = z
  .strictObject({
    listen: z
      .strictObject({
        host: z.string().min(1).default("127.0.0.1"),
        port: z.number().int().min(0).max(65_535).default(8080),
      })
      .default({ host: "127.0.0.1", port: 8080 }),
    limits: z
      .strictObject({
        /** Largest request body accepted, bytes. */
        maxBodyBytes: z
          .number()
          .int()
          .positive()
          .default(4 * 1024 * 1024),
        /** Deadline of one request (a whole stream included), ms. */
        requestTimeoutMs: z.number().int().positive().default(120_000),
        /** How long `close()` waits for open requests and streams before cutting them, ms. */
        shutdownGraceMs: z.number().int().nonnegative().default(10_000),
      })
      .default({ maxBodyBytes: 4 * 1024 * 1024, requestTimeoutMs: 120_000, shutdownGraceMs: 10_000 }),
    /** Catalog models to route between (`provider/id`); default: the whole catalog. */
    models: z.array(z.string().regex(/^[^/]+\/.+$/, 'a "provider/id" key')).optional(),
    providers: z.record(z.string(), ProviderSchema).default({}),
    /** Router-wide default constraints. */
    defaults: ConstraintsSchema.default({}),
    profiles: z.record(z.string().min(1), ProfileSchema).default({ auto: { constraints: {} } }),
    keys: z.array(VirtualKeySchema).min(1, "at least one virtual key"),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.keys.forEach((key, i) => {
      if (!(key.profile in config.profiles) && key.profile !== AUTO) {
        ctx.addIssue({
          code: "custom",
          path: ["keys", i, "profile"],
          message: `names no profile (profiles: ${Object.keys(config.profiles).join(", ") || "none"})`,
          input: key.profile,
        });
      }
      if (seen.has(key.hash)) {
        ctx.addIssue({ code: "custom", path: ["keys", i, "hash"], message: "duplicate key hash" });
      }
      seen.add(key.hash);
    });
    for (const name of Object.keys(config.profiles)) {
      if (name.includes("/")) {
        ctx.addIssue({
          code: "custom",
          path: ["profiles", name],
          message: 'a profile name must not contain "/" (it would read as a provider/model key)',
        });
      }
    }
  })
  // "auto" always exists: without a profile of that name it routes under the router's defaults.
  .transform((config) =>
    AUTO in config.profiles
      ? config
      : { ...config, profiles: { ...config.profiles, [AUTO]: { constraints: {} } } },
  );

/** The server's configuration (YAML or JSON), validated. */
export type ServerConfig = z.output<typeof ServerConfigSchema>;
/** The configuration as written (defaults not yet applied). */
export type ServerConfigInput = z.input<typeof ServerConfigSchema>;
/** A routing profile. */
export type ServerProfile = ServerConfig["profiles"][string];
/** A virtual key entry. */
export type VirtualKeyEntry = ServerConfig["keys"][number];

/**
 * Validates a parsed configuration object; a `ValidationError` names the path of every problem.
 *
 * @example
 * parseServerConfig({ keys: [{ hash: hashVirtualKey("sk-tw-1"), tenant: "acme" }] });
 */
export function parseServerConfig(data: unknown, source = "server config"): ServerConfig {
  return parseWith(ServerConfigSchema, data, source);
}

/** Reads and validates a configuration file: `.yaml`/`.yml` as YAML, anything else as JSON. */
export function loadServerConfig(
  path: string,
  readFile: (p: string) => string = (p) => readFileSync(p, "utf8"),
): ServerConfig {
  const text = readFile(path);
  const ext = extname(path).toLowerCase();
  let data: unknown;
  try {
    data = ext === ".yaml" || ext === ".yml" ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new ValidationError({
      source: path,
      issues: [
        { path: [], message: `not valid ${ext === ".json" ? "JSON" : "YAML"}: ${(error as Error).message}` },
      ],
      cause: error,
    });
  }
  return parseServerConfig(data, path);
}
