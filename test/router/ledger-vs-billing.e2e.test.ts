import { afterAll, describe, expect, it } from "vitest";
import { setup, T_OFF } from "./fixtures";

describe("ledger vs the providers' billing log", () => {
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => close?.());

  it("over 1,200 calls with ≥ 20% injected faults, the ledger equals the billing log to the atto", async () => {
    const httpFaults = { rate: 0.25, kinds: ["429", "500", "503", "529", "reset-before"] as const };
    const faults = {
      rate: 0.25,
      kinds: ["429", "500", "503", "529", "reset-before", "error-event"] as const,
    };
    const { kit, router, clock } = await setup({
      faults: {
        "openai/gpt-4o-mini": faults,
        "openai/gpt-4o": faults,
        "deepseek/deepseek-chat": faults,
        "anthropic/claude-sonnet-4-5": faults,
      },
      router: { circuitBreaker: { failureThreshold: 1_000_000 } },
    });
    close = () => kit.close();
    const kinds = ["general", "code"] as const;
    const run = async (i: number, stream: boolean) => {
      const request = {
        messages: [{ role: "user" as const, content: `Question ${i}: name ${i % 7} colours.` }],
        constraints: { minQuality: i % 3 === 0 ? 0.8 : 0.5 },
        tags: [`batch-${i % 4}`],
        tenant: `t${i % 3}`,
        taskKind: kinds[i % 2]!,
      };
      try {
        if (!stream) return await router.generate(request);
        const s = router.stream(request);
        for await (const _ of s.parts) void _;
        return await s.result;
      } catch {
        return undefined;
      }
    };
    let ok = 0;
    clock.t = T_OFF;
    for (let i = 0; i < 1000; i += 20) {
      const batch = await Promise.all(Array.from({ length: 20 }, (_, j) => run(i + j, false)));
      ok += batch.filter(Boolean).length;
    }
    // Streams: faults that strike before the first byte (cut streams are accounted by estimate, see docs).
    for (const m of ["gpt-4o-mini", "gpt-4o"]) kit.setFaults("openai", m, httpFaults);
    kit.setFaults("deepseek", "deepseek-chat", httpFaults);
    kit.setFaults("anthropic", "claude-sonnet-4-5", httpFaults);
    for (let i = 1000; i < 1200; i += 20) {
      const batch = await Promise.all(Array.from({ length: 20 }, (_, j) => run(i + j, true)));
      ok += batch.filter(Boolean).length;
    }
    const billing = kit.billing();
    const faulted = billing.filter((b) => b.fault !== "ok").length;
    expect(billing.length).toBeGreaterThanOrEqual(1200);
    expect(faulted / billing.length).toBeGreaterThanOrEqual(0.2);
    expect(ok).toBeGreaterThan(1150);
    expect(router.ledger.total("USD")).toEqual(kit.billingTotal("USD"));
    // Per tenant sums add up to the total, exactly.
    let sum = 0n;
    for (const m of router.ledger.byTenant("USD").values()) sum += m.atto;
    expect(sum).toBe(router.ledger.total("USD").atto);
    // No request billed twice: one ledger entry per billed provider request.
    expect(router.ledger.entries()).toHaveLength(billing.filter((b) => b.billed).length);
  });
});
