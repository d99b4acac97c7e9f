import { describe, expect, it } from "vitest";
import { foldGroupsOf, groupStats } from "./fold-groups";
import { duplicateKey, nearDuplicatePairs, trainTestDuplicates } from "./near-duplicates";

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

describe("near-duplicates", () => {
  const train = [
    "A farmer has 12 cows and buys 5 more each week for 3 weeks. How many cows does he have now?",
    "What is the capital of France?",
    "Explain the difference between TCP and UDP in two sentences.",
  ];
  it("finds exact, normalised and high-overlap copies of training prompts, and nothing else", () => {
    const test = [
      "What is the capital of France?",
      "what is the capital of france",
      "A farmer has 12 cows and buys 5 more each week for 3 weeks. How many cows does he have now in total?",
      "A baker sells 40 loaves a day at 3 dollars each. How much does she earn in a week?",
    ];
    const report = trainTestDuplicates(train, test);
    expect(report.kinds).toEqual(["exact", "normalised", "near", undefined]);
    expect([report.exact, report.normalised, report.near, report.total]).toEqual([1, 1, 1, 3]);
  });
  it("joins near-duplicates within one set into one fold group", () => {
    const rows = [...train, `${train[0]} Answer briefly.`].map((prompt) => ({ prompt }));
    expect(nearDuplicatePairs(rows.map((r) => r.prompt))).toEqual([{ i: 3, j: 0, kind: "near" }]);
    expect(foldGroupsOf(rows)).toEqual([0, 1, 2, 0]);
    expect(foldGroupsOf(rows, { nearDuplicates: false })).toEqual([0, 1, 2, 3]);
  });
});
