import { describe, expect, it } from "vitest";
import { startTestkit } from "./testkit-server";

const price = {
  currency: "USD",
  effectiveFrom: "2026-01-01T00:00:00Z",
  input: "2",
  cacheRead: "0.5",
  output: "8",
  source: { url: "https://example.test/prices", asOf: "2026-01-01" },
};
const later = { ...price, effectiveFrom: "2026-02-01T00:00:00Z", input: "4" };

async function chat(url: string, model: string, content: string, extra: Record<string, unknown> = {}) {
  const res = await fetch(`${url}/chat/completions`, {
    method: "POST",
    body: JSON.stringify({ model, messages: [{ role: "user", content }], ...extra }),
  });
  return { res, text: await res.text() };
}

describe("startTestkit", () => {
  it("bills at the price in force at the server clock", async () => {
    let now = new Date("2026-01-15T00:00:00Z");
    const kit = await startTestkit({
      timeScale: 0,
      now: () => now,
      providers: [{ name: "p", style: "openai", models: [{ id: "m", prices: [price, later] }] }],
    });
    try {
      await chat(kit.baseURL("p"), "m", "hello there");
      now = new Date("2026-02-15T00:00:00Z");
      await chat(kit.baseURL("p"), "m", "hello there");
      const [a, b] = kit.billing();
      expect(a!.usage).toEqual(b!.usage);
      expect(a!.cost!.version.effectiveFrom).toBe("2026-01-01T00:00:00Z");
      expect(b!.cost!.version.effectiveFrom).toBe("2026-02-01T00:00:00Z");
      expect(b!.cost!.parts.input.atto).toBe(2n * a!.cost!.parts.input.atto);
      expect(kit.billingTotal("USD").atto).toBe(a!.cost!.total.atto + b!.cost!.total.atto);
    } finally {
      await kit.close();
    }
  });

  it("is deterministic for a seed: same ids and same rate-based faults", async () => {
    const run = async () => {
      const kit = await startTestkit({
        timeScale: 0,
        seed: 5,
        providers: [
          { name: "p", style: "openai", models: [{ id: "m", faults: { rate: 0.5, kinds: ["429", "500"] } }] },
        ],
      });
      try {
        const out: string[] = [];
        for (let i = 0; i < 20; i++) {
          const { res, text } = await chat(kit.baseURL("p"), "m", `q${i}`);
          out.push(`${res.status} ${res.headers.get("x-request-id")} ${res.ok ? JSON.parse(text).id : ""}`);
        }
        return out;
      } finally {
        await kit.close();
      }
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.some((l) => l.startsWith("429")) && first.some((l) => l.startsWith("200"))).toBe(true);
  });

  it("paces streams by the latency profile scaled by timeScale", async () => {
    const kit = await startTestkit({
      timeScale: 1,
      providers: [
        { name: "p", style: "openai", models: [{ id: "m", latency: { ttftMs: 150, tokensPerSecond: 1e6 } }] },
      ],
    });
    try {
      const t0 = performance.now();
      await chat(kit.baseURL("p"), "m", "hi", { stream: true });
      expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    } finally {
      await kit.close();
    }
  });

  it("serves unprefixed /v1 routes by model and rejects bad configuration", async () => {
    const kit = await startTestkit({ timeScale: 0 });
    try {
      const { res } = await chat(`${kit.url}/v1`, "deepseek-chat", "x");
      expect(res.status).toBe(200);
      expect(kit.requests({ provider: "deepseek" })).toHaveLength(1);
    } finally {
      await kit.close();
    }
    await expect(startTestkit({ providers: [{ name: "v1", style: "openai", models: [] }] })).rejects.toThrow(
      /path segment/,
    );
    await expect(
      startTestkit({
        providers: [{ name: "p", style: "openai", models: [{ id: "m", faults: ["nope" as "429"] }] }],
      }),
    ).rejects.toThrow(/unknown fault/);
  });
});
