import { describe, expect, it } from "vitest";
import { mapTokenwiseFinishReason } from "./map-tokenwise-finish-reason";

describe("mapTokenwiseFinishReason", () => {
  it("keeps the raw value beside the unified one", () => {
    expect(mapTokenwiseFinishReason({ unified: "tool-calls", raw: "tool_use" })).toEqual({
      unified: "tool-calls",
      raw: "tool_use",
    });
    expect(mapTokenwiseFinishReason({ unified: "other", raw: null })).toEqual({
      unified: "other",
      raw: undefined,
    });
  });
});
