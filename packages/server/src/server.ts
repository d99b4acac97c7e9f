import { randomBytes } from "node:crypto";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { priceInForce } from "@tokenwise/core";
import type { Router, RouterRequest, RouterResult, StreamPart } from "@tokenwise/router";
import { parseChatRequest } from "./chat-request";
import { ChunkEncoder, COST_HEADER_NAMES, completionBody, costHeaders } from "./chat-response";
import type { ServerConfig, VirtualKeyEntry } from "./config";
import { HttpError, RequestDeadlineError, toHttpError } from "./openai-error";
import { createModelResolver } from "./resolve-model";
import { createVirtualKeyStore } from "./virtual-keys";

/** One line of the request log. Never carries a key, a header or a message body. */
export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  status: number;
  /** Milliseconds from the request's arrival to its last byte. */
  ms: number;
  tenant?: string;
  /** The virtual key's `name`, when it has one. */
  key?: string;
  /** The `model` the client asked for. */
  model?: string;
  /** The `provider/id` that served the call. */
  served?: string;
  stream?: boolean;
  /** Exact cost of the call (every billed attempt), decimal, in `currency`. */
  cost?: string;
  currency?: string;
  callId?: string;
  /** The error message sent to the client (redacted). */
  error?: string;
}

/** Settings of {@link createTokenwiseServer}. */
export interface TokenwiseServerSettings {
  /** The router every call goes through (its providers hold the upstream keys; they never leave the server). */
  router: Router;
  /** Virtual keys, profiles and limits (see `parseServerConfig` / `loadServerConfig`). */
  config: ServerConfig;
  /** Receives one entry per request. Default: none. */
  log?: (entry: RequestLogEntry) => void;
  /**
   * Strings never to send or log (the upstream provider keys): replaced by `[REDACTED]` in every error
   * message. The router redacts its own keys too; this is the server's second line.
   */
  secrets?: readonly string[];
  /** The clock for `created` fields and log times. Default `() => new Date()`. */
  now?: () => Date;
}

/** A running (or ready) server. */
export interface TokenwiseServer {
  /** The request handler, for mounting in an existing `node:http` server. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Starts listening (default: the config's `listen`); resolves with the base URL (`http://host:port`). */
  listen(port?: number, host?: string): Promise<string>;
  /** The base URL once listening. */
  readonly url: string | undefined;
  /** Requests and streams in flight. */
  inFlight(): number;
  /**
   * Graceful shutdown: stops accepting, answers new requests on open connections with 503, lets open
   * requests and streams finish for up to `limits.shutdownGraceMs`, then aborts what is left (the
   * router accounts what was billed) and closes every connection.
   */
  close(): Promise<void>;
}

class ClientClosedError extends Error {
  constructor() {
    super("client closed the connection");
    this.name = "ClientClosedError";
  }
}

class ShutdownError extends Error {
  constructor() {
    super("server shutting down");
    this.name = "ShutdownError";
  }
}

const JSON_HEADERS = { "content-type": "application/json" };

/**
 * An OpenAI-compatible endpoint over the router: `POST /v1/chat/completions` (JSON and SSE) and
 * `GET /v1/models`, behind virtual keys, with the cost of every call in `usage.cost` and headers.
 *
 * @example
 * const server = createTokenwiseServer({ router, config: loadServerConfig("tokenwise.yaml") });
 * const url = await server.listen(); // point the openai client at `${url}/v1`
 */
