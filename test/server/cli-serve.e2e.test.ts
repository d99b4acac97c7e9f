import { createCatalog } from "@tokenwise/catalog";
import { main } from "@tokenwise/cli";
import { hashVirtualKey } from "@tokenwise/server";
import { simProvidersFor, startTestkit } from "@tokenwise/testkit";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";

const PROVIDER_KEY = "sk-proj-provider-SECRET-4242";

describe("tokenwise serve", () => {
  it("--hash-key prints the hash to put in the config", async () => {
    const out: string[] = [];
    const code = await main(["serve", "--hash-key", "sk-tw-1"], {
      stdout: (l) => out.push(l),
      stderr: () => {},
    });
    expect(code).toBe(0);
    expect(out).toEqual([hashVirtualKey("sk-tw-1")]);
  });

  it("serves a YAML config over catalog models, reads the provider key from the environment, never prints it", async () => {
    const catalog = createCatalog();
    const kit = await startTestkit({
      timeScale: 0,
      providers: simProvidersFor([catalog.find("openai/gpt-4o-mini")]),
    });
    const yaml = `
listen: { host: 127.0.0.1, port: 0 }
models: [openai/gpt-4o-mini]
providers:
  openai: { baseURL: "${kit.baseURL("openai")}", apiKeyEnv: MY_OPENAI_KEY }
keys:
  - { name: ci, hash: "${hashVirtualKey("sk-tw-ci")}", tenant: ci, tags: [e2e] }
`;
    const out: string[] = [];
    const stop = new AbortController();
    const running = main(["serve", "--config", "tokenwise.yaml"], {
      stdout: (l) => out.push(l),
      stderr: (l) => out.push(l),
      readFile: () => yaml,
      env: { MY_OPENAI_KEY: PROVIDER_KEY },
      catalog,
      signal: stop.signal,
    });
    try {
      for (let i = 0; i < 400 && !out.some((l) => l.includes("listening on")); i++) {
        await new Promise((r) => setTimeout(r, 5));
      }
      const base = /listening on (\S+)/.exec(out.find((l) => l.includes("listening on"))!)![1]!;
      const client = new OpenAI({ baseURL: base, apiKey: "sk-tw-ci", maxRetries: 0 });
      const res = await client.chat.completions.create({
        model: "auto",
        messages: [{ role: "user", content: "ping" }],
      });
      expect(res.choices[0]!.message.content).toBe("ping");
      expect(res.model).toBe("openai/gpt-4o-mini");
      expect(kit.requests()[0]!.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
      const bad = await new OpenAI({ baseURL: base, apiKey: PROVIDER_KEY, maxRetries: 0 }).models
        .list()
        .catch((e) => e);
      expect(bad.status).toBe(401); // the provider key is not a virtual key
    } finally {
      stop.abort();
    }
    expect(await running).toBe(0);
    await kit.close();
    const log = out.map((l) => (l.startsWith("{") ? JSON.parse(l) : l));
    expect(log).toContainEqual(
      expect.objectContaining({ status: 200, tenant: "ci", key: "ci", served: "openai/gpt-4o-mini" }),
    );
    for (const line of out) expect(line).not.toContain(PROVIDER_KEY);
  });

  it("a bad config names the path and exits 1", async () => {
    const err: string[] = [];
    const code = await main(["serve", "--config", "t.yaml"], {
      stdout: () => {},
      stderr: (l) => err.push(l),
      readFile: () => "keys:\n  - { hash: nope, tenant: a }\n",
    });
    expect(code).toBe(1);
    expect(err.join("\n")).toMatch(/keys\.0\.hash: must be "sha256:"/);
  });
});
