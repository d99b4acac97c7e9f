/**
 * Curated facts for three schema features the price files do not carry, merged onto the generated
 * entries by `./generate.ts` (its `applyCurated` hook), each with where it was read:
 *
 * - `maxInputTokens`: a provider's limit on prompt tokens below the context window;
 * - `apiId`: the model id a call must send when the catalog id is a display name (Volcengine Ark);
 * - `thinkingSwitch` and thinking-mode prices: hybrid models whose price depends on the thinking mode
 *   (read from model-bank's `thinkingMode` lookups by {@link thinkingBankVersion}), and the models they
 *   add to the catalog ({@link MODE_PICKS}).
 *
 * Everything here is listed in docs/catalog.md ("Input limits, API ids and thinking modes"), with
 * what could not be sourced.
 */
import type { Pick } from "./selection";

/** A curated value and where it was read. */
export interface Cited<T> {
  value: T;
  source: string;
}

const GPT5_LIMIT =
  'OpenAI, "Introducing GPT-5 for developers" (2025-08-07): in the API gpt-5, gpt-5-mini and gpt-5-nano accept up to 272,000 input tokens and emit up to 128,000 reasoning and output tokens, 400,000 in all; as quoted by benjamincrozat.com/gpt-5-api and by the API error "Input tokens exceed the configured limit of 272,000 tokens" (community.openai.com/t/1344734), read 2026-11-30';

/** Input limits below the context window, by `provider/id`. */
export const INPUT_LIMITS: Readonly<Record<string, Cited<number>>> = {
  "openai/gpt-5": { value: 272_000, source: GPT5_LIMIT },
  "openai/gpt-5-mini": { value: 272_000, source: GPT5_LIMIT },
  "openai/gpt-5-nano": { value: 272_000, source: GPT5_LIMIT },
};

/**
 * Models whose input limit is likely below the context window but could not be sourced: no
 * `maxInputTokens` (only the context window and the output reserve limit them).
 */
export const UNCONFIRMED_INPUT_LIMITS: Readonly<Record<string, string>> = {
  "openai/gpt-5.1":
    "400,000 context and 128,000 output like gpt-5 (model-bank card), but no page read states its input limit",
  "openai/gpt-5.4":
    "1,050,000 context (model-bank card); third-party pages mention 272,000 only as the long-context price threshold",
};

const ARK_IDS =
  "Volcengine Ark model ids as listed in the chatgpt-on-wechat docs for Doubao (docs/en/models/doubao.mdx, v2.0.9: doubao-seed-2-0-pro-260215, doubao-seed-2-0-code-preview-260215, doubao-seed-2-0-lite-260215; base URL https://ark.cn-beijing.volces.com/api/v3), read 2026-11-30; third-party, not Volcengine's own model list";

/** The id a call sends, where the catalog id is a display name, by `provider/id`. */
export const API_IDS: Readonly<Record<string, Cited<string>>> = {
  "doubao/doubao-seed-2.0-pro": { value: "doubao-seed-2-0-pro-260215", source: ARK_IDS },
  "doubao/doubao-seed-2.0-lite": { value: "doubao-seed-2-0-lite-260215", source: ARK_IDS },
  "doubao/doubao-seed-2.0-code": { value: "doubao-seed-2-0-code-preview-260215", source: ARK_IDS },
};

/** Doubao display names whose Ark model id could not be sourced: sent as is (a call may be refused). */
export const UNCONFIRMED_API_IDS: Readonly<Record<string, string>> = {
  "doubao/doubao-seed-2.0-mini":
    "BytePlus ModelArk (international) lists seed-2-0-mini-260215; no Volcengine Ark (China) id found",
  "doubao/doubao-seed-2.1-pro": "no Ark model id found",
  "doubao/doubao-seed-2.1-turbo": "no Ark model id found",
  "doubao/doubao-seed-code": "no Ark model id found (dated preview ids only on third-party pages)",
  "doubao/doubao-1.5-pro-32k": "no Ark model id found",
  "doubao/doubao-1.5-lite-32k": "no Ark model id found",
};

const QWEN_HYBRID =
  'Alibaba Cloud Model Studio, "深度思考" (www.alibabacloud.com/help/zh/model-studio/deep-thinking, updated 2026-06-18): hybrid-thinking models take enable_thinking (true: think, then answer; false: answer directly); the commercial Qwen Plus, Flash and Turbo models are hybrid with thinking off by default';

/** How a request switches thinking on the wire, by `provider/id`. */
export const THINKING_SWITCHES: Readonly<Record<string, Cited<"enable_thinking" | "thinking-type">>> = {
  "qwen/qwen-plus": { value: "enable_thinking", source: QWEN_HYBRID },
  "qwen/qwen-turbo": { value: "enable_thinking", source: QWEN_HYBRID },
};

/** The default mode of the models whose model-bank prices depend on `thinkingMode`, by `provider/id`. */
export const DEFAULT_MODES: Readonly<Record<string, Cited<"thinking" | "non-thinking">>> = {
  "qwen/qwen-plus": { value: "non-thinking", source: QWEN_HYBRID },
};

/**
 * Models added for their thinking-mode prices (the price files' other models are picked in
 * `./selection.ts`): qwen-plus, whose output price on Model Studio depends on the thinking mode.
 */
export const MODE_PICKS: readonly Pick[] = [
  {
    provider: "qwen",
    id: "qwen-plus",
    from: { file: "bank", provider: "qwen", id: "qwen-plus" },
    api: "openai",
    tokenizer: "qwen",
    maxOutput: 8_192,
    limitsSource:
      "UNCONFIRMED: no provider page read gives qwen-plus's maximum output (third-party catalogues say 32,768); the conservative 8192 floor is kept; context 1,000,000 from model-bank",
    caps: "tsr",
  },
];

