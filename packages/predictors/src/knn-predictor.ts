import { parseWith, type QualityPredictor, TokenwiseError, ValidationError } from "@tokenwise/core";
import { z } from "zod";
import { groupedKFoldSplits } from "./k-fold";
import { type FeatureInput, hashString } from "./prompt-features";

/** A prompt's hashed terms (word unigrams, bigrams and the group label) with raw counts, ids ascending. */
export interface TermCounts {
  ids: Uint32Array;
  counts: Float32Array;
}

/** One kNN training example: the prompt as the router sees it and each model's outcome (0–1). */
export interface KnnExample extends FeatureInput {
  scores: Record<string, number>;
}

/** Neighbourhood settings of {@link trainKnnPredictor}. */
export interface KnnSettings {
  /** Neighbours consulted (default 25). */
  k: number;
  /** Pseudo-count of the training-set mean mixed into each neighbourhood (default 2): shrinks sparse neighbourhoods. */
  prior: number;
}

/** Options of {@link trainKnnPredictor}. */
export interface KnnTrainOptions extends Partial<KnnSettings> {
  /** Name shown in router reports; default `knn-tfidf-ngrams`. */
  name?: string;
  /** Model keys to learn; default: the keys of the first example's scores. */
  models?: readonly string[];
  /** log2 of the hashed term space (default 20). */
  bits?: number;
  /** Pre-computed terms of the examples, same order (see {@link promptTerms}). */
  terms?: readonly TermCounts[];
}

/** A trained kNN quality predictor over TF-IDF vectors of hashed word n-grams (cosine similarity). */
export interface KnnPredictor extends QualityPredictor {
  readonly bits: number;
  readonly settings: KnnSettings;
  /** Predicted quality per model for a prompt's terms, in `models` order. */
  predictTerms(terms: TermCounts): Float64Array;
  /**
   * How much the training data say about a prompt: the summed cosine similarity of its `k` nearest
   * training prompts — the weight its neighbours get against the `prior` pseudo-counts of the training
   * mean (near 0: out of distribution, the prediction is the prior).
   */
  evidence(terms: TermCounts): number;
  /** Serialisable form (the training prompts' hashed terms and outcomes); see {@link loadKnnPredictor}. */
  toJSON(): SerializedKnnPredictor;
  /** Predicts with a group label (e.g. MMLU subject) when the caller knows one. */
  predict(input: FeatureInput): Map<string, number>;
}

export const SerializedKnnPredictorSchema = z.object({
  format: z.literal("tokenwise.knn-predictor/v1"),
  name: z.string().min(1),
  models: z.array(z.string().min(1)).min(1),
  bits: z.number().int().min(8).max(26),
  settings: z.object({ k: z.number().int().positive(), prior: z.number().min(0) }),
  /** Per training prompt, the number of distinct terms. */
  lengths: z.array(z.number().int().min(0)),
  /** Base64 of little-endian uint32 term ids, all prompts concatenated. */
  ids: z.string(),
  /** Base64 of little-endian float32 term counts, same layout. */
  counts: z.string(),
  /** Base64 of little-endian float32 scores, one array per model (one value per training prompt). */
  scores: z.array(z.string()),
});
export type SerializedKnnPredictor = z.infer<typeof SerializedKnnPredictorSchema>;

export const DEFAULT_KNN_SETTINGS: KnnSettings = { k: 25, prior: 2 };
const DEFAULT_BITS = 20;
/** Terms in more than this share of the training prompts are skipped (stop words; fixed a priori, for speed). */
const MAX_DOC_FREQUENCY = 0.6;

/**
 * Hashed terms of a prompt: lower-cased word unigrams and bigrams (first 4,000 characters) and the group
 * label as one extra term. Fits nothing, so computing it for every prompt up front leaks nothing.
 *
 * @example
 * promptTerms({ prompt: "How many eggs?" }).ids.length // 5 (3 words + 2 bigrams, "?" counted as a word)
 */
