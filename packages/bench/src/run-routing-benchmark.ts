import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { moneyToDecimal, TokenwiseError } from "@tokenwise/core";
import {
  type DifficultyPredictor,
  type EnsemblePredictor,
  type FeatureOptions,
  type KnnSettings,
  type LogisticTrainOptions,
  nearDuplicatePairs,
  type TrainingExample,
  trainDifficultyPredictor,
  trainEnsemblePredictor,
  trainTestDuplicates,
} from "@tokenwise/predictors";
import {
  DEFAULT_FEATURE_OPTIONS,
  difficultyFeatures,
  foldGroupsOf,
  groupedKFoldSplits,
  groupStats,
  promptFeatures,
  promptTerms,
  type SparseVector,
  type TermCounts,
} from "@tokenwise/predictors/internal";
import type {
  DatasetResult,
  MatchedReduction,
  PolicyResult,
  PublishedResult,
  RoutingBenchmarkResult,
  TransferSpec,
} from "./benchmark-result";
import { buildOutcomeMatrix, type OutcomeMatrix } from "./cost-matrix";
import { aiq, type CurvePoint, costAtQuality } from "./cost-quality-curve";
import { crossValidatedPredictions } from "./cross-validate";
import { measureGuarantee } from "./guarantee";
import type { RoutingDataset } from "./outcome-schema";
import { renderCurvePlots } from "./plot-curves";
import { type ProgressReporter, silentProgress } from "./progress";
import {
  cascadeRouting,
  cheapestQualifyingRouting,
  gainRouting,
  oracleFrontier,
  oracleRouting,
  type PairedGoals,
  randomCurve,
  singleModelRouting,
  summarize,
  thresholdRouting,
  utilityRouting,
} from "./routing-policies";

/** Options of {@link runRoutingBenchmark}. */
export interface RunRoutingBenchmarkOptions {
  /** Data sets to evaluate with k-fold cross-validation. */
  datasets: RoutingDataset[];
  /** Folds of the cross-validation (default 5). */
  folds?: number;
  /** Seed of fold assignment, shuffles and the random baseline (default 1). */
  seed?: number;
  /**
   * Seeds of fold assignment to repeat the cross-validation with (default `[seed]`). With several, the
   * headline metrics are the mean over seeds with each seed's value beside it (`perSeed`); the curves
   * and plots are the first seed's. Transfers do not depend on folds and run once.
   */
  seeds?: number[];
  /**
   * Held-out runs: trained on one data set, tested on another (a held-out split of the same source, or
   * another source). The operating point of every policy is fixed on the training set (its
   * cross-validated curve) before the test set is seen; see `transfer` in the result.
   */
  transfers?: TransferSpec[];
  /**
   * Names of the data sets to cross-validate (default: all). Test-only data sets of `transfers` need not
   * be; a transfer's training set always is (its curve fixes the operating points).
   */
  crossValidate?: readonly string[];
  /**
   * The declared-target check (`guarantee` in the result): target, confidence and the number of random
   * calibration/test splits (default `{ target: 0.95, confidence: 0.9, splits: 200 }`); `false` skips it.
   */
  guarantee?: { target?: number; confidence?: number; splits?: number; calibrationShare?: number } | false;
  /** Fraction of the reference model's quality at which cost reduction is read (default 0.95). */
  targetFraction?: number;
  /** Published figures per data set name, printed beside ours. */
  published?: Record<string, PublishedResult>;
  /** Directory for `routing.json` and the plots; nothing is written when absent. */
  outDir?: string;
  /** Render SVG and PNG plots into `outDir` (default true when `outDir` is set). */
  plots?: boolean;
  /** Progress reporter (default silent); see `createProgressBar`. */
  progress?: ProgressReporter;
  /** Predictor training settings. */
  predictor?: Omit<LogisticTrainOptions, "models" | "vectors" | "name">;
  /** Clock for `generatedAt` (default `new Date()`). */
  now?: () => Date;
}

const KNOB_POLICIES = [
  "cheapest-qualifying",
  "cascade",
  "learned-threshold",
  "learned-utility",
  "learned-gain",
  "ensemble-utility",
  "ensemble-gain",
  "blend-utility",
  "blend-gain",
  "difficulty-gain",
  "random",
] as const;

/** Weight of the difficulty predictor in the `blend-*` policies (fixed a priori; the ensemble gets the rest). */
const BLEND_DIFFICULTY_WEIGHT = 0.5;

/** Per-prompt predictions of the logistic predictor and of the ensemble, `[m][i]`. */
interface Predictions {
  logistic: Float64Array[];
  ensemble: Float64Array[];
  /** ½ ensemble + ½ difficulty predictor. */
  blend: Float64Array[];
  /** The difficulty predictor alone (dense features that carry across data sets). */
  difficulty: Float64Array[];
}

interface Prepared {
  dataset: RoutingDataset;
  matrix: OutcomeMatrix;
  vectors: SparseVector[];
  terms: TermCounts[];
  examples: TrainingExample[];
  /** `difficultyFeatures` of every prompt (fits nothing). */
  difficulty: number[][];
  /** Cross-validation group per row (declared `foldGroup` or duplicate prompt text; see `foldGroupsOf`). */
  groups: number[];
}

