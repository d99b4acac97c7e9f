import { readFileSync } from "node:fs";
import { startTestkit, type Testkit } from "@tokenwise/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Compares what the testkit sends with recorded provider responses (see
// packages/testkit/src/__fixtures__/README.md for their sources), key by key and type by type.

type Shape = string | Shape[] | { [key: string]: Shape };
/** Fields real providers send that the testkit deliberately leaves out. */
const NOT_SIMULATED = new Set(["obfuscation", "inference_geo"]);

function shape(value: unknown): Shape {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (typeof value === "object") {
    const out: Record<string, Shape> = {};
    for (const key of Object.keys(value as object).sort()) {
      if (!NOT_SIMULATED.has(key)) out[key] = shape((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return typeof value;
}

const fixture = (name: string) =>
  readFileSync(new URL(`../../packages/testkit/src/__fixtures__/${name}`, import.meta.url), "utf8");
const json = (name: string): Record<string, unknown> => JSON.parse(fixture(name));
const jsonLines = (name: string): Record<string, unknown>[] =>
  fixture(name)
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));

interface SseEvent {
  event?: string;
  data: string;
}
function parseSse(text: string): SseEvent[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim())
    .map((block) => {
      const event: SseEvent = { data: "" };
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) event.event = line.slice(7);
        if (line.startsWith("data: ")) event.data += line.slice(6);
      }
      return event;
    });
}

/** Event types with pings dropped and runs of deltas collapsed: the grammar of a stream. */
function grammar(types: string[]): string[] {
  const noPing = types.filter((t) => t !== "ping");
  return noPing.filter((t, i) => !(t === "content_block_delta" && noPing[i - 1] === "content_block_delta"));
}

let kit: Testkit;
beforeAll(async () => {
  kit = await startTestkit({
    timeScale: 0,
    providers: [
      { name: "openai", style: "openai", models: [{ id: "gpt-4.1-nano" }] },
      {
        name: "anthropic",
        style: "anthropic",
        models: [
          { id: "claude-text" },
          {
            id: "claude-tool",
            response: { scripted: [{ toolCalls: [{ name: "json", arguments: { elements: [] } }] }] },
          },
        ],
      },
    ],
  });
});
afterAll(() => kit.close());

const post = (path: string, body: unknown) =>
  fetch(`${kit.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer x", "x-api-key": "x" },
    body: JSON.stringify(body),
  });

describe("OpenAI responses match the recorded ones", () => {
  it("chat.completion object", async () => {
    const res = await post("/openai/v1/chat/completions", {
      model: "gpt-4.1-nano",
      messages: [{ role: "user", content: "Invent a holiday" }],
    });
    expect(res.headers.get("content-type")).toBe("application/json");
    const ours = (await res.json()) as Record<string, unknown>;
    const recorded = json("openai-text.json");
    expect(shape(ours)).toEqual(shape(recorded));
    expect(ours).toMatchObject({ object: "chat.completion", service_tier: "default" });
    expect(ours.id).toMatch(/^chatcmpl-/);
  });

  it("chat.completion.chunk stream with include_usage", async () => {
    const res = await post("/openai/v1/chat/completions", {
      model: "gpt-4.1-nano",
      messages: [{ role: "user", content: "Holiday name" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    expect(events.at(-1)?.data).toBe("[DONE]");
    expect(events.every((e) => e.event === undefined)).toBe(true);
    const ours = events.slice(0, -1).map((e) => JSON.parse(e.data) as Record<string, unknown>);
    const recorded = jsonLines("openai-text.chunks.txt");
    // first (role) chunk, a content chunk, the finish chunk, the usage chunk
    expect(shape(ours[0])).toEqual(shape(recorded[0]));
    expect(shape(ours[1])).toEqual(shape(recorded[1]));
    expect(shape(ours.at(-2))).toEqual(shape(recorded.at(-2)));
    expect(shape(ours.at(-1))).toEqual(shape(recorded.at(-1)));
    expect(ours[0]).toMatchObject({
      choices: [{ delta: { role: "assistant", content: "", refusal: null } }],
    });
    expect(ours.at(-2)).toMatchObject({ choices: [{ delta: {}, finish_reason: "stop" }], usage: null });
    expect(ours.at(-1)).toMatchObject({ choices: [] });
  });

  it("error body", async () => {
    kit.setFaults("openai", "gpt-4.1-nano", ["429"]);
    const res = await post("/openai/v1/chat/completions", {
      model: "gpt-4.1-nano",
      messages: [{ role: "user", content: "x" }],
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    const ours = await res.json();
    expect(shape(ours)).toEqual(shape(json("openai-error-429.json")));
    expect(ours).toMatchObject({ error: { type: "requests", code: "rate_limit_exceeded", param: null } });
  });
});

describe("Anthropic responses match the recorded ones", () => {
  it("message object", async () => {
    const res = await post("/anthropic/v1/messages", {
      model: "claude-text",
      max_tokens: 32,
      messages: [{ role: "user", content: "Hello!" }],
    });
    const ours = (await res.json()) as Record<string, unknown>;
    expect(shape(ours)).toEqual(shape(json("anthropic-text.json")));
    expect(ours).toMatchObject({
      type: "message",
      role: "assistant",
      stop_reason: "end_turn",
      stop_sequence: null,
    });
    expect(res.headers.get("request-id")).toMatch(/^req_/);
  });

  const stream = async (model: string) => {
    const res = await post("/anthropic/v1/messages", {
      model,
      max_tokens: 256,
      stream: true,
      messages: [{ role: "user", content: "Hello! How are you?" }],
    });
    const events = parseSse(await res.text());
    for (const e of events) expect(JSON.parse(e.data).type).toBe(e.event);
    return events.map((e) => JSON.parse(e.data) as Record<string, unknown>);
  };

  const compareStreams = (ours: Record<string, unknown>[], recorded: Record<string, unknown>[]) => {
    const types = (list: Record<string, unknown>[]) => list.map((e) => e.type as string);
    expect(grammar(types(ours))).toEqual(grammar(types(recorded)));
    // every event of ours has the shape of the recorded event of the same kind
    for (const event of ours) {
      const delta = (event.delta as { type?: string } | undefined)?.type;
      const twin = recorded.find(
        (r) => r.type === event.type && (r.delta as { type?: string } | undefined)?.type === delta,
      );
      expect(twin, `recorded ${String(event.type)}`).toBeDefined();
      expect(shape(event)).toEqual(shape(twin));
    }
  };

  it("text stream", async () => {
    const ours = await stream("claude-text");
    compareStreams(ours, jsonLines("anthropic-text.chunks.txt"));
    expect(ours.map((e) => e.type).slice(0, 3)).toEqual(["message_start", "content_block_start", "ping"]);
  });

  it("tool_use stream", async () => {
    const ours = await stream("claude-tool");
    compareStreams(ours, jsonLines("anthropic-tool.chunks.txt"));
    expect(ours.find((e) => e.type === "message_delta")).toMatchObject({
      delta: { stop_reason: "tool_use" },
    });
  });

  it("error body", async () => {
    const res = await post("/anthropic/v1/messages", {
      model: "claude-unknown",
      max_tokens: 8,
      messages: [{ role: "user", content: "x" }],
    });
    expect(res.status).toBe(404);
    const ours = await res.json();
    expect(shape(ours)).toEqual(shape(json("anthropic-error.json")));
    expect(ours).toMatchObject({ type: "error", error: { type: "not_found_error" } });
  });
});
