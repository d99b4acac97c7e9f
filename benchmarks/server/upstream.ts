/**
 * The server benchmarks' upstream: the testkit in a worker thread (scripted answer "Done.", timeScale 0,
 * no prompt cache), so its tokenization and garbage share neither the client's nor the server's heap.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startTsxWorker } from "../support/tsx-worker";

export async function startTestkitWorker(
  models: string | readonly string[],
): Promise<{ baseURL: string; close(): Promise<void> }> {
  const kit = await startTsxWorker<{ baseURL: string }>(
    new URL("../overhead/testkit-worker.ts", import.meta.url),
    {
      keys: typeof models === "string" ? [models] : [...models],
    },
  );
  return { baseURL: kit.ready.baseURL, close: kit.close };
}

/**
 * A trivial upstream in this process (`node:http`, one fixed gpt-4o-mini completion, nothing parsed):
 * for the in-process measurements, where the testkit's own work would blur the server's.
 */
export async function startCannedUpstream(): Promise<{ baseURL: string; close(): void }> {
  const completion = JSON.stringify({
    id: "chatcmpl-upstream",
    object: "chat.completion",
    created: 0,
    model: "gpt-4o-mini",
    choices: [{ index: 0, message: { role: "assistant", content: "Done." }, finish_reason: "stop" }],
    usage: { prompt_tokens: 35, completion_tokens: 2, total_tokens: 37 },
  });
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(completion),
      });
      res.end(completion);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () => server.close(),
  };
}
