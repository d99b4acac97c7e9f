import { TokenwiseError } from "../errors";
import { background, type StoreErrorHandler } from "../stores/store-error";
import {
  addCalibration,
  type CalibrationFit,
  type CalibrationState,
  type CalibrationStore,
  emptyCalibration,
  fitCalibration,
  InMemoryCalibrationStore,
  updateCalibration,
} from "./calibration";
import { type Footprint, FootprintCounter } from "./chat-footprint";
import type { ChatRequestLike } from "./chat-request";
import type { EncodingName } from "./encodings";
import { type FamilySpec, TOKENIZER_FAMILIES } from "./families";
import { imageTokens } from "./image-tokens";
import { type QuickEstimate, quickEstimate } from "./quick-estimate";

/** No tokenizer family of that name is configured. */
export class UnknownTokenizerFamilyError extends TokenwiseError {
  readonly family: string;
  constructor({ family }: { family: string }) {
    super({
      message: `Unknown tokenizer family "${family}": add it to the estimator's families or map the model to a known one`,
    });
    this.name = "UnknownTokenizerFamilyError";
    this.family = family;
  }
}

/** What {@link TokenEstimator.estimate} returns; pass it back to {@link TokenEstimator.observe}. */
export interface TokenEstimate {
  /** Best estimate of the input tokens the provider will bill. */
  tokens: number;
  /** Lower end of the error bar. */
  low: number;
  /** Upper end of the error bar. */
  high: number;
  /** True when the count is exact (public tokenizer, documented format, known image sizes). */
  exact: boolean;
  /** How it was obtained, e.g. `"exact:o200k_base"` or `"calibrated:o200k_base×1.183+2.1/msg (n=20)"`. */
  method: string;
  family: string;
  /** The inputs of the estimate, kept for calibration. */
  basis: {
    encoding: EncodingName;
    baseTokens: number;
    messages: number;
    imageTokens: number;
    approx: number;
  };
}

/** Options of {@link createTokenEstimator}. */
export interface TokenEstimatorOptions {
  /** Where per-family calibration is kept. Default: a new {@link InMemoryCalibrationStore}. */
  store?: CalibrationStore;
  /** Extra or replacement families (merged over {@link TOKENIZER_FAMILIES}). */
  families?: Record<string, FamilySpec>;
  /** Family used for unknown names instead of throwing {@link UnknownTokenizerFamilyError}. */
  fallbackFamily?: string;
  /** Per-encoding message cache size (entries). Default 20,000. */
  cacheSize?: number;
  /** Width of the error bar in standard deviations. Default 1.96 (95%). */
  z?: number;
  /**
   * How long a family's calibration is trusted before it is re-read from the store, ms (the re-read
   * runs in the background when the store is asynchronous). Default 1,000; `Infinity` reads once.
   */
  refreshMs?: number;
  /** The clock for refreshes, epoch ms. Default `Date.now`. */
  now?: () => number;
  /** Receives failed store reads and writes (calibration goes on in memory). */
  onStoreError?: StoreErrorHandler;
}

/** Estimates input tokens per family and learns from realized usage. */
export interface TokenEstimator {
  /**
   * Input tokens of the whole prepared request as `family` counts them.
   *
   * @example
   * const e = estimator.estimate({ messages: [{ role: "user", content: "Hi" }] }, "anthropic");
   */
  estimate(request: ChatRequestLike, family: string): TokenEstimate;
  /**
   * Folds a provider's realized input tokens into the family's calibration.
   *
   * @example
   * await estimator.observe("anthropic", e, response.usage.input_tokens);
   */
  observe(family: string, estimate: TokenEstimate, realizedInputTokens: number): void | Promise<void>;
  /** Cheap CJK-aware estimate with a bound (no tokenizer run), using the family's current calibration. */
  quick(request: ChatRequestLike, family: string): QuickEstimate;
  /** Loads the families' states from an asynchronous store before estimating. */
  load(families: string[]): Promise<void>;
  /** The current calibrated model of a family. */
  calibration(family: string): CalibrationFit;
  /** The cached footprint counter of an encoding (exposed for agent-loop accounting and tests). */
  counter(encoding: EncodingName): FootprintCounter;
}

/**
 * Creates a token estimator: exact for OpenAI's public encodings, calibrated with an
 * error bar elsewhere, with per-message caches for agent loops.
 *
 * @example
 * const estimator = createTokenEstimator();
 * const e = estimator.estimate({ messages: [{ role: "user", content: "Hello" }] }, "openai-o200k");
 * e.tokens // 8, exact
 */
