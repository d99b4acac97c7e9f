import {
  costOf,
  createMemoryKeyValueStore,
  type FxTable,
  type KeyValueStore,
  type Money,
  parseWith,
  priceInForce,
  promptTokens,
  StoreError,
  type StoreErrorHandler,
  ValidationError,
} from "@tokenwise/core";
import { z } from "zod";
import { type BudgetDefinition, BudgetDefinitionSchema } from "../budgets/budget-definition";
import type { ModelState } from "../candidate-table";
import type { PreparedRequest } from "../prepare-request";
import type { SessionOutlook } from "../select-candidates";
import { TASK_KIND_OPTIONS, type TaskKindOption } from "../task-kind/detect-task-kind";
import type { AttemptReport, Constraints, RouterRequest, RouterResult, RouterStream } from "../types";
import { ConstraintsSchema } from "../validate/constraints-schema";
import { strictObject } from "../validate/strict-object";
import {
  atFullInputPrice,
  cacheTtlMs,
  emptySessionRecord,
  observeSessionCall,
  observeSessionFailure,
  type SessionCall,
  type SessionRecord,
  type SessionTotals,
  sessionTotals,
} from "./session-record";

/** Options of `router.session()`. */
export interface SessionOptions {
  /**
   * The conversation's id: the key of its state in `store`, and what the adapters send as the
   * provider's cache key (OpenAI `prompt_cache_key`). Continue a session in another process by
   * opening it with the same id over the same store.
   */
  id: string;
  /** Constraints for every call of the session; a request's own constraints override field by field. */
  constraints?: Constraints;
  /** Task kind of the session's calls, or `auto` to detect it per call (a request's own `taskKind` wins). */
  taskKind?: TaskKindOption;
  /** Tags and tenant the ledger sums the session's calls by (a request's own win). */
  tags?: readonly string[];
  tenant?: string;
  /**
   * Where the session's state lives (model, last prefix, when its cache was written, running totals):
   * share one store between processes (e.g. on Redis) to continue sessions anywhere. Default: a store
   * in this router's memory, shared by its sessions.
   */
  store?: KeyValueStore<SessionRecord>;
  /**
   * Turns expected after each call, over which staying and moving are compared. Default: as many as
   * the session has had so far, at least 1 and at most 16 (a conversation that lasted n turns is
   * expected to last about as long again).
   */
  expectedTurns?: number;
  /**
   * How long an automatic cache (one the provider manages: OpenAI, DeepSeek, Gemini) is trusted to
   * stay warm unused, ms. Default 300,000: OpenAI's in-memory retention keeps a prefix 5 to 10
   * minutes after its last use (https://developers.openai.com/docs/guides/prompt-caching).
   */
  automaticCacheTtlMs?: number;
  /** How long the session's record is kept after its last call, ms. Default 24 hours. */
  recordTtlMs?: number;
  /**
   * The session's own budget: defined on the router as `session:<id>` with scope `{ session: id }`,
   * so every call of the session (in any process sharing the budget store) reserves and settles
   * against it (see the router's `budgets`). A hard budget refuses a call it cannot fund before any
   * provider request (`BudgetExceededError`); a soft one steers to what still fits.
   *
   * @example
   * router.session({ id: "ticket-4711", budget: { limit: "0.50", currency: "USD", period: "total", mode: "hard" } })
   */
  budget?: SessionBudget;
}

/** A session's budget: a {@link BudgetDefinition} without its id and scope (the session's). */
export type SessionBudget = Omit<BudgetDefinition, "id" | "scope">;

/** A session's report: its calls through this object, and the totals of every call (all processes). */
export interface SessionReport {
  id: string;
  currency: string;
  /** `provider/id` of the model whose cache the session keeps warm now. */
  model: string | undefined;
  calls: SessionCall[];
  totals: SessionTotals;
}