export function promptTerms(input: FeatureInput, bits = DEFAULT_BITS): TermCounts {
  const mask = (1 << bits) - 1;
  const counts = new Map<number, number>();
  const add = (key: string, seed: number) => {
    const id = (hashString(key, seed) & mask) >>> 0;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  };
  const words =
    input.prompt
      .slice(0, 4000)
      .toLowerCase()
      .match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
  for (let i = 0; i < words.length; i++) {
    add(words[i]!, 0x27d4eb2f);
    if (i + 1 < words.length) add(`${words[i]} ${words[i + 1]}`, 0x165667b1);
  }
  if (input.group) add(`group:${input.group}`, 0xd3a2646c);
  const entries = [...counts.entries()].sort((a, b) => a[0] - b[0]);
  return {
    ids: Uint32Array.from(entries.map((e) => e[0])),
    counts: Float32Array.from(entries.map((e) => e[1])),
  };
}

/** Neighbours of a query, most similar first. */
interface Neighbours {
  index: Int32Array;
  similarity: Float64Array;
}

/** An inverted TF-IDF index over training prompts (IDF fitted on them only), answering top-k cosine queries. */
class TfIdfIndex {
  /** Term id → slot of a kept term (document frequency ≤ the cap); its IDF and postings are by slot. */
  private readonly slotOf = new Map<number, number>();
  private readonly idf: Float64Array;
  /** Postings in CSR layout: the slot's documents and weights are at [start[slot], start[slot + 1]). */
  private readonly start: Int32Array;
  private readonly postDoc: Int32Array;
  private readonly postWeight: Float64Array;
  private readonly acc: Float64Array;
  private readonly touched: Int32Array;

  constructor(docs: readonly TermCounts[]) {
    const n = docs.length;
    const df = new Map<number, number>();
    for (const d of docs) for (const id of d.ids) df.set(id, (df.get(id) ?? 0) + 1);
    const idf: number[] = [];
    const postings: number[] = [];
    for (const [id, f] of df) {
      if (f > MAX_DOC_FREQUENCY * n && n >= 20) continue;
      this.slotOf.set(id, idf.length);
      idf.push(Math.log((n + 1) / (f + 1)) + 1);
      postings.push(f);
    }
    this.idf = Float64Array.from(idf);
    this.start = new Int32Array(idf.length + 1);
    for (let s = 0; s < idf.length; s++) this.start[s + 1] = this.start[s]! + postings[s]!;
    const total = this.start[idf.length]!;
    this.postDoc = new Int32Array(total);
    this.postWeight = new Float64Array(total);
    const fill = this.start.slice(0, idf.length);
    const slots = new Int32Array(64);
    docs.forEach((d, j) => {
      const { w, slot } = this.weigh(d, slots);
      for (let t = 0; t < d.ids.length; t++) {
        if (w[t] === 0) continue;
        const s = slot[t]!;
        const at = fill[s]!;
        this.postDoc[at] = j;
        this.postWeight[at] = w[t]!;
        fill[s] = at + 1;
      }
    });
    this.acc = new Float64Array(n);
    this.touched = new Int32Array(n);
  }

  /** Sublinear TF × IDF, L2-normalised; terms unseen in training (slot −1) weigh 0. */
  private weigh(d: TermCounts, scratch?: Int32Array): { w: Float64Array; slot: Int32Array } {
    const w = new Float64Array(d.ids.length);
    const slot = scratch && scratch.length >= w.length ? scratch : new Int32Array(w.length);
    let norm = 0;
    for (let t = 0; t < w.length; t++) {
      const s = this.slotOf.get(d.ids[t]!) ?? -1;
      slot[t] = s;
      w[t] = s < 0 ? 0 : (1 + Math.log(d.counts[t]!)) * this.idf[s]!;
      norm += w[t]! * w[t]!;
    }
    norm = Math.sqrt(norm) || 1;
    for (let t = 0; t < w.length; t++) w[t] = w[t]! / norm;
    return { w, slot };
  }

