/**
 * The server benchmarks' upstream: the testkit in a worker thread (scripted answer "Done.", timeScale 0,
 * no prompt cache), so its tokenization and garbage share neither the client's nor the server's heap.
 */
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