/**
 * Runs routing policies over data sets of per-prompt outcomes and measures cost, quality, cost reduction
 * at 95% of the reference model's quality, AIQ and the share of the oracle's saving captured. Learned
 * policies are evaluated with k-fold cross-validation (never on prompts they trained on) and on the
 * requested cross-data-set transfers. Writes `routing.json` and plots when `outDir` is given.
 *
 * @example
 * const result = await runRoutingBenchmark({ datasets: [myDataset], outDir: "bench-out", progress: createProgressBar() });
 * result.datasets.mine?.cost_reduction_at_95pct.policies["learned-utility"]?.costReduction
 */
export async function runRoutingBenchmark(
  options: RunRoutingBenchmarkOptions,
): Promise<RoutingBenchmarkResult> {
  const k = options.folds ?? 5;
  const seed = options.seed ?? 1;
  const seeds = options.seeds ?? [seed];
  if (seeds.length === 0) throw new TokenwiseError({ message: "runRoutingBenchmark: seeds is empty" });
  const targetFraction = options.targetFraction ?? 0.95;
  const progress = options.progress ?? silentProgress;
  const transfers = options.transfers ?? [];
  const features: FeatureOptions = { ...DEFAULT_FEATURE_OPTIONS, ...options.predictor?.features };
  const names = new Set(options.datasets.map((d) => d.name));
  if (names.size !== options.datasets.length) {
    throw new TokenwiseError({ message: "runRoutingBenchmark: duplicate data set names" });
  }
  for (const t of transfers) {
    const train = options.datasets.find((d) => d.name === t.train);
    const test = options.datasets.find((d) => d.name === t.test);
    if (!train || !test) {
      throw new TokenwiseError({
        message: `transfer ${t.train}→${t.test}: both data sets must be in \`datasets\``,
      });
    }
    if (train.models.map((m) => m.key).join("\n") !== test.models.map((m) => m.key).join("\n")) {
      throw new TokenwiseError({
        message: `transfer ${t.train}→${t.test}: the data sets have different models`,
      });
    }
  }
  for (const d of options.datasets) {
    if (d.referenceModel !== undefined && !d.models.some((m) => m.key === d.referenceModel)) {
      throw new TokenwiseError({
        message: `${d.name}: referenceModel "${d.referenceModel}" is not one of its models (${d.models.map((m) => m.key).join(", ")})`,
      });
    }
  }
  const cvNames = new Set([...(options.crossValidate ?? names), ...transfers.map((t) => t.train)]);
  for (const name of cvNames) {
    if (!names.has(name)) throw new TokenwiseError({ message: `crossValidate: no data set "${name}"` });
  }
  const guarantee =
    options.guarantee === false
      ? undefined
      : { target: 0.95, confidence: 0.9, splits: 200, ...options.guarantee };
  // Exact units, so the bar ends at its total: pricing (one per 100 prompts, floored), features, one per
  // fold and seed of each cross-validated set, one per transfer.
  const total =
    options.datasets.reduce((s, d) => s + Math.floor(d.rows.length / 100) + 1, 0) +
    [...cvNames].length * k * seeds.length +
    transfers.length;
  progress.start(total);
  const prepared = new Map<string, Prepared>();
  const prepare = (dataset: RoutingDataset, ticks: boolean): Prepared => {
    let reported = 0;
    const matrix = buildOutcomeMatrix(dataset, {
      onRow: (done) => {
        const units = Math.floor(done / 100) - reported;
        if (units > 0 && ticks) {
          reported += units;
          progress.tick(`${dataset.name}: pricing prompts`, units);
        }
      },
    });
    const examples: TrainingExample[] = dataset.rows.map((r) => {
      const e: TrainingExample = { prompt: r.prompt, scores: r.scores };
      if (r.group !== undefined) e.group = r.group;
      return e;
    });
    const vectors = examples.map((e) => promptFeatures(e, features));
    const terms = examples.map((e) => promptTerms(e));
    if (ticks) progress.tick(`${dataset.name}: features`);
    const groups = foldGroupsOf(dataset.rows);
    const difficulty = dataset.rows.map((r) => difficultyFeatures(r.prompt));
    return { dataset, matrix, vectors, terms, examples, groups, difficulty };
  };
  try {
    for (const dataset of options.datasets) prepared.set(dataset.name, prepare(dataset, true));
    const results: Record<string, DatasetResult> = {};
    /** Seed-1 out-of-fold ensemble predictions of each cross-validated set (for its guarantee). */
    for (const p of prepared.values()) {
      if (!cvNames.has(p.dataset.name)) continue;
      const { matrix, vectors } = p;
      const perSeed: DatasetResult[] = [];
      let firstEnsemble: Float64Array[] | undefined;
      for (const foldSeed of seeds) {
        const folds = groupedKFoldSplits(p.groups, k, foldSeed);
        const foldQuality: Float64Array[] = [];
        const ensembles: EnsemblePredictor[] = [];
        const difficulties: DifficultyPredictor[] = [];
        const { predicted, foldOf } = crossValidatedPredictions(
          vectors,
          folds,
          matrix.models.length,
          (idx, f) => {
            foldQuality[f] = meanScores(matrix, idx);
            const ensemble = trainFold(p, idx, options, features, foldSeed);
            ensembles[f] = ensemble;
            difficulties[f] = trainDifficulty(p, idx);
            progress.tick(`${p.dataset.name}: seed ${foldSeed}, fold ${f + 1}/${k}`);
            return ensemble.logistic;
          },
        );
        const ensemble = matrix.models.map(() => new Float64Array(matrix.n));
        const blend = matrix.models.map(() => new Float64Array(matrix.n));
        const difficulty = matrix.models.map(() => new Float64Array(matrix.n));
        for (let i = 0; i < matrix.n; i++) {
          const e = ensembles[foldOf[i]!]!.predictPrepared({ vector: vectors[i]!, terms: p.terms[i]! });
          const d = difficulties[foldOf[i]!]!.predictFeatures(p.difficulty[i]!);
          for (let m = 0; m < e.length; m++) {
            ensemble[m]![i] = e[m]!;
            blend[m]![i] = (1 - BLEND_DIFFICULTY_WEIGHT) * e[m]! + BLEND_DIFFICULTY_WEIGHT * d[m]!;
            difficulty[m]![i] = d[m]!;
          }
        }
        firstEnsemble ??= ensemble;
        const chosen = ensembles.map((e) => e.knn.settings);
        perSeed.push(
          evaluate(
            p,
            { logistic: predicted, ensemble, blend, difficulty },
            (i) => foldQuality[foldOf[i]!]!,
            `${k}-fold CV`,
            {
              targetFraction,
              seed: foldSeed,
              published: options.published?.[p.dataset.name],
              knn: chosen,
            },
          ),
        );
      }
      const label = seeds.length > 1 ? `${k}-fold CV, mean of ${seeds.length} fold seeds` : `${k}-fold CV`;
      const out: DatasetResult = { ...averageOverSeeds(perSeed, seeds), evaluation: label };
      out.duplicates = withinDuplicates(p);
      if (guarantee) {
        const spec = {
          ...guarantee,
          of: out.reference.model,
          seed: seeds[0]!,
          predictions: `ensemble, out-of-fold (${k}-fold CV, fold seed ${seeds[0]})`,
        };
        out.guarantee = measureGuarantee(p.matrix, firstEnsemble!, p.groups, spec);
        out.guaranteePopulation = measureGuarantee(p.matrix, firstEnsemble!, p.groups, {
          ...spec,
          horizon: "population",
        });
      }
      results[p.dataset.name] = out;
    }
    for (const t of transfers) {
      const train = prepared.get(t.train)!;
      let test = prepared.get(t.test)!;
      const dup = trainTestDuplicates(
        train.dataset.rows.map((r) => r.prompt),
        test.dataset.rows.map((r) => r.prompt),
      );
      if (t.dedupe && dup.total > 0) {
        const rows = test.dataset.rows.filter((_, i) => dup.kinds[i] === undefined);
        if (rows.length === 0) {
          throw new TokenwiseError({
            message: `transfer ${t.train}→${t.test}: every test prompt is a duplicate`,
          });
        }
        test = prepare({ ...test.dataset, rows }, false);
      }
      const all = Array.from({ length: train.matrix.n }, (_, i) => i);
      const scorer = trainFold(train, all, options, features, seed);
      const quality = meanScores(train.matrix, all);
      const logistic = test.matrix.models.map(() => new Float64Array(test.matrix.n));
      const ensemble = test.matrix.models.map(() => new Float64Array(test.matrix.n));
      const blend = test.matrix.models.map(() => new Float64Array(test.matrix.n));
      const difficultyOnly = test.matrix.models.map(() => new Float64Array(test.matrix.n));
      const difficulty = trainDifficulty(train, all);
      test.vectors.forEach((v, i) => {
        const pv = scorer.logistic.predictVector(v);
        const pe = scorer.predictPrepared({ vector: v, terms: test.terms[i]! });
        const pd = difficulty.predictFeatures(test.difficulty[i]!);
        for (let m = 0; m < pv.length; m++) {
          logistic[m]![i] = pv[m]!;
          ensemble[m]![i] = pe[m]!;
          blend[m]![i] = (1 - BLEND_DIFFICULTY_WEIGHT) * pe[m]! + BLEND_DIFFICULTY_WEIGHT * pd[m]!;
          difficultyOnly[m]![i] = pd[m]!;
        }
      });
      const label = `trained on ${t.train} (all ${train.matrix.n} prompts), tested on ${t.test}${t.dedupe ? ` without its ${dup.total} duplicates of training prompts` : ""}`;
      const trainResult = results[t.train]!;
      const refModel = trainResult.reference.model;
      const evaluated = evaluate(
        { ...test, dataset: { ...test.dataset, referenceModel: refModel } },
        { logistic, ensemble, blend, difficulty: difficultyOnly },
        () => quality,
        label,
        {
          targetFraction,
          seed,
          published: options.published?.[t.test],
          knn: [scorer.knn.settings],
        },
      );
      evaluated.duplicates = {
        trainTest: { exact: dup.exact, normalised: dup.normalised, near: dup.near, total: dup.total },
        excluded: t.dedupe ? dup.total : 0,
        definition: DUPLICATE_DEFINITION,
      };
      evaluated.transfer = fixedKnobTransfer(trainResult, evaluated, test, quality, targetFraction, label);
      if (guarantee) {
        const spec = {
          ...guarantee,
          of: refModel,
          seed,
          predictions: `ensemble trained on all of ${t.train}`,
        };
        evaluated.guarantee = measureGuarantee(test.matrix, ensemble, test.groups, spec);
        evaluated.guaranteePopulation = measureGuarantee(test.matrix, ensemble, test.groups, {
          ...spec,
          horizon: "population",
        });
      }
      results[`${t.test}@${t.train}`] = evaluated;
      progress.tick(`${t.train}→${t.test}`);
    }
    const result: RoutingBenchmarkResult = {
      generatedAt: (options.now ?? (() => new Date()))().toISOString(),
      config: { folds: k, seed, seeds, targetFraction, features },
      datasets: results,
    };
    if (options.outDir) {
      await writeBenchmarkOutputs(result, options.outDir, options.plots ?? true);
    }
    return result;
  } finally {
    progress.stop();
  }
}

