/**
 * Quick start: route one request to the cheapest model that meets a quality floor, and read what it
 * cost. Runs offline against the testkit's simulated providers (`npx tsx examples/quickstart.ts`);
 * in your code, drop `providers` and set OPENAI_API_KEY, ANTHROPIC_API_KEY, … instead.
 */
import { pathToFileURL } from "node:url";
import { createCatalog } from "@tokenwise/catalog";
import { formatMoney } from "@tokenwise/core";
import { createRouter } from "@tokenwise/router";
import { simProvidersFor, startTestkit } from "@tokenwise/testkit";

export async function main(log: (line: string) => void = console.log): Promise<string> {
  const catalog = createCatalog();
  const models = ["openai/gpt-4o-mini", "openai/gpt-4.1", "anthropic/claude-haiku-4-5"].map((k) =>
    catalog.find(k),
  );
  // Simulated providers priced like the real ones (omit in production).
  const kit = await startTestkit({
    timeScale: 0,
    providers: simProvidersFor(models, () => ({ response: { scripted: ["Red, yellow and blue."] } })),
  });
  try {
    const router = createRouter({
      models,
      fx: catalog.fx,
      defaults: { minQuality: 0.55 },
      providers: {
        openai: { apiKey: "test", baseURL: kit.baseURL("openai") },
        anthropic: { apiKey: "test", baseURL: kit.baseURL("anthropic") },
      },
    });
    const result = await router.generate({
      system: "You are terse.",
      messages: [{ role: "user", content: "Name three primary colours." }],
      maxOutputTokens: 100,
    });
    const { report } = result;
    log(`answer:   ${result.text}   (a simulated provider's scripted answer)`);
    log(
      `model:    ${report.provider}/${report.model} (quality ${report.quality.score?.toFixed(3)}, ${report.quality.source})`,
    );
    log(
      `cost:     estimated ${formatMoney(report.estimated.cost.total)}, realized ${formatMoney(report.realized.cost.total)}`,
    );
    log(`price:    version from ${report.priceVersion}`);
    log(`rejected: ${report.rejected.map((r) => `${r.model} (${r.reason})`).join("; ") || "none"}`);
    return `${report.provider}/${report.model}`;
  } finally {
    await kit.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
