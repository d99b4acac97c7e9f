/**
 * Two minimal OpenAI-style endpoints doing the same work (read the JSON body, parse it, answer a fixed
 * completion): one on `node:http`, one on Hono over `@hono/node-server`. Run by framework.ts in its own
 * process; prints `{"node":url,"hono":url}`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const answer = (model: string) => ({
  id: "chatcmpl-bench",
  object: "chat.completion",
  created: 0,
  model,
  choices: [{ index: 0, message: { role: "assistant", content: "Done." }, finish_reason: "stop" }],
  usage: { prompt_tokens: 30, completion_tokens: 2, total_tokens: 32 },
});

const node = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { model: string };
    const text = JSON.stringify(answer(body.model));
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  });
});
await new Promise<void>((resolve) => node.listen(0, "127.0.0.1", resolve));

const app = new Hono();
app.post("/v1/chat/completions", async (c) => {
  const body = await c.req.json<{ model: string }>();
  return c.json(answer(body.model));
});
const hono = await new Promise<AddressInfo>((resolve) => {
  serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve(info));
});

const url = (a: AddressInfo) => `http://127.0.0.1:${a.port}`;
process.stdout.write(`${JSON.stringify({ node: url(node.address() as AddressInfo), hono: url(hono) })}\n`);
