import { describe, expect, it } from "vitest";
import { formatSse } from "./stream-event";

describe("formatSse", () => {
  it("frames named and unnamed events", () => {
    expect(formatSse({ event: "ping", data: '{"type":"ping"}' })).toBe(
      'event: ping\ndata: {"type":"ping"}\n\n',
    );
    expect(formatSse({ data: "[DONE]" })).toBe("data: [DONE]\n\n");
  });
});