/** Trains the ensemble (and so the logistic predictor) on `idx` of a prepared data set only. */
function trainFold(
  p: Prepared,
  idx: readonly number[],
  options: RunRoutingBenchmarkOptions,
  features: FeatureOptions,
  seed: number,
): EnsemblePredictor {
  return trainEnsemblePredictor(
    idx.map((i) => p.examples[i]!),
    {
      logistic: { ...options.predictor, features },
      models: p.matrix.models,
      vectors: idx.map((i) => p.vectors[i]!),
      terms: idx.map((i) => p.terms[i]!),
      groups: idx.map((i) => p.groups[i]!),
      seed,
    },
  );
}

/** Trains the difficulty predictor on `idx` of a prepared data set only. */
function trainDifficulty(p: Prepared, idx: readonly number[]): DifficultyPredictor {
  return trainDifficultyPredictor(
    idx.map((i) => p.examples[i]!),
    { models: p.matrix.models, features: idx.map((i) => p.difficulty[i]!) },
  );
}

function meanScores(matrix: OutcomeMatrix, indices: readonly number[]): Float64Array {
  const q = new Float64Array(matrix.models.length);
  for (let m = 0; m < q.length; m++) {
    let s = 0;
    for (const i of indices) s += matrix.scores[m]![i]!;
    q[m] = indices.length === 0 ? 0 : s / indices.length;
  }
  return q;
}

