import { describe, expect, it } from "vitest";
import { ReplayExhaustedError, responder } from "./response-source";
import type { SimMessage, SimRequest } from "./sim-request";

function req(messages: SimMessage[]): SimRequest {
  return {
    protocol: "openai",
    provider: "p",
    model: "m",
    stream: false,
    includeUsage: false,
    messages,
    tools: [],
    toolChoice: { type: "auto" },
    units: [],
    body: {},
    headers: {},
    requestId: "r",
    seq: 1,
    receivedAt: new Date(0),
  };
}

describe("responder", () => {
  it("echoes the last user message by default", async () => {
    const answer = responder(undefined, "m");
    const r = req([
      { role: "user", content: "first" },
      { role: "assistant", content: "x" },
      { role: "user", content: "id-42" },
    ]);
    expect(await answer(r)).toEqual({ text: "id-42" });
  });

  it("cycles scripted answers", async () => {
    const answer = responder({ scripted: ["a", { text: "b", reasoningTokens: 5 }] }, "m");
    const r = req([{ role: "user", content: "q" }]);
    expect([await answer(r), await answer(r), await answer(r)]).toEqual([
      { text: "a" },
      { text: "b", reasoningTokens: 5 },
      { text: "a" },
    ]);
  });

  it("replays the assistant turn matching the history length, tool calls included", async () => {
    const answer = responder(
      {
        replay: [
          { role: "user", content: "weather?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                id: "call_1",
                type: "function",
                function: { name: "get_weather", arguments: '{"city":"Paris"}' },
              },
            ],
          },
          { role: "tool", content: "18C" },
          { role: "assistant", content: "It is 18C." },
        ],
      },
      "m",
    );
    expect(await answer(req([{ role: "user", content: "weather?" }]))).toEqual({
      toolCalls: [{ id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' }],
    });
    const second = req([
      { role: "user", content: "weather?" },
      { role: "assistant", content: "", toolCalls: [] },
      { role: "tool", content: "18C" },
    ]);
    expect(await answer(second)).toEqual({ text: "It is 18C." });
    const third = req([
      ...second.messages,
      { role: "assistant", content: "It is 18C." },
      { role: "user", content: "more" },
    ]);
    await expect(answer(third)).rejects.toBeInstanceOf(ReplayExhaustedError);
  });

  it("calls a function source", async () => {
    const answer = responder((r) => `model ${r.model}`, "m");
    expect(await answer(req([]))).toEqual({ text: "model m" });
  });
});
