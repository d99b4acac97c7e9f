import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main, parseArgs } from "./cli";

describe("tokenwise-testkit CLI", () => {
  it("parses flags and rejects unknown ones", () => {
    expect(parseArgs(["--port", "8787", "--time-scale", "0", "--seed", "9"])).toEqual({
      port: 8787,
      timeScale: 0,
      seed: "9",
      help: false,
    });
    expect(() => parseArgs(["--nope"])).toThrow(/Unknown argument/);
    expect(() => parseArgs(["--port"])).toThrow(/needs a value/);
  });

  it("starts the default providers and prints their base URLs", async () => {
    const lines: string[] = [];
    const kit = await main(["--time-scale", "0"], { log: (l) => lines.push(l) });
    try {
      expect(kit).toBeDefined();
      expect(lines[0]).toMatch(/^tokenwise testkit listening on http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines.join("\n")).toContain(`${kit!.url}/openai/v1`);
      expect(lines.join("\n")).toContain(`anthropic (anthropic): baseURL ${kit!.url}/anthropic `);
      const res = await fetch(`${kit!.baseURL("openai")}/chat/completions`, {
        method: "POST",
        body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "ping" }] }),
      });
      expect(
        ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content,
      ).toBe("ping");
    } finally {
      await kit?.close();
    }
  });

  it("reads providers from a JSON config", async () => {
    const dir = await mkdtemp(join(tmpdir(), "testkit-cli-"));
    const file = join(dir, "providers.json");
    await writeFile(
      file,
      JSON.stringify({ providers: [{ name: "qwen", style: "openai", models: [{ id: "qwen-plus" }] }] }),
    );
    const kit = await main(["--config", file, "--time-scale", "0"], { log: () => {} });
    try {
      expect(kit!.baseURL("qwen")).toBe(`${kit!.url}/qwen/v1`);
      expect(() => kit!.baseURL("openai")).toThrow(/Unknown provider/);
    } finally {
      await kit?.close();
    }
  });

  it("prints usage for --help", async () => {
    const lines: string[] = [];
    expect(await main(["--help"], { log: (l) => lines.push(l) })).toBeUndefined();
    expect(lines[0]).toMatch(/^Usage: tokenwise-testkit/);
  });
});
