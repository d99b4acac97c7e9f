import { describe, expect, it } from "vitest";
import { convertTokenwiseStreamPart } from "./convert-tokenwise-stream-part";

describe("convertTokenwiseStreamPart", () => {
  it("keeps every id; the router's finish waits for the report", () => {
    expect(
      [
        { type: "reasoning-start", id: "r0" },
        { type: "reasoning-delta", id: "r0", delta: "hm" },
        { type: "reasoning-end", id: "r0" },
        { type: "text-start", id: "t0" },
        { type: "text-delta", id: "t0", delta: "Hi" },
        { type: "text-end", id: "t0" },
        { type: "tool-input-start", id: "call_1", toolName: "search", index: 0 },
        { type: "tool-input-delta", id: "call_1", delta: '{"q":' },
        { type: "tool-input-end", id: "call_1" },
        { type: "tool-call", toolCallId: "call_1", toolName: "search", input: '{"q":1}' },
        { type: "tool-call", toolCallId: "call_2", toolName: "now", input: "" },
        { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: {} as never },
      ].map((p) => convertTokenwiseStreamPart(p as Parameters<typeof convertTokenwiseStreamPart>[0])),
    ).toEqual([
      { type: "reasoning-start", id: "r0" },
      { type: "reasoning-delta", id: "r0", delta: "hm" },
      { type: "reasoning-end", id: "r0" },
      { type: "text-start", id: "t0" },
      { type: "text-delta", id: "t0", delta: "Hi" },
      { type: "text-end", id: "t0" },
      { type: "tool-input-start", id: "call_1", toolName: "search" },
      { type: "tool-input-delta", id: "call_1", delta: '{"q":' },
      { type: "tool-input-end", id: "call_1" },
      { type: "tool-call", toolCallId: "call_1", toolName: "search", input: '{"q":1}' },
      { type: "tool-call", toolCallId: "call_2", toolName: "now", input: "{}" },
      undefined,
    ]);
  });
});
