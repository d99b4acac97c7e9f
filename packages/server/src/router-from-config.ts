import { type FxTable, type ModelEntry, ValidationError } from "@tokenwise/core";
import {
  apiKeyEnvFor,
  type Constraints,
  createRouter,
  type ProviderSettings,
  type Router,
} from "@tokenwise/router";
import type { ServerConfig } from "./config";
import { createNodeFetch } from "./node-fetch";

/** What {@link routerFromConfig} needs besides the config. */
export interface RouterFromConfigOptions {
  /** The catalog (`createCatalog()` from `@tokenwise/catalog`): its models and FX table. */
  catalog: { list(): readonly ModelEntry[]; fx: FxTable };
  /** Where provider keys are read from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** The clock. Default `() => new Date()`. */
  now?: () => Date;
  /** The SDK clients' fetch. Default {@link createNodeFetch}: `node:http` with keep-alive. */
  fetch?: typeof globalThis.fetch;
}

/**
 * Builds the router a config describes: the catalog models it names (all by default), the providers'
 * endpoints, and the default constraints. Provider keys stay in the environment; `secrets` lists the
 * ones found, for the server to redact.
 */
export function routerFromConfig(
  config: ServerConfig,
  options: RouterFromConfigOptions,
): { router: Router; secrets: string[] } {
  const all = options.catalog.list();
  let models: readonly ModelEntry[] = all;
  if (config.models) {
    const byKey = new Map(all.map((m) => [`${m.provider}/${m.id}`, m]));
    const issues = config.models.flatMap((key, i) =>
      byKey.has(key) ? [] : [{ path: ["models", i], message: "not a catalog model", value: key }],
    );
    if (issues.length > 0) throw new ValidationError({ source: "server config", issues });
    models = config.models.map((key) => byKey.get(key)!);
  }
  const env = options.env ?? process.env;
  const providers: Record<string, ProviderSettings> = {};
  for (const [name, p] of Object.entries(config.providers)) {
    const settings: ProviderSettings = {};
    if (p.baseURL) settings.baseURL = p.baseURL;
    if (p.apiKeyEnv) settings.apiKeyEnv = p.apiKeyEnv;
    if (p.api) settings.api = p.api;
    if (p.headers) settings.headers = p.headers;
    providers[name] = settings;
  }
  const secrets: string[] = [];
  for (const provider of new Set(models.map((m) => m.provider))) {
    const key = env[apiKeyEnvFor(provider, providers[provider])];
    if (key) secrets.push(key);
  }
  const router = createRouter({
    models,
    fx: options.catalog.fx,
    providers,
    defaults: config.defaults as Constraints,
    env,
    fetch: options.fetch ?? createNodeFetch(),
    ...(options.now ? { now: options.now } : {}),
  });
  return { router, secrets };
}
