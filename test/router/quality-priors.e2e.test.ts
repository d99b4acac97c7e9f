import { createCatalog } from "@tokenwise/catalog";
import { createRouter, NoCandidateError } from "@tokenwise/router";
import { simProvidersFor, startTestkit } from "@tokenwise/testkit";
import { afterEach, describe, expect, it } from "vitest";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const catalog = createCatalog();
const AT = new Date("2026-10-01T09:00:00Z");
const hello = {
  messages: [{ role: "user" as const, content: "Say hello in five words." }],
  maxOutputTokens: 50,
};

async function setup(keys: string[], at = AT) {
  const models = keys.map((k) => catalog.find(k));
  const kit = await startTestkit({ providers: simProvidersFor(models), timeScale: 0 });
  close = () => kit.close();
  const providers = Object.fromEntries(
    [...new Set(models.map((m) => m.provider))].map((p) => [
      p,
      { apiKey: "testkit", baseURL: kit.baseURL(p) },
    ]),
  );
  return (unknownQuality?: "exclude" | "prior") =>
    createRouter({
      models,
      fx: catalog.fx,
      providers,
      env: {},
      now: () => at,
      ...(unknownQuality ? { unknownQuality } : {}),
    });
}

describe("quality priors and dated quality, end to end (real SDK clients ↔ testkit)", () => {
  it("a model with only a prior is refused under a floor by default, and routed with unknownQuality: prior (report says prior)", async () => {
    const router = await setup(["zhipu/glm-5.3"]);
    const request = { ...hello, constraints: { minQuality: 0.5 } };
    const refused = await router()
      .generate(request)
      .catch((e: unknown) => e);
    expect(NoCandidateError.isInstance(refused)).toBe(true);
    expect(String((refused as Error).message)).toMatch(/quality-unknown|only a prior/);
    const r = await router("prior").generate(request);
    expect(`${r.provider}/${r.model}`).toBe("zhipu/glm-5.3");
    expect(r.report.quality.source).toBe("prior");
    expect(r.report.quality.score).toBeGreaterThan(0.5);
  });

  it("an alias is scored as the model it serves at the call's instant", async () => {
    // deepseek-chat serves DeepSeek-V4-Flash from 2026-04-24 until it retires on 2026-07-24.
    const router = (await setup(["deepseek/deepseek-chat"], new Date("2026-05-01T09:00:00Z")))();
    const r = await router.generate({ ...hello, constraints: { minQuality: 0.6 } });
    expect(r.report.quality.source).toContain('"deepseek-v4-flash"');
    expect(r.report.quality.score).toBeCloseTo(0.6998, 4);
  });
});