  /** The `k` training prompts most similar (cosine > 0) to `query`, most similar first. */
  query(query: TermCounts, k: number): Neighbours {
    const { w, slot } = this.weigh(query);
    const acc = this.acc;
    const postDoc = this.postDoc;
    const postWeight = this.postWeight;
    let touched = 0;
    for (let t = 0; t < query.ids.length; t++) {
      const wt = w[t]!;
      if (wt === 0) continue;
      const s = slot[t]!;
      const end = this.start[s + 1]!;
      for (let z = this.start[s]!; z < end; z++) {
        const j = postDoc[z]!;
        if (acc[j] === 0) this.touched[touched++] = j;
        acc[j] = acc[j]! + wt * postWeight[z]!;
      }
    }
    // Min-heap of the best k by similarity (ties to the lower index, for determinism).
    const heap: number[] = [];
    const less = (a: number, b: number) => acc[a]! < acc[b]! || (acc[a] === acc[b] && a > b);
    const down = (i: number) => {
      const size = heap.length;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let s = i;
        if (l < size && less(heap[l]!, heap[s]!)) s = l;
        if (r < size && less(heap[r]!, heap[s]!)) s = r;
        if (s === i) return;
        const tmp = heap[i]!;
        heap[i] = heap[s]!;
        heap[s] = tmp;
        i = s;
      }
    };
    for (let z = 0; z < touched; z++) {
      const j = this.touched[z]!;
      const aj = acc[j]!;
      if (aj <= 0) continue;
      if (heap.length < k) {
        heap.push(j);
        for (let i = heap.length - 1; i > 0; ) {
          const parent = (i - 1) >> 1;
          if (!less(heap[i]!, heap[parent]!)) break;
          const tmp = heap[i]!;
          heap[i] = heap[parent]!;
          heap[parent] = tmp;
          i = parent;
        }
      } else {
        const top = heap[0]!;
        const at = acc[top]!;
        // Cheap rejection first: most prompts are less similar than the k-th best so far.
        if (aj < at || (aj === at && j > top)) continue;
        heap[0] = j;
        down(0);
      }
    }
    const sorted = heap.sort((a, b) => (less(a, b) ? 1 : less(b, a) ? -1 : 0));
    const out: Neighbours = {
      index: Int32Array.from(sorted),
      similarity: Float64Array.from(sorted, (j) => this.acc[j]!),
    };
    for (let z = 0; z < touched; z++) this.acc[this.touched[z]!] = 0;
    return out;
  }
}

/** Shrunk similarity-weighted mean of the neighbours' scores, per model. */
function neighbourhoodMean(
  nb: Neighbours,
  scores: readonly Float64Array[],
  prior: Float64Array,
  settings: KnnSettings,
): Float64Array {
  const out = new Float64Array(scores.length);
  const k = Math.min(settings.k, nb.index.length);
  let total = settings.prior;
  for (let z = 0; z < k; z++) total += nb.similarity[z]!;
  for (let m = 0; m < scores.length; m++) {
    let v = settings.prior * prior[m]!;
    for (let z = 0; z < k; z++) v += nb.similarity[z]! * scores[m]![nb.index[z]!]!;
    out[m] = total > 0 ? v / total : prior[m]!;
  }
  return out;
}

function meanOf(scores: readonly Float64Array[]): Float64Array {
  return Float64Array.from(scores, (s) => (s.length === 0 ? 0 : s.reduce((a, b) => a + b, 0) / s.length));
}

function makeKnn(
  name: string,
  models: readonly string[],
  bits: number,
  settings: KnnSettings,
  docs: readonly TermCounts[],
  scores: Float64Array[],
): KnnPredictor {
  const index = new TfIdfIndex(docs);
  const prior = meanOf(scores);
  const predictTerms = (terms: TermCounts) =>
    neighbourhoodMean(index.query(terms, settings.k), scores, prior, settings);
  const evidence = (terms: TermCounts) => {
    const nb = index.query(terms, settings.k);
    let total = 0;
    for (let z = 0; z < Math.min(settings.k, nb.index.length); z++) total += nb.similarity[z]!;
    return total;
  };
  return {
    name,
    models: [...models],
    bits,
    settings: { ...settings },
    predictTerms,
    evidence,
    predict(input) {
      const p = predictTerms(promptTerms(input, bits));
      return new Map(models.map((m, i) => [m, p[i]!]));
    },
    toJSON() {
      const lengths = docs.map((d) => d.ids.length);
      const total = lengths.reduce((a, b) => a + b, 0);
      const ids = new Uint32Array(total);
      const counts = new Float32Array(total);
      let at = 0;
      for (const d of docs) {
        ids.set(d.ids, at);
        counts.set(d.counts, at);
        at += d.ids.length;
      }
      const b64 = (a: Uint32Array | Float32Array) =>
        Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
      return {
        format: "tokenwise.knn-predictor/v1",
        name,
        models: [...models],
        bits,
        settings: { ...settings },
        lengths,
        ids: b64(ids),
        counts: b64(counts),
        scores: scores.map((s) => b64(Float32Array.from(s))),
      };
    },
  };
}