type Json = Record<string, unknown>;

/** What {@link thinkingBankVersion} needs from the generator (so nothing is parsed twice). */
export interface BankHelpers {
  /** A JSON float as a plain decimal string. */
  dec(value: number): string;
  /** The version every model-bank price starts with (currency, effectiveFrom, source). */
  versionBase: Json;
}

interface LookupUnit {
  name: string;
  strategy: string;
  rate?: number | null;
  lookup?: { prices: Record<string, number>; pricingParams: string[] };
}

const FIELDS: Record<string, string> = {
  textInput: "input",
  textOutput: "output",
  textInput_cacheRead: "cacheRead",
};

/**
 * A model-bank row whose prices depend on the thinking mode (`pricingParams` `["textInputRange",
 * "thinkingMode"]`, keys such as `[0, 0.128]_[true]`) as one version: the non-thinking prices as
 * base and tiers (one per input band, `aboveInputTokens` at its lower bound), the thinking prices as
 * each band's `thinking`, and the model's documented `defaultMode`. Undefined when the row does not
 * price the modes apart (the generator's own reader applies).
 */
export function thinkingBankVersion(key: string, row: Json, helpers: BankHelpers): Json | undefined {
  const units = (row.units as LookupUnit[]).filter((u) => u.name in FIELDS);
  if (!units.some((u) => u.lookup?.pricingParams.includes("thinkingMode"))) return undefined;
  const mode = DEFAULT_MODES[key];
  if (!mode) throw new Error(`${key}: model-bank prices its modes apart; curate its default mode`);
  // band start (tokens) → field → [non-thinking, thinking]
  const bands = new Map<number, Map<string, [number, number]>>();
  const band = (from: number) => {
    let b = bands.get(from);
    if (!b) {
      b = new Map();
      bands.set(from, b);
    }
    return b;
  };
  for (const unit of units) {
    const field = FIELDS[unit.name]!;
    const params = unit.lookup?.pricingParams ?? [];
    if (unit.strategy !== "lookup" || !unit.lookup || params[0] !== "textInputRange" || params.length > 2) {
      throw new Error(
        `${key}: ${unit.name} is priced by ${params.join("+") || unit.strategy}: not representable`,
      );
    }
    for (const [k, price] of Object.entries(unit.lookup.prices)) {
      const m = /^\[([\d.]+),\s*(?:[\d.]+|infinity)\](?:_\[(true|false)\])?$/.exec(k);
      if (!m) throw new Error(`${key}: band "${k}"`);
      const from = Math.round(Number(m[1]) * 1_000_000);
      const pair = band(from).get(field) ?? [Number.NaN, Number.NaN];
      if (m[2] === undefined) pair[0] = pair[1] = price;
      else pair[m[2] === "true" ? 1 : 0] = price;
      band(from).set(field, pair);
    }
  }
  const starts = [...bands.keys()].sort((a, b) => a - b);
  const at = (from: number) => {
    const base: Json = {};
    const thinking: Json = {};
    for (const field of Object.values(FIELDS)) {
      const start = starts.filter((s) => s <= from && bands.get(s)!.has(field)).pop();
      if (start === undefined) continue;
      const [off, on] = bands.get(start)!.get(field)!;
      if (Number.isNaN(off) || Number.isNaN(on)) throw new Error(`${key}: ${field} lacks a mode at ${from}`);
      base[field] = helpers.dec(off);
      if (on !== off) thinking[field] = helpers.dec(on);
    }
    // A band whose modes cost the same still states its thinking price (the schema asks every band).
    if (Object.keys(thinking).length === 0) thinking.output = base.output;
    return { base, thinking };
  };
  const first = at(0);
  const { source: baseSource, ...head } = helpers.versionBase;
  const source = baseSource as Json;
  return {
    ...head,
    ...first.base,
    thinking: first.thinking,
    defaultMode: mode.value,
    tiers: starts.slice(1).map((from) => {
      const t = at(from);
      return { aboveInputTokens: from, ...t.base, thinking: t.thinking };
    }),
    source: {
      ...source,
      note: `${source.note as string}; input-length bands as tiers; thinking-mode prices from the thinkingMode lookup (true: thinking), defaultMode ${mode.value} (${mode.source})`,
    },
  };
}

/** Merges the curated facts onto a generated entry (input limit, API id, thinking switch). */
export function applyCurated(entry: Json): Json {
  const key = `${entry.provider as string}/${entry.id as string}`;
  const out: Json = { ...entry };
  const limit = INPUT_LIMITS[key];
  if (limit) out.maxInputTokens = limit.value;
  const apiId = API_IDS[key];
  if (apiId) out.apiId = apiId.value;
  const sw = THINKING_SWITCHES[key];
  if (sw) out.thinkingSwitch = sw.value;
  return out;
}

/** Every key named here must be a catalog model: a typo is an error, not a silent no-op. */
export function checkCuratedKeys(keys: ReadonlySet<string>): void {
  const named = [
    ...Object.keys(INPUT_LIMITS),
    ...Object.keys(UNCONFIRMED_INPUT_LIMITS),
    ...Object.keys(API_IDS),
    ...Object.keys(UNCONFIRMED_API_IDS),
    ...Object.keys(THINKING_SWITCHES),
    ...Object.keys(DEFAULT_MODES),
  ];
  const unknown = named.filter((k) => !keys.has(k));
  if (unknown.length > 0)
    throw new Error(`curated-modes.ts names models not in the catalog: ${unknown.join(", ")}`);
}
