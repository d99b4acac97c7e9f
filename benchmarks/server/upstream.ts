/**
 * The server benchmarks' upstream: the testkit in a worker thread (scripted answer "Done.", timeScale 0,
 * no prompt cache), so its tokenization and garbage share neither the client's nor the server's heap.
 */
import { Worker } from "node:worker_threads";

export async function startTestkitWorker(
  models: string | readonly string[],
): Promise<{ baseURL: string; close(): Promise<void> }> {
  const entry = new URL("../overhead/testkit-worker.ts", import.meta.url).href;
  const worker = new Worker(
    `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
    { eval: true, workerData: { keys: typeof models === "string" ? [models] : [...models] } },
  );
  const { baseURL } = await new Promise<{ baseURL: string }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return {
    baseURL,
    close: async () => {
      worker.postMessage("close");
      await new Promise((resolve) => worker.once("exit", resolve));
    },
  };
}