/** A conversation routed as a whole (see `Router.session`). */
export interface Session {
  readonly id: string;
  /** Like `router.generate`, for the session's next turn (send the whole history, as always). */
  generate(request: RouterRequest): Promise<RouterResult>;
  /** Like `router.stream`; the session records the call when `result` resolves. */
  stream(request: RouterRequest): RouterStream;
  /**
   * Cost per call, cache-hit rate and what caching saved, exact. Totals are those of the store's
   * record as this session object last read or wrote it (another process's calls count once this
   * object has made a call after them).
   */
  report(): SessionReport;
}

/**
 * What a session tells selection for one call: its own view of the model's cache (replacing the
 * router's prefix sightings for that model) and the outlook of its next turns.
 */
export interface SessionHook {
  view(
    prepared: PreparedRequest,
    cached: ReadonlyMap<string, number>,
    at: number,
  ): { cached: ReadonlyMap<string, number>; outlook: SessionOutlook };
}

/** What the router gives a session. */
export interface SessionDeps {
  generate(request: RouterRequest, hook: SessionHook): Promise<RouterResult>;
  stream(request: RouterRequest, hook: SessionHook): RouterStream;
  now: () => Date;
  fx: FxTable;
  promptCaching: boolean;
  model(key: string): ModelState | undefined;
  defaultCurrency: string;
  /** Store failures (the router's `onStoreError`): a session never fails a call for its store. */
  onStoreError: StoreErrorHandler;
  /** Defines (or redefines) a budget on the router (`router.budgets.define`). */
  defineBudget(definition: BudgetDefinition): void;
}

/** The session's budget as the definition it becomes (errors at `budget.<field>`). */
const SessionBudgetSchema = z.object({ budget: BudgetDefinitionSchema });

const OptionsSchema = strictObject({
  id: z
    .string({ error: "must be a string: the conversation's id" })
    .min(1, "must not be empty: the conversation's id")
    .max(1024, "must be at most 1,024 characters"),
  constraints: ConstraintsSchema.optional(),
  taskKind: z.enum(TASK_KIND_OPTIONS).optional(),
  tags: z.array(z.string()).optional(),
  tenant: z.string().optional(),
  budget: z
    .custom<SessionBudget>((v) => typeof v === "object" && v !== null && !("id" in v) && !("scope" in v), {
      message:
        "must be { limit, currency, period, mode, timeZone?, leaseTtlMs? }: the session gives its id and scope",
    })
    .optional(),
  store: z
    .custom<KeyValueStore<SessionRecord>>(
      (v) =>
        typeof v === "object" &&
        v !== null &&
        typeof (v as { get?: unknown }).get === "function" &&
        typeof (v as { update?: unknown }).update === "function",
      { message: "must be a KeyValueStore (get, update)" },
    )
    .optional(),
  expectedTurns: z.number().int("must be a whole number of turns").min(0).optional(),
  automaticCacheTtlMs: z.number().positive("must be a positive number of milliseconds").optional(),
  recordTtlMs: z.number().positive("must be a positive number of milliseconds").optional(),
});

const DEFAULT_AUTOMATIC_TTL_MS = 300_000;
const DEFAULT_RECORD_TTL_MS = 24 * 3_600_000;
const MAX_DEFAULT_TURNS = 16;

/** The session store of routers whose sessions are not given one, per router. */
const defaultStores = new WeakMap<SessionDeps["generate"], KeyValueStore<SessionRecord>>();

