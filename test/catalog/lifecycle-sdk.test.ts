import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { builtinModels } from "@tokenwise/catalog";
import { describe, expect, it } from "vitest";

/** The end-of-life table `@anthropic-ai/sdk` ships (it warns on every call to these ids). */
function sdkDeprecations(): Map<string, string> {
  const main = createRequire(import.meta.url).resolve("@anthropic-ai/sdk");
  const text = readFileSync(join(dirname(main), "internal", "data", "deprecated-models.js"), "utf8");
  const out = new Map<string, string>();
  for (const m of text.matchAll(/'([\w.-]+)':\s*'(\w+ \d+)(?:st|nd|rd|th), (\d{4})'/g)) {
    out.set(m[1]!, new Date(`${m[2]} ${m[3]} 00:00:00 UTC`).toISOString().slice(0, 10));
  }
  return out;
}

describe("catalog lifecycle vs @anthropic-ai/sdk", () => {
  it("gives every catalog model in the SDK's end-of-life table the SDK's date", () => {
    const sdk = sdkDeprecations();
    expect(sdk.get("claude-sonnet-4-5")).toBe("2026-11-30");
    const checked: string[] = [];
    for (const m of builtinModels().filter((e) => e.provider === "anthropic")) {
      const date = sdk.get(m.id);
      if (date === undefined) continue;
      expect(m.lifecycle?.retiresOn, m.id).toBe(date);
      checked.push(m.id);
    }
    expect(checked.sort()).toEqual(["claude-opus-4-5", "claude-sonnet-4-5"]);
  });
});
