import { describe, expect, it } from "vitest";
import { anthropicImageTokens, imageSizeFromBase64, imageTokens, openAiImageTokens } from "./image-tokens";

describe("image tokens", () => {
  it("follow OpenAI's documented examples", () => {
    expect(openAiImageTokens(1024, 1024, "high")).toBe(765);
    expect(openAiImageTokens(2048, 4096, "high")).toBe(1105);
    expect(openAiImageTokens(4096, 8192, "low")).toBe(85);
  });
  it("follow Anthropic's (w·h)/750 with the 1568-px long edge", () => {
    expect(anthropicImageTokens(1092, 1092)).toBe(1590);
    expect(anthropicImageTokens(200, 200)).toBe(54);
    expect(anthropicImageTokens(4000, 4000)).toBe(1600);
  });
  it("bound an image of unknown size", () => {
    expect(imageTokens({}, "openai-tiles")).toEqual({ tokens: 765, low: 85, high: 1445 });
  });
  it("read PNG dimensions from a data URL", () => {
    const png = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png, 0);
    png.writeUInt32BE(640, 16);
    png.writeUInt32BE(480, 20);
    expect(imageSizeFromBase64(`data:image/png;base64,${png.toString("base64")}`)).toEqual({
      width: 640,
      height: 480,
    });
  });
});