/** Creates a session over a router's call path (called by `router.session`). */
export function createSession(deps: SessionDeps, options: SessionOptions): Session {
  const o = parseWith(OptionsSchema, options, "router.session") as SessionOptions;
  const id = o.id;
  const currency = o.constraints?.currency ?? deps.defaultCurrency;
  let store = o.store;
  if (!store) {
    store = defaultStores.get(deps.generate);
    if (!store) {
      store = createMemoryKeyValueStore<SessionRecord>();
      defaultStores.set(deps.generate, store);
    }
  }
  const shared = store;
  const automaticTtl = o.automaticCacheTtlMs ?? DEFAULT_AUTOMATIC_TTL_MS;
  const recordTtl = o.recordTtlMs ?? DEFAULT_RECORD_TTL_MS;
  if (o.budget) {
    const { budget } = parseWith(
      SessionBudgetSchema,
      { budget: { ...o.budget, id: `session:${id}`, scope: { session: id } } },
      "router.session",
    ) as { budget: BudgetDefinition };
    deps.defineBudget(budget);
  }
  const calls: SessionCall[] = [];
  let last: SessionRecord = emptySessionRecord(currency);

  const requestOf = (request: RouterRequest): RouterRequest => {
    if (request.sessionId !== undefined && request.sessionId !== id) {
      throw new ValidationError({
        source: "session request",
        issues: [
          {
            path: ["sessionId"],
            message: `belongs to session "${id}": leave sessionId out (the session sets it)`,
            value: request.sessionId,
          },
        ],
      });
    }
    const asked = request.constraints?.currency;
    if (asked !== undefined && asked !== currency) {
      throw new ValidationError({
        source: "session request",
        issues: [
          {
            path: ["constraints", "currency"],
            message: `the session's totals are in ${currency}: use the session's currency`,
            value: asked,
          },
        ],
      });
    }
    const out: RouterRequest = { ...request, sessionId: id };
    if (o.constraints || request.constraints) out.constraints = { ...o.constraints, ...request.constraints };
    if (request.taskKind === undefined && o.taskKind !== undefined) out.taskKind = o.taskKind;
    if (request.tags === undefined && o.tags !== undefined) out.tags = o.tags;
    if (request.tenant === undefined && o.tenant !== undefined) out.tenant = o.tenant;
    return out;
  };

  /** One turn: the record read before selection, the prepared request captured for the update. */
  const turn = (record: SessionRecord | undefined) => {
    let prepared: PreparedRequest | undefined;
    const hook: SessionHook = {
      view(p, cached, at) {
        prepared = p;
        const r = record;
        let view: ReadonlyMap<string, number> = cached;
        if (r?.model !== undefined && r.cacheAt !== undefined && r.prefixMessages !== undefined) {
          const state = deps.model(r.model);
          const warm = at - r.cacheAt <= (r.cacheTtlMs ?? 0);
          const extends_ = p.hashes[r.prefixMessages] === r.prefixHash;
          if (state && warm && extends_) {
            const m = new Map(cached);
            m.set(r.model, p.tokens(state.family).cumulative[r.prefixMessages]!);
            view = m;
          } else if (!warm && cached.has(r.model)) {
            // Past its TTL the session's cache is gone, whatever the router's sightings say.
            const m = new Map(cached);
            m.delete(r.model);
            view = m;
          }
        }
        const turns = o.expectedTurns ?? Math.min(MAX_DEFAULT_TURNS, Math.max(1, r?.calls ?? 0));
        return { cached: view, outlook: { turns, growthTokens: r?.growth } };
      },
    };
    return { hook, prepared: () => prepared };
  };

  const fullPriceOf = (result: RouterResult): Money => {
    const report = result.report;
    const state = deps.model(`${report.provider}/${report.model}`);
    const answered = report.attempts.findLast((a) => a.status === "ok");
    if (!state || !answered) return report.total;
    const at = answered.startedAt;
    const full = costOf(atFullInputPrice(report.realized.usage), priceInForce(state.entry, at), {
      at,
      currency: report.currency,
      fx: deps.fx,
    });
    return {
      currency: report.currency,
      atto: report.total.atto - report.realized.cost.total.atto + full.total.atto,
    };
  };

  /**
   * Folds a call into the store's record atomically. The call was billed whatever the store does: a
   * failing store is reported and the call folded into the local view.
   */
  const save = async (fold: (r: SessionRecord | undefined) => SessionRecord) => {
    try {
      last = (await shared.update(id, fold, { ttlMs: recordTtl })) ?? fold(last);
    } catch (cause) {
      last = fold(last);
      deps.onStoreError(new StoreError({ store: "session", operation: "update", key: id, cause }));
    }
  };

  const record = async (result: RouterResult, prepared: PreparedRequest | undefined) => {
    const report = result.report;
    const key = `${report.provider}/${report.model}`;
    const state = deps.model(key);
    const fullPrice = fullPriceOf(result);
    const usage = report.realized.usage;
    const n = prepared ? prepared.request.messages.length : 0;
    const observation = {
      model: key,
      prefixHash: prepared?.hashes[n] ?? 0,
      prefixMessages: n,
      at: deps.now().getTime(),
      cacheTtlMs: cacheTtlMs(state?.promptCache, deps.promptCaching, automaticTtl),
      usage,
      cost: report.total,
      fullPrice,
    };
    const switched = last.model !== undefined && last.model !== key;
    await save((r) => observeSessionCall(r, observation, currency));
    const prompt = promptTokens(usage);
    calls.push({
      callId: report.id,
      provider: report.provider,
      model: report.model,
      at: report.at,
      cost: report.total,
      fullPrice,
      saved: { currency: report.currency, atto: fullPrice.atto - report.total.atto },
      promptTokens: prompt,
      cachedTokens: usage.cacheRead,
      cacheWriteTokens: usage.cacheWrite + usage.cacheWrite1h,
      cacheHitRate: prompt > 0 ? usage.cacheRead / prompt : 0,
      switched,
    });
  };

  /** A failed or aborted call: what its attempts were billed goes into the sums (the ledger has each). */
  const recordFailure = async (error: unknown) => {
    const attempts = (error as { attempts?: unknown } | null)?.attempts;
    if (!Array.isArray(attempts)) return;
    let atto = 0n;
    for (const a of attempts as AttemptReport[]) if (a.cost) atto += a.cost.total.atto;
    if (atto === 0n) return;
    await save((r) => observeSessionFailure(r, { currency, atto }, currency));
  };

  /** The record before a call: the store's, else (store failing) the last one this object saw. */
  const load = async (): Promise<SessionRecord | undefined> => {
    try {
      const r = await shared.get(id);
      if (r) last = r;
      return r;
    } catch (cause) {
      deps.onStoreError(new StoreError({ store: "session", operation: "get", key: id, cause }));
      return last.calls > 0 ? last : undefined;
    }
  };

  return {
    id,
    async generate(request) {
      const req = requestOf(request);
      const t = turn(await load());
      let result: RouterResult;
      try {
        result = await deps.generate(req, t.hook);
      } catch (error) {
        await recordFailure(error);
        throw error;
      }
      await record(result, t.prepared());
      return result;
    },
    stream(request) {
      // Selection reads the record synchronously: the stream starts once the record is read. A bad
      // request rejects `result` and is thrown by the first `next()`, as `router.stream` does.
      const started = (async () => {
        const req = requestOf(request);
        const t = turn(await load());
        return { inner: deps.stream(req, t.hook), t };
      })();
      started.catch(() => {});
      const result = started.then(async ({ inner: s, t }) => {
        let r: RouterResult;
        try {
          r = await s.result;
        } catch (error) {
          await recordFailure(error);
          throw error;
        }
        await record(r, t.prepared());
        return r;
      });
      result.catch(() => {});
      async function* parts() {
        const { inner: s } = await started;
        yield* s.parts;
      }
      async function* textStream() {
        const { inner: s } = await started;
        yield* s.textStream;
      }
      return { parts: parts(), textStream: textStream(), result };
    },
    report() {
      return { id, currency, model: last.model, calls: [...calls], totals: sessionTotals(last) };
    },
  };
}
