import type { Money } from "@tokenwise/core";
import {
  type CallReport,
  createRouter,
  type Plan,
  type RejectedCandidate,
  type Router,
  type RouterResult,
  type RouterStream,
  type UnifiedFinishReason,
} from "@tokenwise/router";
import { expectTypeOf } from "vitest";

declare const router: Router;
expectTypeOf(createRouter).returns.toEqualTypeOf<Router>();
expectTypeOf(router.generate).returns.resolves.toEqualTypeOf<RouterResult>();
expectTypeOf(router.stream).returns.toEqualTypeOf<RouterStream>();
expectTypeOf(router.plan).returns.toEqualTypeOf<Plan>();
expectTypeOf<CallReport["total"]>().toEqualTypeOf<Money>();
expectTypeOf<RouterResult["finishReason"]["unified"]>().toEqualTypeOf<UnifiedFinishReason>();
expectTypeOf<RejectedCandidate["code"]>().toExtend<string>();
// @ts-expect-error: messages are required
router.plan({});
