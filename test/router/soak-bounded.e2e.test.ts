import { createCatalog } from "@tokenwise/catalog";
import { simProvidersFor, startTestkit } from "@tokenwise/testkit";
import { describe, expect, it } from "vitest";
import { runSoak, SOAK_MODELS, type SoakCheckpoint } from "../../benchmarks/soak/workload";

describe("soak workload (small count)", () => {
  it("keeps the router's structures bounded: prefixes, store keys, ledger, abort listeners", async () => {
    const catalog = createCatalog();
    const models = SOAK_MODELS.map((k) => catalog.find(k));
    const kit = await startTestkit({
      timeScale: 0,
      seed: "soak-test",
      providers: simProvidersFor(models, () => ({
        response: { scripted: ["Done.", "The booking is confirmed for Tuesday."] },
        faults: { rate: 0.05, kinds: ["429", "500", "reset-before", "error-event"] },
        faultSettings: { retryAfterMs: 1 },
      })),
    });
    const baseURLs: Record<string, string> = {};
    for (const m of models) baseURLs[m.provider] = kit.baseURL(m.provider);
    const points: SoakCheckpoint[] = [];
    try {
      await runSoak({
        models,
        baseURLs,
        calls: 120,
        checkpoints: [40, 80],
        concurrency: 4,
        turnsPerSession: 4,
        maxPrefixes: 40,
        ledgerKeep: 30,
        systemRules: 4,
        onCheckpoint: (p) => void points.push(p),
      });
    } finally {
      await kit.close();
    }
    expect(points.map((p) => p.calls)).toEqual([40, 80, 120]);
    const providers = new Set(models.map((m) => m.provider)).size;
    for (const p of points) {
      expect(p.ok + p.failed).toBe(p.calls);
      expect(p.sizes.prefixes).toBeLessThanOrEqual(40);
      expect(p.sizes.latencyKeys).toBeLessThanOrEqual(models.length);
      expect(p.sizes.breakerKeys).toBeLessThanOrEqual(providers);
      expect(p.sizes.ledgerEntriesKept).toBeLessThanOrEqual(30);
      expect(p.sizes.abortListeners).toBe(0); // every call removed its listener from the shared signal
    }
    const last = points.at(-1)!;
    // The bounds were reached (the workload does exercise them) and held.
    expect(points[0]!.sizes.prefixes).toBe(40);
    expect(last.sizes.prefixes).toBe(40);
    expect(last.sizes.ledgerEntriesRecorded).toBeGreaterThan(30);
    expect(last.sizes.latencyKeys).toBeGreaterThan(1); // calls spread over several models
    expect(last.ok).toBeGreaterThan(100);
    expect(last.streamed).toBeGreaterThan(40);
  });
});
