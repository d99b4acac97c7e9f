import {
  AllCandidatesFailedError,
  type CallReport,
  FxRateMissingError,
  MissingApiKeyError,
  NoCandidateError,
  PriceUnavailableError,
  ProviderError,
  StreamEndedEarlyError,
  StreamInterruptedError,
  TokenwiseError,
  UnknownModelError,
  ValidationError,
} from "@tokenwise/router";
import { afterEach, describe, expect, it } from "vitest";
import { hello, setup } from "./fixtures";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("errors serialize", () => {
  it("AllCandidatesFailedError with billed attempts: JSON.stringify works, every cost as an exact decimal", async () => {
    // A 200 with a body that cannot be read is billed (at the estimate) by the router: attempts carry Cost.
    const always = { rate: 1, kinds: ["malformed-json" as const] };
    const { kit, router } = await setup({
      faults: {
        "openai/gpt-4o-mini": always,
        "openai/gpt-4o": always,
        "deepseek/deepseek-chat": always,
        "anthropic/claude-sonnet-4-5": always,
      },
      router: { retry: { maxRetries: 0 } },
    });
    close = () => kit.close();
    const reports: CallReport[] = [];
    router.onReport((r) => reports.push(r));
    const error = await router.generate(hello).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AllCandidatesFailedError);
    const failed = error as AllCandidatesFailedError;
    const billed = failed.attempts.filter((a) => a.cost);
    expect(billed.length).toBeGreaterThan(0);
    const json = JSON.parse(JSON.stringify(failed));
    expect(json.name).toBe("AllCandidatesFailedError");
    expect(json.retryable).toBe(false);
    json.attempts.forEach((a: { cost?: { total: unknown } }, i: number) => {
      const cost = failed.attempts[i]!.cost;
      if (!cost) return;
      expect(a.cost!.total).toEqual({
        currency: cost.total.currency,
        amount: expect.stringMatching(/^\d+(\.\d+)?$/),
      });
    });
    expect(json.errors.length).toBe(failed.errors.length);
    expect(json.cause).toMatchObject({ name: "ProviderError" });
    expect(JSON.stringify(failed)).not.toContain("sk-test");
  });

  it("every error class is a TokenwiseError, exported from @tokenwise/router, and stringifies", () => {
    const errors: TokenwiseError[] = [
      new ValidationError({ source: "s", issues: [{ path: ["a"], message: "m", value: 1n }] }),
      new PriceUnavailableError({ modelId: "p/m", at: new Date(0), reason: "r" }),
      new FxRateMissingError({ from: "USD", to: "CNY", at: new Date(0) }),
      new UnknownModelError({ modelId: "x" }),
      new ProviderError({
        provider: "p",
        model: "m",
        message: "m",
        kind: "server",
        retryable: true,
        status: 500,
      }),
      new StreamEndedEarlyError("no message_stop"),
      new MissingApiKeyError({ provider: "p", option: "providers.p.apiKey", envVar: "P_API_KEY" }),
      new NoCandidateError({ rejected: [{ provider: "p", model: "m", code: "cost", reason: "r" }] }),
      new StreamInterruptedError({ attempts: [], cause: new StreamEndedEarlyError("cut") }),
    ];
    for (const error of errors) {
      expect(TokenwiseError.isInstance(error)).toBe(true);
      const json = JSON.parse(JSON.stringify(error));
      expect(json.name).toBe(error.name);
      expect(json.message).toBe(error.message);
      expect(json.retryable).toBe(error.retryable);
    }
  });
});
