/**
 * Streaming: text arrives as it is generated; usage and the cost report come at the end. If the
 * chosen provider fails before the first token, the router fails over without the caller noticing.
 * Runs offline against the testkit (`npx tsx examples/streaming.ts`).
 */
import { pathToFileURL } from "node:url";
import { createCatalog } from "@tokenwise/catalog";
import { formatMoney } from "@tokenwise/core";
import { createRouter } from "@tokenwise/router";
import { simProvidersFor, startTestkit } from "@tokenwise/testkit";

export async function main(write: (text: string) => void = (t) => process.stdout.write(t)): Promise<string> {
  const catalog = createCatalog();
  // Two models with no announced retirement (gpt-4o and gpt-4o-mini retire on 2027-01-14).
  const models = ["openai/gpt-5.1", "openai/gpt-5.4"].map((k) => catalog.find(k));
  const kit = await startTestkit({
    timeScale: 0,
    providers: simProvidersFor(models, (m) => ({
      response: { scripted: ["Streaming, one token at a time, with the bill at the end."] },
      // The cheaper model is overloaded for its first request: the router fails over before any token.
      ...(m.id === models[0]!.id ? { faults: ["503" as const] } : {}),
      faultSettings: { retryAfterMs: 1 },
    })),
  });
  try {
    const router = createRouter({
      models,
      fx: catalog.fx,
      retry: { maxRetries: 0 },
      providers: { openai: { apiKey: "test", baseURL: kit.baseURL("openai") } },
    });
    const stream = router.stream({ messages: [{ role: "user", content: "Tell me about streaming." }] });
    for await (const text of stream.textStream) write(text);
    const { report } = await stream.result;
    write("\n");
    write(
      `model ${report.provider}/${report.model}, TTFT ${report.ttftMs?.toFixed(1) ?? "n/a"} ms, attempts: `,
    );
    write(
      `${report.attempts.map((a) => `${a.model}:${a.status}${a.httpStatus ? ` ${a.httpStatus}` : ""}`).join(", ")}\n`,
    );
    write(
      `usage ${JSON.stringify(report.realized.usage)}\ncost  ${formatMoney(report.realized.cost.total)}\n`,
    );
    return report.model;
  } finally {
    await kit.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
