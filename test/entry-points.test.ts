import * as bench from "@tokenwise/bench";
import * as benchInternal from "@tokenwise/bench/internal";
import * as catalog from "@tokenwise/catalog";
import * as catalogInternal from "@tokenwise/catalog/internal";
import * as core from "@tokenwise/core";
import * as coreInternal from "@tokenwise/core/internal";
import * as predictors from "@tokenwise/predictors";
import * as predictorsInternal from "@tokenwise/predictors/internal";
import * as router from "@tokenwise/router";
import * as routerInternal from "@tokenwise/router/internal";
import * as testkit from "@tokenwise/testkit";
import * as testkitInternal from "@tokenwise/testkit/internal";
import { describe, expect, it } from "vitest";

/** Root entry points export what users call; the building blocks live behind `./internal`. */
const cases = [
  {
    name: "core",
    root: core,
    internal: coreInternal,
    publicNames: ["costOf", "priceInForce", "createTokenEstimator", "lifecycleState", "ModelLifecycleSchema"],
    internalNames: ["parseScaled", "minuteOfWeek", "fitCalibration", "getTokenizer", "CHAT_FORMAT"],
  },
  {
    name: "catalog",
    root: catalog,
    internal: catalogInternal,
    publicNames: ["createCatalog", "loadPriceTable", "builtinModels", "catalogReport"],
    internalNames: ["mergeModels", "staleEntries", "newestAsOf", "withLifecycle", "BUILTIN_LIFECYCLE"],
  },
  {
    name: "testkit",
    root: testkit,
    internal: testkitInternal,
    publicNames: ["startTestkit", "simProvidersFor", "FAULT_KINDS", "isBilled"],
    internalNames: [
      "planAnswer",
      "BillingLog",
      "PromptCache",
      "parseAnthropicRequest",
      "applyToolChoice",
      "main",
    ],
  },
  {
    name: "bench",
    root: bench,
    internal: benchInternal,
    publicNames: ["runRoutingBenchmark", "loadOutcomesFile", "publicDatasets"],
    internalNames: ["crossValidatedPredictions", "aiq", "buildOutcomeMatrix"],
  },
  {
    name: "predictors",
    root: predictors,
    internal: predictorsInternal,
    publicNames: ["trainPredictor", "loadPredictor", "trainLogisticPredictor", "calibrateFloor"],
    internalNames: ["kFoldSplits", "promptFeatures", "foldGroupsOf", "bettingRejects"],
  },
  {
    name: "router",
    root: router,
    internal: routerInternal,
    publicNames: [
      "createRouter",
      "builtinAdapters",
      "toProviderError",
      "createMemoryLedger",
      "parseLedgerJsonl",
      "TokenwiseError",
    ],
    internalNames: [
      "createFootprintSelector",
      "toOpenAIBody",
      "toAnthropicBody",
      "mapOpenAIFinishReason",
      "observeLatency",
      "predictLatency",
    ],
  },
] as const;

describe("entry points", () => {
  for (const c of cases) {
    it(`@tokenwise/${c.name} keeps internals behind ./internal`, () => {
      for (const name of c.publicNames) expect(Object.keys(c.root), name).toContain(name);
      for (const name of c.internalNames) {
        expect(Object.keys(c.root), name).not.toContain(name);
        expect(Object.keys(c.internal), name).toContain(name);
      }
    });
  }
});
