import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type AnthropicUsageWire,
  type ApiStyle,
  type FxTable,
  type Money,
  type OpenAIUsageWire,
  type PriceVersion,
  type PriceVersionInput,
  PriceVersionSchema,
} from "@tokenwise/core";
import { type AnswerPlan, planAnswer, toolCallTokens } from "./answer-plan";
import {
  anthropicErrorBody,
  anthropicMessage,
  anthropicStreamEvents,
  anthropicUsage,
} from "./anthropic-wire";
import {
  type AnswerLine,
  BatchApi,
  type BatchSimSettings,
  type SimBatch,
  validateBatchSettings,
} from "./batch-api";
import { type BillingEntry, BillingLog, type BillingOutcome, wireThinkingMode } from "./billing-log";
import { TestkitConfigError } from "./errors";
import { type FaultKind, type FaultPlan, FaultSchedule, type FaultSettings } from "./faults";
import { createFeedServer, type FeedPrice, type FeedServer } from "./feeds";
import { DEFAULT_LATENCY, type LatencySettings, planLatency, sleep, validateLatency } from "./latency";
import {
  errorStatus,
  openAICompletion,
  openAIErrorBody,
  openAIStreamEvents,
  openAIUsage,
  type WireErrorKind,
} from "./openai-wire";
import { createPrng, makeId, type Prng } from "./prng";
import { PromptCache, type PromptCacheSettings } from "./prompt-cache";
import { ReplayExhaustedError, type ResponseSource, responder, type SimResponse } from "./response-source";
import {
  parseAnthropicRequest,
  parseOpenAIRequest,
  type RequestMeta,
  type SimRequest,
  WireRequestError,
} from "./sim-request";
import { formatSse, type StreamEvent } from "./stream-event";
import { loadTokenCounter, type TokenCounter, type TokenizerSpec } from "./tokenizer";
import { applyToolChoice } from "./tool-choice";

/** One simulated model. Every field but `id` has a default. */
export interface SimModelConfig {
  /** The model id clients send, e.g. `"gpt-4o-mini"`. */
  id: string;
  /** How usage is counted. Default `"o200k_base"` for OpenAI style, `"o200k-biased"` for Anthropic style. */
  tokenizer?: TokenizerSpec;
  /** Time to first token, speed and jitter. Default {@link DEFAULT_LATENCY}. */
  latency?: LatencySettings;
  /**
   * Prompt caching. Default: `{ mode: "automatic" }` (OpenAI rules) for OpenAI style,
   * `{ mode: "breakpoints" }` (Anthropic `cache_control`) for Anthropic style; `false` turns it off.
   */
  cache?: PromptCacheSettings | false;
  /** Reasoning tokens per answer (a number, or computed from the request). Default 0. */
  reasoningTokens?: number | ((request: SimRequest) => number);
  /** Where answers come from. Default `"echo"`. */
  response?: ResponseSource;
  /** Faults to inject. Default none. */
  faults?: FaultPlan;
  /** Fault tunables (retry-after, slow TTFT, where streams are cut). */
  faultSettings?: FaultSettings;
  /** Dated prices (`@tokenwise/core` `PriceVersion`s) the billing log charges at. Default none (unpriced). */
  prices?: readonly PriceVersionInput[];
}

/** One simulated provider: a path prefix, a wire style and its models. */
export interface SimProviderConfig {
  /** Path prefix and provider key, e.g. `"openai"`, `"deepseek"`, `"anthropic"`. */
  name: string;
  /** Wire format: `openai` serves `/v1/chat/completions`, `anthropic` serves `/v1/messages`. */
  style: ApiStyle;
  models: readonly SimModelConfig[];
  /**
   * The provider's batch API (OpenAI style: `/v1/files` and `/v1/batches`; Anthropic style:
   * `/v1/messages/batches`): settings, or `false` for none. Default: served with default settings.
   */
  batch?: BatchSimSettings | false;
}

