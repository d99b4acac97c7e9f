import { makeUsage, type StreamPart } from "@tokenwise/core";
import { describe, expect, it } from "vitest";
import { expectWellFormedStream } from "./run-adapter-conformance";

const finish: StreamPart = {
  type: "finish",
  finishReason: { unified: "stop", raw: "stop" },
  usage: makeUsage(),
};

// The suite's order check must itself reject what the contract forbids.
describe("expectWellFormedStream", () => {
  it("accepts text then a tool call, closed in order, finish last", () => {
    expectWellFormedStream([
      { type: "text-start", id: "t" },
      { type: "text-delta", id: "t", delta: "hi" },
      { type: "text-end", id: "t" },
      { type: "tool-input-start", id: "c1", toolName: "f", index: 0 },
      { type: "tool-input-delta", id: "c1", delta: "{}" },
      { type: "tool-input-end", id: "c1" },
      { type: "tool-call", toolCallId: "c1", toolName: "f", input: "{}" },
      finish,
    ]);
  });

  it.each<[string, StreamPart[]]>([
    ["a delta outside its block", [{ type: "text-delta", id: "t", delta: "x" }, finish]],
    ["a block left open", [{ type: "text-start", id: "t" }, finish]],
    ["finish not last", [finish, { type: "text-start", id: "t" }, { type: "text-end", id: "t" }]],
    [
      "no finish",
      [
        { type: "text-start", id: "t" },
        { type: "text-end", id: "t" },
      ],
    ],
    [
      "a tool-call before its tool-input-end",
      [
        { type: "tool-input-start", id: "c1", toolName: "f", index: 0 },
        { type: "tool-call", toolCallId: "c1", toolName: "f", input: "{}" },
        { type: "tool-input-end", id: "c1" },
        finish,
      ],
    ],
    [
      "a closed tool input without its tool-call",
      [
        { type: "tool-input-start", id: "c1", toolName: "f", index: 0 },
        { type: "tool-input-end", id: "c1" },
        finish,
      ],
    ],
  ])("rejects %s", (_, parts) => {
    expect(() => expectWellFormedStream(parts)).toThrow();
  });
});
