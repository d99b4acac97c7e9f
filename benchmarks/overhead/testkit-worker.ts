/**
 * Runs the testkit in a worker thread for the overhead benchmark, so the simulated provider's
 * tokenization and garbage do not share the measured client's heap and event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createCatalog } from "@tokenwise/catalog";
import { startTestkit } from "@tokenwise/testkit";

const { keys } = workerData as { keys: string[] };
const catalog = createCatalog();
const models = keys.map((k) => catalog.find(k));
const kit = await startTestkit({
  timeScale: 0,
  providers: [
    {
      name: "openai",
      style: "openai",
      models: models.map((m) => ({
        id: m.id,
        prices: m.prices,
        response: { scripted: ["Done."] },
        cache: false as const,
      })),
    },
  ],
});
parentPort?.postMessage({ baseURL: kit.baseURL("openai") });
parentPort?.on("message", async (message: unknown) => {
  if (message === "close") {
    await kit.close();
    process.exit(0);
  }
});
