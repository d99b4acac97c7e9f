import { costOf, MONEY_SCALE, makeUsage } from "@tokenwise/core";
import { parseScaled } from "@tokenwise/core/internal";
import type { RoutingDataset } from "./outcome-schema";
import { promptTokensFor } from "./prompt-tokens";

/** Per-prompt, per-model scores and costs of a data set, column-major by model. */
export interface OutcomeMatrix {
  /** Model keys, in the data set's order. */
  models: string[];
  /** Number of prompts. */
  n: number;
  /** `scores[m][i]`: model m's score on prompt i, 0–1. */
  scores: Float64Array[];
  /** `costAtto[m][i]`: exact cost in USD atto-units (10^-18) of calling model m on prompt i. */
  costAtto: bigint[][];
  /** `cost[m][i]`: the same in USD as a float, for ranking and plots. */
  cost: Float64Array[];
  /**
   * `decisionCost[m][i]`: what a router can know before calling: the prompt's input tokens priced plus the
   * data set's output forecast — never the row's realised output tokens (those depend on the answer).
   * Equals `cost` when the row gives no output tokens; a row's own `cost` is used as given.
   */
  decisionCost: Float64Array[];
  /** Where each prompt's tokens came from, per model: counts of rows priced by each route. */
  tokenSources: Record<
    string,
    {
      inputCounted: number;
      inputFromData: number;
      outputFromData: number;
      outputForecast: number;
      costFromData: number;
    }
  >;
}

const ONE_USD = 10n ** BigInt(MONEY_SCALE);

/**
 * Prices every prompt for every model: prompt tokens counted from the text with the model's tokenizer
 * (or taken from the row), output tokens from the row or the data set's forecast, priced exactly with
 * core's `costOf` under the model's price version. A row's own `cost` wins over both.
 *
 * @example
 * const matrix = buildOutcomeMatrix(dataset, { at: new Date("2024-06-01T00:00:00Z") });
 */
export function buildOutcomeMatrix(
  dataset: RoutingDataset,
  options: { at?: Date; onRow?: (done: number) => void } = {},
): OutcomeMatrix {
  const models = dataset.models.map((m) => m.key);
  const n = dataset.rows.length;
  const at = options.at ?? new Date(dataset.models[0]?.price.effectiveFrom ?? 0);
  const scores = models.map(() => new Float64Array(n));
  const costAtto = models.map(() => new Array<bigint>(n).fill(0n));
  const cost = models.map(() => new Float64Array(n));
  const decisionCost = models.map(() => new Float64Array(n));
  const tokenSources: OutcomeMatrix["tokenSources"] = {};
  for (const key of models) {
    tokenSources[key] = {
      inputCounted: 0,
      inputFromData: 0,
      outputFromData: 0,
      outputForecast: 0,
      costFromData: 0,
    };
  }
  const countCache = new Map<string, number>();
  dataset.rows.forEach((row, i) => {
    dataset.models.forEach((model, m) => {
      const src = tokenSources[model.key]!;
      scores[m]![i] = row.scores[model.key] ?? 0;
      const given = row.cost?.[model.key];
      let atto: bigint;
      let decisionAtto: bigint;
      if (given !== undefined) {
        atto = parseScaled(given.toFixed(MONEY_SCALE), MONEY_SCALE);
        decisionAtto = atto;
        src.costFromData++;
      } else {
        const tokens = row.tokens?.[model.key];
        let input = tokens?.input;
        if (input === undefined) {
          const cacheKey = `${JSON.stringify(model.tokenizer)}`;
          let perSpec = countCache.get(`${cacheKey}#${i}`);
          if (perSpec === undefined) {
            perSpec = promptTokensFor(row.prompt, model.tokenizer);
            countCache.set(`${cacheKey}#${i}`, perSpec);
          }
          input = perSpec;
          src.inputCounted++;
        } else src.inputFromData++;
        const f = dataset.outputForecast;
        const forecast = typeof f === "number" ? f : (f[model.key] ?? 0);
        let output = tokens?.output;
        if (output === undefined) {
          output = forecast;
          src.outputForecast++;
        } else src.outputFromData++;
        atto = costOf(makeUsage({ input, output }), model.price, { at, perRequest: true }).total.atto;
        decisionAtto =
          output === forecast
            ? atto
            : costOf(makeUsage({ input, output: forecast }), model.price, { at, perRequest: true }).total
                .atto;
      }
      costAtto[m]![i] = atto;
      cost[m]![i] = attoToUsd(atto);
      decisionCost[m]![i] = attoToUsd(decisionAtto);
    });
    countCache.clear();
    options.onRow?.(i + 1);
  });
  return { models, n, scores, costAtto, cost, decisionCost, tokenSources };
}

/** A float USD value of an atto amount (display and ranking only). */
export function attoToUsd(atto: bigint): number {
  return Number(atto / ONE_USD) + Number(atto % ONE_USD) / 1e18;
}
