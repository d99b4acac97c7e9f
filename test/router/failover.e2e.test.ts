import {
  AllCandidatesFailedError,
  CallAbortedError,
  DeadlineExceededError,
  MissingApiKeyError,
  reportToJSON,
  StreamInterruptedError,
} from "@tokenwise/router";
import type { FaultKind } from "@tokenwise/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { hello, KEY, setup } from "./fixtures";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const CHEAP = "openai/gpt-4o-mini";

/** Every billed testkit request matches exactly one router attempt with usage, by request id. */
function expectNoDoubleBilling(
  kit: Awaited<ReturnType<typeof setup>>["kit"],
  attempts: { requestId?: string; usage?: unknown }[],
) {
  const billed = kit.billing().filter((b) => b.billed);
  const withUsage = attempts.filter((a) => a.usage);
  const ids = withUsage.map((a) => a.requestId);
  expect(new Set(ids).size).toBe(ids.length);
  for (const b of billed) expect(ids).toContain(b.requestId);
}

describe("failover (non-streaming)", () => {
  const kinds: FaultKind[] = [
    "429",
    "500",
    "503",
    "529",
    "reset-before",
    "malformed-json",
    "error-event",
    "reset-mid-stream",
  ];
  for (const kind of kinds) {
    it(`retries then fails over on ${kind}`, async () => {
      const { kit, router } = await setup({ faults: { [CHEAP]: [kind, kind, kind, kind] } });
      close = () => kit.close();
      const r = await router.generate(hello);
      expect(`${r.provider}/${r.model}`).not.toBe(CHEAP);
      const failed = r.report.attempts.filter((a) => a.status === "error");
      expect(failed).toHaveLength(3); // first try + 2 retries on the cheapest, then the next candidate
      expect(failed.every((a) => a.model === "gpt-4o-mini")).toBe(true);
      expect(r.report.attempts.at(-1)?.status).toBe("ok");
      if (kind === "429") expect(failed[0]!.httpStatus).toBe(429);
      if (kind === "malformed-json" || kind === "reset-mid-stream") {
        // A 200 the client could not read (malformed, or reset mid-body) was served and billed by the
        // provider: the router accounts its estimate, flagged with its reason, never $0 — and the
        // billing log does bill those three.
        expect(failed.every((a) => a.usageSource === "estimated" && a.cost !== undefined)).toBe(true);
        expect(failed[0]!.estimate?.reason).toBe(
          kind === "malformed-json" ? "malformed-response" : "reset-mid-body",
        );
        expect(kit.billing().filter((b) => b.billed)).toHaveLength(4);
      } else {
        // Failed attempts with no usage returned bill nothing; the success bills once.
        expect(r.report.attempts.filter((a) => a.usage)).toHaveLength(1);
      }
      if (!["malformed-json", "reset-mid-stream"].includes(kind)) {
        expect(router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
        expectNoDoubleBilling(kit, r.report.attempts);
      }
    });
  }

  it("recovers on the same model when a retry succeeds, honouring retry-after", async () => {
    const { kit, router } = await setup({ faults: { [CHEAP]: ["429"] } });
    close = () => kit.close();
    const r = await router.generate(hello);
    expect(`${r.provider}/${r.model}`).toBe(CHEAP);
    expect(r.report.attempts.map((a) => a.status)).toEqual(["error", "ok"]);
    expect(router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
  });

  it("times out a slow first token and fails over (attemptTimeoutMs)", async () => {
    const { kit, router } = await setup({
      faults: { [CHEAP]: ["slow-ttft", "slow-ttft", "slow-ttft"] },
      router: { attemptTimeoutMs: 150, retry: { maxRetries: 0, initialDelayMs: 1 } },
    });
    close = () => kit.close();
    const r = await router.generate(hello);
    expect(r.model).not.toBe("gpt-4o-mini");
    expect(r.report.attempts[0]!.error?.message).toMatch(/attemptTimeoutMs/);
    await new Promise((res) => setTimeout(res, 50));
    expect(router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
  });

  it("does not retry a 400 and gathers every attempt in one error when all fail", async () => {
    const all = ["500", "500", "500", "500"] as FaultKind[];
    const { kit, router } = await setup({
      faults: {
        [CHEAP]: all,
        "openai/gpt-4o": all,
        "deepseek/deepseek-chat": all,
        "anthropic/claude-sonnet-4-5": all,
      },
      router: { retry: { maxRetries: 1, initialDelayMs: 1 } },
    });
    close = () => kit.close();
    const err = await router.generate(hello).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AllCandidatesFailedError);
    const attempts = (err as AllCandidatesFailedError).attempts;
    expect(attempts).toHaveLength(8);
    expect(new Set(attempts.map((a) => a.model)).size).toBe(4);
    expect(router.ledger.total("USD").atto).toBe(0n);
  });

  it("the caller's abort stops everything at once", async () => {
    const { kit, router } = await setup({
      faults: { [CHEAP]: ["slow-ttft"] },
    });
    close = () => kit.close();
    const ac = new AbortController();
    const p = router.generate({ ...hello, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    const t0 = Date.now();
    await expect(p).rejects.toBeInstanceOf(CallAbortedError);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(kit.requests()).toHaveLength(1);
  });

  it("the latency cap bounds the whole call", async () => {
    const { kit, router } = await setup({ faults: { [CHEAP]: ["slow-ttft"] } });
    close = () => kit.close();
    const t0 = Date.now();
    const err = await router
      .generate({ ...hello, maxOutputTokens: 20, constraints: { maxLatencyMs: 1000 } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AllCandidatesFailedError);
    expect((err as AllCandidatesFailedError).errors.at(-1)).toBeInstanceOf(DeadlineExceededError);
    expect(Date.now() - t0).toBeLessThan(1800);
  });

  it("opens the circuit for a failing provider", async () => {
    const { kit, router } = await setup({
      faults: { [CHEAP]: { rate: 1, kinds: ["503"] }, "openai/gpt-4o": { rate: 1, kinds: ["503"] } },
      router: { retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 } },
    });
    close = () => kit.close();
    const first = await router.generate(hello);
    expect(first.provider).not.toBe("openai");
    const second = await router.generate(hello);
    expect(second.report.rejected.find((r) => r.provider === "openai")?.code).toBe("circuit-open");
    expect(kit.requests({ provider: "openai" })).toHaveLength(2);
  });
});

describe("credentials", () => {
  it("never puts a key in a report, an error or a log", async () => {
    const { kit, router } = await setup({
      faults: {
        [CHEAP]: ["500", "500", "500"],
        "openai/gpt-4o": ["500", "500", "500"],
        "deepseek/deepseek-chat": ["500", "500", "500"],
        "anthropic/claude-sonnet-4-5": ["500", "500", "500"],
      },
    });
    close = () => kit.close();
    const err = await router.generate(hello).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AllCandidatesFailedError);
    const e = err as AllCandidatesFailedError;
    const text = `${e.message} ${String(e)} ${reportToJSON(e.attempts)} ${e.errors.map(String).join(" ")} ${e.stack}`;
    expect(text).not.toContain(KEY);
    const ok = await router.generate(hello);
    expect(reportToJSON(ok.report)).not.toContain(KEY);
    // It did reach the provider.
    expect(
      kit.requests().at(-1)?.headers.authorization ?? kit.requests().at(-1)?.headers["x-api-key"],
    ).toContain(KEY);
  });

  it("a missing key names the option and the environment variable, and the provider is skipped", async () => {
    const { kit, router } = await setup({
      router: { providers: {}, env: {} },
    });
    close = () => kit.close();
    const p = router.plan(hello);
    expect(p.ranked).toHaveLength(0);
    expect(p.rejected[0]!.code).toBe("no-credentials");
    const e = new MissingApiKeyError({
      provider: "deepseek",
      option: "providers.deepseek.apiKey",
      envVar: "DEEPSEEK_API_KEY",
    });
    expect(e.message).toContain("DEEPSEEK_API_KEY");
    expect(e.message).toContain("providers.deepseek.apiKey");
  });
});

describe("streaming", () => {
  it("streams text with usage at the end and a report", async () => {
    const { kit, router } = await setup();
    close = () => kit.close();
    const s = router.stream(hello);
    let text = "";
    for await (const t of s.textStream) text += t;
    const r = await s.result;
    expect(text).toBe(r.text);
    expect(text).toContain("Say hello");
    expect(r.report.streamed).toBe(true);
    expect(r.usage.output).toBeGreaterThan(0);
    expect(kit.requests()[0]!.includeUsage).toBe(true);
    expect(router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
  });

  it("fails over before the first token, invisibly to the caller", async () => {
    const { kit, router } = await setup({ faults: { [CHEAP]: ["503", "503", "503"] } });
    close = () => kit.close();
    const s = router.stream(hello);
    const parts = [];
    for await (const p of s.parts) parts.push(p);
    const r = await s.result;
    expect(r.model).not.toBe("gpt-4o-mini");
    expect(parts.at(-1)?.type).toBe("finish");
    expect(router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
  });

  for (const kind of ["truncated-sse", "error-event", "reset-mid-stream"] as FaultKind[]) {
    it(`surfaces ${kind} after the first token and accounts the partial usage`, async () => {
      const { kit, router } = await setup({
        faults: { [CHEAP]: [kind] },
        response: { scripted: ["one two three four five six seven eight nine ten eleven twelve"] },
      });
      close = () => kit.close();
      const s = router.stream(hello);
      let text = "";
      const err = await (async () => {
        for await (const t of s.textStream) text += t;
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StreamInterruptedError);
      await expect(s.result).rejects.toBeInstanceOf(StreamInterruptedError);
      expect(text.length).toBeGreaterThan(0);
      const attempts = (err as StreamInterruptedError).attempts;
      expect(attempts).toHaveLength(1);
      expect(attempts[0]!.usage?.output).toBeGreaterThan(0);
      expect(attempts[0]!.usageSource).toBe("estimated");
      const billed = kit.billing()[0]!;
      expect(billed.billed).toBe(true);
      // Estimated, so close to but not necessarily equal to what the provider billed.
      expect(attempts[0]!.usage!.input).toBeGreaterThan(0);
      expect(Math.abs(attempts[0]!.usage!.output - billed.usage.output)).toBeLessThanOrEqual(3);
    });
  }
});

describe("anthropic streams", () => {
  it("a cut Anthropic stream bills the exact prompt usage from message_start plus the delivered output", async () => {
    const { kit, router } = await setup({
      faults: { "anthropic/claude-sonnet-4-5": ["truncated-sse"] },
      response: { scripted: ["alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu"] },
    });
    close = () => kit.close();
    const s = router.stream({ ...hello, constraints: { allowProviders: ["anthropic"] } });
    const err = await (async () => {
      for await (const _ of s.parts) void _;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamInterruptedError);
    const attempt = (err as StreamInterruptedError).attempts[0]!;
    const billed = kit.billing()[0]!;
    expect(attempt.usage!.input).toBe(billed.usage.input);
    expect(attempt.usage!.cacheRead).toBe(billed.usage.cacheRead);
    expect(attempt.usage!.cacheWrite).toBe(billed.usage.cacheWrite);
    expect(Math.abs(attempt.usage!.output - billed.usage.output)).toBeLessThanOrEqual(3);
  });

  it("streams from Anthropic with tool calls normalized", async () => {
    const { kit, router } = await setup({
      response: { scripted: [{ toolCalls: [{ name: "search", arguments: { from: "JFK", to: "SEA" } }] }] },
    });
    close = () => kit.close();
    const s = router.stream({
      ...hello,
      tools: [{ type: "function", function: { name: "search", parameters: { type: "object" } } }],
      constraints: { allowProviders: ["anthropic"] },
    });
    for await (const _ of s.parts) void _;
    const r = await s.result;
    expect(r.finishReason).toEqual({ unified: "tool-calls", raw: "tool_use" });
    expect(r.toolCalls[0]!.function.name).toBe("search");
    expect(JSON.parse(r.toolCalls[0]!.function.arguments)).toEqual({ from: "JFK", to: "SEA" });
    expect(router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
  });
});