/** Options of {@link startTestkit}. */
export interface TestkitOptions {
  /** Providers and models to simulate. Default {@link DEFAULT_PROVIDERS}. */
  providers?: readonly SimProviderConfig[];
  /** Seed for ids, latency jitter and rate-based faults. Default 1. */
  seed?: number | string;
  /** Multiplies every simulated delay (0: no delay at all, 1: real time). Default 1. */
  timeScale?: number;
  /** The server clock: cache lifetimes, `created` stamps and the price in force. Default `() => new Date()`. */
  now?: () => Date;
  /** Port on 127.0.0.1. Default 0 (a free port). */
  port?: number;
  /**
   * The prices the feed endpoints serve (see {@link Testkit.feeds}). Default: every priced USD model's
   * version in force at start, under its testkit provider name and id.
   */
  feedPrices?: readonly FeedPrice[];
}

/** A running testkit server. */
export interface Testkit {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /**
   * The `baseURL` to give the official client for a provider: `${url}/NAME/v1` for OpenAI style,
   * `${url}/NAME` for Anthropic style (the Anthropic SDK appends `/v1/messages`).
   */
  baseURL(provider: string): string;
  /** Every request the server parsed, in arrival order (filtered by provider and/or model). */
  requests(filter?: { provider?: string; model?: string }): SimRequest[];
  /** Every batch created, in creation order (filtered by provider). */
  batches(provider?: string): readonly SimBatch[];
  /** The billing log, in settlement order. */
  billing(): BillingEntry[];
  /** What the providers would charge in total, in `currency` (with `fx` for other currencies). */
  billingTotal(currency: string, options?: { fx?: FxTable }): Money;
  /** Replaces a model's fault plan from now on. */
  setFaults(provider: string, model: string, plan: FaultPlan | undefined): void;
  /** Clears the request and billing logs and every prompt cache. */
  reset(): void;
  /**
   * Price feeds in LiteLLM, genai-prices and OpenRouter format (`GET /feeds/litellm.json`,
   * `/feeds/genai-prices.json`, `/api/v1/models`) with ETag, Last-Modified and 304s; a test changes
   * the prices with `setPrices` / `updatePrice` and makes the feeds fail with `fail(status)`.
   */
  readonly feeds: FeedServer;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

/** The providers served when none are given: OpenAI, DeepSeek (OpenAI style) and Anthropic, unpriced. */
export const DEFAULT_PROVIDERS: readonly SimProviderConfig[] = Object.freeze([
  {
    name: "openai",
    style: "openai",
    models: [
      { id: "gpt-4o-mini", tokenizer: "o200k_base" },
      { id: "gpt-3.5-turbo", tokenizer: "cl100k_base" },
      { id: "o3-mini", tokenizer: "o200k_base", reasoningTokens: 64 },
    ],
  },
  { name: "deepseek", style: "openai", models: [{ id: "deepseek-chat", tokenizer: "o200k-biased" }] },
  { name: "anthropic", style: "anthropic", models: [{ id: "claude-sonnet-4-5", tokenizer: "o200k-biased" }] },
]);

interface RuntimeModel {
  provider: string;
  style: ApiStyle;
  id: string;
  counter: TokenCounter;
  cache: PromptCache;
  faults: FaultSchedule;
  faultSettings: FaultSettings;
  latency: LatencySettings;
  answer: (request: SimRequest) => Promise<SimResponse>;
  reasoning: number | ((request: SimRequest) => number);
  prices: PriceVersion[];
  seq: number;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new WireRequestError("Request body too large", null));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function write(res: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    if (res.write(chunk)) return resolve();
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}

function flushed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write("", () => resolve());
  });
}

/**
 * Starts the simulated providers on 127.0.0.1 (a free port unless `port` is given).
 *
 * @example
 * const kit = await startTestkit({ timeScale: 0 });
 * const openai = new OpenAI({ baseURL: kit.baseURL("openai"), apiKey: "test", maxRetries: 0 });
 * await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
 * await kit.close();
 */
