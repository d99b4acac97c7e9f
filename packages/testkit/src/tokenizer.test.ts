import { describe, expect, it } from "vitest";
import { loadTokenCounter, O200K_BIASED, resolveTokenizerSpec } from "./tokenizer";

describe("loadTokenCounter", () => {
  it("counts o200k exactly with OpenAI's chat overheads", async () => {
    const c = await loadTokenCounter("o200k_base");
    expect(c.text("Hello world")).toBe(2);
    expect(c.text("")).toBe(0);
    expect([c.perMessage, c.perName, c.perRequest]).toEqual([3, 1, 3]);
  });

  it("counts cl100k differently from o200k on non-English text", async () => {
    const o = await loadTokenCounter("o200k_base");
    const cl = await loadTokenCounter("cl100k_base");
    const text = "价格战之后，模型的价格每个月都在变化。";
    expect(cl.text(text)).not.toBe(o.text(text));
  });

  it("applies the documented bias: round(1.18 × o200k) per part, 5 per message", async () => {
    const o = await loadTokenCounter("o200k_base");
    const b = await loadTokenCounter("o200k-biased");
    const text = "The quick brown fox jumps over the lazy dog. ".repeat(20);
    expect(b.text(text)).toBe(Math.round(o.text(text) * 1.18));
    expect(b.perMessage).toBe(O200K_BIASED.perMessage);
    expect(b.perRequest).toBe(0);
  });

  it("does not choke on special-token text", async () => {
    const o = await loadTokenCounter("o200k_base");
    expect(o.text("<|endoftext|>")).toBeGreaterThan(1);
  });

  it("rejects unknown tokenizers with a typed error", () => {
    expect(() => resolveTokenizerSpec("p50k" as "o200k_base")).toThrow(/Unknown tokenizer/);
    expect(() => resolveTokenizerSpec({ ...O200K_BIASED, ratio: 0 })).toThrow(/ratio/);
  });
});
