import { describe, expect, it } from "vitest";
import { duplicateKey, foldGroupsOf, groupStats } from "./fold-groups";

describe("foldGroupsOf", () => {
  it("groups declared fold groups and duplicate prompts, transitively; other rows stand alone", () => {
    const groups = foldGroupsOf([
      { prompt: "Turn one.", foldGroup: "q1" },
      { prompt: "Turn one.\n\nTurn two.", foldGroup: "q1" },
      { prompt: "turn ONE" },
      { prompt: "Something else" },
      { prompt: "something   else!" },
      { prompt: "Unique" },
    ]);
    expect(groups).toEqual([0, 0, 0, 3, 3, 5]);
    expect(groupStats(groups)).toEqual({ groups: 3, rowsInSharedGroups: 5, largestGroup: 3 });
  });
  it("normalises case, whitespace and punctuation only", () => {
    expect(duplicateKey("What is 2+2?\n")).toBe(duplicateKey("what is 2 + 2"));
    expect(duplicateKey("What is 2+3?")).not.toBe(duplicateKey("What is 2+2?"));
  });
});
