import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type ChatRequestLike,
  createTokenEstimator,
  FootprintCounter,
  InMemoryCalibrationStore,
  needsExact,
  quickEstimate,
  TokenwiseError,
  UnknownTokenizerFamilyError,
} from "@tokenwise/core";
import { Tiktoken } from "js-tiktoken/lite";
import o200k from "js-tiktoken/ranks/o200k_base";
import { describe, expect, it } from "vitest";
import {
  cookbookMessages,
  weatherMessages,
  weatherTools,
} from "../../benchmarks/estimation/cookbook-examples";
import { loadTauBench, tauBenchRequests } from "../../benchmarks/estimation/tau-bench";

const root = join(import.meta.dirname, "..", "..");
const { trajectories, tools } = loadTauBench();
const requests = tauBenchRequests(trajectories.slice(0, 12), tools);

describe("chat format (OpenAI cookbook 'How to count tokens with tiktoken')", () => {
  it("matches the published prompt_tokens of the example messages and tools", () => {
    const estimator = createTokenEstimator();
    expect(estimator.estimate({ messages: cookbookMessages }, "openai-cl100k").tokens).toBe(129);
    expect(estimator.estimate({ messages: cookbookMessages }, "openai-o200k").tokens).toBe(124);
    expect(
      estimator.estimate({ messages: weatherMessages, tools: weatherTools }, "openai-cl100k").tokens,
    ).toBe(105);
    const e = estimator.estimate({ messages: weatherMessages, tools: weatherTools }, "openai-o200k");
    expect(e).toMatchObject({ tokens: 101, low: 101, high: 101, exact: true, method: "exact:o200k_base" });
  });

  it("accepts a top-level system prompt, Anthropic blocks and images", () => {
    const estimator = createTokenEstimator();
    const plain = estimator.estimate(
      {
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Hi" },
        ],
      },
      "openai-o200k",
    );
    const anthropicStyle = estimator.estimate(
      { system: "Be brief.", messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }] },
      "openai-o200k",
    );
    expect(anthropicStyle.tokens).toBe(plain.tokens);
    const withImage = estimator.estimate(
      {
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Hi" },
              {
                type: "image_url",
                image_url: { url: "https://x/y.png", detail: "high", width: 1024, height: 1024 },
              },
            ],
          },
        ],
      },
      "openai-o200k",
    );
    expect(
      withImage.tokens -
        estimator.estimate({ messages: [{ role: "user", content: "Hi" }] }, "openai-o200k").tokens,
    ).toBe(765);
    const unknownSize = estimator.estimate(
      { messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://x" } }] }] },
      "openai-o200k",
    );
    expect(unknownSize.exact).toBe(false);
    expect(unknownSize.high - unknownSize.low).toBe(1445 - 85);
  });
});

describe("exact counting of real agent requests", () => {
  it("counts every string of tau-bench requests like js-tiktoken", () => {
    const ref = new Tiktoken(o200k);
    const counter = new FootprintCounter({ encoding: "o200k_base" });
    for (const r of requests.slice(0, 40)) {
      for (const m of r.messages) {
        if (typeof m.content !== "string") continue;
        const single = counter.count({ messages: [{ role: m.role, content: m.content }] }).tokens;
        expect(single).toBe(3 + 3 + ref.encode(m.role, [], []).length + ref.encode(m.content, [], []).length);
      }
    }
  });
});

describe("per-message cache", () => {
  it("makes a turn cost only its new messages, by identity and by content, and gives the same counts", () => {
    const cached = new FootprintCounter({ encoding: "o200k_base" });
    const conversation = requests.slice(0, 20);
    for (const r of conversation) {
      expect(cached.count(r)).toEqual(new FootprintCounter({ encoding: "o200k_base" }).count(r));
    }
    const misses = cached.stats.misses;
    const last = conversation[conversation.length - 1]!;
    cached.count(structuredClone(last));
    expect(cached.stats.misses).toBe(misses);
    expect(cached.stats.contentHits).toBeGreaterThan(0);
  });

  it("is bounded", () => {
    const small = new FootprintCounter({ encoding: "o200k_base", cacheSize: 8 });
    for (let i = 0; i < 100; i++) small.count({ messages: [{ role: "user", content: `message ${i}` }] });
    const again = small.stats.misses;
    small.count({ messages: [{ role: "user", content: "message 0" }] });
    expect(small.stats.misses).toBe(again + 1);
  });
});

