import {
  CurrencyCodeSchema,
  IsoInstantSchema,
  issuesFromZod,
  type Money,
  moneyFromDecimal,
  moneyToDecimal,
  TASK_KINDS,
  TokenCountSchema,
  UsageSchema,
  ValidationError,
  type ValidationIssue,
} from "@tokenwise/core";
import { isDecimalString } from "@tokenwise/core/internal";
import { z } from "zod";
import { CAPABILITY_NAMES, ConstraintsSchema } from "../validate/constraints-schema";
import { REASONING_EFFORTS } from "../validate/request-schema";
import { strictObject } from "../validate/strict-object";
import type { LedgerCall, LedgerEntry, LedgerSink } from "./ledger";

/** The version of the JSONL line format written by {@link ledgerLine} (`"v": 1`). */
export const LEDGER_LINE_VERSION = 1;

/** Money in a line: the exact decimal amount as a string (never a float) and its currency. */
const MoneyLineSchema = strictObject({
  currency: CurrencyCodeSchema,
  amount: z.string().refine((text) => isDecimalString(text), {
    message: 'must be an exact non-negative decimal string such as "0.000125"',
  }),
});

const ErrorBarLineSchema = strictObject({ low: MoneyLineSchema, high: MoneyLineSchema });

const UsageLineSchema = UsageSchema.strict();

/** The request's footprint in a line (see {@link LedgerCall}). */
const FootprintLineSchema = strictObject({
  tokens: z.record(z.string().min(1), TokenCountSchema),
  capabilities: z.array(z.enum(CAPABILITY_NAMES)),
  maxOutputTokens: z.number().int().positive().optional(),
  reasoningEffort: z.enum(REASONING_EFFORTS).optional(),
  streamed: z.boolean(),
});

const EstimateLineSchema = strictObject({
  usage: UsageLineSchema,
  cost: MoneyLineSchema,
  outputReserve: strictObject({ output: TokenCountSchema, reasoning: TokenCountSchema }),
});

/**
 * One line of a ledger export (JSONL, version 1): one billed attempt — a call answered at its first
 * attempt has one line; a call that failed over has one per billed attempt, sharing `callId`. Money is
 * `{ currency, amount }` with the exact decimal amount; instants are ISO strings.
 *
 * - `at`, `tags`, `tenant`: when and for whom;
 * - `provider`, `model`, `priceVersion`: what served the attempt and the price version it was billed at;
 * - `usage`, `cost`, `native`, `accuracy` (`reason`, `errorBar`): what it cost (realized);
 * - `taskKind`, `footprint` (tokens per family as the router counted them, capabilities, output bound,
 *   effort, streamed), `constraints` (in force), `estimate` (the router's expected usage and cost):
 *   what replay re-routes from. A line written from an entry without a call record leaves them out.
 */
export const LedgerLineSchema = strictObject({
  v: z.literal(LEDGER_LINE_VERSION, { error: `unsupported version: this reader knows "v": 1` }),
  callId: z.string().min(1),
  attempt: z.number().int().positive(),
  requestId: z.string().optional(),
  at: IsoInstantSchema,
  provider: z.string().min(1),
  model: z.string().min(1),
  priceVersion: IsoInstantSchema.optional(),
  tags: z.array(z.string()),
  tenant: z.string().optional(),
  accuracy: z.enum(["exact", "estimated"]),
  reason: z
    .enum([
      "malformed-response",
      "stream-cut",
      "reset-mid-body",
      "aborted-mid-stream",
      "aborted-before-response",
      "usage-missing",
    ])
    .optional(),
  usage: UsageLineSchema.optional(),
  cost: MoneyLineSchema,
  native: MoneyLineSchema.optional(),
  errorBar: ErrorBarLineSchema.optional(),
  nativeErrorBar: ErrorBarLineSchema.optional(),
  taskKind: z.enum(TASK_KINDS).optional(),
  footprint: FootprintLineSchema.optional(),
  constraints: ConstraintsSchema.optional(),
  estimate: EstimateLineSchema.optional(),
}).superRefine((line, ctx) => {
  const call = [line.taskKind, line.footprint, line.constraints, line.estimate];
  if (call.some((f) => f !== undefined) && call.some((f) => f === undefined)) {
    for (const [key, value] of Object.entries({
      taskKind: line.taskKind,
      footprint: line.footprint,
      constraints: line.constraints,
      estimate: line.estimate,
    })) {
      if (value === undefined) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: "taskKind, footprint, constraints and estimate come together (the call record)",
        });
      }
    }
  }
  if (line.accuracy === "estimated" && line.reason === undefined) {
    ctx.addIssue({ code: "custom", path: ["reason"], message: "an estimated line needs its reason" });
  }
});

