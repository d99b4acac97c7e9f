/**
 * Runs the testkit for the soak benchmark in a worker thread, so the simulated providers' request
 * and billing logs and their garbage stay out of the measured router's heap. The parent asks it to
 * `reset` the logs now and then (they grow by design) and to `close` at the end.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createCatalog } from "@tokenwise/catalog";
import { simProvidersFor, startTestkit } from "@tokenwise/testkit";

const { keys, faultRate, timeScale } = workerData as { keys: string[]; faultRate: number; timeScale: number };
const catalog = createCatalog();
const models = keys.map((k) => catalog.find(k));
const answers = [
  "Done.",
  "I checked the booking: the flight leaves at 09:40 from gate B12 and the seat is confirmed.",
  "Here is the summary you asked for. The reservation was changed, the fare difference is zero, and a confirmation email is on its way.",
];
const kit = await startTestkit({
  timeScale,
  seed: "soak",
  providers: simProvidersFor(models, () => ({
    response: { scripted: answers },
    faults: {
      rate: faultRate,
      kinds: ["429", "500", "503", "reset-before", "error-event", "reset-mid-stream"],
    },
    faultSettings: { retryAfterMs: 1 },
  })),
});
const baseURLs: Record<string, string> = {};
for (const m of models) baseURLs[m.provider] = kit.baseURL(m.provider);
parentPort?.postMessage({ baseURLs });
parentPort?.on("message", async (message: unknown) => {
  if (message === "reset") {
    kit.reset();
    parentPort?.postMessage("reset-done");
  } else if (message === "close") {
    await kit.close();
    process.exit(0);
  }
});