function grid(from: number, to: number, steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, i) => from + ((to - from) * i) / steps);
}

function evaluate(
  p: Prepared,
  predictions: Predictions,
  modelQuality: (i: number) => Float64Array,
  trainedOn: string,
  opts: {
    targetFraction: number;
    seed: number;
    published: PublishedResult | undefined;
    knn: KnnSettings[];
  },
): DatasetResult {
  const predicted = predictions.logistic;
  const { dataset, matrix } = p;
  const M = matrix.models.length;
  const singles = matrix.models.map((_, m) => summarize(matrix, singleModelRouting(matrix, m)));
  let best = 0;
  let cheapest = 0;
  for (let m = 1; m < M; m++) {
    const s = singles[m]!;
    const b = singles[best]!;
    if (s.quality > b.quality || (s.quality === b.quality && s.cost < b.cost)) best = m;
    if (s.cost < singles[cheapest]!.cost) cheapest = m;
  }
  const refIndex = dataset.referenceModel ? matrix.models.indexOf(dataset.referenceModel) : best;
  if (refIndex < 0) {
    throw new TokenwiseError({
      message: `${dataset.name}: referenceModel "${dataset.referenceModel}" is not a data set model`,
    });
  }
  const ref = singles[refIndex]!;
  const bestSingle = singles[best]!;
  const oracle = summarize(matrix, oracleRouting(matrix));
  const costScale = ref.cost / matrix.n;

  // Per-prompt goal scores, so each curve point carries the standard error of its quality against the
  // goals (what the one-standard-error rule of the fixed-knob transfer reads).
  const paired: PairedGoals = {
    best: matrix.scores[best]!,
    reference: matrix.scores[refIndex]!,
    fraction: opts.targetFraction,
  };
  const curves: Record<string, CurvePoint[]> = {};
  curves.random = randomCurve(matrix, cheapest, best, grid(0, 1, 20), opts.seed, paired);
  const floors = new Set<number>();
  for (let i = 0; i < matrix.n; i++) for (const q of modelQuality(i)) floors.add(q);
  curves["cheapest-qualifying"] = [...floors]
    .sort((a, b) => a - b)
    .map((f) => summarize(matrix, cheapestQualifyingRouting(matrix, modelQuality, f), f, paired));
  // Cascade chain: models cheapest first (mean cost), keeping only those better (model-level) than every cheaper one.
  const meanCost = matrix.models.map((_, m) => singles[m]!.cost / matrix.n);
  const chainCache = new Map<Float64Array, number[]>();
  const chain = (i: number): number[] => {
    const q = modelQuality(i);
    let c = chainCache.get(q);
    if (!c) {
      const order = matrix.models
        .map((_, m) => m)
        .sort((a, b) => meanCost[a]! - meanCost[b]! || q[b]! - q[a]!);
      c = [];
      for (const m of order) if (c.length === 0 || q[m]! > q[c[c.length - 1]!]!) c.push(m);
      chainCache.set(q, c);
    }
    return c;
  };
  curves.cascade = grid(0, 1, 50).map((t) =>
    summarize(
      matrix,
      cascadeRouting(matrix, chain, (m, i) => predicted[m]![i]!, t),
      t,
      paired,
    ),
  );
  curves["learned-threshold"] = grid(0, 1, 100).map((t) =>
    summarize(matrix, thresholdRouting(matrix, predicted, t), t, paired),
  );
  const lambdas = [0, ...Array.from({ length: 121 }, (_, i) => 10 ** (-3 + i * 0.05))];
  curves["learned-utility"] = lambdas.map((l) =>
    summarize(matrix, utilityRouting(matrix, predicted, l, costScale), l, paired),
  );
  // One cost per model (mean decision cost over the prompts: prices × prompt lengths, no outcomes).
  const modelCost = Float64Array.from(matrix.decisionCost, (c) => c.reduce((a, b) => a + b, 0) / matrix.n);
  const gainScale = modelCost[refIndex]!;
  curves["learned-gain"] = lambdas.map((l) =>
    summarize(matrix, gainRouting(matrix, predicted, l, modelCost, gainScale), l, paired),
  );
  curves["ensemble-utility"] = lambdas.map((l) =>
    summarize(matrix, utilityRouting(matrix, predictions.ensemble, l, costScale), l, paired),
  );
  curves["ensemble-gain"] = lambdas.map((l) =>
    summarize(matrix, gainRouting(matrix, predictions.ensemble, l, modelCost, gainScale), l, paired),
  );
  curves["blend-utility"] = lambdas.map((l) =>
    summarize(matrix, utilityRouting(matrix, predictions.blend, l, costScale), l, paired),
  );
  curves["blend-gain"] = lambdas.map((l) =>
    summarize(matrix, gainRouting(matrix, predictions.blend, l, modelCost, gainScale), l, paired),
  );
  curves["difficulty-gain"] = lambdas.map((l) =>
    summarize(matrix, gainRouting(matrix, predictions.difficulty, l, modelCost, gainScale), l, paired),
  );

  const policies: Record<string, PolicyResult> = {};
  matrix.models.forEach((key, m) => {
    const s = singles[m]!;
    policies[`single:${key}`] = {
      cost: s.cost,
      quality: s.quality,
      trainedOn: "none",
      costFraction: s.cost / bestSingle.cost,
    };
  });
  policies.oracle = {
    cost: oracle.cost,
    quality: oracle.quality,
    trainedOn: "peeks at outcomes (upper bound)",
    costFraction: oracle.cost / bestSingle.cost,
  };
  for (const name of KNOB_POLICIES) {
    const curve = curves[name]!;
    const atBest = [...curve]
      .filter((c) => c.quality >= bestSingle.quality)
      .sort((a, b) => a.cost - b.cost)[0];
    const point = atBest ?? [...curve].sort((a, b) => b.quality - a.quality || a.cost - b.cost)[0]!;
    const result: PolicyResult = {
      cost: point.cost,
      quality: point.quality,
      trainedOn: name === "random" ? "none" : trainedOn,
      costFraction: point.cost / bestSingle.cost,
      curve: curve.map((c) => {
        const out: CurvePoint = { cost: c.cost, quality: c.quality };
        if (c.knob !== undefined) out.knob = c.knob;
        if (c.se) out.se = c.se;
        return out;
      }),
    };
    if (point.knob !== undefined) result.knob = point.knob;
    if (point.shares) result.shares = point.shares;
    policies[name] = result;
  }

  const target = opts.targetFraction * ref.quality;
  const reductions: Record<string, MatchedReduction | null> = {};
  // Fewer calls to the reference saves money only when it is the priciest model: otherwise the calls
  // moved off it may go to pricier ones (68.5% fewer calls at −300% cost), so the figure is withheld
  // unless the reference costs more than every other model.
  // Strictly: with another model as pricey (dcrouter's three $0.34 models), calls moved off the reference
  // may cost just as much.
  const referenceIsPriciest = singles.every((s, m) => m === refIndex || s.cost < ref.cost);
  for (const name of KNOB_POLICIES) {
    const at = costAtQuality(curves[name]!, target);
    const share = at?.shares[matrix.models[refIndex]!] ?? 0;
    reductions[name] = at
      ? {
          cost: at.cost,
          costReduction: 1 - at.cost / ref.cost,
          referenceCallShare: share,
          callShareReduction: referenceIsPriciest ? 1 - share : null,
        }
      : null;
  }

  const allPoints = [...singles, oracle, ...Object.values(curves).flat()];
  const range = {
    min: Math.min(...allPoints.map((q) => q.cost)),
    max: Math.max(...allPoints.map((q) => q.cost)),
  };
  const aiqs: Record<string, number> = { "single models (zero router)": aiq(singles, range) };
  for (const name of KNOB_POLICIES) aiqs[name] = aiq(curves[name]!, range);
  // The oracle mixed with the cheapest model (a single point alone would score 0 below its cost).
  aiqs.oracle = aiq([singles[cheapest]!, oracle], range);

  const captured: Record<string, number | null> = {};
  // The cheapest way to reach the best single model's quality knowing every outcome (≤ any policy's cost there).
  const oracleAtBest = costAtQuality(oracleFrontier(matrix), bestSingle.quality)!;
  const oracleSaving = bestSingle.cost - oracleAtBest.cost;
  for (const name of KNOB_POLICIES) {
    const at = costAtQuality(curves[name]!, bestSingle.quality);
    captured[name] = at && oracleSaving > 0 ? (bestSingle.cost - at.cost) / oracleSaving : null;
  }

  const modelsOut = dataset.models.map((model, m) => ({
    key: model.key,
    quality: singles[m]!.quality,
    cost: singles[m]!.cost,
    price: {
      input: model.price.input,
      output: model.price.output,
      currency: model.price.currency,
      source: `${model.price.source.url}${model.price.source.note ? ` (${model.price.source.note})` : ""}`,
    },
    tokenizer:
      typeof model.tokenizer === "string"
        ? `${model.tokenizer} (exact)`
        : `${model.tokenizer.estimateWith} × ${model.tokenizer.ratio} (estimate: ${model.tokenizer.note})`,
  }));
  const out: DatasetResult = {
    name: dataset.name,
    evaluation: trainedOn,
    prompts: matrix.n,
    models: modelsOut,
    outputForecast: dataset.outputForecastNote,
    tokenSources: matrix.tokenSources,
    best_single: { model: matrix.models[best]!, cost: bestSingle.cost, quality: bestSingle.quality },
    reference: { model: matrix.models[refIndex]!, cost: ref.cost, quality: ref.quality },
    oracle: {
      cost: oracle.cost,
      quality: oracle.quality,
      costExact: moneyToDecimal({ currency: "USD", atto: oracle.costAtto }),
    },
    policies,
    seeds: [opts.seed],
    cost_reduction_at_95pct: {
      targetFraction: opts.targetFraction,
      target,
      label:
        "RouteLLM-comparable: the operating point is read off the evaluated data's own curve (interpolated at the target), as RouteLLM reports; a user's fixed knob gets the `transfer` figures",
      definition:
        "target = targetFraction × reference model's quality; cost = linear interpolation on the policy's cost–quality Pareto frontier between the two points bracketing the target (RouteLLM's np.interp); costReduction = 1 − cost / reference-only cost; callShareReduction = 1 − interpolated share of prompts sent to the reference model (RouteLLM's figure), null unless the reference is the priciest model",
      policies: reductions,
      perSeed: Object.fromEntries(Object.entries(reductions).map(([k, v]) => [k, [v]])),
    },
    aiq: {
      range,
      policies: aiqs,
      perSeed: Object.fromEntries(Object.entries(aiqs).map(([k, v]) => [k, [v]])),
    },
    oracle_saving_captured: {
      definition:
        "(best single model's cost − policy's interpolated cost at the best single model's quality) / (best single model's cost − the oracle's least cost to reach that quality: per-prompt model choices knowing every outcome, mixed, the exact lower bound; so ≤ 100%)",
      oracleCostAtBest: oracleAtBest.cost,
      policies: captured,
      perSeed: Object.fromEntries(Object.entries(captured).map(([k, v]) => [k, [v]])),
    },
    folds: {
      grouping:
        "rows sharing a declared foldGroup (MT-Bench: the question id, so both turns) or the same prompt text up to case, whitespace and punctuation form one group; groups are assigned whole to folds (groupedKFoldSplits), also in the nested inner split",
      ...groupStats(p.groups),
    },
    blend: {
      difficultyWeight: BLEND_DIFFICULTY_WEIGHT,
      note: "blend-* policies: (1 − difficultyWeight) × the ensemble's prediction + difficultyWeight × a per-model logistic regression on 17 dense difficulty features (difficultyFeatures); weight and the regression's settings fixed a priori, trained on the training folds only. difficulty-gain: that regression alone (added for cross-data-set transfer, after benchmarks/routing/transfer-experiments.ts showed its features carry across MMLU and GSM8K)",
    },
    ensemble: {
      knnWeight: 0.5,
      knnSettings: opts.knn,
      selection:
        "knnWeight fixed a priori; k and prior chosen per training run from a fixed grid by the lowest pairwise loss on an inner 1-of-4 split of that training run's prompts (nested: the test prompts are never seen)",
    },
  };
  if (dataset.description !== undefined) out.description = dataset.description;
  if (opts.published) out.cost_reduction_at_95pct.published = opts.published;
  return out;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const meanOrNull = (xs: readonly (number | null)[]): number | null =>
  xs.some((x) => x === null) ? null : mean(xs as number[]);

/**
 * Combines one data set's results over fold seeds: headline metrics (cost reduction at the target, AIQ,
 * oracle saving, each policy's operating point) become the mean, with every seed's value in `perSeed`;
 * curves, knobs and shares stay the first seed's (they are what the plots show).
 */
function averageOverSeeds(results: readonly DatasetResult[], seeds: readonly number[]): DatasetResult {
  const first = results[0]!;
  if (results.length === 1) return first;
  const c95 = first.cost_reduction_at_95pct;
  const perSeedReduction: Record<string, (MatchedReduction | null)[]> = {};
  const meanReduction: Record<string, MatchedReduction | null> = {};
  for (const name of Object.keys(c95.policies)) {
    const xs = results.map((r) => r.cost_reduction_at_95pct.policies[name] ?? null);
    perSeedReduction[name] = xs;
    meanReduction[name] = xs.some((x) => x === null)
      ? null
      : {
          cost: mean(xs.map((x) => x!.cost)),
          costReduction: mean(xs.map((x) => x!.costReduction)),
          referenceCallShare: mean(xs.map((x) => x!.referenceCallShare)),
          callShareReduction: meanOrNull(xs.map((x) => x!.callShareReduction)),
        };
  }
  const aiqPerSeed: Record<string, number[]> = {};
  const aiqMean: Record<string, number> = {};
  for (const name of Object.keys(first.aiq.policies)) {
    aiqPerSeed[name] = results.map((r) => r.aiq.policies[name]!);
    aiqMean[name] = mean(aiqPerSeed[name]!);
  }
  const savedPerSeed: Record<string, (number | null)[]> = {};
  const savedMean: Record<string, number | null> = {};
  for (const name of Object.keys(first.oracle_saving_captured.policies)) {
    savedPerSeed[name] = results.map((r) => r.oracle_saving_captured.policies[name] ?? null);
    savedMean[name] = meanOrNull(savedPerSeed[name]!);
  }
  const policies: Record<string, PolicyResult> = {};
  for (const [name, p] of Object.entries(first.policies)) {
    const all = results.map((r) => r.policies[name]!);
    policies[name] = {
      ...p,
      cost: mean(all.map((x) => x.cost)),
      quality: mean(all.map((x) => x.quality)),
      costFraction: mean(all.map((x) => x.costFraction)),
    };
  }
  return {
    ...first,
    seeds: [...seeds],
    policies,
    cost_reduction_at_95pct: { ...c95, policies: meanReduction, perSeed: perSeedReduction },
    aiq: { range: first.aiq.range, policies: aiqMean, perSeed: aiqPerSeed },
    oracle_saving_captured: {
      ...first.oracle_saving_captured,
      policies: savedMean,
      perSeed: savedPerSeed,
    },
    ensemble: { ...first.ensemble, knnSettings: results.flatMap((r) => r.ensemble.knnSettings) },
  };
}

/**
 * Writes `routing.json` and (unless `plots` is false) the SVG/PNG curve plots of a result into `outDir`.
 * Top-level keys of an existing `routing.json` that a benchmark result does not have (written there by
 * other scripts, e.g. `task_kind_accuracy`) are kept.
 *
 * @example
 * await writeBenchmarkOutputs(combineSeedRuns([run1, run2, run3]), "benchmarks/results");
 */
export async function writeBenchmarkOutputs(
  result: RoutingBenchmarkResult,
  outDir: string,
  plots = true,
): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, "routing.json");
  const kept: Record<string, unknown> = {};
  if (existsSync(file)) {
    const previous = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    for (const [key, value] of Object.entries(previous)) if (!(key in result)) kept[key] = value;
  }
  writeFileSync(file, `${JSON.stringify({ ...result, ...kept }, null, 2)}\n`);
  if (plots) await renderCurvePlots(result, outDir);
}

