/**
 * The soak workload: agent-like sessions (a shared system prompt, a history growing turn by turn,
 * then a new session) sent through one router, mixing `generate` and `stream`, tags, tenants, a
 * long-lived caller `AbortSignal`, latency caps and observers that come and go, against a testkit
 * that injects faults. Used by `run.ts` (100,000 calls, heap after GC) and by a test (a small count,
 * bounded structures).
 */
import { getEventListeners, setMaxListeners } from "node:events";
import { createMemoryKeyValueStore, type ModelEntry } from "@tokenwise/core";
import { seededRandom } from "@tokenwise/core/internal";
import {
  type BreakerState,
  type ChatMessage,
  createMemoryLatencyStore,
  createPrefixTracker,
  createRouter,
  type Router,
  type RouterRequest,
  type RouterSettings,
} from "@tokenwise/router";
import { createSummingLedger } from "./summing-ledger";

/** The models of the soak: OpenAI-style and Anthropic-style providers, priced from the catalog. */
export const SOAK_MODELS = [
  "openai/gpt-4.1-nano",
  "openai/gpt-4o-mini",
  "deepseek/deepseek-chat",
  "google/gemini-2.5-flash-lite",
  "anthropic/claude-haiku-4-5",
];

export interface SoakOptions {
  models: readonly ModelEntry[];
  /** Provider name → testkit base URL. */
  baseURLs: Record<string, string>;
  /** Calls to make in all. */
  calls: number;
  /** Pause points (call counts): in-flight calls finish, then `onCheckpoint` runs. */
  checkpoints: readonly number[];
  onCheckpoint(point: SoakCheckpoint): void | Promise<void>;
  /** Concurrent sessions. Default 16. */
  concurrency?: number;
  /** Turns per session before a new one starts. Default 8. */
  turnsPerSession?: number;
  /** Extra router settings (bounds, for tests). */
  router?: Partial<RouterSettings>;
  /** Local prefix bound. Default 50,000 (the router's default). */
  maxPrefixes?: number;
  /** Ledger entries kept (the sums cover all). Default 1,000. */
  ledgerKeep?: number;
  /** Rules in each system prompt (32 ≈ 1,100 tokens, above the 1,024-token caching minimum). */
  systemRules?: number;
  seed?: number;
}

/** What the workload can see of the router's state at a pause. */
export interface SoakCheckpoint {
  calls: number;
  ok: number;
  failed: number;
  streamed: number;
  reports: number;
  sizes: {
    latencyKeys: number;
    breakerKeys: number;
    prefixes: number;
    ledgerEntriesKept: number;
    ledgerEntriesRecorded: number;
    abortListeners: number;
  };
}

const TOPICS = ["flight", "hotel", "car rental", "refund", "seat upgrade", "baggage", "visa", "insurance"];
const CITIES = ["Paris", "Rome", "Tokyo", "Lima", "Oslo", "Cairo", "Seoul", "Quito", "Perth", "Dakar"];

/** A few system prompts of agent size (> 1,024 tokens, so prompt caching applies), shared by sessions. */
function systemPrompts(rules: number): string[] {
  const policy = (i: number) =>
    Array.from(
      { length: rules },
      (_, k) =>
        `Rule ${k + 1} of desk ${i}: confirm the traveller's identity, quote fares in the booking currency, never change a ticket without explicit consent, and record every change in the audit log.`,
    ).join("\n");
  return Array.from({ length: 6 }, (_, i) => `You are travel agent desk ${i}.\n${policy(i)}`);
}

