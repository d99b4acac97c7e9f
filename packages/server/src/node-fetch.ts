import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { Readable } from "node:stream";

/** Settings of {@link createNodeFetch}. */
export interface NodeFetchSettings {
  /** Open sockets per upstream host (keep-alive). Default 256. */
  maxSockets?: number;
}

// `Response`'s body members, typed as properties in the DOM lib, are accessors and methods at runtime.
const ResponseBase: new (
  body: null,
  init: ResponseInit,
) => { readonly headers: Headers; readonly status: number; readonly statusText: string } = Response;

/**
 * A complete (non-streamed) answer held in one buffer. A plain `new Response(buffer)` wraps the buffer
 * in a WHATWG byte stream that `json()` then reads back chunk by chunk; this one answers `json()`,
 * `text()`, `arrayBuffer()` and `bytes()` from the buffer and builds the stream only if `body` is read.
 * It is still a `Response` (status, headers, `ok`, `clone()`), and a body reads once, as fetch's does.
 */
class BufferedResponse extends ResponseBase {
  readonly #buffer: Buffer;
  #used = false;
  #stream: ReadableStream<Uint8Array> | undefined;

  constructor(buffer: Buffer, init: ResponseInit) {
    super(null, init);
    this.#buffer = buffer;
  }

  get body(): ReadableStream<Uint8Array> {
    if (!this.#stream) {
      const buffer = this.#buffer;
      this.#stream = new ReadableStream<Uint8Array>({
        start: (controller) => {
          if (buffer.length > 0) controller.enqueue(new Uint8Array(buffer));
          controller.close();
        },
      });
    }
    return this.#stream;
  }

  get bodyUsed(): boolean {
    return this.#used || (this.#stream?.locked ?? false);
  }

  #take(): Buffer {
    if (this.bodyUsed) throw new TypeError("Body is unusable: Body has already been read");
    this.#used = true;
    return this.#buffer;
  }

  text(): Promise<string> {
    try {
      const text = this.#take().toString("utf8");
      // UTF-8 decode drops a byte order mark, as fetch's `text()` does.
      return Promise.resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  json(): Promise<unknown> {
    return this.text().then((text) => JSON.parse(text) as unknown);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    try {
      const b = this.#take();
      return Promise.resolve(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.arrayBuffer().then((b) => new Uint8Array(b));
  }

  blob(): Promise<Blob> {
    const type = this.headers.get("content-type") ?? "";
    return this.arrayBuffer().then((b) => new Blob([b], { type }));
  }

  clone(): Response {
    if (this.bodyUsed) throw new TypeError("Response.clone: Body has already been consumed.");
    return bufferedResponse(this.#buffer, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
  }
}

const bufferedResponse = (buffer: Buffer, init: ResponseInit): Response =>
  new BufferedResponse(buffer, init) as unknown as Response;

const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException("This operation was aborted", "AbortError");

/**
 * A `fetch` for the router's SDK clients over `node:http(s)` with keep-alive agents: the server's
 * upstream calls skip undici's WHATWG request machinery (the request goes out in one write, a JSON
 * answer is read into one buffer and parsed straight from it; an SSE answer streams). Bodies other
 * than strings and bytes (what the SDKs send) go to the global `fetch`. Aborting the signal destroys the request and its response.
 *
 * @example
 * createRouter({ models, providers, fetch: createNodeFetch() });
 */
export function createNodeFetch(settings: NodeFetchSettings = {}): typeof fetch {
  const maxSockets = settings.maxSockets ?? 256;
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets }),
    https: new HttpsAgent({ keepAlive: true, maxSockets }),
  };
  return (input, init) => {
    const body = init?.body;
    if (body != null && typeof body !== "string" && !(body instanceof Uint8Array)) {
      return globalThis.fetch(input, init);
    }
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const signal = init?.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      // Raw `[name, value, …]` pairs: node:http writes them as given (no setHeader per header).
      const headers: string[] = [];
      let length = false;
      let host = false;
      const add = (value: string, name: string) => {
        headers.push(name, value);
        if (name === "content-length") length = true;
        else if (name === "host") host = true;
      };
      const given = init?.headers;
      // The SDKs pass a `Headers`; anything else is read through one.
      if (given instanceof Headers) given.forEach(add);
      else if (given) new Headers(given).forEach(add);
      if (!length && typeof body === "string")
        headers.push("content-length", String(Buffer.byteLength(body)));
      else if (!length && body instanceof Uint8Array) headers.push("content-length", String(body.byteLength));
      // Given as raw pairs, headers get no automatic Host.
      if (!host) headers.push("host", url.host);
      const https = url.protocol === "https:";
      const method = init?.method ?? "GET";
      let response: IncomingMessage | undefined;
      const onAbort = () => {
        const reason = abortReason(signal!);
        const error = reason instanceof Error ? reason : new DOMException(String(reason), "AbortError");
        response?.destroy(error);
        req.destroy(error);
        reject(reason);
      };
      const done = () => signal?.removeEventListener("abort", onAbort);
      const req = (https ? httpsRequest : httpRequest)({
        protocol: url.protocol,
        hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers,
        agent: https ? agents.https : agents.http,
      });
      signal?.addEventListener("abort", onAbort, { once: true });
      req.on("error", (error) => {
        done();
        reject(signal?.aborted ? abortReason(signal) : new TypeError("fetch failed", { cause: error }));
      });
      req.on("response", (res) => {
        response = res;
        const responseHeaders = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        }
        const status = res.statusCode ?? 0;
        const init = { status, statusText: res.statusMessage ?? "", headers: responseHeaders };
        if (status === 204 || status === 304 || method === "HEAD") {
          res.resume();
          res.once("end", done);
          resolve(new Response(null, init));
          return;
        }
        if ((res.headers["content-type"] ?? "").includes("text/event-stream")) {
          res.once("close", done);
          resolve(new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, init));
          return;
        }
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.once("end", () => {
          done();
          resolve(bufferedResponse(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), init));
        });
        res.once("error", (error) => {
          done();
          reject(signal?.aborted ? abortReason(signal) : new TypeError("fetch failed", { cause: error }));
        });
      });
      req.end(body ?? undefined);
    });
  };
}