export function createTokenEstimator(options: TokenEstimatorOptions = {}): TokenEstimator {
  const store: CalibrationStore = options.store ?? new InMemoryCalibrationStore();
  const families: Record<string, FamilySpec> = { ...TOKENIZER_FAMILIES, ...options.families };
  const z = options.z ?? 1.96;
  const counters = new Map<EncodingName, FootprintCounter>();
  const states = new Map<string, CalibrationState>();
  const refreshMs = options.refreshMs ?? 1_000;
  const now = options.now ?? Date.now;
  const readAt = new Map<string, number>();
  const what = (operation: "get" | "update", family: string) => ({
    store: "calibration",
    operation,
    key: family,
  });

  const specOf = (family: string): FamilySpec => {
    const spec = families[family] ?? (options.fallbackFamily ? families[options.fallbackFamily] : undefined);
    if (spec === undefined) throw new UnknownTokenizerFamilyError({ family });
    return spec;
  };
  const counter = (encoding: EncodingName): FootprintCounter => {
    let c = counters.get(encoding);
    if (c === undefined) {
      c = new FootprintCounter({ encoding, ...(options.cacheSize ? { cacheSize: options.cacheSize } : {}) });
      counters.set(encoding, c);
    }
    return c;
  };
  const stateOf = (family: string): CalibrationState => {
    let s = states.get(family);
    const t = now();
    if (s === undefined || t - (readAt.get(family) ?? t) >= refreshMs) {
      readAt.set(family, t);
      // Re-read (other estimators may share the store): a synchronous answer is used at once, an
      // asynchronous one from the next estimate on.
      background(
        () => {
          const stored = store.get(family);
          if (stored instanceof Promise) {
            return stored.then((v) => {
              if (v !== undefined) states.set(family, v);
            });
          }
          if (stored !== undefined) s = stored;
        },
        what("get", family),
        options.onStoreError,
      );
      s ??= emptyCalibration();
      states.set(family, s);
    }
    return s;
  };
  const imagesOf = (footprint: Footprint, spec: FamilySpec) => {
    let tokens = 0;
    let low = 0;
    let high = 0;
    for (const image of footprint.images) {
      const t = imageTokens(image, spec.imageRule);
      tokens += t.tokens;
      low += t.low;
      high += t.high;
    }
    return { tokens, low, high, exact: low === high };
  };

  return {
    estimate(request, family) {
      const spec = specOf(family);
      const footprint = counter(spec.base).count(request);
      const img = imagesOf(footprint, spec);
      const basis = {
        encoding: spec.base,
        baseTokens: footprint.tokens,
        messages: footprint.messages,
        imageTokens: img.tokens,
        approx: footprint.approx,
      };
      if (spec.exact !== undefined) {
        const slack = Math.ceil(footprint.approx * 0.1);
        return {
          tokens: footprint.tokens + img.tokens,
          low: footprint.tokens - slack + img.low,
          high: footprint.tokens + slack + img.high,
          exact: slack === 0 && img.exact,
          method: `exact:${spec.exact}${slack > 0 ? "+approx-tool-format" : ""}`,
          family: spec.family,
          basis,
        };
      }
      const fit = fitCalibration(stateOf(spec.family), spec);
      const text = Math.max(
        1,
        fit.ratio * footprint.tokens + fit.perMessage * footprint.messages + fit.intercept,
      );
      const spread = Math.exp(z * fit.sigma);
      return {
        tokens: Math.round(text) + img.tokens,
        low: Math.floor(text / spread) + img.low,
        high: Math.ceil(text * spread) + img.high,
        exact: false,
        method: `calibrated:${spec.base}×${fit.ratio.toFixed(3)}${fit.perMessage >= 0 ? "+" : ""}${fit.perMessage.toFixed(1)}/msg${fit.intercept >= 0 ? "+" : ""}${fit.intercept.toFixed(0)} (n=${fit.n}, σ=${fit.sigma.toFixed(3)})`,
        family: spec.family,
        basis,
      };
    },

    observe(family, estimate, realizedInputTokens) {
      const spec = specOf(family);
      const realizedText = realizedInputTokens - estimate.basis.imageTokens;
      const predictedText = estimate.tokens - estimate.basis.imageTokens;
      const observation = {
        baseTokens: estimate.basis.baseTokens,
        messages: estimate.basis.messages,
        predicted: predictedText,
      };
      const delta = updateCalibration(emptyCalibration(), observation, realizedText);
      if (delta.n === 0) return;
      const next = addCalibration(stateOf(spec.family), delta);
      states.set(spec.family, next);
      if (store.merge) {
        // A shared store adds this observation to whatever other estimators folded in meanwhile.
        const merge = store.merge.bind(store);
        background(() => merge(spec.family, delta), what("update", spec.family), options.onStoreError);
        return;
      }
      return store.put(spec.family, next);
    },

    quick(request, family) {
      const spec = specOf(family);
      if (spec.exact !== undefined) return quickEstimate(request, { encoding: spec.exact });
      const fit = fitCalibration(stateOf(spec.family), spec);
      return quickEstimate(request, { ratio: fit.ratio, sigma: fit.sigma, perMessage: fit.perMessage });
    },

    async load(names) {
      for (const name of names) {
        const spec = specOf(name);
        const stored = await store.get(spec.family);
        if (stored !== undefined) states.set(spec.family, stored);
      }
    },

    calibration(family) {
      const spec = specOf(family);
      return fitCalibration(stateOf(spec.family), spec);
    },

    counter,
  };
}