/** One parsed line of a ledger export. */
export type LedgerLine = z.infer<typeof LedgerLineSchema>;

const moneyLine = (m: Money) => ({ currency: m.currency, amount: moneyToDecimal(m) });
const barLine = (bar: { low: Money; high: Money }) => ({
  low: moneyLine(bar.low),
  high: moneyLine(bar.high),
});
const money = (m: { currency: string; amount: string }): Money => moneyFromDecimal(m.amount, m.currency);

/**
 * A ledger entry as a version-1 line object (see {@link LedgerLineSchema}); `JSON.stringify` it, or
 * use {@link ledgerJsonl} / {@link createJsonlLedgerSink}.
 */
export function ledgerLine(entry: LedgerEntry): LedgerLine {
  // Fields in the schema's order, optional ones only when set.
  const line: LedgerLine = {
    v: LEDGER_LINE_VERSION,
    callId: entry.callId,
    attempt: entry.attempt,
    ...(entry.requestId !== undefined ? { requestId: entry.requestId } : {}),
    at: entry.at.toISOString(),
    provider: entry.provider,
    model: entry.model,
    ...(entry.priceVersion !== undefined ? { priceVersion: entry.priceVersion } : {}),
    tags: [...entry.tags],
    ...(entry.tenant !== undefined ? { tenant: entry.tenant } : {}),
    accuracy: entry.accuracy,
    ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
    ...(entry.usage !== undefined ? { usage: { ...entry.usage } } : {}),
    cost: moneyLine(entry.cost),
    ...(entry.native !== undefined ? { native: moneyLine(entry.native) } : {}),
    ...(entry.errorBar !== undefined ? { errorBar: barLine(entry.errorBar) } : {}),
    ...(entry.nativeErrorBar !== undefined ? { nativeErrorBar: barLine(entry.nativeErrorBar) } : {}),
  };
  const call = entry.call;
  if (call) {
    line.taskKind = call.taskKind;
    line.footprint = {
      tokens: { ...call.tokens },
      capabilities: [...call.capabilities],
      streamed: call.streamed,
      ...(call.maxOutputTokens !== undefined ? { maxOutputTokens: call.maxOutputTokens } : {}),
      ...(call.reasoningEffort !== undefined ? { reasoningEffort: call.reasoningEffort } : {}),
    };
    const c = call.constraints;
    const constraints: NonNullable<LedgerLine["constraints"]> = {};
    if (c.minQuality !== undefined)
      constraints.minQuality = typeof c.minQuality === "number" ? c.minQuality : { ...c.minQuality };
    if (c.qualityConfidence !== undefined) constraints.qualityConfidence = c.qualityConfidence;
    if (c.maxLatencyMs !== undefined) constraints.maxLatencyMs = c.maxLatencyMs;
    if (c.latencyPercentile !== undefined) constraints.latencyPercentile = c.latencyPercentile;
    if (c.requiredCapabilities) constraints.requiredCapabilities = [...c.requiredCapabilities];
    if (c.allowProviders) constraints.allowProviders = [...c.allowProviders];
    if (c.denyProviders) constraints.denyProviders = [...c.denyProviders];
    if (c.allowModels) constraints.allowModels = [...c.allowModels];
    if (c.denyModels) constraints.denyModels = [...c.denyModels];
    if (c.maxCostPerCall !== undefined)
      constraints.maxCostPerCall =
        typeof c.maxCostPerCall === "string" ? c.maxCostPerCall : moneyToDecimal(c.maxCostPerCall);
    if (c.currency !== undefined) constraints.currency = c.currency;
    line.constraints = constraints;
    line.estimate = {
      usage: { ...call.estimate.usage },
      cost: moneyLine(call.estimate.cost),
      outputReserve: { ...call.estimate.outputReserve },
    };
  }
  return line;
}