export function createTokenwiseServer(settings: TokenwiseServerSettings): TokenwiseServer {
  const { router, config } = settings;
  const now = settings.now ?? (() => new Date());
  const keys = createVirtualKeyStore(config.keys);
  const models = createModelResolver(config, router);
  const secrets = (settings.secrets ?? []).filter((s) => s.length >= 4);
  const redact = (text: string) => {
    let out = text;
    for (const s of secrets) if (out.includes(s)) out = out.split(s).join("[REDACTED]");
    return out;
  };
  const { maxBodyBytes, requestTimeoutMs, shutdownGraceMs } = config.limits;
  const inflight = new Map<ServerResponse, AbortController>();
  let closing = false;
  // Response ids: a random prefix per server, then a counter (no entropy drawn per request).
  const idPrefix = randomBytes(6).toString("hex");
  let idCounter = 0;
  let http: Server | undefined;
  let url: string | undefined;

  const logEntry = (
    req: IncomingMessage,
    started: number,
    status: number,
    extra: Partial<RequestLogEntry>,
  ) => {
    if (!settings.log) return;
    settings.log({
      time: now().toISOString(),
      method: req.method ?? "",
      path: (req.url ?? "").split("?")[0]!,
      status,
      ms: Math.round((performance.now() - started) * 1000) / 1000,
      ...extra,
    });
  };

  const sendJson = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { ...JSON_HEADERS, "content-length": Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  const sendError = (res: ServerResponse, error: HttpError, headers: Record<string, string> = {}) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    sendJson(res, error.status, error.body(), closing ? { ...headers, connection: "close" } : headers);
  };

  const readBody = (req: IncomingMessage): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const declared = Number(req.headers["content-length"]);
      if (declared > maxBodyBytes) {
        reject(tooLarge());
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) {
          req.removeAllListeners("data");
          reject(tooLarge());
          return;
        }
        chunks.push(chunk);
      });
      req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
      req.on("error", reject);
    });

  const tooLarge = () =>
    new HttpError({
      status: 413,
      type: "invalid_request_error",
      message: `The request body is larger than the limit of ${maxBodyBytes} bytes`,
      code: "request_too_large",
    });

  const authenticate = (req: IncomingMessage): VirtualKeyEntry => {
    const key = keys.find(req.headers.authorization);
    if (!key) {
      throw new HttpError({
        status: 401,
        type: "invalid_request_error",
        message: req.headers.authorization
          ? "Incorrect API key provided. Use a virtual key issued for this server."
          : "Missing API key: send it as `Authorization: Bearer <key>`.",
        code: "invalid_api_key",
      });
    }
    return key;
  };

  const listModels = (res: ServerResponse) => {
    const at = now();
    const created = Math.floor(at.getTime() / 1000);
    const data: Record<string, unknown>[] = [];
    for (const [name, profile] of models.profiles()) {
      data.push({
        id: name,
        object: "model",
        created,
        owned_by: "tokenwise",
        ...(profile.description ? { description: profile.description } : {}),
      });
    }
    for (const m of router.models()) {
      // `created`: when the model's first known price took effect (the catalog's dated data).
      const first = Math.min(...m.prices.map((p) => Date.parse(p.effectiveFrom)));
      const entry: Record<string, unknown> = {
        id: `${m.provider}/${m.id}`,
        object: "model",
        created: Number.isFinite(first) ? Math.floor(first / 1000) : created,
        owned_by: m.provider,
        context_window: m.contextWindow,
        max_output_tokens: m.maxOutput,
      };
      try {
        const v = priceInForce(m, at);
        entry.pricing = {
          currency: v.currency,
          input_per_million: v.input,
          output_per_million: v.output,
          effective_from: v.effectiveFrom,
          source: v.source.url,
        };
      } catch {
        entry.pricing = null;
      }
      data.push(entry);
    }
    sendJson(res, 200, { object: "list", data });
  };

  const chat = async (req: IncomingMessage, res: ServerResponse, key: VirtualKeyEntry, started: number) => {
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch (error) {
      throw new HttpError({
        status: 400,
        type: "invalid_request_error",
        message: `The body is not valid JSON: ${(error as Error).message}`,
        code: "invalid_json",
      });
    }
    const parsed = parseChatRequest(body);
    const route = models.resolve(parsed.model, key);
    const controller = new AbortController();
    inflight.set(res, controller);
    const timer = setTimeout(
      () => controller.abort(new RequestDeadlineError(requestTimeoutMs)),
      requestTimeoutMs,
    );
    const onClose = () => {
      if (!res.writableFinished) controller.abort(new ClientClosedError());
    };
    res.on("close", onClose);
    const request: RouterRequest = {
      messages: parsed.messages,
      constraints: route.constraints,
      tags: key.tags,
      tenant: key.tenant,
      signal: controller.signal,
      ...(route.taskKind ? { taskKind: route.taskKind } : {}),
      ...(parsed.tools ? { tools: parsed.tools } : {}),
      ...(parsed.toolChoice !== undefined ? { toolChoice: parsed.toolChoice } : {}),
      ...(parsed.responseFormat ? { responseFormat: parsed.responseFormat } : {}),
      ...(parsed.maxOutputTokens !== undefined ? { maxOutputTokens: parsed.maxOutputTokens } : {}),
      ...(parsed.temperature !== undefined ? { temperature: parsed.temperature } : {}),
      ...(parsed.reasoningEffort !== undefined ? { reasoningEffort: parsed.reasoningEffort } : {}),
    };
    const base = {
      tenant: key.tenant,
      model: parsed.model,
      stream: parsed.stream,
      ...(key.name ? { key: key.name } : {}),
    };
    const id = `chatcmpl-tw${idPrefix}${(++idCounter).toString(36)}`;
    const created = Math.floor(now().getTime() / 1000);
    try {
      if (!parsed.stream) {
        const result = await router.generate(request);
        const headers = costHeaders(result.report);
        sendJson(
          res,
          200,
          completionBody(result, id, created),
          closing ? { ...headers, connection: "close" } : headers,
        );
        logEntry(req, started, 200, { ...base, ...served(result, headers) });
        return;
      }
      await streamChat(req, res, request, parsed.includeUsage, id, created, started, base);
    } catch (error) {
      throw withReason(error, controller.signal);
    } finally {
      clearTimeout(timer);
      res.off("close", onClose);
      inflight.delete(res);
    }
  };

  /** The abort reason (deadline, shutdown) explains a router abort better than the abort itself. */
  const withReason = (error: unknown, signal: AbortSignal): unknown => {
    if (!signal.aborted) return error;
    const reason: unknown = signal.reason;
    if (reason instanceof RequestDeadlineError) return reason;
    if (reason instanceof ShutdownError) {
      return new HttpError({
        status: 503,
        type: "server_error",
        message: "The server is shutting down",
        code: "shutting_down",
      });
    }
    return error;
  };

  const served = (result: RouterResult, headers: Record<string, string>): Partial<RequestLogEntry> => ({
    served: headers["x-tokenwise-model"],
    cost: headers["x-tokenwise-cost"],
    currency: result.report.total.currency,
    callId: result.report.id,
  });

  const write = (res: ServerResponse, text: string): Promise<void> | undefined => {
    if (res.write(text)) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        res.off("drain", done);
        res.off("close", done);
        resolve();
      };
      res.on("drain", done);
      res.on("close", done);
    });
  };

  const streamChat = async (
    req: IncomingMessage,
    res: ServerResponse,
    request: RouterRequest,
    includeUsage: boolean,
    id: string,
    created: number,
    started: number,
    base: Partial<RequestLogEntry>,
  ) => {
    const s = router.stream(request);
    const it = s.parts[Symbol.asyncIterator]();
    // Until the first part, nothing is sent: a failure before it gets a proper status and JSON body.
    let next: IteratorResult<StreamPart> = await it.next();
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
      trailer: COST_HEADER_NAMES.join(", "),
      ...(closing ? { connection: "close" } : {}),
    });
    const encoder = new ChunkEncoder(id, created, String(base.model));
    // Chunks encoded in the same tick (the parts of one upstream read) leave in one socket write.
    let corked = false;
    const uncork = () => {
      corked = false;
      res.uncork();
    };
    try {
      while (!next.done) {
        const chunk = encoder.encode(next.value);
        if (chunk) {
          if (!corked) {
            corked = true;
            res.cork();
            process.nextTick(uncork);
          }
          const pending = write(res, `data: ${JSON.stringify(chunk)}\n\n`);
          if (pending) await pending;
        }
        next = await it.next();
      }
      const result = await s.result;
      if (includeUsage) res.write(`data: ${JSON.stringify(encoder.usageChunk(result))}\n\n`);
      res.write("data: [DONE]\n\n");
      const trailers = costHeaders(result.report);
      res.addTrailers(trailers);
      res.end();
      logEntry(req, started, 200, { ...base, ...served(result, trailers) });
    } catch (error) {
      // After streaming started the status is sent: the error goes as an SSE data event.
      const e = toHttpError(withReason(error, request.signal!), redact);
      if (!res.destroyed) {
        res.write(`data: ${JSON.stringify(e.body())}\n\n`);
        res.end();
      }
      logEntry(req, started, 200, { ...base, error: e.message });
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const path = (req.url ?? "").split("?")[0];
    const fail = (error: unknown) => {
      const e = toHttpError(error, redact);
      sendError(res, e);
      logEntry(req, started, e.status, { error: e.message });
    };
    if (closing) {
      fail(
        new HttpError({
          status: 503,
          type: "server_error",
          message: "The server is shutting down",
          code: "shutting_down",
        }),
      );
      return;
    }
    try {
      if (path === "/v1/chat/completions") {
        if (req.method !== "POST") throw methodNotAllowed(req.method, "POST");
        const key = authenticate(req);
        chat(req, res, key, started).catch((error: unknown) => {
          const e = toHttpError(error, redact);
          if (e.status === 499) res.destroy();
          else sendError(res, e);
          logEntry(req, started, e.status, {
            tenant: key.tenant,
            ...(key.name ? { key: key.name } : {}),
            error: e.message,
          });
        });
        return;
      }
      if (path === "/v1/models") {
        if (req.method !== "GET") throw methodNotAllowed(req.method, "GET");
        authenticate(req);
        listModels(res);
        logEntry(req, started, 200, {});
        return;
      }
      throw new HttpError({
        status: 404,
        type: "invalid_request_error",
        message: `Unknown request URL: ${req.method} ${path}. This server serves POST /v1/chat/completions and GET /v1/models.`,
        code: "unknown_url",
      });
    } catch (error) {
      fail(error);
    }
  };

  return {
    handle,
    get url() {
      return url;
    },
    inFlight: () => inflight.size,
    listen(port = config.listen.port, host = config.listen.host) {
      http = createHttpServer({ keepAliveTimeout: 65_000 }, handle);
      const server = http;
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address() as AddressInfo;
          url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
          resolve(url);
        });
      });
    },
    async close() {
      closing = true;
      const server = http;
      const stopped = server
        ? new Promise<void>((resolve) => server.close(() => resolve()))
        : Promise.resolve();
      server?.closeIdleConnections();
      const deadline = performance.now() + shutdownGraceMs;
      while (inflight.size > 0 && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, Math.min(20, shutdownGraceMs)));
      }
      for (const controller of inflight.values()) controller.abort(new ShutdownError());
      const cutoff = performance.now() + 1_000;
      while (inflight.size > 0 && performance.now() < cutoff) await new Promise((r) => setTimeout(r, 5));
      server?.closeAllConnections();
      await stopped;
    },
  };
}

function methodNotAllowed(method: string | undefined, allowed: string): HttpError {
  return new HttpError({
    status: 405,
    type: "invalid_request_error",
    message: `${method} is not allowed here: use ${allowed}`,
    code: "method_not_allowed",
  });
}
