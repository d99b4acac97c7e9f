import fc from "fast-check";
import cl100k from "js-tiktoken/ranks/cl100k_base";
import o200k from "js-tiktoken/ranks/o200k_base";
import { describe, expect, it } from "vitest";
import { preTokenize } from "./pre-tokenize";

const regex = { o200k: new RegExp(o200k.pat_str, "ug"), cl100k: new RegExp(cl100k.pat_str, "ug") };
const viaRegex = (text: string, p: "o200k" | "cl100k") => [...text.matchAll(regex[p])].map((m) => m[0]);

const atoms = [
  "a",
  "B",
  "é",
  "\u0301",
  "ǅ",
  "ʰ",
  "中",
  "，",
  "'",
  "s",
  "S",
  "ll",
  "re",
  "1",
  "١",
  "²",
  " ",
  "\t",
  "\n",
  "\r",
  "/",
  "!",
  "😀",
  "\ud800",
  "\u00a0",
  "\u3000",
  "𐐖",
];

describe("hand-written pre-tokenizers", () => {
  it("split like the tiktoken regexes on examples", () => {
    for (const text of [
      "Hello world",
      "it's THE DOG'S  \n\n  x",
      "你好，世界。",
      "a/b//\n 123456",
      "x  \n",
    ]) {
      expect(preTokenize(text, "o200k")).toEqual(viaRegex(text, "o200k"));
      expect(preTokenize(text, "cl100k")).toEqual(viaRegex(text, "cl100k"));
    }
  });

  it("split like the regexes on random strings (letters, marks, CJK, emoji, surrogates, whitespace runs)", () => {
    const text = fc.oneof(
      fc.array(fc.constantFrom(...atoms), { maxLength: 40 }).map((a) => a.join("")),
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.string({ unit: "binary", maxLength: 40 }),
    );
    fc.assert(
      fc.property(text, (s) => {
        expect(preTokenize(s, "o200k")).toEqual(viaRegex(s, "o200k"));
        expect(preTokenize(s, "cl100k")).toEqual(viaRegex(s, "cl100k"));
      }),
      { numRuns: 3000 },
    );
  });
});
