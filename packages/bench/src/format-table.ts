import type { MatchedReduction, RoutingBenchmarkResult } from "./benchmark-result";

const pct = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined || Number.isNaN(x) ? "—" : `${(x * 100).toFixed(digits)}%`;
const usd = (x: number): string => (x >= 100 ? x.toFixed(2) : x >= 1 ? x.toFixed(3) : x.toFixed(4));

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
}

/**
 * The benchmark result as a plain-text table, one block per data set: every policy's cost, quality,
 * cost relative to the best single model, cost and call-share reduction at 95% of the reference model's
 * quality, AIQ and the share of the oracle's saving captured; published figures beside ours.
 *
 * @example
 * console.log(formatBenchmarkTable(await runRoutingBenchmark({ datasets })));
 */
export function formatBenchmarkTable(result: RoutingBenchmarkResult): string {
  const out: string[] = [];
  const headers = [
    "policy",
    "cost USD",
    "quality",
    "cost/best",
    "@95% cost↓",
    "@95% calls↓",
    "AIQ",
    "oracle saving",
  ];
  for (const [key, d] of Object.entries(result.datasets)) {
    const c95 = d.cost_reduction_at_95pct;
    out.push(
      `\n${key} — ${d.prompts} prompts, ${d.evaluation}`,
      `  reference ${d.reference.model}: quality ${pct(d.reference.quality)}, $${usd(d.reference.cost)}; ` +
        `95% target = ${pct(c95.target, 2)}; best single ${d.best_single.model} ${pct(d.best_single.quality)}; ` +
        `oracle ${pct(d.oracle.quality)} at $${usd(d.oracle.cost)}`,
    );
    const multi = d.seeds.length > 1;
    const widths = multi ? [34, 10, 8, 9, 25, 25, 7, 13] : [34, 10, 8, 9, 10, 11, 7, 13];
    if (multi)
      out.push(
        `  mean over fold seeds ${d.seeds.join(", ")} (per seed in brackets); curves and knobs: seed ${d.seeds[0]}`,
      );
    out.push(`  ${pad(headers, widths)}`);
    const names = Object.keys(d.policies).sort((a, b) => {
      const rank = (n: string) => (n.startsWith("single:") ? 0 : n === "oracle" ? 2 : 1);
      return rank(a) - rank(b) || a.localeCompare(b);
    });
    for (const name of names) {
      const p = d.policies[name]!;
      const r = c95.policies[name];
      const seedCells = (pick: (x: MatchedReduction) => number | null): string => {
        const xs = c95.perSeed[name];
        if (!multi || !xs) return "";
        return ` (${xs.map((x) => (x && pick(x) !== null ? (pick(x)! * 100).toFixed(1) : "—")).join(" ")})`;
      };
      const aiq = d.aiq.policies[name];
      const label = p.curve
        ? `${name}${p.knob !== undefined ? ` (knob ${+p.knob.toPrecision(3)})` : ""}`
        : name;
      out.push(
        `  ${pad(
          [
            label.length > 34 ? `${label.slice(0, 33)}…` : label,
            usd(p.cost),
            pct(p.quality),
            pct(p.costFraction, 0),
            r
              ? `${pct(r.costReduction)}${seedCells((x) => x.costReduction)}`
              : p.curve
                ? `—${seedCells((x) => x.costReduction)}`
                : "",
            r
              ? r.callShareReduction === null
                ? "n/a"
                : `${pct(r.callShareReduction)}${seedCells((x) => x.callShareReduction)}`
              : p.curve
                ? `—${seedCells((x) => x.callShareReduction)}`
                : "",
            aiq === undefined ? "" : aiq.toFixed(4),
            p.curve ? pct(d.oracle_saving_captured.policies[name] ?? null) : "",
          ],
          widths,
        )}`,
      );
    }
    if (d.duplicates) {
      const x = d.duplicates.within ?? d.duplicates.trainTest!;
      out.push(
        `  duplicates ${d.duplicates.within ? "within the set (grouped in one fold)" : "of training prompts in the test set"}: ${x.total} (exact ${x.exact}, normalised ${x.normalised}, near ${x.near})${d.duplicates.excluded ? `; ${d.duplicates.excluded} left out` : ""}`,
      );
    }
    if (d.transfer) {
      out.push(
        "  knob fixed on train (cheapest point reaching the goal on the training set's CV curve), applied to test:",
      );
      out.push(
        `  ${pad(["policy", "95% target: quality", "goal", "met", "cost/ref", "best single: quality", "goal", "met", "cost/best"], [34, 20, 7, 4, 9, 21, 7, 4, 9])}`,
      );
      for (const [name, t] of Object.entries(d.transfer.policies)) {
        const cells = (x: typeof t.target) =>
          x ? [pct(x.quality), pct(x.goal), x.met ? "yes" : "no", pct(x.costFraction, 0)] : ["—", "", "", ""];
        out.push(
          `  ${pad([name, ...cells(t.target), ...cells(t.bestSingle)], [34, 20, 7, 4, 9, 21, 7, 4, 9])}`,
        );
        if (t.targetOneSe || t.bestSingleOneSe) {
          out.push(
            `  ${pad(["  one-standard-error rule", ...cells(t.targetOneSe), ...cells(t.bestSingleOneSe)], [34, 20, 7, 4, 9, 21, 7, 4, 9])}`,
          );
        }
      }
    }
    for (const [g, what] of [
      [d.guarantee, "for the next test-part calls"],
      [d.guaranteePopulation, "for the population only"],
    ] as const) {
      if (!g) continue;
      out.push(
        `  declared target ${pct(g.target, 0)} of ${g.of} at ${pct(g.confidence, 0)} confidence, certified ${what}, ${g.splits} random calibration/test splits (${g.calibrationPrompts}/${g.testPrompts} prompts): ` +
          `coverage ${pct(g.coverage)}, achieved/reference mean ${pct(g.meanAchievedRatio)} (min ${pct(g.minAchievedRatio)}), cost ↓ ${pct(g.meanCostReduction)}, no floor certified in ${pct(g.noFloorShare)}`,
      );
    }
    if (c95.published) {
      out.push(
        `  published: ${pct(c95.published.costReduction, 0)} — ${c95.published.measures} (${c95.published.source})`,
      );
    }
  }
  out.push(
    "",
    "cost/best: cost at the policy's cheapest point with quality ≥ the best single model (or its best point) ÷ best single model's cost.",
    "@95% (RouteLLM-comparable: read on the evaluated data's own curve): cost reduction vs the reference model at 95% of its",
    "      quality, interpolated on the policy's cost–quality frontier; calls↓ = 1 − share of prompts sent to the reference",
    "      model (RouteLLM's measure; n/a unless the reference is the priciest model). AIQ per RouterBench.",
    "oracle saving: share of (best single − the oracle's least cost to reach its quality) saved at the best single model's quality.",
  );
  return out.join("\n");
}
