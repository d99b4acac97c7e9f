/**
 * The AI SDK provider's added latency: `npx tsx benchmarks/ai-sdk/run.ts` (prints a table, writes
 * benchmarks/results/ai-sdk.json with `ai_sdk.added_ms.{p50,p99}`). The measurement is
 * `measureAiSdk` (./measure.ts): interleaved pairs of the same agent call through `@tokenwise/ai-sdk`
 * (routing over 8 OpenAI models) and through `@ai-sdk/openai-compatible`, both to the testkit in a
 * worker thread (benchmarks/overhead/testkit-worker.ts). `bench:server` runs the same measurement
 * against its own upstream and writes it to server.json as `ai_sdk`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCatalog } from "@tokenwise/catalog";
import { startTestkitWorker } from "../server/upstream";
import { aiSdkModels, aiSdkTable, measureAiSdk } from "./measure";

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(here, "..", "results");

const catalog = createCatalog();
const models = aiSdkModels(catalog.list());
const upstream = await startTestkitWorker(models.map((m) => `${m.provider}/${m.id}`));

const pairs = Number(process.env.PAIRS ?? 200);
const m = await measureAiSdk({ baseURL: upstream.baseURL, models, fx: catalog.fx, pairs });
await upstream.close();

for (const line of aiSdkTable(m)) console.log(line);
mkdirSync(RESULTS, { recursive: true });
writeFileSync(
  join(RESULTS, "ai-sdk.json"),
  `${JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      node: process.version,
      request: m.request,
      ai_sdk: {
        // generateText: client-side time (before the request leaves + after the headers arrive),
        // tokenwise minus @ai-sdk/openai-compatible, paired.
        added_ms: m.generate.added,
        added_end_to_end_ms: m.generate.addedWhole,
        tokenwise_ms: m.generate.tokenwise,
        direct_ms: m.generate.direct,
        stream: {
          added_ms: m.stream.added,
          added_end_to_end_ms: m.stream.addedWhole,
          tokenwise_ms: m.stream.tokenwise,
          direct_ms: m.stream.direct,
        },
      },
    },
    null,
    2,
  )}\n`,
);
console.log("wrote benchmarks/results/ai-sdk.json");
