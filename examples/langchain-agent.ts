/**
 * A LangChain agent on the router: `createAgent` from `langchain` with `ChatTokenwise` as its model.
 * Each step of the tool loop is routed to the cheapest qualifying model, and every answer carries its
 * exact cost and the routing decision in `response_metadata`. Runs offline against the testkit's
 * simulated providers, which play back a recorded tool-calling trajectory
 * (`npx tsx examples/langchain-agent.ts`); in your code, drop `providers` and set the API keys.
 */
import { pathToFileURL } from "node:url";
import { AIMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { createCatalog } from "@tokenwise/catalog";
import { formatMoney, type Money, sumMoney } from "@tokenwise/core";
import { ChatTokenwise, costOfMessage, routingOfMessage } from "@tokenwise/langchain";
import { createRouter } from "@tokenwise/router";
import { simProvidersFor, startTestkit } from "@tokenwise/testkit";
import { createAgent } from "langchain";
import { z } from "zod";

const getWeather = tool(async ({ city }) => `Sunny, 21 °C in ${city}`, {
  name: "get_weather",
  description: "The current weather in a city",
  schema: z.object({ city: z.string() }),
});
const convert = tool(async ({ celsius }) => `${((celsius * 9) / 5 + 32).toFixed(1)} °F`, {
  name: "celsius_to_fahrenheit",
  description: "Converts a temperature",
  schema: z.object({ celsius: z.number() }),
});

/** What the simulated models answer, turn by turn (a real model decides this itself). */
const trajectory = [
  { role: "user", content: "How warm is it in Lisbon, in Fahrenheit?" },
  {
    role: "assistant",
    content: null,
    tool_calls: [
      { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Lisbon"}' } },
    ],
  },
  {
    role: "assistant",
    content: null,
    tool_calls: [
      {
        id: "call_2",
        type: "function",
        function: { name: "celsius_to_fahrenheit", arguments: '{"celsius":21}' },
      },
    ],
  },
  { role: "assistant", content: "It is sunny in Lisbon: 21 °C, which is 69.8 °F." },
];

export interface AgentRun {
  answer: string;
  /** Each model call: the model that served it and its exact cost. */
  steps: { model: string; cost: Money }[];
  total: Money;
  /** What the simulated providers billed, for comparison. */
  billed: Money;
}

export async function main(log: (line: string) => void = console.log): Promise<AgentRun> {
  const catalog = createCatalog();
  const models = ["openai/gpt-4o-mini", "openai/gpt-4.1", "anthropic/claude-haiku-4-5"].map((k) =>
    catalog.find(k),
  );
  // Simulated providers priced like the real ones (omit in production).
  const kit = await startTestkit({
    timeScale: 0,
    providers: simProvidersFor(models, () => ({ response: { replay: trajectory } })),
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
    const agent = createAgent({ model: new ChatTokenwise({ router }), tools: [getWeather, convert] });
    const out = await agent.invoke({ messages: [{ role: "user", content: trajectory[0]!.content! }] });
    const steps: AgentRun["steps"] = [];
    for (const m of out.messages) {
      if (!AIMessage.isInstance(m)) continue;
      const routing = routingOfMessage(m)!;
      const cost = costOfMessage(m)!;
      steps.push({ model: `${routing.provider}/${routing.model}`, cost });
      const calls = m.tool_calls?.map((c) => `${c.name}(${JSON.stringify(c.args)})`).join(", ");
      log(
        `step ${steps.length}: ${routing.provider}/${routing.model}  ${formatMoney(cost)}  ${calls || "answer"}`,
      );
    }
    const answer = String(out.messages.at(-1)!.content);
    const total = sumMoney(
      steps.map((s) => s.cost),
      "USD",
    );
    const billed = kit.billingTotal("USD");
    log(`answer: ${answer}`);
    log(
      `total:  ${formatMoney(total)} over ${steps.length} model calls (providers billed ${formatMoney(billed)})`,
    );
    return { answer, steps, total, billed };
  } finally {
    await kit.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
