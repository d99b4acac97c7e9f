import fc from "fast-check";
import { Tiktoken } from "js-tiktoken/lite";
import cl100k from "js-tiktoken/ranks/cl100k_base";
import o200k from "js-tiktoken/ranks/o200k_base";
import { describe, expect, it } from "vitest";
import { getTokenizer } from "./encodings";

const reference = { o200k_base: new Tiktoken(o200k), cl100k_base: new Tiktoken(cl100k) };
const encodings = ["o200k_base", "cl100k_base"] as const;

describe("BpeTokenizer", () => {
  it("encodes exactly like js-tiktoken, including long pieces merged through the heap", () => {
    const texts = [
      "Hello world",
      "你好，世界",
      "a".repeat(2000),
      " ".repeat(600),
      "<|endoftext|>",
      "😀👍🏽 e\u0301",
    ];
    for (const enc of encodings) {
      for (const t of texts) {
        expect(getTokenizer(enc).encode(t)).toEqual(reference[enc].encode(t, [], []));
        expect(getTokenizer(enc).count(t)).toBe(reference[enc].encode(t, [], []).length);
      }
    }
  });

  it("counts random strings identically for o200k and cl100k", () => {
    const atoms = [
      "the",
      " the",
      "ing",
      "中文",
      "，",
      "'s",
      " ",
      "  ",
      "\n",
      "\t",
      "😀",
      "\ud83d",
      "é",
      "e\u0301",
      "123",
      "<|endoftext|>",
      "ß",
      "/",
    ];
    const text = fc.oneof(
      fc.array(fc.constantFrom(...atoms), { maxLength: 50 }).map((a) => a.join("")),
      fc.string({ unit: "grapheme", maxLength: 60 }),
      fc.string({ unit: "binary", maxLength: 60 }),
    );
    fc.assert(
      fc.property(text, (s) => {
        for (const enc of encodings) {
          getTokenizer(enc).clearCache();
          expect(getTokenizer(enc).count(s)).toBe(reference[enc].encode(s, [], []).length);
          expect(getTokenizer(enc).count(s)).toBe(reference[enc].encode(s, [], []).length); // cached path
        }
      }),
      { numRuns: 2000 },
    );
  });
});
