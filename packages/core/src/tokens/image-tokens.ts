/** How a family turns an image into input tokens. */
export type ImageRule = "openai-tiles" | "anthropic-area" | "gemini-tiles" | "patch-28";

/** `detail` of an OpenAI image part. */
export type ImageDetail = "low" | "high" | "auto";

/** An image of a request, with its size when it is known. */
export interface ImageRef {
  width?: number;
  height?: number;
  detail?: ImageDetail;
}

/** Tokens of one image: the value and the range it may take when the size is unknown. */
export interface ImageTokens {
  tokens: number;
  low: number;
  high: number;
}

/**
 * OpenAI (GPT-4o family, chat completions), "Calculating costs" in the vision guide
 * (platform.openai.com/docs/guides/images-vision): `low` = 85 tokens; `high` = the
 * image is scaled to fit 2048×2048, then so that its shortest side is 768 px (never
 * up), then 85 + 170 per 512-px tile. `auto` is counted as `high` (the upper case).
 *
 * @example
 * openAiImageTokens(1024, 1024, "high") // 765
 * openAiImageTokens(2048, 4096, "high") // 1105
 */
export function openAiImageTokens(width: number, height: number, detail: ImageDetail = "auto"): number {
  if (detail === "low") return 85;
  let w = width;
  let h = height;
  if (w > 2048 || h > 2048) {
    const s = 2048 / Math.max(w, h);
    w = Math.floor(w * s);
    h = Math.floor(h * s);
  }
  const shortest = Math.min(w, h);
  if (shortest > 768) {
    const s = 768 / shortest;
    w = Math.floor(w * s);
    h = Math.floor(h * s);
  }
  return 85 + 170 * Math.ceil(w / 512) * Math.ceil(h / 512);
}

/**
 * Anthropic (Claude vision docs, "Calculate image costs"): tokens ≈ width·height/750,
 * after images whose long edge exceeds 1568 px are scaled down; about 1,600 at most.
 *
 * @example
 * anthropicImageTokens(1092, 1092) // 1590
 */
export function anthropicImageTokens(width: number, height: number): number {
  let w = width;
  let h = height;
  const longEdge = Math.max(w, h);
  if (longEdge > 1568) {
    const s = 1568 / longEdge;
    w = Math.floor(w * s);
    h = Math.floor(h * s);
  }
  return Math.min(1600, Math.ceil((w * h) / 750));
}

/**
 * Gemini (image understanding docs): 258 tokens when both sides are ≤ 384 px, else
 * 258 per 768×768 tile of the image.
 *
 * @example
 * geminiImageTokens(1000, 1000) // 1032
 */
export function geminiImageTokens(width: number, height: number): number {
  if (width <= 384 && height <= 384) return 258;
  return 258 * Math.ceil(width / 768) * Math.ceil(height / 768);
}

/** One token per 28×28 patch (Qwen-VL style), capped at 16,384 (Qwen2-VL default range 4–16384). */
export function patchImageTokens(width: number, height: number): number {
  return Math.max(4, Math.min(16_384, Math.ceil(width / 28) * Math.ceil(height / 28)));
}

const UNKNOWN: Record<ImageRule, ImageTokens> = {
  // Unknown size: the 1024×1024 case, bounded by the smallest and the largest the rule gives.
  "openai-tiles": { tokens: 765, low: 85, high: 1445 },
  "anthropic-area": { tokens: 1398, low: 1, high: 1600 },
  "gemini-tiles": { tokens: 1032, low: 258, high: 2064 },
  "patch-28": { tokens: 1369, low: 4, high: 16_384 },
};

/**
 * Tokens of an image under a family's rule; an image of unknown size gets the
 * rule's typical value with its full range as the bound.
 *
 * @example
 * imageTokens({ width: 512, height: 512, detail: "high" }, "openai-tiles") // { tokens: 255, low: 255, high: 255 }
 */
export function imageTokens(image: ImageRef, rule: ImageRule): ImageTokens {
  const { width, height } = image;
  if (rule === "openai-tiles" && image.detail === "low") return { tokens: 85, low: 85, high: 85 };
  if (width === undefined || height === undefined || width <= 0 || height <= 0) return { ...UNKNOWN[rule] };
  let tokens: number;
  switch (rule) {
    case "openai-tiles":
      tokens = openAiImageTokens(width, height, image.detail);
      break;
    case "anthropic-area":
      tokens = anthropicImageTokens(width, height);
      break;
    case "gemini-tiles":
      tokens = geminiImageTokens(width, height);
      break;
    case "patch-28":
      tokens = patchImageTokens(width, height);
      break;
    default: {
      const never: never = rule;
      throw new TypeError(`Unknown image rule ${String(never)}`);
    }
  }
  return { tokens, low: tokens, high: tokens };
}

/**
 * Width and height of a PNG, GIF or JPEG given as a base64 `data:` URL or raw base64
 * (only the header is decoded), or undefined.
 *
 * @example
 * imageSizeFromBase64("data:image/png;base64,iVBORw0KGgo...") // { width: 1, height: 1 }
 */
export function imageSizeFromBase64(data: string): { width: number; height: number } | undefined {
  const comma = data.startsWith("data:") ? data.indexOf(",") : -1;
  const b64 = comma >= 0 ? data.slice(comma + 1, comma + 1 + 87_384) : data.slice(0, 87_384);
  let bytes: Uint8Array;
  try {
    bytes = Buffer.from(b64.slice(0, b64.length - (b64.length % 4)), "base64");
  } catch {
    return undefined;
  }
  const u16be = (i: number) => (bytes[i]! << 8) | bytes[i + 1]!;
  const u32be = (i: number) =>
    ((bytes[i]! << 24) >>> 0) + (bytes[i + 1]! << 16) + (bytes[i + 2]! << 8) + bytes[i + 3]!;
  if (
    bytes.length >= 24 &&
    bytes[0] === 0x89 &&
    bytes[1] === 0x50 &&
    bytes[2] === 0x4e &&
    bytes[3] === 0x47
  ) {
    return { width: u32be(16), height: u32be(20) };
  }
  if (bytes.length >= 10 && bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) {
    return { width: bytes[6]! | (bytes[7]! << 8), height: bytes[8]! | (bytes[9]! << 8) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return undefined;
      const marker = bytes[i + 1]!;
      const len = u16be(i + 2);
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) return { width: u16be(i + 7), height: u16be(i + 5) };
      i += 2 + len;
    }
  }
  return undefined;
}