describe("calibrated families", () => {
  const simulate = (r: ChatRequestLike, ratio: number, perMessage: number, noise: number) =>
    Math.round(
      (ratio * new FootprintCounter({ encoding: "o200k_base" }).count(r).tokens +
        perMessage * r.messages.length) *
        (1 + noise),
    );

  it("starts from the prior with a wide bar and converges on realized usage", () => {
    const store = new InMemoryCalibrationStore();
    const estimator = createTokenEstimator({ store });
    const first = estimator.estimate(requests[0]!, "anthropic");
    expect(first.exact).toBe(false);
    expect(first.high / first.low).toBeGreaterThan(1.5);
    let covered = 0;
    const errors: number[] = [];
    requests.slice(0, 60).forEach((r, i) => {
      const realized = simulate(r, 1.31, 4, ((i * 7919) % 21) / 1000 - 0.01);
      const e = estimator.estimate(r, "anthropic");
      if (e.low <= realized && realized <= e.high) covered++;
      if (i >= 20) errors.push(Math.abs(e.tokens - realized) / realized);
      estimator.observe("anthropic", e, realized);
    });
    errors.sort((a, b) => a - b);
    expect(errors[Math.floor(errors.length / 2)]!).toBeLessThan(0.03);
    expect(covered / 60).toBeGreaterThanOrEqual(0.9);
    // The state went to the store: a new estimator over the same store starts calibrated.
    const again = createTokenEstimator({ store });
    expect(again.calibration("anthropic").n).toBe(60);
    expect(again.calibration("anthropic").ratio).toBeCloseTo(estimator.calibration("anthropic").ratio, 6);
  });

  it("throws a typed error for an unknown family unless a fallback is set", () => {
    const estimator = createTokenEstimator();
    expect(() => estimator.estimate(requests[0]!, "nope")).toThrow(UnknownTokenizerFamilyError);
    try {
      estimator.estimate(requests[0]!, "nope");
    } catch (e) {
      expect(e).toBeInstanceOf(TokenwiseError);
    }
    expect(createTokenEstimator({ fallbackFamily: "qwen" }).estimate(requests[0]!, "nope").exact).toBe(false);
  });
});

describe("quick estimate", () => {
  it("bounds the exact o200k and cl100k counts of real requests and of Chinese text", () => {
    const o = new FootprintCounter({ encoding: "o200k_base" });
    const c = new FootprintCounter({ encoding: "cl100k_base" });
    const chinese = readFileSync(join(root, "benchmarks/estimation/data/chinese.txt"), "utf8").split("\n");
    const zhRequests: ChatRequestLike[] = [];
    for (let i = 0; i + 20 < chinese.length && zhRequests.length < 50; i += 97) {
      zhRequests.push({ messages: [{ role: "user", content: chinese.slice(i, i + 20).join("\n") }] });
    }
    for (const r of [...requests, ...zhRequests]) {
      const qo = quickEstimate(r);
      const exactO = o.count(r).tokens;
      expect(qo.low).toBeLessThanOrEqual(exactO);
      expect(qo.high).toBeGreaterThanOrEqual(exactO);
      const qc = quickEstimate(r, { encoding: "cl100k_base" });
      const exactC = c.count(r).tokens;
      expect(qc.low).toBeLessThanOrEqual(exactC);
      expect(qc.high).toBeGreaterThanOrEqual(exactC);
    }
    // chars/4 would be ~60% low on Chinese; the CJK-aware value is within 25%.
    const zh = zhRequests[0]!;
    expect(Math.abs(quickEstimate(zh).tokens / o.count(zh).tokens - 1)).toBeLessThan(0.25);
  });

  it("says when a threshold lies inside the bound", () => {
    expect(needsExact({ tokens: 1000, low: 800, high: 1300 }, [128_000, 200])).toBe(false);
    expect(needsExact({ tokens: 1000, low: 800, high: 1300 }, [1024])).toBe(true);
  });
});
