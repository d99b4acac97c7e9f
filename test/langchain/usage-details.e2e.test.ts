import { type AIMessage, type AIMessageChunk, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { createCatalog } from "@tokenwise/catalog";
import { ChatTokenwise, costOfMessage } from "@tokenwise/langchain";
import { createRouter } from "@tokenwise/router";
import { simProvidersFor, startTestkit, type Testkit } from "@tokenwise/testkit";
import { afterEach, describe, expect, it } from "vitest";

let kit: Testkit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

/** A router over catalog models (with their prompt-cache behaviour) and simulated providers priced alike. */
async function catalogSetup() {
  const catalog = createCatalog();
  const models = ["openai/gpt-4o-mini", "anthropic/claude-haiku-4-5"].map((k) => catalog.find(k));
  kit = await startTestkit({
    timeScale: 0,
    providers: simProvidersFor(models, () => ({
      response: { scripted: [{ text: "Thought about it; here is the answer.", reasoningTokens: 37 }] },
    })),
  });
  const router = createRouter({
    models,
    fx: catalog.fx,
    env: {},
    providers: {
      openai: { apiKey: "test", baseURL: kit.baseURL("openai") },
      anthropic: { apiKey: "test", baseURL: kit.baseURL("anthropic") },
    },
  });
  return { router, kit };
}

// A system prompt long enough for both providers' prompt caches (≥ 1,024 tokens).
const longSystem = Array.from({ length: 400 }, (_, i) => `Rule ${i}: answer precisely.`).join("\n");

describe("usage_metadata details equal the billing log, call by call", () => {
  for (const provider of ["openai", "anthropic"] as const) {
    for (const streamed of [false, true]) {
      it(`${provider}, ${streamed ? "streamed" : "invoked"}: cache reads, cache writes and reasoning`, async () => {
        const { router, kit } = await catalogSetup();
        const model = new ChatTokenwise({ router, constraints: { allowProviders: [provider] } });
        const answers: AIMessage[] = [];
        for (const q of ["First question?", "Second question?"]) {
          const messages = [new SystemMessage(longSystem), new HumanMessage(q)];
          if (!streamed) answers.push(await model.invoke(messages));
          else {
            let whole: AIMessageChunk | undefined;
            for await (const c of await model.stream(messages)) whole = whole ? whole.concat(c) : c;
            answers.push(whole!);
          }
        }
        const billed = kit.billing();
        expect(billed).toHaveLength(2);
        answers.forEach((a, i) => {
          const u = billed[i]!.usage;
          expect(a.usage_metadata).toEqual({
            input_tokens: u.input + u.cacheRead + u.cacheWrite + u.cacheWrite1h,
            output_tokens: u.output + u.reasoning,
            total_tokens: u.input + u.cacheRead + u.cacheWrite + u.cacheWrite1h + u.output + u.reasoning,
            input_token_details: { cache_read: u.cacheRead, cache_creation: u.cacheWrite + u.cacheWrite1h },
            output_token_details: { reasoning: u.reasoning },
          });
          expect(costOfMessage(a)).toEqual(billed[i]!.cost!.total);
          expect(a.content).toBe("Thought about it; here is the answer.");
        });
        // The second call read the first one's prefix from the cache; Anthropic's first wrote it.
        expect(answers[1]!.usage_metadata!.input_token_details!.cache_read).toBeGreaterThan(1000);
        if (provider === "anthropic")
          expect(answers[0]!.usage_metadata!.input_token_details!.cache_creation).toBeGreaterThan(1000);
        // OpenAI reports reasoning tokens apart; Anthropic counts them inside output_tokens, and so does the bill.
        expect(answers[0]!.usage_metadata!.output_token_details!.reasoning).toBe(
          provider === "openai" ? 37 : 0,
        );
      });
    }
  }
});