function resolveModels(examples: readonly KnnExample[], models: readonly string[] | undefined): string[] {
  const out = [...(models ?? Object.keys(examples[0]?.scores ?? {}))];
  if (out.length === 0) throw new TokenwiseError({ message: "trainKnnPredictor: no models to learn" });
  return out;
}

/**
 * Trains a k-nearest-neighbour quality predictor: a prompt's predicted quality per model is the
 * similarity-weighted mean score of its `k` most similar training prompts (cosine over TF-IDF of hashed
 * word uni/bigrams; IDF fitted on the training prompts only), shrunk toward the training mean by `prior`
 * pseudo-counts. All models are read off the same neighbours, so their *difference* — what a router
 * acts on — is estimated directly rather than from two independent fits. In-process, no weights.
 *
 * @example
 * const knn = trainKnnPredictor(examples, { k: 25 });
 * knn.predict({ prompt: "Solve 3x + 2 = 11" }) // Map { "openai/gpt-4o" => 0.91, "openai/gpt-4o-mini" => 0.62 }
 */
export function trainKnnPredictor(
  examples: readonly KnnExample[],
  options: KnnTrainOptions = {},
): KnnPredictor {
  const models = resolveModels(examples, options.models);
  const bits = options.bits ?? DEFAULT_BITS;
  const docs = options.terms ?? examples.map((e) => promptTerms(e, bits));
  if (docs.length !== examples.length) {
    throw new TokenwiseError({ message: "trainKnnPredictor: terms and examples differ in length" });
  }
  const settings: KnnSettings = {
    k: options.k ?? DEFAULT_KNN_SETTINGS.k,
    prior: options.prior ?? DEFAULT_KNN_SETTINGS.prior,
  };
  if (!Number.isInteger(settings.k) || settings.k < 1 || !(settings.prior >= 0)) {
    throw new TokenwiseError({
      message: `trainKnnPredictor: k must be a positive integer and prior ≥ 0 (got k=${settings.k}, prior=${settings.prior})`,
    });
  }
  // Scores are kept at float32 precision, as serialised, so a loaded predictor predicts identically.
  const scores = models.map((m) => Float64Array.from(Float32Array.from(examples, (e) => e.scores[m] ?? 0)));
  return makeKnn(options.name ?? "knn-tfidf-ngrams", models, bits, settings, docs, scores);
}

/** The a-priori grid {@link selectKnnSettings} searches. */
export const KNN_SETTINGS_GRID: readonly KnnSettings[] = [10, 25, 50, 100].flatMap((k) =>
  [1, 5].map((prior) => ({ k, prior })),
);

/** What {@link selectKnnSettings} chose and why. */
export interface KnnSelection {
  settings: KnnSettings;
  /** Inner-validation loss per grid entry, in grid order. */
  losses: number[];
  /** Indices (into the examples given) the inner validation scored; never used to fit its index. */
  validation: number[];
}

/**
 * Nested model selection for the kNN predictor, using only the examples given (a training fold): splits
 * them once (inner 1-of-`innerFolds`, seeded), fits on the inner training part, and picks the grid entry
 * with the lowest pairwise loss on the inner validation part — the mean over model pairs (a, b) of
 * ((p̂_a − p̂_b) − (s_a − s_b))², i.e. how well it predicts the quality *differences* a router acts on
 * (for one model, the squared error of its score). The caller's test fold is never seen.
 *
 * @example
 * const { settings } = selectKnnSettings(trainExamples, { terms: trainTerms, seed: 1 });
 * const knn = trainKnnPredictor(trainExamples, { ...settings, terms: trainTerms });
 */
