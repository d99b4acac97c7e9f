import type { QualityPredictor } from "@tokenwise/core";
import type { CallReport } from "@tokenwise/router";
import { afterEach, describe, expect, it } from "vitest";
import { hello, setup } from "./fixtures";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("quality predictor and observers", () => {
  it("uses per-prompt predicted quality, names the predictor in the report, and notifies observers", async () => {
    const predictor: QualityPredictor = {
      name: "test-predictor@v1",
      models: ["openai/gpt-4o-mini", "deepseek/deepseek-chat"],
      predict: ({ prompt }) =>
        new Map([
          ["openai/gpt-4o-mini", prompt.includes("hard") ? 0.2 : 0.95],
          ["deepseek/deepseek-chat", 0.9],
        ]),
    };
    const seen: CallReport[] = [];
    const { kit, router } = await setup({
      router: {
        qualityPredictor: predictor,
        defaults: { minQuality: 0.8 },
        observers: [(r) => seen.push(r)],
      },
    });
    close = () => kit.close();
    const easy = await router.generate(hello);
    expect(easy.model).toBe("gpt-4o-mini");
    expect(easy.report.predictor).toEqual({ name: "test-predictor@v1", predicted: 0.95 });
    expect(easy.report.quality.source).toBe("test-predictor@v1");
    const hard = await router.generate({ messages: [{ role: "user", content: "a hard question" }] });
    expect(hard.model).not.toBe("gpt-4o-mini");
    expect(hard.report.rejected.find((r) => r.model === "gpt-4o-mini")?.code).toBe("quality");
    expect(seen.map((r) => r.id)).toEqual([easy.report.id, hard.report.id]);
    const plan = router.plan(hello);
    expect(plan.predictor).toBe("test-predictor@v1");
  });

  it("learns latency online from observed calls", async () => {
    const { kit, router } = await setup();
    close = () => kit.close();
    const median = { ...hello, constraints: { latencyPercentile: 0.5 } };
    const before = router.plan(median).ranked.find((r) => r.model === "gpt-4o-mini")!.predictedTtftMs!;
    for (let i = 0; i < 5; i++)
      await router.generate({ ...hello, constraints: { allowModels: ["openai/gpt-4o-mini"] } });
    const after = router.plan(median).ranked.find((r) => r.model === "gpt-4o-mini")!.predictedTtftMs!;
    // The testkit answers at once (timeScale 0): observed TTFT is far below the 300 ms prior.
    expect(after).toBeLessThan(before / 2);
  });
});
