/**
 * The declared-target check on dcrouter only, with a chosen calibration share:
 * `npx tsx benchmarks/routing/guarantee-split.ts 0.25` (prints coverage, certified for the test part's
 * calls and for the population only; writes nothing). An experiment beside bench:routing (which
 * calibrates on half of each split).
 */
import { runRoutingBenchmark } from "@tokenwise/bench";
import { dcRouterHoldout } from "./datasets";

const share = Number(process.argv[2] ?? 0.5);
const dc = dcRouterHoldout();
const result = await runRoutingBenchmark({
  datasets: [dc.train, dc.heldout],
  crossValidate: [dc.train.name],
  folds: 5,
  seed: 1,
  transfers: [{ train: dc.train.name, test: dc.heldout.name, dedupe: true }],
  guarantee: { splits: 200, calibrationShare: share },
});
for (const [name, d] of Object.entries(result.datasets)) {
  for (const g of [d.guarantee!, d.guaranteePopulation!]) {
    console.log(
      `${name}, ${g.horizon === undefined ? "population" : `horizon ${g.horizon}`}: calibration share ${g.calibrationShare} (${g.calibrationPrompts}/${g.testPrompts} prompts), coverage ${(g.coverage * 100).toFixed(1)}%, achieved/reference mean ${(g.meanAchievedRatio * 100).toFixed(2)}% (min ${(g.minAchievedRatio * 100).toFixed(2)}%), cost ↓ ${(g.meanCostReduction * 100).toFixed(1)}%, no floor ${(g.noFloorShare * 100).toFixed(1)}%`,
    );
  }
}