/**
 * Combines runs of {@link runRoutingBenchmark} that differ only in their fold seeds (e.g. run in separate
 * processes, one seed each) into one result, as if run with `seeds` = all their seeds: each
 * cross-validated data set gets the mean over seeds with per-seed values beside it; data sets found
 * only in the first run (transfers) are kept as they are.
 *
 * @example
 * const result = combineSeedRuns([await runRoutingBenchmark({ datasets, seed: 1 }), seed2Result, seed3Result]);
 */
export function combineSeedRuns(runs: readonly RoutingBenchmarkResult[]): RoutingBenchmarkResult {
  const first = runs[0];
  if (!first) throw new TokenwiseError({ message: "combineSeedRuns: no runs" });
  const seeds = runs.flatMap((r) => r.config.seeds);
  const datasets: Record<string, DatasetResult> = {};
  for (const [name, d] of Object.entries(first.datasets)) {
    const all = runs.map((r) => r.datasets[name]);
    if (runs.length === 1 || all.some((x) => x === undefined)) {
      datasets[name] = d;
      continue;
    }
    const perSeed = all.flatMap((x) => splitBySeed(x!));
    const k = first.config.folds;
    datasets[name] = {
      ...averageOverSeeds(perSeed, seeds),
      evaluation: `${k}-fold CV, mean of ${seeds.length} fold seeds`,
    };
  }
  return { ...first, config: { ...first.config, seeds }, datasets };
}

