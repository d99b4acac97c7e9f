/**
 * The floor of any proxy in the server benchmark: a `node:http` process that forwards each request to
 * the upstream as it came (the body read into one buffer, the client's key swapped for the provider
 * key, keep-alive to the upstream) and sends the answer back, with no parsing, routing or accounting.
 * `node benchmarks/server/pass-through-process.ts <upstream baseURL> <provider key>` prints its URL as
 * one JSON line on stdout. Its added latency is what the extra HTTP exchange alone costs on the
 * machine, so the server's own share is the difference between the two.
 */
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

const [baseURL, apiKey] = process.argv.slice(2);
if (!baseURL || !apiKey) throw new Error("usage: pass-through-process.ts <upstream baseURL> <provider key>");
const upstream = new URL(baseURL);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    // `/v1/chat/completions` → `<baseURL>/chat/completions`.
    const path = upstream.pathname.replace(/\/$/, "") + (req.url ?? "/").replace(/^\/v1/, "");
    const out = request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        path,
        method: req.method,
        agent,
        headers: {
          "content-type": req.headers["content-type"] ?? "application/json",
          "content-length": body.length,
          authorization: `Bearer ${apiKey}`,
        },
      },
      (answer) => {
        const parts: Buffer[] = [];
        answer.on("data", (c: Buffer) => parts.push(c));
        answer.on("end", () => {
          const text = Buffer.concat(parts);
          res.writeHead(answer.statusCode ?? 502, {
            "content-type": answer.headers["content-type"] ?? "application/json",
            "content-length": text.length,
          });
          res.end(text);
        });
      },
    );
    out.on("error", (error) => {
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: error.message, type: "server_error" } }));
    });
    out.end(body);
  });
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
process.once("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
