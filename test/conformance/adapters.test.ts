import { createAnthropicAdapter, createOpenAIAdapter } from "@tokenwise/router";
import { createPlainHttpAdapter } from "./plain-http-adapter";
import { runAdapterConformance } from "./run-adapter-conformance";

// One suite, three adapters: the two built-in ones over the official SDKs and one written only here.
runAdapterConformance("openai (official SDK)", createOpenAIAdapter, {
  wire: "openai",
  reportsCacheWrites: false,
  reportsReasoning: true,
});

runAdapterConformance("anthropic (official SDK)", createAnthropicAdapter, {
  wire: "anthropic",
  promptCache: { mode: "explicit", minPrefixTokens: 1024, ttls: ["5m", "1h"] },
  reportsCacheWrites: true,
  reportsReasoning: false,
});

runAdapterConformance("plain-http (test-only, fetch over the OpenAI wire)", createPlainHttpAdapter, {
  wire: "openai",
  reportsCacheWrites: false,
  reportsReasoning: true,
});
