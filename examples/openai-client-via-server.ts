/**
 * The official `openai` client pointed at `tokenwise serve`: the server picks the cheapest model that
 * meets the key's profile, calls it with the server's own provider keys, and reports the cost in
 * `usage.cost` and `x-tokenwise-*` headers. Runs offline against the testkit's simulated providers
 * (`npx tsx examples/openai-client-via-server.ts`); in production run `tokenwise serve --config
 * tokenwise.yaml` with the provider keys in its environment, and give clients virtual keys only.
 */
import { pathToFileURL } from "node:url";
import { createCatalog } from "@tokenwise/catalog";
import {
  createTokenwiseServer,
  hashVirtualKey,
  parseServerConfig,
  routerFromConfig,
} from "@tokenwise/server";
import { simProvidersFor, startTestkit } from "@tokenwise/testkit";
import OpenAI from "openai";

export async function main(
  log: (line: string) => void = console.log,
): Promise<{ model: string; cost: string }> {
  const catalog = createCatalog();
  const models = ["openai/gpt-4o-mini", "openai/gpt-4.1", "anthropic/claude-haiku-4-5"];
  // Simulated providers priced like the real ones (omit in production).
  const kit = await startTestkit({
    timeScale: 0,
    providers: simProvidersFor(
      models.map((k) => catalog.find(k)),
      () => ({ response: { scripted: ["Red, yellow and blue."] } }),
    ),
  });
  // What tokenwise.yaml holds: models, provider endpoints, profiles and hashed virtual keys.
  const config = parseServerConfig({
    listen: { host: "127.0.0.1", port: 0 },
    models,
    providers: {
      openai: { baseURL: kit.baseURL("openai") },
      anthropic: { baseURL: kit.baseURL("anthropic") },
    },
    profiles: { auto: { description: "cheapest with quality ≥ 0.55", constraints: { minQuality: 0.55 } } },
    keys: [{ name: "docs", hash: hashVirtualKey("sk-tw-example"), tenant: "acme", tags: ["docs"] }],
  });
  const env = { OPENAI_API_KEY: "sk-provider-openai", ANTHROPIC_API_KEY: "sk-provider-anthropic" };
  const { router, secrets } = routerFromConfig(config, { catalog, env });
  const server = createTokenwiseServer({ router, config, secrets });
  const url = await server.listen();
  try {
    // The client side: nothing but the official SDK, a base URL and a virtual key.
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: "sk-tw-example" });
    const { data, response } = await client.chat.completions
      .create({ model: "auto", messages: [{ role: "user", content: "Name three primary colours." }] })
      .withResponse();
    const usage = data.usage as OpenAI.CompletionUsage & { cost: number; cost_details: { amount: string } };
    log(`answer:  ${data.choices[0]?.message.content}   (a simulated provider's scripted answer)`);
    log(`model:   ${data.model}`);
    log(
      `cost:    ${usage.cost_details.amount} ${response.headers.get("x-tokenwise-currency")} (header: ${response.headers.get("x-tokenwise-cost")})`,
    );

    const stream = await client.chat.completions.create({
      model: "auto",
      messages: [{ role: "user", content: "Again, streamed." }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage)
        log(`stream:  "${text}", cost ${(chunk.usage as unknown as { cost: number }).cost} USD`);
    }
    return { model: data.model, cost: usage.cost_details.amount };
  } finally {
    await server.close();
    await kit.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
