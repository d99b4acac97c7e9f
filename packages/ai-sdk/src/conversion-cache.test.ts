import { describe, expect, it } from "vitest";
import { ConversionCache } from "./conversion-cache";
import {
  convertPrompt,
  convertToTokenwiseRequest,
  createConversionCaches,
} from "./convert-to-tokenwise-request";

describe("ConversionCache", () => {
  it("keeps the most recently used entries up to its bound", () => {
    const cache = new ConversionCache<number>(2);
    let calls = 0;
    const get = (k: string) => cache.get(k, () => ++calls);
    expect([get("a"), get("b"), get("a")]).toEqual([1, 2, 1]);
    get("c"); // evicts b, the least recently used
    expect(get("a")).toBe(1);
    expect(get("b")).toBe(4);
    expect(cache.size).toBe(2);
  });

  it("does not keep an undefined conversion", () => {
    const cache = new ConversionCache<number>(2);
    expect(cache.get("a", () => undefined)).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});

describe("conversion with caches", () => {
  const turn = (text: string) => ({ role: "user" as const, content: [{ type: "text" as const, text }] });

  it("equal messages and tool lists in a later call convert to the same objects", () => {
    const caches = createConversionCaches();
    const tools = [{ type: "function" as const, name: "t", inputSchema: { type: "object" as const } }];
    const first = convertToTokenwiseRequest({ prompt: [turn("a")], tools }, caches).request;
    const second = convertToTokenwiseRequest({ prompt: [turn("a"), turn("b")], tools }, caches).request;
    expect(second.messages[0]).toBe(first.messages[0]);
    expect(second.messages[1]).toEqual({ role: "user", content: "b" });
    expect(second.tools).toBe(first.tools);
  });

  it("a message whose conversion warns is converted (and warns) every time", () => {
    const caches = createConversionCaches();
    const approval = {
      role: "tool" as const,
      content: [{ type: "tool-approval-response" as const, approvalId: "a1", approved: true }],
    };
    for (let i = 0; i < 2; i++) {
      const warnings: { type: string }[] = [];
      convertPrompt([approval], warnings as never, caches.messages);
      expect(warnings).toHaveLength(1);
    }
  });

  it("binary images are converted every time, without a cache entry", () => {
    const caches = createConversionCaches();
    const image = {
      role: "user" as const,
      content: [{ type: "file" as const, mediaType: "image/png", data: new Uint8Array([1]) }],
    };
    const [a] = convertPrompt([image], [], caches.messages);
    const [b] = convertPrompt([image], [], caches.messages);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(caches.messages.size).toBe(0);
  });
});