export async function runSoak(options: SoakOptions): Promise<{ router: Router; reports: () => number }> {
  const random = seededRandom(options.seed ?? 42);
  const latencyStore = createMemoryLatencyStore();
  const breakerStore = createMemoryKeyValueStore<BreakerState>();
  const tracker = createPrefixTracker(options.maxPrefixes ? { maxPrefixes: options.maxPrefixes } : {});
  const ledger = createSummingLedger(options.ledgerKeep ? { keep: options.ledgerKeep } : {});
  const providers: RouterSettings["providers"] = {};
  for (const [name, baseURL] of Object.entries(options.baseURLs))
    providers[name] = { apiKey: "soak", baseURL };
  const router = createRouter({
    models: options.models,
    providers,
    env: {},
    ledger,
    latencyStore,
    circuitBreaker: { store: breakerStore, failureThreshold: 5, cooldownMs: 200 },
    prefixTracker: tracker,
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    random,
    ...options.router,
  });
  // A long-lived caller signal (a server's shutdown signal, say) passed to many calls: each call must
  // remove the listener it adds.
  const shutdown = new AbortController();
  // Up to one listener per concurrent call is expected (Node warns past 10 by default).
  setMaxListeners(4 * (options.concurrency ?? 16), shutdown.signal);
  let reports = 0;
  router.onReport(() => {
    reports++;
  });
  const systems = systemPrompts(options.systemRules ?? 32);
  const providerNames = [...new Set(options.models.map((m) => m.provider))];
  const concurrency = options.concurrency ?? 16;
  const turns = options.turnsPerSession ?? 8;
  let issued = 0;
  let ok = 0;
  let failed = 0;
  let streamed = 0;

  const newSession = () => ({
    system: systems[Math.floor(random() * systems.length)]!,
    messages: [] as ChatMessage[],
    turn: 0,
    tenant: `tenant-${Math.floor(random() * 40)}`,
  });

  const lane = async (limit: number) => {
    let session = newSession();
    while (issued < limit) {
      const n = issued++;
      if (session.turn >= turns) session = newSession();
      session.turn++;
      const topic = TOPICS[Math.floor(random() * TOPICS.length)]!;
      const city = CITIES[Math.floor(random() * CITIES.length)]!;
      session.messages.push({
        role: "user",
        content: `Turn ${session.turn}: about my ${topic} in ${city}, reference ${Math.floor(random() * 1e6)}.`,
      });
      const request: RouterRequest = {
        system: session.system,
        messages: [...session.messages],
        maxOutputTokens: 200,
        tags: [topic],
        tenant: session.tenant,
        ...(n % 3 === 0 ? { signal: shutdown.signal } : {}),
        // Some calls cap the latency (a deadline timer per call), some keep a provider out (spreading
        // calls, latency statistics and breaker states over the models).
        constraints: {
          ...(n % 5 === 0 ? { maxLatencyMs: 30_000 } : {}),
          ...(n % 4 === 1
            ? { denyProviders: [providerNames[Math.floor(n / 4) % providerNames.length]!] }
            : {}),
        },
      };
      try {
        let text: string;
        if (n % 2 === 0) {
          text = (await router.generate(request)).text;
        } else {
          const s = router.stream(request);
          for await (const _ of s.parts) {
            // Read to the end, as a caller relaying the stream would.
          }
          text = (await s.result).text;
          streamed++;
        }
        session.messages.push({ role: "assistant", content: text });
        ok++;
      } catch {
        // Faults exhausted every candidate, or a stream was cut after its first token: the session
        // drops the unanswered turn and goes on.
        session.messages.pop();
        failed++;
      }
      if (n % 1000 === 0) {
        // An observer that comes and goes (a request-scoped listener).
        const off = router.onReport(() => {});
        off();
      }
    }
  };

  for (const point of [...options.checkpoints, options.calls]) {
    const limit = Math.min(point, options.calls);
    if (issued >= limit) continue;
    await Promise.all(Array.from({ length: concurrency }, () => lane(limit)));
    await options.onCheckpoint({
      calls: issued,
      ok,
      failed,
      streamed,
      reports,
      sizes: {
        latencyKeys: latencyStore.size,
        breakerKeys: breakerStore.size,
        prefixes: tracker.size ?? -1,
        ledgerEntriesKept: ledger.entries().length,
        ledgerEntriesRecorded: ledger.recorded(),
        abortListeners: getEventListeners(shutdown.signal, "abort").length,
      },
    });
    if (issued >= options.calls) break;
  }
  return { router, reports: () => reports };
}
