import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeFetch } from "./node-fetch";

let server: Server;
let base: string;
const seen: { method: string; body: string; headers: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      seen.push({ method: req.method ?? "", body, headers: req.headers });
      if (req.url === "/json") {
        res.writeHead(201, { "content-type": "application/json", "x-request-id": "req_1" });
        res.end(JSON.stringify({ echo: body }));
      } else if (req.url === "/bom") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(`\ufeff${JSON.stringify({ bom: true })}`);
      } else if (req.url === "/bad") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{");
      } else if (req.url === "/sse") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        let i = 0;
        const timer = setInterval(() => {
          res.write(`data: ${i++}\n\n`);
          if (i === 3) {
            clearInterval(timer);
            res.end();
          }
        }, 5);
      } else if (req.url === "/hang") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write("data: first\n\n");
      } else {
        res.writeHead(204);
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("createNodeFetch", () => {
  const f = createNodeFetch();

  it("sends the body in one request with its length, and answers like fetch", async () => {
    const res = await f(`${base}/json`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer k" },
      body: '{"a":"é"}',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-request-id")).toBe("req_1");
    expect(await res.json()).toEqual({ echo: '{"a":"é"}' });
    const last = seen.at(-1)!;
    expect(last.headers["content-length"]).toBe(String(Buffer.byteLength('{"a":"é"}')));
    expect(last.headers.authorization).toBe("Bearer k");
    expect(last.headers.host).toBe(new URL(base).host);
    expect(last.headers.connection).toBe("keep-alive");
  });

  it("a buffered JSON answer is a Response whose body reads once, by any method, clone included", async () => {
    const post = () => f(`${base}/json`, { method: "POST", body: "x" });
    const res = await post();
    expect(res).toBeInstanceOf(Response);
    expect(res.ok).toBe(true);
    expect(res.statusText).toBe("Created");
    expect(res.headers.get("content-type")).toBe("application/json");
    const copy = res.clone();
    expect(res.bodyUsed).toBe(false);
    expect(await res.text()).toBe('{"echo":"x"}');
    expect(res.bodyUsed).toBe(true);
    await expect(res.json()).rejects.toThrow(TypeError);
    expect(() => res.clone()).toThrow(TypeError);
    expect(await copy.json()).toEqual({ echo: "x" });
    expect(new TextDecoder().decode(await (await post()).arrayBuffer())).toBe('{"echo":"x"}');
    const blob = await (await post()).blob();
    expect(blob.type).toBe("application/json");
    expect(await blob.text()).toBe('{"echo":"x"}');
    const streamed = await post();
    expect(await new Response(streamed.body).text()).toBe('{"echo":"x"}');
    expect(streamed.bodyUsed).toBe(true);
    await expect(streamed.text()).rejects.toThrow(TypeError);
    const bad = await f(`${base}/bad`, { method: "POST", body: "x" });
    await expect(bad.json()).rejects.toThrow(SyntaxError);
    expect(await (await f(`${base}/bom`, { method: "POST", body: "x" })).json()).toEqual({ bom: true });
  });

  it("streams an event stream, and answers 204 without a body", async () => {
    const res = await f(`${base}/sse`, { method: "POST", body: "{}" });
    expect(await res.text()).toBe("data: 0\n\ndata: 1\n\ndata: 2\n\n");
    const empty = await f(`${base}/none`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it("an abort rejects with the signal's reason, before and after the response", async () => {
    const before = new AbortController();
    before.abort(new Error("stop"));
    await expect(f(`${base}/json`, { method: "POST", body: "{}", signal: before.signal })).rejects.toThrow(
      "stop",
    );
    const during = new AbortController();
    const res = await f(`${base}/hang`, { method: "POST", body: "{}", signal: during.signal });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("data: first\n\n");
    during.abort(new Error("cut"));
    await expect(reader.read()).rejects.toThrow("cut");
  });

  it("a refused connection is a TypeError like fetch's", async () => {
    await expect(f("http://127.0.0.1:1/x")).rejects.toBeInstanceOf(TypeError);
  });
});