export function selectKnnSettings(
  examples: readonly KnnExample[],
  options: {
    models?: readonly string[];
    terms?: readonly TermCounts[];
    bits?: number;
    grid?: readonly KnnSettings[];
    seed?: number;
    innerFolds?: number;
    /** Cross-validation group per example (same order): the inner split never separates a group. */
    groups?: readonly (string | number)[];
  } = {},
): KnnSelection {
  const models = resolveModels(examples, options.models);
  const bits = options.bits ?? DEFAULT_BITS;
  const grid = options.grid ?? KNN_SETTINGS_GRID;
  const docs = options.terms ?? examples.map((e) => promptTerms(e, bits));
  const innerFolds = options.innerFolds ?? 4;
  const groups = options.groups ?? examples.map((_, i) => i);
  if (new Set(groups).size < innerFolds * 2 || grid.length === 0) {
    return { settings: grid[0] ?? { ...DEFAULT_KNN_SETTINGS }, losses: [], validation: [] };
  }
  const split = groupedKFoldSplits(groups, innerFolds, options.seed ?? 1)[0]!;
  const scores = models.map((m) => Float64Array.from(split.train, (i) => examples[i]!.scores[m] ?? 0));
  const index = new TfIdfIndex(split.train.map((i) => docs[i]!));
  const prior = meanOf(scores);
  const maxK = Math.max(...grid.map((g) => g.k));
  const losses = new Array<number>(grid.length).fill(0);
  for (const i of split.test) {
    const nb = index.query(docs[i]!, maxK);
    const truth = models.map((m) => examples[i]!.scores[m] ?? 0);
    grid.forEach((g, gi) => {
      const p = neighbourhoodMean(nb, scores, prior, g);
      losses[gi] = losses[gi]! + pairwiseLoss(p, truth);
    });
  }
  let best = 0;
  for (let gi = 1; gi < grid.length; gi++) if (losses[gi]! < losses[best]!) best = gi;
  return {
    settings: { ...grid[best]! },
    losses: losses.map((l) => l / split.test.length),
    validation: split.test,
  };
}

function pairwiseLoss(p: Float64Array, truth: readonly number[]): number {
  if (p.length === 1) return (p[0]! - truth[0]!) ** 2;
  let loss = 0;
  let pairs = 0;
  for (let a = 0; a < p.length; a++) {
    for (let b = a + 1; b < p.length; b++) {
      loss += (p[a]! - p[b]! - (truth[a]! - truth[b]!)) ** 2;
      pairs++;
    }
  }
  return loss / pairs;
}

/**
 * Loads a predictor saved with `predictor.toJSON()` (validated; a bad file throws naming `source`). The
 * result implements core's `QualityPredictor`.
 *
 * @example
 * const knn = loadKnnPredictor(JSON.parse(readFileSync("knn.json", "utf8")));
 */
export function loadKnnPredictor(json: unknown, source = "predictor.json"): KnnPredictor {
  const data = parseWith(SerializedKnnPredictorSchema, json, source);
  const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, "base64"));
  const total = data.lengths.reduce((a, b) => a + b, 0);
  const idBytes = bytes(data.ids);
  const countBytes = bytes(data.counts);
  for (const [field, b] of [
    ["ids", idBytes],
    ["counts", countBytes],
  ] as const) {
    if (b.byteLength !== total * 4) {
      throw new ValidationError({
        source,
        issues: [
          {
            path: [field],
            message: `holds ${b.byteLength} bytes, expected ${total * 4} (${total} terms of 4 bytes, from lengths)`,
          },
        ],
      });
    }
  }
  if (data.scores.length !== data.models.length) {
    throw new ValidationError({
      source,
      issues: [
        { path: ["scores"], message: `${data.scores.length} score arrays for ${data.models.length} models` },
      ],
    });
  }
  const ids = new Uint32Array(idBytes.buffer, 0, total);
  const counts = new Float32Array(countBytes.buffer, 0, total);
  const docs: TermCounts[] = [];
  let at = 0;
  for (const len of data.lengths) {
    docs.push({ ids: ids.slice(at, at + len), counts: counts.slice(at, at + len) });
    at += len;
  }
  const scores = data.scores.map((b64, m) => {
    const b = bytes(b64);
    if (b.byteLength !== data.lengths.length * 4) {
      throw new ValidationError({
        source,
        issues: [
          {
            path: ["scores", m],
            message: `holds ${b.byteLength} bytes, expected ${data.lengths.length * 4} (one float32 per training prompt)`,
          },
        ],
      });
    }
    return Float64Array.from(new Float32Array(b.buffer, 0, data.lengths.length));
  });
  return makeKnn(data.name, data.models, data.bits, data.settings, docs, scores);
}