/** A parsed line back as a {@link LedgerEntry} (exact money, `Date`s). */
export function entryOfLine(line: LedgerLine): LedgerEntry {
  const entry: LedgerEntry = {
    callId: line.callId,
    attempt: line.attempt,
    provider: line.provider,
    model: line.model,
    at: new Date(line.at),
    cost: money(line.cost),
    accuracy: line.accuracy,
    tags: line.tags,
  };
  if (line.requestId !== undefined) entry.requestId = line.requestId;
  if (line.priceVersion !== undefined) entry.priceVersion = line.priceVersion;
  if (line.tenant !== undefined) entry.tenant = line.tenant;
  if (line.reason !== undefined) entry.reason = line.reason;
  if (line.usage !== undefined) entry.usage = line.usage;
  if (line.native !== undefined) entry.native = money(line.native);
  if (line.errorBar !== undefined)
    entry.errorBar = { low: money(line.errorBar.low), high: money(line.errorBar.high) };
  if (line.nativeErrorBar !== undefined)
    entry.nativeErrorBar = { low: money(line.nativeErrorBar.low), high: money(line.nativeErrorBar.high) };
  if (line.footprint && line.taskKind && line.constraints && line.estimate) {
    const call: LedgerCall = {
      taskKind: line.taskKind,
      tokens: line.footprint.tokens,
      capabilities: line.footprint.capabilities,
      streamed: line.footprint.streamed,
      constraints: line.constraints,
      estimate: {
        usage: line.estimate.usage,
        cost: money(line.estimate.cost),
        outputReserve: line.estimate.outputReserve,
      },
    };
    if (line.footprint.maxOutputTokens !== undefined) call.maxOutputTokens = line.footprint.maxOutputTokens;
    if (line.footprint.reasoningEffort !== undefined) call.reasoningEffort = line.footprint.reasoningEffort;
    entry.call = call;
  }
  return entry;
}

/**
 * The JSONL export of ledger entries: one version-1 line per entry, each ending in `\n`.
 *
 * @example
 * writeFileSync("calls.jsonl", ledgerJsonl(router.ledger.entries()));
 */
export function ledgerJsonl(entries: Iterable<LedgerEntry>): string {
  let out = "";
  for (const entry of entries) out += `${JSON.stringify(ledgerLine(entry))}\n`;
  return out;
}

/**
 * A {@link LedgerSink} that writes each entry as one JSONL line as it is recorded (a streaming export):
 * pass it as the router's `ledger` (`router.ledger` stays an in-memory ledger for queries) or call its
 * `record` from your own sink. What `write` returns is returned from `record`, so a rejected write
 * reaches the router's `onError`.
 *
 * @example
 * const out = createWriteStream("calls.jsonl", { flags: "a" });
 * const router = createRouter({ catalog, ledger: createJsonlLedgerSink((line) => void out.write(line)) });
 */
export function createJsonlLedgerSink(write: (line: string) => void | Promise<void>): LedgerSink {
  return { record: (entry) => write(`${JSON.stringify(ledgerLine(entry))}\n`) };
}

/** Options of {@link parseLedgerJsonl}. */
export interface ParseLedgerOptions {
  /** Names the input in errors (a file path). Default `"ledger JSONL"`. */
  source?: string;
  /** Stop collecting issues after this many (the error says how many lines were bad). Default 20. */
  maxIssues?: number;
}

/**
 * Reads a ledger export back: every non-empty line is parsed and validated against
 * {@link LedgerLineSchema}. Bad lines throw one `ValidationError` listing each problem with its path
 * from the line number (1-based), e.g. `calls.jsonl: 12.usage.input: expected number`.
 *
 * @example
 * const entries = parseLedgerJsonl(readFileSync("calls.jsonl", "utf8"), { source: "calls.jsonl" });
 */
export function parseLedgerJsonl(text: string, options: ParseLedgerOptions = {}): LedgerEntry[] {
  const source = options.source ?? "ledger JSONL";
  const maxIssues = options.maxIssues ?? 20;
  const issues: ValidationIssue[] = [];
  let badLines = 0;
  const out: LedgerEntry[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === "") continue;
    const lineNo = i + 1;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (error) {
      badLines++;
      if (issues.length < maxIssues)
        issues.push({
          path: [lineNo],
          message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
          value: raw,
        });
      continue;
    }
    const parsed = LedgerLineSchema.safeParse(data);
    if (!parsed.success) {
      badLines++;
      for (const issue of issuesFromZod(parsed.error, data)) {
        if (issues.length >= maxIssues) break;
        issues.push({ ...issue, path: [lineNo, ...issue.path] });
      }
      continue;
    }
    out.push(entryOfLine(parsed.data));
  }
  if (issues.length > 0) {
    if (badLines > 1 || issues.length >= maxIssues)
      issues.push({ path: [], message: `${badLines} bad line(s) in all` });
    throw new ValidationError({ source, issues });
  }
  return out;
}
