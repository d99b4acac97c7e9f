/**
 * The benchmarks' simulated providers run in a worker thread (so their tokenization and garbage share
 * neither the measured client's heap nor its event loop). The worker module is TypeScript, loaded
 * through tsx's loader registered in that thread; it posts one ready message (its base URL or URLs),
 * and answers "close" by closing its testkit and exiting.
 *
 * @example
 * const kit = await startTsxWorker<{ baseURL: string }>(new URL("../overhead/testkit-worker.ts", import.meta.url), { keys });
 * kit.ready.baseURL; await kit.close();
 */
import { Worker } from "node:worker_threads";

export interface TsxWorker<Ready> {
  /** The worker's first message. */
  ready: Ready;
  worker: Worker;
  /** Asks the worker to close and waits until its thread has exited. */
  close(): Promise<void>;
}

export async function startTsxWorker<Ready>(entry: URL, workerData: unknown): Promise<TsxWorker<Ready>> {
  const worker = new Worker(
    `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`,
    { eval: true, workerData },
  );
  const ready = await new Promise<Ready>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return {
    ready,
    worker,
    close: async () => {
      worker.postMessage("close");
      await new Promise((resolve) => worker.once("exit", resolve));
    },
  };
}

/**
 * A `fetch` that marks when each request leaves and when its response headers arrive, so that a
 * client's own time (before the wire and after it) can be measured apart from the server's.
 */
export function timedFetch(): { fetch: typeof fetch; sent(): number; answered(): number } {
  let sent = 0;
  let answered = 0;
  return {
    fetch: async (input, init) => {
      sent = performance.now();
      const response = await fetch(input, init);
      answered = performance.now();
      return response;
    },
    sent: () => sent,
    answered: () => answered,
  };
}
