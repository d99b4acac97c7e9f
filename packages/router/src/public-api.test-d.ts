// Type tests of the public API, checked by `tsc` in the test command (expectTypeOf fails compilation).
import type { Cost, Money, QualityPredictor, Usage } from "@tokenwise/core";
import { expectTypeOf } from "vitest";
import {
  type AllCandidatesFailedError,
  type AttemptReport,
  type BudgetExceededError,
  type CallReport,
  type Constraints,
  createRouter,
  type Plan,
  type Router,
  type RouterRequest,
  type RouterResult,
  type RouterSettings,
  type RouterStream,
  type Session,
  type SessionOptions,
  type SessionReport,
} from "./index";

declare const router: Router;

expectTypeOf(createRouter).parameter(0).toEqualTypeOf<RouterSettings>();
expectTypeOf(createRouter).returns.toEqualTypeOf<Router>();
expectTypeOf(router.plan).returns.toEqualTypeOf<Plan>();
expectTypeOf(router.generate).returns.resolves.toEqualTypeOf<RouterResult>();
expectTypeOf(router.stream).returns.toEqualTypeOf<RouterStream>();
expectTypeOf<RouterStream["textStream"]>().toEqualTypeOf<AsyncIterable<string>>();

// Reports carry exact money and usage kept apart.
expectTypeOf<CallReport["total"]>().toEqualTypeOf<Money>();
expectTypeOf<CallReport["realized"]>().toEqualTypeOf<{ usage: Usage; cost: Cost }>();
expectTypeOf<Money["atto"]>().toEqualTypeOf<bigint>();
expectTypeOf<AllCandidatesFailedError["attempts"]>().toEqualTypeOf<AttemptReport[]>();

// Finish reasons keep the raw value beside the unified one.
expectTypeOf<RouterResult["finishReason"]>().toHaveProperty("raw");
expectTypeOf<RouterResult["finishReason"]["unified"]>().toEqualTypeOf<
  "stop" | "length" | "tool-calls" | "content-filter" | "error" | "other"
>();

// Constraints: a single floor or one per task kind; a predictor plugs in by interface.
expectTypeOf<{ minQuality: 0.7 }>().toMatchTypeOf<Constraints>();
expectTypeOf<{ minQuality: { code: 0.8; general: 0.6 } }>().toMatchTypeOf<Constraints>();
expectTypeOf<{ qualityPredictor: QualityPredictor }>().toMatchTypeOf<RouterSettings>();

// A request needs messages; a bare prompt string is not a request.
expectTypeOf<{ prompt: string }>().not.toMatchTypeOf<RouterRequest>();

// Sessions: the same generate/stream, a report with exact money.
expectTypeOf(router.session).parameter(0).toEqualTypeOf<SessionOptions>();
expectTypeOf(router.session).returns.toEqualTypeOf<Session>();
expectTypeOf<Session["generate"]>().returns.resolves.toEqualTypeOf<RouterResult>();
expectTypeOf<Session["stream"]>().returns.toEqualTypeOf<RouterStream>();
expectTypeOf<SessionReport["totals"]["saved"]>().toEqualTypeOf<Money>();
expectTypeOf<{ id: "s-1"; constraints: { minQuality: 0.6 } }>().toMatchTypeOf<SessionOptions>();
// Budgets: definitions by scope and period, a status with exact money, typed errors.
expectTypeOf<{
  budgets: [{ id: "a"; scope: { tenant: "t" }; limit: "5"; currency: "USD"; period: "daily"; mode: "hard" }];
}>().toMatchTypeOf<RouterSettings>();
expectTypeOf(router.budgets.status).returns.resolves.toHaveProperty("left").toEqualTypeOf<Money>();
expectTypeOf<{ sessionId: string; virtualKey: string }>().toMatchTypeOf<Partial<RouterRequest>>();
expectTypeOf<BudgetExceededError["left"]>().toEqualTypeOf<Money>();
expectTypeOf<BudgetExceededError["estimate"]>().toEqualTypeOf<Money>();
