import Anthropic from "@anthropic-ai/sdk";
import { startTestkit, type Testkit } from "@tokenwise/testkit";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// 500 concurrent streams, half OpenAI style and half Anthropic style, each echoing a unique id.
let kit: Testkit;

beforeAll(async () => {
  kit = await startTestkit({
    // a little real latency (1–4 ms per chunk) so that the streams interleave on the server
    timeScale: 0.02,
    seed: 11,
    providers: [
      {
        name: "openai",
        style: "openai",
        models: [{ id: "gpt-4o-mini", latency: { ttftMs: 100, tokensPerSecond: 1000, jitter: 0.5 } }],
      },
      {
        name: "anthropic",
        style: "anthropic",
        models: [{ id: "claude-sonnet-4-5", latency: { ttftMs: 100, tokensPerSecond: 1000, jitter: 0.5 } }],
      },
    ],
  });
});
afterAll(() => kit.close());

describe("load", () => {
  it("completes 500 concurrent streaming requests with correct, unmixed content", async () => {
    const openai = new OpenAI({ baseURL: kit.baseURL("openai"), apiKey: "sk-test", maxRetries: 0 });
    const anthropic = new Anthropic({ baseURL: kit.baseURL("anthropic"), apiKey: "sk-test", maxRetries: 0 });
    const prompt = (i: number) => `request ${i} says ${"lorem ipsum ".repeat(i % 7)}id-${i}-end`;

    const viaOpenAI = async (i: number) => {
      const stream = await openai.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: prompt(i) }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = "";
      let usage = 0;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? "";
        usage = chunk.usage?.completion_tokens ?? usage;
      }
      return { text, usage };
    };
    const viaAnthropic = async (i: number) => {
      const stream = await anthropic.messages.create({
        model: "claude-sonnet-4-5",
        max_tokens: 1024,
        messages: [{ role: "user", content: prompt(i) }],
        stream: true,
      });
      let text = "";
      let usage = 0;
      for await (const event of stream) {
        if (event.type === "content_block_delta" && event.delta.type === "text_delta")
          text += event.delta.text;
        if (event.type === "message_delta") usage = event.usage.output_tokens;
      }
      return { text, usage };
    };

    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? viaOpenAI(i) : viaAnthropic(i))),
    );
    results.forEach((r, i) => {
      expect(r.text).toBe(prompt(i));
      expect(r.usage).toBeGreaterThan(0);
    });
    const billing = kit.billing();
    expect(billing).toHaveLength(500);
    expect(billing.every((b) => b.outcome === "completed" && b.billed)).toBe(true);
    expect(new Set(billing.map((b) => b.requestId)).size).toBe(500);
  });
});
