import type { ModelEntry } from "@tokenwise/core";
import { createRouter, type Router, type RouterSettings } from "@tokenwise/router";
import {
  createNodeFetch,
  createTokenwiseServer,
  hashVirtualKey,
  parseServerConfig,
  type RequestLogEntry,
  type ServerConfigInput,
  type TokenwiseServer,
} from "@tokenwise/server";
import { type SimProviderConfig, simProvidersFor, startTestkit, type Testkit } from "@tokenwise/testkit";
import OpenAI from "openai";
import { FX, KEY, testModels } from "../router/fixtures";

/** The virtual key clients use; only its hash is in the config. */
export const VKEY = "sk-tw-acme-virtual-key-0001";
export const OTHER_VKEY = "sk-tw-globex-virtual-key-0002";

type SimModel = SimProviderConfig["models"][number];

/** What every response, header and log line was, for the "no provider key anywhere" checks. */
export interface Transcript {
  texts: string[];
  logs: RequestLogEntry[];
}

export interface ServerHarness {
  kit: Testkit;
  router: Router;
  server: TokenwiseServer;
  url: string;
  client: OpenAI;
  models: ModelEntry[];
  transcript: Transcript;
  /** A client with another key (or options). */
  clientWith(apiKey: string): OpenAI;
  close(): Promise<void>;
}

/**
 * The testkit serving the test models, a router on it holding the provider key, and the server over
 * that router, listening on loopback; the official `openai` client points at the server.
 */
export async function startServer(
  options: {
    perModel?: (m: Pick<ModelEntry, "provider" | "id">) => Partial<SimModel>;
    timeScale?: number;
    config?: Partial<ServerConfigInput>;
    router?: Partial<RouterSettings>;
    models?: ModelEntry[];
  } = {},
): Promise<ServerHarness> {
  const models = options.models ?? testModels();
  const kit = await startTestkit({
    providers: simProvidersFor(models, (m) => ({
      tokenizer: "o200k_base",
      faultSettings: { retryAfterMs: 1, slowTtftMs: 2000 },
      ...options.perModel?.(m),
    })),
    timeScale: options.timeScale ?? 0,
  });
  const providers: RouterSettings["providers"] = {};
  for (const p of new Set(models.map((m) => m.provider)))
    providers[p] = { apiKey: KEY, baseURL: kit.baseURL(p) };
  // The router as `routerFromConfig` builds it for the server: SDK clients over `createNodeFetch`.
  const router = createRouter({
    models,
    fx: FX,
    providers,
    env: {},
    fetch: createNodeFetch(),
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    random: () => 0.5,
    ...options.router,
  });
  const config = parseServerConfig({
    limits: { maxBodyBytes: 64 * 1024, requestTimeoutMs: 30_000, shutdownGraceMs: 5_000 },
    profiles: {
      auto: { description: "cheapest model with quality ≥ 0.5", constraints: { minQuality: 0.5 } },
      "auto-strong": { description: "quality ≥ 0.88", constraints: { minQuality: 0.88 } },
    },
    keys: [
      { name: "acme-backend", hash: hashVirtualKey(VKEY), tenant: "acme", tags: ["team-a", "prod"] },
      { hash: hashVirtualKey(OTHER_VKEY), tenant: "globex", profile: "auto-strong" },
    ],
    ...options.config,
  });
  const transcript: Transcript = { texts: [], logs: [] };
  const server = createTokenwiseServer({
    router,
    config,
    log: (e) => {
      transcript.logs.push(e);
      transcript.texts.push(JSON.stringify(e));
    },
    secrets: [KEY],
  });
  const url = await server.listen(0, "127.0.0.1");
  // Every response's headers and body are recorded as they pass (a cancel still reaches the server).
  const recordingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    transcript.texts.push(JSON.stringify([...res.headers.entries()]));
    if (!res.body) return res;
    const decoder = new TextDecoder();
    const tap = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        transcript.texts.push(decoder.decode(chunk, { stream: true }));
        controller.enqueue(chunk);
      },
    });
    return new Response(res.body.pipeThrough(tap), {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
  const clientWith = (apiKey: string) =>
    new OpenAI({ baseURL: `${url}/v1`, apiKey, maxRetries: 0, fetch: recordingFetch });
  return {
    kit,
    router,
    server,
    url,
    client: clientWith(VKEY),
    models,
    transcript,
    clientWith,
    async close() {
      await server.close();
      await kit.close();
    },
  };
}

/** POSTs raw bytes to the server (what the SDK would never send), returning status, headers and JSON body. */
export async function rawPost(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${VKEY}`, "content-type": "application/json", ...headers },
    body,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, body: parsed };
}