/** A single-seed result as is; a multi-seed one cannot be split back (its curves are the first seed's). */
function splitBySeed(d: DatasetResult): DatasetResult[] {
  if (d.seeds.length !== 1) {
    throw new TokenwiseError({
      message: `combineSeedRuns: ${d.name} is already averaged over seeds ${d.seeds.join(", ")}`,
    });
  }
  return [d];
}

const DUPLICATE_DEFINITION =
  "a prompt duplicates another when it is the same string (exact), the same after lower-casing and collapsing everything but letters and digits (normalised), or shares word 3-grams with Jaccard ≥ 0.8 (near)";

/** Duplicates within a cross-validated data set (each is grouped with its original in one fold). */
function withinDuplicates(p: Prepared): NonNullable<DatasetResult["duplicates"]> {
  const pairs = nearDuplicatePairs(p.dataset.rows.map((r) => r.prompt));
  const count = (kind: string) => pairs.filter((x) => x.kind === kind).length;
  return {
    within: {
      exact: count("exact"),
      normalised: count("normalised"),
      near: count("near"),
      total: pairs.length,
    },
    excluded: 0,
    definition: `${DUPLICATE_DEFINITION}; within a data set, duplicates join their original's cross-validation group (one fold)`,
  };
}

/**
 * A held-out run as a user lives it: each policy's knob is fixed on the training set's cross-validated
 * curve — the cheapest point reaching the target there (95% of the reference's training quality, or the
 * best single model's) — then applied unchanged to the test set.
 */
