/**
 * The learning simulation's providers in a worker thread (see `simulation.ts`): one provider `sim`
 * serving the scenario's models at their true latencies. Posts `{ baseURL }`, closes on `close`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { simProvidersFor, startTestkit } from "@tokenwise/testkit";
import { scaledModels, simEntries, TOKENS_PER_SEC } from "./scenario";

const { scale, jitter, seed } = workerData as { scale: number; jitter: number; seed: number };
const models = scaledModels(scale);
const byId = new Map(models.map((m) => [m.id, m]));
const kit = await startTestkit({
  timeScale: 1,
  seed: `learning-${seed}`,
  providers: simProvidersFor(simEntries(models), (e) => ({
    response: { scripted: ["The answer is forty-two."] },
    latency: { ttftMs: byId.get(e.id)!.trueTtftMs, tokensPerSecond: TOKENS_PER_SEC, jitter },
  })),
});
parentPort?.postMessage({ baseURL: kit.baseURL("sim") });
parentPort?.on("message", async (message: unknown) => {
  if (message === "close") {
    await kit.close();
    process.exit(0);
  }
});