export async function startTestkit(options: TestkitOptions = {}): Promise<Testkit> {
  const seed = options.seed ?? 1;
  const timeScale = options.timeScale ?? 1;
  const now = options.now ?? (() => new Date());
  if (!(timeScale >= 0)) throw new TestkitConfigError({ message: `timeScale must be ≥ 0, got ${timeScale}` });
  const providerConfigs = options.providers ?? DEFAULT_PROVIDERS;
  const providers = new Map<
    string,
    { style: ApiStyle; models: Map<string, RuntimeModel>; batch: BatchSimSettings | false | undefined }
  >();
  for (const p of providerConfigs) {
    if (!/^[A-Za-z0-9._-]+$/.test(p.name) || p.name === "v1") {
      throw new TestkitConfigError({
        message: `provider name "${p.name}" must be a plain path segment (not "v1")`,
      });
    }
    if (providers.has(p.name)) throw new TestkitConfigError({ message: `duplicate provider "${p.name}"` });
    if (p.style !== "openai" && p.style !== "anthropic") {
      throw new TestkitConfigError({
        message: `provider "${p.name}": style "${p.style}" is not a wire format the testkit speaks (openai, anthropic)`,
      });
    }
    const models = new Map<string, RuntimeModel>();
    for (const m of p.models) {
      const name = `${p.name}/${m.id}`;
      if (models.has(m.id)) throw new TestkitConfigError({ message: `duplicate model "${name}"` });
      const latency = m.latency ?? DEFAULT_LATENCY;
      validateLatency(latency, name);
      let prices: PriceVersion[];
      try {
        prices = (m.prices ?? []).map((v) => PriceVersionSchema.parse(v));
      } catch (cause) {
        throw new TestkitConfigError({ message: `prices of ${name} are invalid`, cause });
      }
      const cache =
        m.cache === false
          ? { mode: "off" as const }
          : (m.cache ?? { mode: p.style === "openai" ? ("automatic" as const) : ("breakpoints" as const) });
      models.set(m.id, {
        provider: p.name,
        style: p.style,
        id: m.id,
        counter: await loadTokenCounter(
          m.tokenizer ?? (p.style === "openai" ? "o200k_base" : "o200k-biased"),
        ),
        cache: new PromptCache(cache),
        faults: new FaultSchedule(m.faults, seed, name),
        faultSettings: m.faultSettings ?? {},
        latency,
        answer: responder(m.response, name),
        reasoning: m.reasoningTokens ?? 0,
        prices,
        seq: 0,
      });
    }
    if (p.batch) validateBatchSettings(p.batch, p.name);
    providers.set(p.name, { style: p.style, models, batch: p.batch });
  }

  const requestLog: SimRequest[] = [];
  let url = "";
  const billing = new BillingLog();
  let seq = 0;
  let baseUrl = "";
  const feeds = createFeedServer(
    options.feedPrices ?? defaultFeedPrices(providers, now()),
    now,
    () => baseUrl,
  );

  const findModel = (provider: string | undefined, style: ApiStyle, id: string): RuntimeModel | undefined => {
    if (provider !== undefined) return providers.get(provider)?.models.get(id);
    for (const p of providers.values()) {
      const m = p.style === style ? p.models.get(id) : undefined;
      if (m) return m;
    }
    return undefined;
  };

  const sendError = (
    res: ServerResponse,
    style: ApiStyle,
    kind: WireErrorKind,
    details: {
      requestId: string;
      model?: string;
      message?: string;
      param?: string | null;
      retryAfterMs?: number;
    },
  ) => {
    const status = errorStatus(kind);
    const headers: Record<string, string> = { "content-type": "application/json" };
    headers[style === "openai" ? "x-request-id" : "request-id"] = details.requestId;
    if (details.retryAfterMs !== undefined && (kind === "429" || kind === "503" || kind === "529")) {
      headers["retry-after"] = String(Math.ceil(details.retryAfterMs / 1000));
      headers["retry-after-ms"] = String(details.retryAfterMs);
    }
    const body = style === "openai" ? openAIErrorBody(kind, details) : anthropicErrorBody(kind, details);
    if (!res.headersSent && !res.destroyed) {
      res.writeHead(status, headers);
      res.end(JSON.stringify(body));
    }
    return status;
  };

  /** The answer of `model` to `sim`: prompt cache applied, response source asked, tool choice applied. */
  const planFor = async (
    model: RuntimeModel,
    sim: SimRequest,
  ): Promise<{ plan: AnswerPlan; idRng: Prng }> => {
    const prompt = model.cache.apply(sim.units, model.counter, sim.receivedAt, true, sim.promptCacheKey);
    const response = applyToolChoice(await model.answer(sim), sim);
    const idRng = createPrng(seed, "ids", sim.seq);
    const reasoning = typeof model.reasoning === "function" ? model.reasoning(sim) : model.reasoning;
    const planOptions: Parameters<typeof planAnswer>[1] = {
      counter: model.counter,
      prompt,
      reasoningTokens: reasoning,
      newToolCallId: () =>
        model.style === "openai" ? makeId("call_", 24, idRng) : makeId("toolu_01", 22, idRng),
    };
    if (sim.maxTokens !== undefined) planOptions.maxTokens = sim.maxTokens;
    return { plan: planAnswer(response, planOptions), idRng };
  };

  // One batch line, answered like a non-streaming request and billed at the batch rate at the
  // batch's creation; a simulated failure answers a 500 and bills nothing.
  const answerLine: AnswerLine = async (line) => {
    const n = ++seq;
    const requestId = makeId("req_", 24, createPrng(seed, "request-id", n));
    const errorBody = (kind: WireErrorKind, details: { message?: string; model?: string } = {}) =>
      line.style === "openai"
        ? openAIErrorBody(kind, details)
        : anthropicErrorBody(kind, { requestId, ...details });
    let sim: SimRequest;
    try {
      const meta: RequestMeta = {
        provider: line.provider,
        headers: {},
        requestId,
        seq: n,
        receivedAt: line.at,
      };
      sim =
        line.style === "openai"
          ? parseOpenAIRequest(line.body, meta)
          : parseAnthropicRequest(line.body, meta);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { statusCode: 400, requestId, body: errorBody("bad-request", { message }) };
    }
    const model = findModel(line.provider, line.style, sim.model);
    if (!model)
      return { statusCode: 404, requestId, body: errorBody("model-not-found", { model: sim.model }) };
    const settle = (
      status: number,
      outcome: BillingOutcome,
      wireUsage: OpenAIUsageWire | AnthropicUsageWire | null,
    ) =>
      billing.settle(
        {
          seq: n,
          requestId,
          at: line.createdAt,
          provider: model.provider,
          model: model.id,
          protocol: model.style,
          stream: false,
          fault: "ok",
          status,
          outcome,
          batch: { id: line.batchId, customId: line.customId },
          wireUsage,
        },
        model.prices,
      );
    if (line.fail) {
      settle(500, "http-error", null);
      return { statusCode: 500, requestId, body: errorBody("500") };
    }
    let planned: { plan: AnswerPlan; idRng: Prng };
    try {
      planned = await planFor(model, sim);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      settle(500, "http-error", null);
      return { statusCode: 500, requestId, body: errorBody("500", { message }) };
    }
    const { plan, idRng } = planned;
    const body =
      model.style === "openai"
        ? openAICompletion(plan, {
            id: makeId("chatcmpl-", 29, idRng),
            created: Math.floor(line.at.getTime() / 1000),
            model: sim.model,
          })
        : anthropicMessage(plan, { id: makeId("msg_01", 22, idRng), model: sim.model });
    settle(200, "completed", model.style === "openai" ? openAIUsage(plan) : anthropicUsage(plan));
    return { statusCode: 200, requestId, body };
  };

  const batchApi = new BatchApi({
    seed,
    now,
    settings: (provider) => providers.get(provider)?.batch,
    answer: answerLine,
    baseUrl: (provider) => `${url}/${provider}`,
    hasModel: (provider, model) => providers.get(provider)?.models.has(model) ?? false,
  });

  const serve = async (req: IncomingMessage, res: ServerResponse, model: RuntimeModel, sim: SimRequest) => {
    const fault: FaultKind = model.faults.next();
    const modelSeq = ++model.seq;
    const style = model.style;
    const settings = model.faultSettings;
    const retryAfterMs = settings.retryAfterMs ?? 1000;
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    let settled = false;
    const settle = (
      outcome: BillingOutcome,
      status: number | null,
      wireUsage: OpenAIUsageWire | AnthropicUsageWire | null,
    ) => {
      if (settled) return;
      settled = true;
      billing.settle(
        {
          seq: sim.seq,
          requestId: sim.requestId,
          at: sim.receivedAt,
          provider: model.provider,
          model: model.id,
          protocol: style,
          stream: sim.stream,
          fault,
          status,
          outcome,
          wireUsage,
          mode: wireThinkingMode(sim.body),
        },
        model.prices,
      );
    };
    const fail = (kind: WireErrorKind, extra: { message?: string; param?: string | null } = {}) => {
      const status = sendError(res, style, kind, {
        requestId: sim.requestId,
        model: model.id,
        retryAfterMs,
        ...extra,
      });
      settle("http-error", status, null);
    };

    switch (fault) {
      case "reset-before":
        req.socket.destroy();
        settle("reset-before", null, null);
        return;
      case "429":
      case "500":
      case "503":
      case "529":
        fail(fault);
        return;
      case "slow-ttft":
        if (!(await sleep(settings.slowTtftMs ?? 5000, abort.signal))) {
          settle("client-aborted-before", null, null);
          return;
        }
        break;
      case "ok":
      case "reset-mid-stream":
      case "malformed-json":
      case "truncated-sse":
      case "error-event":
        break;
      default: {
        const never: never = fault;
        throw new Error(`unknown fault ${String(never)}`);
      }
    }

    let planned: { plan: AnswerPlan; idRng: Prng };
    try {
      planned = await planFor(model, sim);
    } catch (error) {
      if (error instanceof ReplayExhaustedError) fail("bad-request", { message: error.message });
      else fail("500", { message: error instanceof Error ? error.message : String(error) });
      return;
    }
    const { plan, idRng } = planned;
    const prompt = plan.prompt;
    const latency = planLatency(
      model.latency,
      timeScale,
      createPrng(seed, "latency", model.provider, model.id, modelSeq),
    );
    const responseId = style === "openai" ? makeId("chatcmpl-", 29, idRng) : makeId("msg_01", 22, idRng);
    const wireUsage = (p: Pick<AnswerPlan, "prompt" | "outputTokens" | "reasoningTokens">) =>
      style === "openai" ? openAIUsage(p) : anthropicUsage(p);
    const idHeader = style === "openai" ? "x-request-id" : "request-id";
    const started = Date.now();

    if (!sim.stream) {
      if (!(await sleep(latency.ttftMs + latency.chunkDelayMs(plan.outputTokens), abort.signal))) {
        settle("client-aborted-before", null, null);
        return;
      }
      if (fault === "error-event") {
        fail(style === "openai" ? "500" : "529");
        return;
      }
      const body = JSON.stringify(
        style === "openai"
          ? openAICompletion(plan, {
              id: responseId,
              created: Math.floor(sim.receivedAt.getTime() / 1000),
              model: sim.model,
            })
          : anthropicMessage(plan, { id: responseId, model: sim.model }),
      );
      const headers: Record<string, string> = {
        "content-type": "application/json",
        [idHeader]: sim.requestId,
      };
      if (style === "openai") headers["openai-processing-ms"] = String(Date.now() - started);
      const half = body.slice(0, Math.floor(body.length / 2));
      if (fault === "malformed-json" || fault === "truncated-sse") {
        res.writeHead(200, headers);
        res.end(half);
        settle("malformed", 200, wireUsage(plan));
      } else if (fault === "reset-mid-stream") {
        res.writeHead(200, { ...headers, "content-length": String(Buffer.byteLength(body)) });
        await write(res, half);
        await flushed(res);
        res.socket?.destroy();
        settle("cut", 200, wireUsage(plan));
      } else {
        res.writeHead(200, headers);
        res.end(body);
        settle("completed", 200, wireUsage(plan));
      }
      return;
    }

    const events: StreamEvent[] =
      style === "openai"
        ? openAIStreamEvents(
            plan,
            { id: responseId, created: Math.floor(sim.receivedAt.getTime() / 1000), model: sim.model },
            sim.includeUsage,
          )
        : anthropicStreamEvents(plan, { id: responseId, model: sim.model });
    const cutFault = fault === "reset-mid-stream" || fault === "truncated-sse" || fault === "error-event";
    let cutIndex = events.length;
    if (cutFault) {
      const contentCount = events.filter((e) => e.content).length;
      const cutAfter = Math.min(
        settings.cutAfterChunks ?? Math.max(1, Math.floor(contentCount / 2)),
        contentCount,
      );
      let seen = 0;
      const next = events.findIndex((e) => e.content !== undefined && seen++ >= cutAfter);
      const lastContent = events.reduce((last, e, i) => (e.content ? i : last), 0);
      cutIndex = next >= 0 ? next : lastContent + 1;
    }
    let deliveredText = "";
    const deliveredTools = new Map<number, { name: string; args: string }>();
    const deliveredUsage = () =>
      wireUsage({
        prompt,
        reasoningTokens: plan.reasoningTokens,
        outputTokens:
          model.counter.text(deliveredText) +
          [...deliveredTools.values()].reduce((n, t) => n + toolCallTokens(model.counter, t.name, t.args), 0),
      });

    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      [idHeader]: sim.requestId,
    });
    res.flushHeaders();
    let contentSent = 0;
    for (let i = 0; i < cutIndex; i++) {
      const event = events[i]!;
      const wait =
        i === 0 ? latency.ttftMs : event.content && contentSent > 0 ? latency.chunkDelayMs(event.tokens) : 0;
      if (!(await sleep(wait, abort.signal)) || res.destroyed) {
        settle("cut", 200, deliveredUsage());
        return;
      }
      if (fault === "malformed-json" && event.content) {
        await write(res, `data: ${event.data.slice(0, Math.floor(event.data.length / 2))}\n\n`);
        res.end();
        settle("malformed", 200, wireUsage(plan));
        return;
      }
      await write(res, formatSse(event));
      const piece = event.content;
      if (piece) {
        contentSent++;
        if (piece.kind === "text") deliveredText += piece.text;
        else {
          const t = deliveredTools.get(piece.index) ?? { name: piece.name, args: "" };
          t.args += piece.args;
          deliveredTools.set(piece.index, t);
        }
      }
    }
    if (!cutFault) {
      res.end();
      settle("completed", 200, wireUsage(plan));
      return;
    }
    switch (fault) {
      case "truncated-sse":
        res.end();
        break;
      case "reset-mid-stream":
        await flushed(res);
        res.socket?.destroy();
        break;
      case "error-event": {
        const kind: WireErrorKind = style === "openai" ? "500" : "529";
        const body =
          style === "openai"
            ? openAIErrorBody(kind, {})
            : anthropicErrorBody(kind, { requestId: sim.requestId });
        await write(
          res,
          formatSse({ event: style === "anthropic" ? "error" : undefined, data: JSON.stringify(body) }),
        );
        res.end();
        break;
      }
    }
    settle("cut", 200, deliveredUsage());
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (feeds.handle(req, res, url.pathname)) return;
    const batchRoute = /^\/([^/]+)\/v1\/((?:files|batches|messages\/batches)(?:\/.*)?)$/.exec(url.pathname);
    const batchProvider = batchRoute ? providers.get(batchRoute[1]!) : undefined;
    if (batchRoute && batchProvider) {
      const style = batchProvider.style;
      const requestId = makeId("req_", 24, createPrng(seed, "request-id", ++seq));
      const answer = await batchApi.handle(
        batchRoute[1]!,
        style,
        req.method ?? "GET",
        batchRoute[2]!,
        () => readBody(req),
        String(req.headers["content-type"] ?? ""),
      );
      if (answer) {
        if (answer.error) {
          sendError(res, style, answer.error.kind, {
            requestId,
            message: answer.error.message,
            param: answer.error.param ?? null,
          });
          return;
        }
        const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
        res.writeHead(answer.status, {
          "content-type": answer.contentType ?? "application/json",
          [style === "openai" ? "x-request-id" : "request-id"]: requestId,
        });
        res.end(text);
        return;
      }
    }
    const route = /^(?:\/([^/]+))?\/v1\/(chat\/completions|messages|models)\/?$/.exec(url.pathname);
    const pathStyle: ApiStyle = url.pathname.endsWith("/messages") ? "anthropic" : "openai";
    const pendingId = makeId("req_", 24, createPrng(seed, "request-id", seq + 1));
    if (!route) {
      sendError(res, pathStyle, "not-found", {
        requestId: pendingId,
        message: `Unknown request URL: ${req.method} ${url.pathname}`,
      });
      return;
    }
    const providerName = route[1];
    const endpoint = route[2]!;
    const provider = providerName === undefined ? undefined : providers.get(providerName);
    if (providerName !== undefined && !provider) {
      sendError(res, pathStyle, "not-found", {
        requestId: pendingId,
        message: `Unknown provider "${providerName}"`,
      });
      return;
    }
    if (endpoint === "models") {
      const style = provider?.style ?? "openai";
      const list = provider
        ? [...provider.models.values()]
        : [...providers.values()].flatMap((p) => [...p.models.values()]);
      const created = Math.floor(now().getTime() / 1000);
      const data =
        style === "openai"
          ? {
              object: "list",
              data: list.map((m) => ({ id: m.id, object: "model", created, owned_by: m.provider })),
            }
          : {
              data: list.map((m) => ({
                type: "model",
                id: m.id,
                display_name: m.id,
                created_at: now().toISOString(),
              })),
              has_more: false,
              first_id: list[0]?.id ?? null,
              last_id: list.at(-1)?.id ?? null,
            };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(data));
      return;
    }
    const style: ApiStyle = endpoint === "messages" ? "anthropic" : "openai";
    if ((provider && provider.style !== style) || req.method !== "POST") {
      sendError(res, style, "not-found", {
        requestId: pendingId,
        message: `Unknown request URL: ${req.method} ${url.pathname}`,
      });
      return;
    }
    let raw: string;
    try {
      raw = (await readBody(req)).toString("utf8");
    } catch (error) {
      sendError(res, style, "bad-request", { requestId: pendingId, message: String(error) });
      return;
    }
    const n = ++seq;
    const meta: RequestMeta = {
      provider: providerName ?? "",
      headers: Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
      ),
      requestId: makeId("req_", 24, createPrng(seed, "request-id", n)),
      seq: n,
      receivedAt: now(),
    };
    let sim: SimRequest;
    try {
      const body: unknown = JSON.parse(raw);
      sim = style === "openai" ? parseOpenAIRequest(body, meta) : parseAnthropicRequest(body, meta);
    } catch (error) {
      const message =
        error instanceof WireRequestError
          ? error.message
          : "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)";
      const param = error instanceof WireRequestError ? error.param : null;
      sendError(res, style, "bad-request", { requestId: meta.requestId, message, param });
      return;
    }
    const model = findModel(providerName, style, sim.model);
    if (model) sim.provider = model.provider;
    requestLog.push(sim);
    if (!model) {
      sendError(res, style, "model-not-found", { requestId: sim.requestId, model: sim.model });
      return;
    }
    await serve(req, res, model, sim);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            error: { message: String(error), type: "server_error", param: null, code: null },
          }),
        );
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;
  baseUrl = url;

  return {
    url,
    port,
    feeds,
    baseURL(provider) {
      const p = providers.get(provider);
      if (!p) {
        throw new TestkitConfigError({
          message: `Unknown provider "${provider}" (serving: ${[...providers.keys()].join(", ")})`,
        });
      }
      return p.style === "openai" ? `${url}/${provider}/v1` : `${url}/${provider}`;
    },
    requests(filter = {}) {
      return requestLog.filter(
        (r) =>
          (filter.provider === undefined || r.provider === filter.provider) &&
          (filter.model === undefined || r.model === filter.model),
      );
    },
    batches: (provider) => batchApi.list(provider),
    billing: () => billing.entries(),
    billingTotal: (currency, opts) => billing.total(currency, opts),
    setFaults(provider, modelId, plan) {
      const m = providers.get(provider)?.models.get(modelId);
      if (!m) throw new TestkitConfigError({ message: `Unknown model "${provider}/${modelId}"` });
      m.faults = new FaultSchedule(plan, seed, `${provider}/${modelId}`);
    },
    reset() {
      requestLog.length = 0;
      billing.clear();
      batchApi.clear();
      for (const p of providers.values()) for (const m of p.models.values()) m.cache.clear();
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Each priced USD model's version in force at `at`, as feed prices. */
function defaultFeedPrices(
  providers: ReadonlyMap<string, { models: ReadonlyMap<string, RuntimeModel> }>,
  at: Date,
): FeedPrice[] {
  const out: FeedPrice[] = [];
  for (const [provider, p] of providers) {
    for (const m of p.models.values()) {
      const inForce = m.prices
        .filter((v) => Date.parse(v.effectiveFrom) <= at.getTime())
        .sort((a, b) => Date.parse(b.effectiveFrom) - Date.parse(a.effectiveFrom))[0];
      if (inForce === undefined || inForce.currency !== "USD") continue;
      out.push({
        provider,
        id: m.id,
        input: inForce.input,
        output: inForce.output,
        ...(inForce.cacheRead !== undefined ? { cacheRead: inForce.cacheRead } : {}),
        ...(inForce.cacheWrite !== undefined ? { cacheWrite: inForce.cacheWrite } : {}),
      });
    }
  }
  return out;
}
