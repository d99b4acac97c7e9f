import { ValidationError } from "@tokenwise/core";
import {
  createMemoryLatencyStore,
  createMemoryQualityStore,
  NoCandidateError,
  qualityKey,
} from "@tokenwise/router";
import { afterEach, describe, expect, it } from "vitest";
import { hello, setup, testModels } from "./fixtures";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

function issueOf(fn: () => unknown): { path: unknown; message: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const issue = (error as ValidationError).issues[0]!;
    return { path: issue.path, message: issue.message };
  }
  throw new Error("did not throw");
}

describe("quality feedback", () => {
  it("negative feedback drops a model below the floor and traffic moves; the report shows prior beside learned", async () => {
    const qualityStore = createMemoryQualityStore();
    const { kit, router } = await setup({ router: { defaults: { minQuality: 0.7 }, qualityStore } });
    close = () => kit.close();
    const first = await router.generate(hello);
    // Cheapest at or above 0.7: gpt-4o (0.85) on the catalog score.
    expect(first.model).toBe("gpt-4o");
    expect(first.report.quality).toEqual({ score: 0.85, source: "test" });
    let last = first;
    const seen: string[] = [];
    for (let i = 0; i < 40 && last.model === "gpt-4o"; i++) {
      router.feedback(last.report.id, { score: 0 });
      last = await router.generate(hello);
      seen.push(last.model);
    }
    expect(last.model).not.toBe("gpt-4o");
    expect(seen.length).toBeLessThan(40);
    // The model it moved to is the next cheapest above the floor (deepseek-chat is dearer at peak).
    expect(last.model).toBe("claude-sonnet-4-5");
    // gpt-4o's plan entry now shows the catalog prior and the learned posterior side by side.
    const plan = router.plan({ ...hello, constraints: { minQuality: 0 } });
    const q = plan.ranked.find((c) => c.model === "gpt-4o")!.quality;
    expect(q.source).toBe("learned");
    expect(q.prior).toMatchObject({ score: 0.85, source: "test", flagged: false });
    expect(q.learned!.observations).toBe(seen.length);
    expect(q.learned!.mean).toBeLessThan(0.7);
    expect(q.score).toBe(q.learned!.mean);
    // Written to the store (shareable with other routers).
    expect((await qualityStore.get(qualityKey("openai/gpt-4o", "general")))?.count).toBe(seen.length);
  });

  it("an evaluator scores every successful call like feedback", async () => {
    const scored: string[] = [];
    const { kit, router } = await setup({
      router: {
        evaluator: async (report) => {
          scored.push(report.id);
          return 1;
        },
      },
    });
    close = () => kit.close();
    const r = await router.generate(hello);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(scored).toEqual([r.report.id]);
    const again = await router.generate(hello);
    expect(again.report.quality.learned).toMatchObject({ observations: 1 });
    expect(again.report.quality.prior).toBeDefined();
  });

  it("an evaluator's bad score goes to onError, never into the call", async () => {
    const errors: unknown[] = [];
    const { kit, router } = await setup({
      router: { evaluator: () => 7, onError: (error) => errors.push(error) },
    });
    close = () => kit.close();
    await router.generate(hello);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(errors[0]).toBeInstanceOf(ValidationError);
  });

  it("rejects a score outside [0, 1] and an unknown call id with typed errors", async () => {
    const { kit, router } = await setup();
    close = () => kit.close();
    const r = await router.generate(hello);
    expect(issueOf(() => router.feedback(r.report.id, { score: 1.5 }))).toMatchObject({ path: ["score"] });
    expect(issueOf(() => router.feedback(r.report.id, { score: Number.NaN }))).toMatchObject({
      path: ["score"],
    });
    expect(issueOf(() => router.feedback("twc_nope", { score: 1 }))).toMatchObject({
      path: ["callId"],
      message: expect.stringContaining("unknown call id"),
    });
  });

  it("reports the latency estimate: observed beside the prior", async () => {
    const { kit, router } = await setup({ timeScale: 0 });
    close = () => kit.close();
    const r = await router.generate(hello);
    expect(r.report.latencyEstimate).toMatchObject({
      source: "observed",
      observations: 1,
      prior: { ttftMs: 300, source: "test" },
    });
    expect(r.report.latencyEstimate!.ttftP90Ms).toBeGreaterThanOrEqual(r.report.latencyEstimate!.ttftP50Ms);
  });
});

describe("exploration", () => {
  it("is validated", async () => {
    await expect(setup({ router: { exploration: { rate: 2 } } })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["exploration", "rate"] })],
    });
  });

  it("explores only among models that meet the hard constraints, and marks the report", async () => {
    const { kit, router } = await setup({
      router: { exploration: { rate: 1, seed: 5 }, unknownQuality: "prior" },
    });
    close = () => kit.close();
    const models = new Set<string>();
    for (let i = 0; i < 12; i++) {
      // gpt-4o-mini's prior p90 (16 output tokens) is within 800 ms; the others' are not.
      const r = await router.generate({ ...hello, maxOutputTokens: 16, constraints: { maxLatencyMs: 800 } });
      models.add(r.model);
      expect(r.report.exploration).toMatchObject({ reason: "latency-unknown" });
      expect(r.report.exploration!.draws.latencyMs!).toBeLessThanOrEqual(800);
    }
    expect([...models]).toEqual(["gpt-4o-mini"]);
    // A budget excludes the expensive models from exploration too.
    const r = await router.generate({
      ...hello,
      maxOutputTokens: 16,
      constraints: { maxCostPerCall: "0.00025", denyModels: ["openai/gpt-4o-mini"] },
    });
    expect(r.model).toBe("gpt-4o");
    expect(r.report.exploration?.reason).toBe("latency-unknown");
  });
});

describe("deadline-censored latency", () => {
  for (const mode of ["generate", "stream"] as const) {
    it(`a ${mode} call cut by its deadline before any answer teaches the model's latency`, async () => {
      // The catalog says 20 ms to first token; the provider takes 1 s.
      const models = testModels().map((m) =>
        m.id === "gpt-4o-mini"
          ? { ...m, latency: { ttftMs: 20, outputTokensPerSec: 100, source: "test" } }
          : m,
      );
      const latencyStore = createMemoryLatencyStore();
      const { kit, router } = await setup({
        models,
        timeScale: 1,
        perModel: () => ({ latency: { ttftMs: 1000, tokensPerSecond: 1000 } }),
        router: { latencyStore, retry: { maxRetries: 0 } },
      });
      close = () => kit.close();
      const request = {
        ...hello,
        maxOutputTokens: 16,
        constraints: { maxLatencyMs: 300, allowModels: ["openai/gpt-4o-mini"] },
      };
      if (mode === "generate") await expect(router.generate(request)).rejects.toThrow();
      else await expect(router.stream(request).result).rejects.toThrow();
      const stat = (await latencyStore.get("openai/gpt-4o-mini"))!;
      expect(stat.count).toBe(1);
      expect(stat.ttftMean).toBeGreaterThan(100); // (2 × 20 + ≥300) / 3
      // The next call with that deadline is not sent there.
      try {
        await router.generate(request);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(NoCandidateError);
        expect((error as NoCandidateError).rejected[0]?.code).toBe("latency");
      }
    });
  }
});
