import { moneyToNumber } from "@tokenwise/core";
import type { ReplayResult, ReplayRow } from "./replay";

/** A Vega-Lite spec (plain JSON; `@tokenwise/bench`'s `renderSvg` compiles and renders it). */
export type ReplayPlotSpec = Record<string, unknown>;

/** The three bills a replay compares, in the order the plots show them. */
export const REPLAY_SCENARIOS = ["recorded", "if nothing changes", "re-routed"] as const;

function values(rows: readonly ReplayRow[], field: "rerouted" | "all") {
  return rows.flatMap((r) => [
    ...(field === "all"
      ? [
          { key: r.key, scenario: REPLAY_SCENARIOS[0], cost: moneyToNumber(r.recorded) },
          { key: r.key, scenario: REPLAY_SCENARIOS[1], cost: moneyToNumber(r.repriced) },
        ]
      : []),
    { key: r.key, scenario: REPLAY_SCENARIOS[2], cost: moneyToNumber(r.rerouted) },
  ]);
}

function groupedBars(
  title: string,
  data: { key: string; scenario: string; cost: number }[],
  keyTitle: string,
  currency: string,
  horizontal: boolean,
): ReplayPlotSpec {
  const key = { field: "key", type: "nominal", title: keyTitle, sort: null, axis: { labelLimit: 320 } };
  const cost = { field: "cost", type: "quantitative", title: `cost (${currency})` };
  const offset = { field: "scenario", type: "nominal", sort: [...REPLAY_SCENARIOS] };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, fontSize: 13 },
    width: horizontal ? 520 : Math.max(320, data.length * 14),
    height: horizontal ? Math.max(160, data.length * 12) : 300,
    background: "white",
    data: { values: data },
    mark: { type: "bar" },
    encoding: {
      ...(horizontal ? { y: key, x: cost, yOffset: offset } : { x: key, y: cost, xOffset: offset }),
      color: { field: "scenario", type: "nominal", sort: [...REPLAY_SCENARIOS], title: "bill" },
      tooltip: [
        { field: "key", type: "nominal" },
        { field: "scenario", type: "nominal" },
        { field: "cost", type: "quantitative", format: ".6f" },
      ],
    },
  };
}

/**
 * The Vega-Lite specs of a replay: cost by recorded day and cost by model, each before (recorded, and
 * re-priced if nothing changes) and after re-routing. By model, "before" bars sit on the recorded
 * models and "re-routed" bars on the models the calls go to. Amounts are floats for drawing only.
 *
 * @example
 * const { byDay, byModel } = replayPlotSpecs(result);
 * writeFileSync("by-day.svg", await bench.renderSvg(byDay));
 */
export function replayPlotSpecs(result: ReplayResult): { byDay: ReplayPlotSpec; byModel: ReplayPlotSpec } {
  return {
    byDay: groupedBars(
      `cost by day: recorded, if nothing changes, re-routed (${result.calls} calls)`,
      values(result.byDay, "all"),
      "day (recorded, UTC)",
      result.currency,
      false,
    ),
    byModel: groupedBars(
      `cost by model: before (recorded model) and after re-routing (${result.moved.count} calls moved)`,
      [
        ...values(
          result.byModel.filter((r) => r.calls > 0),
          "all",
        ).filter((v) => v.scenario !== REPLAY_SCENARIOS[2]),
        ...values(
          result.byModel.filter((r) => r.reroutedCalls > 0),
          "rerouted",
        ),
      ],
      "model",
      result.currency,
      true,
    ),
  };
}