function fixedKnobTransfer(
  trainResult: DatasetResult,
  test: DatasetResult,
  testPrepared: Prepared,
  modelQuality: Float64Array,
  targetFraction: number,
  label: string,
): NonNullable<DatasetResult["transfer"]> {
  const ref = test.reference;
  const best = test.best_single;
  const points: NonNullable<DatasetResult["transfer"]>["policies"] = {};
  for (const name of KNOB_POLICIES) {
    const trainCurve = trainResult.policies[name]?.curve ?? [];
    const testCurve = test.policies[name]?.curve ?? [];
    /** The cheapest train point whose quality, less `margin(point)`, reaches the goal (else the best). */
    const pick = (goal: number, margin: (c: CurvePoint) => number) => {
      const reaching = trainCurve
        .filter((c) => c.quality - margin(c) >= goal)
        .sort((a, b) => a.cost - b.cost)[0];
      return reaching ?? [...trainCurve].sort((a, b) => b.quality - a.quality || a.cost - b.cost)[0];
    };
    const apply = (knob: number | undefined) => {
      if (knob === undefined) return undefined;
      if (name === "cheapest-qualifying") {
        const r = summarize(
          testPrepared.matrix,
          cheapestQualifyingRouting(testPrepared.matrix, () => modelQuality, knob),
        );
        return { cost: r.cost, quality: r.quality };
      }
      return testCurve.find((c) => c.knob === knob);
    };
    const entry: NonNullable<DatasetResult["transfer"]>["policies"][string] = {};
    const exact = () => 0;
    for (const [goalName, trainGoal, testGoal, testCost, margin] of [
      [
        "target",
        targetFraction * trainResult.reference.quality,
        targetFraction * ref.quality,
        ref.cost,
        exact,
      ],
      ["bestSingle", trainResult.best_single.quality, best.quality, best.cost, exact],
      [
        "targetOneSe",
        targetFraction * trainResult.reference.quality,
        targetFraction * ref.quality,
        ref.cost,
        (c: CurvePoint) => c.se?.target ?? 0,
      ],
      [
        "bestSingleOneSe",
        trainResult.best_single.quality,
        best.quality,
        best.cost,
        (c: CurvePoint) => c.se?.bestSingle ?? 0,
      ],
    ] as const) {
      const chosen = pick(trainGoal, margin);
      const onTest = apply(chosen?.knob);
      if (!chosen || !onTest) continue;
      entry[goalName] = {
        knob: chosen.knob!,
        trainQuality: chosen.quality,
        trainGoal,
        quality: onTest.quality,
        goal: testGoal,
        met: onTest.quality >= testGoal,
        cost: onTest.cost,
        costFraction: onTest.cost / testCost,
      };
    }
    points[name] = entry;
  }
  return {
    evaluation: label,
    knobChosenOn: `the training set's ${trainResult.evaluation} curve (seed ${trainResult.seeds[0]}): the cheapest point reaching the goal there (target, bestSingle), or reaching it by one standard error of the paired per-prompt difference (targetOneSe, bestSingleOneSe: the one-standard-error rule, fixed a priori); the test set is not looked at`,
    goals: {
      target: `${targetFraction} × ${ref.model}'s quality (costFraction: of ${ref.model}'s cost)`,
      bestSingle: `the best single model's quality (${best.model} on test; costFraction: of its cost)`,
    },
    policies: points,
  };
}
