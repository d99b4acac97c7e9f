/**
 * The Vercel AI SDK with tokenwise as its model: a tau-bench airline agent (the 14 real airline tools)
 * runs multi-step `generateText` loops (`stopWhen`), one per customer message, and every step is routed
 * to the cheapest model that qualifies and accounted exactly (`providerMetadata.tokenwise`).
 *
 * Offline: the providers are the testkit's simulations, priced from the catalog, answering with the
 * turns GPT-4o took in a recorded tau-bench trajectory; the tools answer what the recording's tools
 * answered (`npx tsx examples/ai-sdk-agent.ts`).
 */
import { pathToFileURL } from "node:url";
import { createTokenwise, readTokenwiseMetadata } from "@tokenwise/ai-sdk";
import { createCatalog } from "@tokenwise/catalog";
import { formatMoney, type Money, moneyFromDecimal } from "@tokenwise/core";
import { createRouter } from "@tokenwise/router";
import { simProvidersFor, startTestkit } from "@tokenwise/testkit";
import { generateText, jsonSchema, type ModelMessage, stepCountIs, type ToolSet, tool } from "ai";
import { loadTraces } from "./demo";

/** What the example measured. */
export interface AgentSummary {
  /** Customer messages handled (each one `generateText` loop). */
  turns: number;
  /** Model calls (steps) across the loops. */
  steps: number;
  toolCalls: number;
  /** Steps per `provider/model`. */
  byModel: Record<string, number>;
  /** Sum of `providerMetadata.tokenwise.totalCost` over the steps. */
  accounted: Money;
  /** What the simulated providers billed. */
  billed: Money;
  /** The router's ledger total. */
  ledger: Money;
}

export async function main(log: (line: string) => void = console.log): Promise<AgentSummary> {
  const catalog = createCatalog();
  const models = [
    "openai/gpt-4o",
    "openai/gpt-4o-mini",
    "openai/gpt-4.1-mini",
    "anthropic/claude-haiku-4-5",
    "google/gemini-2.5-flash",
  ].map((k) => catalog.find(k));
  const { trajectories, tools: airlineTools } = loadTraces(1);
  const recorded = trajectories[0]!;

  // Simulated providers (omit in production): they answer with the recorded agent's turns.
  const kit = await startTestkit({
    timeScale: 0,
    providers: simProvidersFor(models, () => ({ response: { replay: recorded } })),
  });
  try {
    const providers = Object.fromEntries(
      ["openai", "anthropic", "google"].map((p) => [p, { apiKey: "testkit", baseURL: kit.baseURL(p) }]),
    );
    const router = createRouter({ models, fx: catalog.fx, providers, env: {} });
    const tokenwise = createTokenwise({ router });
    const model = tokenwise("auto", { constraints: { minQuality: 0.6 }, tags: ["airline-agent"] });

    // The airline tools; each returns what the recorded environment returned for that call.
    const results = new Map<string, string>();
    for (const m of recorded) if (m.role === "tool") results.set(m.tool_call_id, String(m.content));
    const tools: ToolSet = {};
    for (const t of airlineTools) {
      tools[t.function.name] = tool({
        description: t.function.description ?? t.function.name,
        inputSchema: jsonSchema(t.function.parameters ?? { type: "object" }),
        execute: async (_input, { toolCallId }) => results.get(toolCallId) ?? "Error: no recorded result",
      });
    }

    const system = recorded.find((m) => m.role === "system")?.content;
    // The customer's messages the recorded agent answered (the last one ends the conversation).
    const lastAnswer = recorded.findLastIndex((m) => m.role === "assistant");
    const customer = recorded
      .filter((m, i) => m.role === "user" && i < lastAnswer)
      .map((m) => String(m.content));
    const messages: ModelMessage[] = [];
    const byModel: Record<string, number> = {};
    let steps = 0;
    let toolCalls = 0;
    let accounted = 0n;
    log(
      `tokenwise × AI SDK — tau-bench airline agent, ${customer.length} customer messages, ${models.length} models`,
    );
    for (const [turn, text] of customer.entries()) {
      messages.push({ role: "user", content: text });
      const result = await generateText({
        model,
        system: typeof system === "string" ? system : undefined,
        messages,
        tools,
        stopWhen: stepCountIs(10),
      });
      messages.push(...result.response.messages);
      for (const step of result.steps) {
        const meta = readTokenwiseMetadata(step.providerMetadata);
        if (!meta) throw new Error("a step without tokenwise metadata");
        const key = `${meta.provider}/${meta.model}`;
        byModel[key] = (byModel[key] ?? 0) + 1;
        steps++;
        toolCalls += step.toolCalls.length;
        accounted += moneyFromDecimal(meta.totalCost.amount, meta.totalCost.currency).atto;
        const calls = step.toolCalls.map((c) => c.toolName).join(", ");
        log(
          `  turn ${String(turn + 1).padStart(2)} step ${step.stepNumber + 1}  ${key.padEnd(28)} ` +
            `${meta.realizedCost.amount.padEnd(22)} ${meta.currency}  ` +
            `in ${String(step.usage.inputTokens).padStart(5)} (cached ${step.usage.inputTokenDetails.cacheReadTokens ?? 0})  ` +
            `${calls ? `→ ${calls}` : `"${step.text.slice(0, 40).replace(/\s+/g, " ")}…"`}`,
        );
      }
    }
    const summary: AgentSummary = {
      turns: customer.length,
      steps,
      toolCalls,
      byModel,
      accounted: { currency: "USD", atto: accounted },
      billed: kit.billingTotal("USD"),
      ledger: router.ledger.total("USD"),
    };
    log("");
    log(
      `  steps ${steps}, tool calls ${toolCalls}; chosen: ${Object.entries(byModel)
        .map(([k, n]) => `${k} ×${n}`)
        .join(", ")}`,
    );
    log(`  accounted (providerMetadata) ${formatMoney(summary.accounted, 8)}`);
    log(`  providers billed             ${formatMoney(summary.billed, 8)}`);
    log(`  router ledger                ${formatMoney(summary.ledger, 8)}`);
    return summary;
  } finally {
    await kit.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
